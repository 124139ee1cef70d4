"""Alignment: every status, n-way rows, coverage, determinism, ops, provenance, compare_sentences."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe.aligner import MATCH, REWORDED, align, compare_sentences, provenance, word_ops
from dedupe.model import Alignment, Article, Cell
from dedupe.sentences import split_sentences

BASE = [
    "The city council approved the new budget on Monday.",
    "The plan raises spending on schools by 4 percent.",
    "Council member Ana Ortiz voted against the measure.",
    "“This budget ignores our parks,” Ortiz said.",
    "The mayor is expected to sign it this week.",
    "Property taxes will stay the same next year.",
    "Opponents say the plan relies on optimistic revenue forecasts.",
]


def art(id_: str, sentences: list[str], day: int | None = None) -> Article:
    published = datetime(2024, 3, day, tzinfo=UTC) if day else None
    return Article(id_, " ".join(sentences), published=published)


def cells_of(alignment: Alignment, version: str) -> list[tuple[int | None, Cell]]:
    return [
        (row.base.index if row.base else None, row.cells[version])
        for row in alignment.rows
        if version in row.cells
    ]


def status_at(alignment: Alignment, version: str, index: int) -> Cell:
    return next(c for i, c in cells_of(alignment, version) if i == index)


def test_identical_and_cosmetic_are_same() -> None:
    version = list(BASE)
    version[5] = "Proprety taxes will stay the same next year."  # typo
    version[6] = "Opponents say the plan relies on OPTIMISTIC revenue forecasts"  # case, lost full stop
    result = align([art("base", BASE), art("v", version)])
    cells = [c for _, c in cells_of(result, "v")]
    assert [c.status for c in cells] == ["same"] * 7
    assert [c.cosmetic for c in cells] == [False, False, False, False, False, True, True]


def test_reworded_with_claims() -> None:
    version = list(BASE)
    version[1] = "The plan raises spending on schools by 6 percent."
    version[3] = "“This budget ignores our libraries,” Ortiz said."
    result = align([art("base", BASE), art("v", version)])
    number = status_at(result, "v", 1)
    assert number.status == "reworded"
    assert [c.kind for c in number.claims] == ["number"]
    assert [c.kind for c in status_at(result, "v", 3).claims] == ["quote"]


def test_added_removed_and_where_added_rows_go() -> None:
    version = [*BASE[:2], "Teachers' unions welcomed the increase.", *BASE[2:5], *BASE[6:]]
    result = align([art("base", BASE), art("v", version)])
    assert status_at(result, "v", 5).status == "removed"
    kinds = [(row.base.index if row.base else None) for row in result.rows]
    assert kinds == [0, 1, None, 2, 3, 4, 5, 6]
    added = result.rows[2].cells["v"]
    assert (added.status, added.text, added.sources) == ("added", version[2], (2,))


def test_moved_and_moved_edited() -> None:
    version = [BASE[0], BASE[1], BASE[2], BASE[3], BASE[5], BASE[6], BASE[4]]
    result = align([art("base", BASE), art("v", version)])
    moved = status_at(result, "v", 4)
    assert moved.status == "moved" and moved.sources == (6,)
    assert [status_at(result, "v", i).status for i in (0, 1, 2, 3, 5, 6)] == ["same"] * 6

    edited = [BASE[4].replace("this week", "on Friday"), *BASE[:4], *BASE[5:]]
    result = align([art("base", BASE), art("v", edited)])
    cell = status_at(result, "v", 4)
    assert cell.status == "moved" and ("+", "on Friday") in cell.ops


def test_split_and_merged() -> None:
    split = [
        *BASE[:6],
        "Opponents say the plan relies on revenue forecasts.",
        "They say the revenue forecasts are optimistic.",
    ]
    result = align([art("base", BASE), art("v", split)])
    cell = status_at(result, "v", 6)
    assert cell.status == "split" and cell.sources == (6, 7)

    halves = [*BASE[:2], "Council member Ana Ortiz voted against it.", "She opposed the measure.", *BASE[3:]]
    result = align([art("base", BASE), art("v", halves)])
    assert status_at(result, "v", 2).status == "split"

    merged = [
        *BASE[:4],
        "The mayor is expected to sign it this week, and property taxes will stay the same.",
        BASE[6],
    ]
    result = align([art("base", BASE), art("v", merged)])
    first, second = status_at(result, "v", 4), status_at(result, "v", 5)
    assert (first.status, first.sources) == ("merged", (4,))
    assert (second.status, second.text, second.sources) == ("merged", "", ())


def test_n_way_table_and_shared_additions() -> None:
    new = "Schools will hire 40 new teachers."
    v1 = [*BASE[:2], new, *BASE[2:]]
    v2 = [*BASE[:2], "Schools will hire 40 new teachers, officials said.", *BASE[2:]]
    result = align([art("base", BASE), art("v1", v1), art("v2", v2)])
    assert result.versions == ("v1", "v2")
    added_rows = [row for row in result.rows if row.base is None]
    assert len(added_rows) == 1 and set(added_rows[0].cells) == {"v1", "v2"}
    assert all(set(row.cells) == {"v1", "v2"} for row in result.rows if row.base is not None)


def test_base_may_be_chosen_and_errors_name_the_problem() -> None:
    a, b = art("a", BASE[:3]), art("b", BASE[:2])
    assert align([a, b], base="b").base == "b"
    with pytest.raises(ValueError, match="not among"):
        align([a, b], base="zzz")
    with pytest.raises(ValueError, match="duplicate"):
        align([a, a])
    with pytest.raises(ValueError):
        align([])


def test_empty_articles_align() -> None:
    result = align([art("a", []), art("b", BASE[:2])])
    assert [row.base for row in result.rows] == [None, None]
    result = align([art("a", BASE[:2]), art("b", [])])
    assert [row.cells["b"].status for row in result.rows] == ["removed", "removed"]


def rebuild(ops: tuple[tuple[str, str], ...], side: str) -> str:
    return "".join(text for op, text in ops if op in ("=", side))


def test_ops_rebuild_both_texts_and_rewrites_are_whole() -> None:
    a = "The council approved the budget on Monday after a long debate."
    b = "On Monday, after hours of debate, the council passed the budget."
    for x, y in [(a, b), (BASE[1], BASE[1].replace("4", "6")), ("", "New."), ("Old.", "")]:
        ops = word_ops(x, y)
        assert rebuild(ops, "-") == x and rebuild(ops, "+") == y
    assert word_ops("Shares fell sharply in early trade today.", "Officials said nothing more about it.") == (
        ("-", "Shares fell sharply in early trade today."),
        ("+", "Officials said nothing more about it."),
    )
    assert word_ops(BASE[1], BASE[1].replace("4", "6")) == (
        ("=", "The plan raises spending on schools by "),
        ("-", "4"),
        ("+", "6"),
        ("=", " percent."),
    )


def test_a_trim_in_one_place_keeps_its_ops() -> None:
    """Half the words cut in one place is a trim, not a rewrite: the kept quote stays visible as kept."""
    a = "“We will rebuild the harbour,” Mayor Ada Brenner told reporters at the ferry terminal on Monday."
    b = "“We will rebuild the harbour,” Brenner said."
    assert word_ops(a, b) == (
        ("=", "“We will rebuild the harbour,” "),
        ("-", "Mayor Ada Brenner told reporters at the ferry terminal on Monday"),
        ("+", "Brenner said"),
        ("=", "."),
    )


VARIANTS = st.lists(
    st.sampled_from([*BASE, "Extra line one here.", BASE[2].replace("against", "for")]), max_size=9
)


@settings(max_examples=40, deadline=None)
@given(VARIANTS, VARIANTS, VARIANTS)
def test_every_sentence_once_ops_rebuild_and_deterministic(
    base: list[str], v1: list[str], v2: list[str]
) -> None:
    articles = [art("base", base), art("v1", v1), art("v2", v2)]
    result = align(articles)
    assert result == align(articles)
    base_sentences = split_sentences(articles[0].text)
    assert [row.base.index for row in result.rows if row.base] == list(range(len(base_sentences)))
    for article in articles[1:]:
        sentences = split_sentences(article.text)
        covered = sorted(
            i for row in result.rows if article.id in row.cells for i in row.cells[article.id].sources
        )
        assert covered == list(range(len(sentences)))
        for row in result.rows:
            cell = row.cells.get(article.id)
            if cell is None or (cell.status == "merged" and not cell.text):
                continue
            assert rebuild(cell.ops, "+") == cell.text
            if row.base is not None and cell.status not in ("merged",):
                assert rebuild(cell.ops, "-") == row.base.text


def test_provenance_is_the_earliest_carrier() -> None:
    new = "Schools will hire 40 new teachers."
    base = art("base", BASE, day=5)
    early = art("early", [*BASE[:2], new, *BASE[2:]], day=3)
    changed = list(BASE)
    changed[1] = changed[1].replace("4", "6")
    late = art("late", [*changed, new], day=9)
    undated = art("undated", BASE)
    result = align([base, early, late, undated])
    first = provenance(result, [base, early, late, undated])
    index = {row.base.index: i for i, row in enumerate(result.rows) if row.base}
    assert first[index[0]] == "early"
    assert first[index[1]] == "early"  # "late" changed the figure: it does not carry that claim
    added = [i for i, row in enumerate(result.rows) if row.base is None]
    assert [first[i] for i in added] == ["early", "late"]  # the same sentence added at two places


@pytest.mark.parametrize(
    ("a", "b", "status", "cosmetic"),
    [
        ("Markets rose on Monday.", "Markets rose on Monday.", "same", False),
        ("Markets rose on Monday.", "markets rose on monday", "same", True),
        ("The goverment said it would act.", "The government said it would act.", "same", True),
        ("Markets rose sharply on Monday.", "On Monday, markets rose sharply.", "reworded", False),
        ("Markets rose on Monday.", "Markets rose on Tuesday.", "reworded", False),
        ("Markets rose on Monday.", "The minister resigned after a scandal.", "different", False),
    ],
)
def test_compare_sentences(a: str, b: str, status: str, cosmetic: bool) -> None:
    result = compare_sentences(a, b)
    assert (result.status, result.cosmetic) == (status, cosmetic)
    assert 0.0 <= result.score <= 1.0


def test_reworded_asks_more_than_the_aligner_pairs() -> None:
    """``MATCH`` pairs a heavily rewritten sentence with its counterpart; ``REWORDED`` asks for one statement."""
    a, b = "The mayor signed the budget on Monday.", "The mayor vetoed the plan on Friday night."
    result = compare_sentences(a, b)
    assert MATCH <= result.score < REWORDED and result.status == "different"
    cell = align([art("base", [a]), art("v", [b])]).rows[0].cells["v"]
    assert cell.status == "reworded" and [c.kind for c in cell.claims] == ["entity"]


def test_compare_sentences_flags_claims_even_when_nearly_identical() -> None:
    result = compare_sentences("At least 12 people died.", "At least 14 people died.")
    assert result.status == "reworded" and result.score > 0.9
    assert [(c.kind, c.before, c.after) for c in result.claims] == [("number", "12 people", "14 people")]


def test_labelled_corpus_keeps_its_scores(repo: Path) -> None:
    spec = importlib.util.spec_from_file_location("eval_aligned", repo / "bench" / "eval_aligned.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.evaluate(module.load(repo / "corpora" / "aligned"))
    counts = result["counts"]
    assert counts["segmented_ok"] == counts["articles"]
    assert counts["mapped"] / counts["sentences"] >= 0.95
    assert counts["status"] / counts["sentences"] >= 0.95
    flagged = sum((k["tp"] for k in result["claims"].values()), 0)
    wrong = sum((k["fp"] + k["fn"] for k in result["claims"].values()), 0)
    assert flagged >= 20 and wrong <= 2


@pytest.mark.slow
def test_real_pairs_give_valid_comparisons_whose_ops_rebuild_both(shared_data: Path) -> None:
    lines = (
        (shared_data / "mrpc" / "msr_paraphrase_train.txt")
        .read_text(encoding="utf-8-sig")
        .splitlines()[1:401]
    )
    for line in lines:
        _, _, _, a, b = line.split("\t")
        result = compare_sentences(a, b)
        assert result.status in ("same", "reworded", "different") and 0.0 <= result.score <= 1.0
        assert rebuild(result.ops, "-") == a and rebuild(result.ops, "+") == b
        assert all(c.before or c.after for c in result.claims)


UNRELATED = (
    "The council said it would continue to review the plans for the harbour before the end of the year.",
    "Before the storm, the fishermen told the coast guard they had been forced to return to the port early.",
)  # similarity 0.58: letters and function words in common, no content word


def test_an_unrelated_removed_and_added_sentence_are_not_one_reworded() -> None:
    from dedupe.aligner import similarity

    assert similarity(*UNRELATED) >= MATCH
    base = [BASE[0], UNRELATED[0], BASE[4]]
    version = [BASE[0], UNRELATED[1], BASE[4]]
    statuses = [(i, c.status) for i, c in cells_of(align([art("a", base), art("b", version)]), "b")]
    assert statuses == [(0, "same"), (None, "added"), (1, "removed"), (2, "same")]
    assert compare_sentences(*UNRELATED).status == "different"


def test_a_rewritten_sentence_with_content_in_common_stays_one_row() -> None:
    base = [BASE[0], "The harbour plans will be reviewed by the council before the end of the year.", BASE[4]]
    version = [
        BASE[0],
        "Before year end, council members are to look again at plans for the harbour.",
        BASE[4],
    ]
    statuses = [(i, c.status) for i, c in cells_of(align([art("a", base), art("b", version)]), "b")]
    assert statuses == [(0, "same"), (1, "reworded"), (2, "same")]
