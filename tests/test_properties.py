"""Properties that hold for any input (hypothesis): the alignment accounts for every sentence of every version
exactly once and its word ops rebuild both texts; grouping does not depend on input order or ``--jobs``;
every JSON document validates against its schema; a sentence compared with itself is ``same`` with no claims.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import dedupe.pipeline
from dedupe import compare_sentences
from dedupe.aligner import align, word_ops
from dedupe.cli import main
from dedupe.model import Article
from dedupe.pipeline import ScanOptions, scan
from dedupe.report import groups_json
from dedupe.sentences import split_sentences

REPO = Path(__file__).resolve().parent.parent
GROUPS_SCHEMA = json.loads((REPO / "schema" / "groups.schema.json").read_text())
DIFF_SCHEMA = json.loads((REPO / "schema" / "diff.schema.json").read_text())
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

NAMES = ["Ada Brenner", "Owen Dace", "the council", "Port Ellery", "the harbour board", "Kelby"]
VERBS = ["said", "approved", "rejected", "announced", "delayed", "reported", "denied"]
OBJECTS = ["the budget", "a new ferry", "12 repairs", "the 2026 plan", "higher fees", "the bridge works"]
WHEN = ["on Monday", "on Tuesday", "last week", "in March", "at dawn", "after a long meeting"]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = [draw(st.sampled_from(NAMES)), draw(st.sampled_from(VERBS)), draw(st.sampled_from(OBJECTS))]
    words.append(draw(st.sampled_from(WHEN)))
    if draw(st.booleans()):
        words.append(f"with {draw(st.integers(2, 990))} people watching")
    text = " ".join(words)
    if draw(st.integers(0, 5)) == 0:
        text = f'"{text[0].upper()}{text[1:]}," {draw(st.sampled_from(NAMES))} said'
    return text[0].upper() + text[1:] + "."


@st.composite
def story_and_versions(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    base = draw(st.lists(sentence(), min_size=1, max_size=9, unique=True))
    versions = []
    for _ in range(draw(st.integers(1, 3))):
        version = list(base)
        for _ in range(draw(st.integers(0, 4))):
            op = draw(st.sampled_from(["drop", "add", "move", "reword", "split", "merge"]))
            at = draw(st.integers(0, max(0, len(version) - 1)))
            if op == "drop" and len(version) > 1:
                version.pop(at)
            elif op == "add":
                version.insert(at, draw(sentence()))
            elif op == "move" and version:
                version.insert(draw(st.integers(0, len(version) - 1)), version.pop(at))
            elif op == "reword" and version:
                words = version[at].split()
                words[draw(st.integers(0, len(words) - 1))] = draw(
                    st.sampled_from(["fourteen", "never", "Kelby"])
                )
                version[at] = " ".join(words).rstrip(".") + "."
            elif op == "split" and version and "," not in version[at]:
                words = version[at].rstrip(".").split()
                if len(words) > 3:
                    cut = len(words) // 2
                    version[at : at + 1] = [
                        " ".join(words[:cut]) + ".",
                        " ".join(words[cut:]).capitalize() + ".",
                    ]
            elif op == "merge" and at + 1 < len(version):
                version[at : at + 2] = [
                    version[at].rstrip(".") + " and " + version[at + 1][0].lower() + version[at + 1][1:]
                ]
        versions.append(version)
    return base, versions


# --- alignment -------------------------------------------------------------------------------------------


@SETTINGS
@given(story_and_versions())
def test_alignment_accounts_for_every_sentence_once_and_ops_rebuild_both_texts(case):
    base_sentences, versions = case
    articles = [Article(id="base", text=" ".join(base_sentences))]
    articles += [Article(id=f"v{i}", text=" ".join(v)) for i, v in enumerate(versions)]
    alignment = align(articles)
    base_split = split_sentences(articles[0].text)
    assert [row.base.index for row in alignment.rows if row.base is not None] == list(range(len(base_split)))
    for article in articles[1:]:
        split = split_sentences(article.text)
        covered = [
            i for row in alignment.rows if article.id in row.cells for i in row.cells[article.id].sources
        ]
        assert sorted(covered) == list(range(len(split))), (article.id, covered, split)
        for row in alignment.rows:
            cell = row.cells.get(article.id)
            if cell is None or not cell.ops:
                continue
            before = "".join(text for op, text in cell.ops if op in "=-")
            after = "".join(text for op, text in cell.ops if op in "=+")
            if cell.status in ("added",):
                assert before == "" and after == cell.text
            elif cell.status == "removed":
                assert before == row.base.text and after == ""
            elif cell.status in ("same", "reworded", "moved"):
                assert before == row.base.text and after == cell.text
            else:  # split / merged: the version side is the cell's text
                assert after == cell.text


@SETTINGS
@given(st.text(max_size=300), st.text(max_size=300))
def test_word_ops_rebuild_both_texts_whatever_they_hold(a, b):
    ops = word_ops(a, b)
    assert "".join(text for op, text in ops if op in "=-") == a
    assert "".join(text for op, text in ops if op in "=+") == b


@SETTINGS
@given(st.one_of(sentence(), st.text(min_size=1, max_size=400)))
def test_a_sentence_compared_with_itself_is_same_with_no_claims(text):
    result = compare_sentences(text, text)
    assert result.status == "same" and result.claims == ()


# --- grouping -------------------------------------------------------------------------------------------

CORPUS_SIZE = 12


def _corpus_texts(seed: int) -> list[str]:
    """Stories and copies of them: exact, near (a word changed), trimmed and unrelated ones."""
    rng = random.Random(seed)
    stories = []
    for _ in range(4):
        sentences = [
            f"{rng.choice(NAMES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(WHEN)} "
            f"near pier {rng.randint(1, 99)} and gate {rng.randint(1, 99)}."
            for _ in range(8)
        ]
        stories.append(sentences)
    texts = []
    for i in range(CORPUS_SIZE):
        sentences = list(stories[i % 4])
        kind = (i // 4) % 3
        if kind == 1:
            sentences[3] = sentences[3].replace("near", "beside")
        elif kind == 2:
            sentences = sentences[:6]
        texts.append(" ".join(sentences))
    return texts


def _write(folder: Path, texts: list[str], order: list[int]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in order:
        path = folder / f"item-{i:02d}.txt"
        path.write_text(f"Item {i}\n\n{texts[i]}\n")
        paths.append(str(path))
    return paths


@SETTINGS
@given(seed=st.integers(0, 10_000), order=st.permutations(list(range(CORPUS_SIZE))))
def test_grouping_does_not_depend_on_input_order(tmp_path_factory, seed, order):
    folder = tmp_path_factory.mktemp("corpus")
    texts = _corpus_texts(seed)
    in_order = _write(folder, texts, list(range(CORPUS_SIZE)))
    shuffled = [in_order[i] for i in order]
    options = ScanOptions(cache_dir=None, jobs=1, singletons=True)
    first = groups_json(scan(in_order, options))
    assert groups_json(scan(shuffled, options)) == first
    assert groups_json(scan([str(folder)], options)) == first


@pytest.mark.parametrize("seed", [1, 2])
def test_grouping_does_not_depend_on_jobs(tmp_path, monkeypatch, seed):
    monkeypatch.setattr(dedupe.pipeline, "SIGN_BATCH", 3)  # many batches: the worker processes really run
    paths = _write(tmp_path, _corpus_texts(seed), list(range(CORPUS_SIZE)))
    results = [
        json.dumps(groups_json(scan(paths, ScanOptions(cache_dir=None, jobs=jobs, singletons=True))))
        for jobs in (1, 2, 3)
    ]
    assert results[0] == results[1] == results[2]
    document = json.loads(results[0])
    relations = {m["relation"] for g in document["groups"] for m in g["members"]}
    assert [len(g["members"]) for g in document["groups"]] == [3, 3, 3, 3]  # each story and its copies
    assert relations == {"base", "near", "contained"}


# --- JSON output ----------------------------------------------------------------------------------------

hostile_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20),
        st.sampled_from(["\x1b[31m", "\u202e", "\u200b", "[bold]", "\n", ".", " ", '"', "\x00"]),
    ),
    min_size=1,
    max_size=10,
).map("".join)


@st.composite
def inputs(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    """A handful of files in any format, good and bad, some of them copies of each other."""
    files = []
    base = draw(st.lists(sentence(), min_size=2, max_size=6))
    for i in range(draw(st.integers(1, 5))):
        text = " ".join(base if draw(st.booleans()) else draw(st.lists(sentence(), min_size=1, max_size=4)))
        if draw(st.booleans()):
            text += " " + draw(hostile_text)
        title = draw(hostile_text)
        kind = draw(st.sampled_from(["txt", "json", "jsonl", "md", "xml", "bad"]))
        if kind == "txt":
            data = f"{title}\n\n{text}".encode()
        elif kind == "json":
            data = json.dumps({"headline": title, "body_text": text, "source": draw(hostile_text)}).encode()
        elif kind == "jsonl":
            data = (json.dumps({"title": title, "text": text}) + "\n{broken\n").encode()
        elif kind == "md":
            data = f"---\ntitle: {json.dumps(title)}\n---\n{text}\n".encode()
        elif kind == "xml":
            escaped = text.replace("&", "&amp;").replace("<", "&lt;")
            data = f'<newsItem guid="g{i}"><contentSet><inlineData>{escaped}</inlineData></contentSet></newsItem>'
            data = data.encode()
        else:
            data = draw(st.binary(max_size=64))
        files.append((f"f{i}.{kind if kind != 'bad' else 'txt'}", data))
    return files


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@SETTINGS
@given(files=inputs())
def test_every_json_document_validates_against_its_schema(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("inputs")
    for name, data in files:
        (folder / name).write_bytes(data)
    code, out, err = _run(["group", str(folder), "--format", "json", "--diff", "--singletons", "--no-cache"])
    assert code in (0, 2) and "Traceback" not in err
    document = json.loads(out)
    jsonschema.validate(document, GROUPS_SCHEMA)
    for group in document["groups"]:
        if "diff" in group:
            jsonschema.validate(group["diff"], DIFF_SCHEMA)
    code, out, _ = _run(["group", str(folder), "--format", "jsonl", "--no-cache"])
    for line in out.splitlines():
        assert json.loads(line)["schema"] in ("dedupe.group/1", "dedupe.error/1")
    readable = [str(folder / name) for name, _ in files if not name.endswith(".jsonl")]
    assume(readable)
    code, out, err = _run(["diff", *readable, "--format", "json"])
    assert "Traceback" not in err
    if out:
        jsonschema.validate(json.loads(out), DIFF_SCHEMA)
