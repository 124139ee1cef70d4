import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe.boilerplate import (
    _FURNITURE_STARTS,
    _STARTS_BY_FIRST,
    BoilerplateParams,
    _articles_per_key,
    _floors,
    _folded,
    is_furniture,
    line_key,
    lines,
    strip_boilerplate,
)
from dedupe.text import normalize


def _story(n):
    return "\n".join(f"Story {n} paragraph {i} about matter number {n * 10 + i}." for i in range(6))


FOOTER = "Get the Valley Herald delivered: our morning briefing, every weekday at 6."


KNOWN_FURNITURE = (
    "Advertisement",
    "Share this article",
    "© 2026 Valley Herald. All rights reserved.",
    "This story is from the Tuesday edition.",
    "Photo: Dana Reyes/Valley Herald",
    # one of each other shape: each must pass the quick test on how furniture lines begin or end
    "Sponsored content",
    "Tweet",
    "Copy link",
    "Follow us on Mastodon",
    "Sign up for the morning newsletter in your inbox",
    "Subscribe for email updates",
    "Video | The flood in 40 seconds",
    "Related coverage: the dam",
    "Most read",
    "More on this story",
    "(c) 2025 Wire Service",
    "Click here to read the report",
    "Wire Service (RTRS) - All Rights Reserved.",
    "\u00a9 2026 The Herald Company, all rights reserved",
)


def test_known_furniture_shapes():
    for line in KNOWN_FURNITURE:
        assert is_furniture(line), line
    for line in (
        "The mayor said the dam held.",
        "Crews searched the river for two men.",
        "Read more about the plan at the council website, officials said.",
    ):
        assert not is_furniture(line), line


def test_a_line_recurring_across_different_stories_is_learnt_and_dropped():
    texts = [_story(n) + "\n" + FOOTER for n in range(4)]
    stripped = strip_boilerplate(texts)
    assert all(FOOTER not in text for text in stripped)
    assert stripped[0] == _story(0)


def test_a_wire_story_copied_many_times_keeps_its_own_lines():
    texts = [_story(1)] * 8 + [_story(2) + "\n" + "Advertisement"]
    stripped = strip_boilerplate(texts)
    assert stripped[:8] == [_story(1)] * 8
    assert stripped[8] == _story(2)


def test_too_few_articles_to_learn_from_keeps_unknown_lines():
    texts = [_story(1) + "\n" + FOOTER, _story(2) + "\n" + FOOTER]
    assert strip_boilerplate(texts, BoilerplateParams(min_articles=3)) == texts


def test_an_article_of_only_boilerplate_is_kept_whole():
    assert strip_boilerplate(["Advertisement"]) == ["Advertisement"]


# --- the fast paths give what the plain code they stand in for gives -------------------------------------


def _reference_strip(texts: list[str], params: BoilerplateParams) -> list[str]:
    """``strip_boilerplate`` as it was: ``normalize`` on every line, per-article arrays, a lexsort."""
    keys, shaped = [], []
    for text in texts:
        folded = [(line, normalize(line)) for line in lines(text)]
        keys.append(np.array([line_key(line) for line, _ in folded], dtype=np.uint64))
        shaped.append(np.array([is_furniture(line) for line, _ in folded], dtype=bool))
    counts = np.array([len(k) for k in keys], dtype=np.int64)
    flat = np.concatenate([np.empty(0, dtype=np.uint64), *keys])
    owner = np.repeat(np.arange(len(keys)), counts)
    order = np.lexsort((flat, owner))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (flat[order][1:] != flat[order][:-1]) | (owner[order][1:] != owner[order][:-1])
    distinct, times = np.unique(flat[order][first], return_counts=True)
    times = times[np.searchsorted(distinct, flat)] if len(flat) else np.empty(0, dtype=np.int64)
    kept = (times < _floors(times, owner, counts, params)[owner]) & ~np.concatenate(
        [np.empty(0, bool), *shaped]
    )
    stripped, end = [], 0
    for text, count in zip(texts, counts.tolist(), strict=True):
        start, end = end, end + count
        chosen = [line for line, keep in zip(lines(text), kept[start:end].tolist(), strict=True) if keep]
        stripped.append("\n".join(chosen) if chosen else text)
    return stripped


_LINES = [
    "The mayor said the dam held.",
    "The  mayor said\tthe dam held.",
    "THE MAYOR SAID THE DAM HELD.",
    "Advertisement",
    "  Share this article ",
    "© 2026 Valley Herald. All rights reserved.",
    "Valley Herald (VH) - all  rights reserved.",
    "Reuter",
    "Städte und Straße: Ǆ ǅ ǆ, Ωmega, ﬁne",
    "Crews searched\x1fthe river\u00a0for two men.",
    "Photo: Dana Reyes",
    "x" * 250 + " all rights reserved",
    "Copyright" + " " * 230 + "2024 Wire",  # furniture once folded, but too long as written
    "Copyright" + " " * 220 + "2024 Wire",
    "Crews searched\x1fthe river for two men.",
    *KNOWN_FURNITURE,
]
_BREAKS = ["\n", "\n\n", "\r\n", "\r", "\x0b", "\x1c", "\x85", "\u2028", " \n\t"]
_LINE = st.one_of(
    st.sampled_from(_LINES),
    st.text(st.sampled_from("ab Ab\t\x1f  .©(c)\u00a0é"), max_size=12),
    st.text(st.sampled_from("ab Ab\t\x1f  ."), max_size=12),
    st.text(max_size=20),
)
_TEXT = st.lists(st.tuples(_LINE, st.sampled_from(_BREAKS)), max_size=8).map(
    lambda parts: "".join(line + brk for line, brk in parts)
)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(_TEXT, max_size=12),
    params=st.sampled_from([BoilerplateParams(), BoilerplateParams(min_articles=2, ratio=1.5)]),
)
def test_strip_boilerplate_gives_what_the_plain_code_gives(
    texts: list[str], params: BoilerplateParams
) -> None:
    assert strip_boilerplate(texts, params) == _reference_strip(texts, params)


@given(text=_TEXT)
def test_folded_lines_are_normalized_lines(text: str) -> None:
    stripped, folded = _folded(text)
    assert folded == [normalize(line) for line in lines(text)]
    assert [len(line) for line in stripped] == [len(line) for line in lines(text)]


@given(pairs=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2**64 - 1) | st.sampled_from([7, 2**63]))))
def test_articles_per_key_counts_distinct_articles(pairs: list[tuple[int, int]]) -> None:
    pairs.sort(key=lambda pair: pair[0])  # articles in order, as strip_boilerplate lays them out
    owner = np.array([article for article, _ in pairs], dtype=np.int64)
    flat = np.array([key for _, key in pairs], dtype=np.uint64)
    holders = {key: {article for article, other in pairs if other == key} for _, key in pairs}
    assert _articles_per_key(flat, owner).tolist() == [len(holders[key]) for _, key in pairs]


def test_furniture_starts_by_first_character_are_all_the_starts() -> None:
    assert sorted(start for starts in _STARTS_BY_FIRST.values() for start in starts) == sorted(
        _FURNITURE_STARTS
    )
    assert all(start[0] == first for first, starts in _STARTS_BY_FIRST.items() for start in starts)
