"""n-way sentence alignment of a story's versions against its base, with word ops and claim flags.

Per version (cost for 40 x 40 sentences: well under a millisecond for the matrix and the assignment; the
word diffs and claim checks of the changed pairs dominate):

1. similarity matrix, base x version sentences, with ``rapidfuzz.process.cdist`` (scorer and thresholds
   chosen on data: see ``SCORER`` and ``bench/``);
2. one-to-one assignment maximising total similarity (``scipy.optimize.linear_sum_assignment``), pairs
   under ``MATCH`` or without ``RELATED`` content words dropped; an order-preserving DP alone would miss
   moves;
3. splits (one base sentence -> two consecutive version sentences) and merges (two -> one) where the
   joined text matches better than the single sentence and the extra piece is made of the other side's
   words (only pairs next to a free sentence are tried);
4. the longest increasing subsequence of the matched units keeps the most sentences in order, the rest are
   ``moved`` (the minimal set of moves); a moved-and-edited sentence is one ``moved`` cell with ops;
5. version sentences left over are ``added`` rows, placed after the base sentence they follow in that
   version; base sentences left over are ``removed`` cells.

Every sentence of every version lands in exactly one cell (``Cell.sources``), and the result depends on the
input only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

import numpy as np
from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from dedupe.claims import compare_claims, is_typo, words
from dedupe.model import Alignment, Article, BaseSentence, Cell, Claim, OpKind, Row
from dedupe.sentences import split_sentences

__all__ = [
    "MATCH",
    "RELATED",
    "REWORDED",
    "SCORER",
    "SentenceComparison",
    "align",
    "compare_sentences",
    "provenance",
    "similarity",
    "word_ops",
]

Status = Literal["same", "reworded", "different"]
Ops = tuple[tuple[OpKind, str], ...]

SCORER = fuzz.ratio
"""Similarity of two keys, 0-100. The keys are the folded words sorted, so this is ``token_sort_ratio``
computed once per sentence instead of once per pair (the matrix got 6x faster). Chosen on data: on the
aligned corpus token_sort 0.973 status accuracy, ratio 0.982, token_set 0.937, WRatio 0.820 (all at
MATCH 0.5); on MRPC held-out as a lone threshold token_sort 0.716, ratio 0.710. token_sort keeps a
sentence whose clauses were reordered similar; it lost one dateline on the corpus."""
MATCH = 0.5
"""Lowest similarity at which the aligner pairs a version sentence with a base sentence. Chosen on the
aligned corpus: 0.4 / 0.5 / 0.6 map 0.946 / 0.982 / 0.973 of version sentences right. A heavily rewritten
sentence is still best shown beside its counterpart, its changes and claims visible."""
REWORDED = 0.62
"""Lowest similarity at which ``compare_sentences`` calls two sentences one statement reworded (below:
``different``, a sentence with substantially other content). A stricter question than ``MATCH`` asks, so
its own threshold, chosen on the MRPC tune half (``bench/eval_mrpc.py --sweep``: accuracy 0.673 at 0.5,
0.681 at 0.6, 0.686 at 0.62, 0.680 at 0.65, 0.677 at 0.7; F1 0.774-0.776 up to 0.62, falling after).
Whoever asks the aligner's question (may these two be aligned?) should test ``score >= MATCH`` and
``_related`` instead."""
RELATED = 0.2
"""Least share of the shorter sentence's content words the other must hold for two sentences to be aligned
or called one statement reworded. ``SCORER`` compares characters of the sorted words, so two unrelated news
sentences of similar length share enough letters and function words to reach ``MATCH``: 1.8% of random
pairs of MRPC tune sentences do (1 in 9 of those holds a fifth of the other's content words), while 99.8%
of MRPC pairs scored 0.5-0.7 (two reports of one event) hold one, and all but one of the 2,038 tune pairs.
An unrelated removed and added sentence are then shown as such, not as one sentence ``reworded``."""
PIECE_COVERAGE = 0.7
"""Share of a split-off piece's words the other side must hold for the split to count without a gain."""
WHOLE_REWRITE = 0.5
"""Below this share of kept words, ops show whole old vs whole new instead of word confetti (see
``_mostly_rewritten``)."""


@dataclass(frozen=True, slots=True)
class SentenceComparison:
    """How a version sentence relates to a base sentence.

    ``status``: ``same`` (identical, or ``cosmetic``: only whitespace, punctuation, case or a typo differ),
    ``reworded`` (similarity at least ``REWORDED`` and ``RELATED`` content: one statement in other words)
    or ``different``.
    ``claims`` are the changed claims, whatever the status; ``ops`` the word operations from ``a`` to ``b``.
    A pair is the same claim when its status is ``same`` or ``reworded`` and it has no claims.
    """

    status: Status
    score: float
    claims: tuple[Claim, ...]
    cosmetic: bool
    ops: Ops


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    """Folded words in sorted order: what ``SCORER`` compares."""
    return " ".join(sorted(words(text)))


_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for and or but is are was were be been being has have had do does did by with "
    "from as that this these those it its their his her he she they we i you our your them him us said says "
    "say told will would can could may might should not no also more than after before about into over up "
    "out who which what when where there".split()
)


@lru_cache(maxsize=16384)
def _content(text: str) -> frozenset[str]:
    """The words of a sentence that carry its content: its words without function words."""
    return frozenset(words(text)) - _FUNCTION_WORDS


def _related(a: str, b: str) -> bool:
    """Whether two sentences share at least ``RELATED`` of the shorter one's content words; a sentence
    with no content word (``Yes.``) is left to the score alone."""
    ca, cb = _content(a), _content(b)
    return not ca or not cb or len(ca & cb) >= RELATED * min(len(ca), len(cb))


def _assign(base: Sequence[str], version: Sequence[str], sim: np.ndarray) -> list[tuple[int, int, float]]:
    """The one-to-one assignment maximising total similarity, as ``(base, version, score)``, without an
    unrelated pair (``_related``): such a pair's cell is set to 0 in ``sim`` and the assignment run again.
    Only the chosen pairs are checked, a few dozen per version, and a second run is rare."""
    while True:
        rows, cols = linear_sum_assignment(sim, maximize=True)
        # one fancy index and plain Python numbers: numpy scalars cost ~10x in a loop
        chosen = list(zip(rows.tolist(), cols.tolist(), sim[rows, cols].tolist(), strict=True))
        unrelated = [
            (b, v) for b, v, score in chosen if MATCH <= score < 1.0 and not _related(base[b], version[v])
        ]
        if not unrelated:
            return chosen
        for b, v in unrelated:
            sim[b, v] = 0.0


def similarity(a: str, b: str) -> float:
    """Similarity of two sentences in [0, 1], on folded words (case, quotes, punctuation ignored)."""
    return round(SCORER(_key(a), _key(b)) / 100.0, 4)


def _cosmetic(a: str, b: str) -> bool:
    """Only whitespace, punctuation, case, quote style or one-letter typos differ."""
    wa, wb = words(a), words(b)
    if wa == wb:
        return True
    if len(wa) != len(wb):
        return False
    return all(x == y or is_typo(x, y) for x, y in zip(wa, wb, strict=True))


@lru_cache(maxsize=4096)
def compare_sentences(a: str, b: str) -> SentenceComparison:
    """Compare a base sentence ``a`` with a version sentence ``b``: status, score, claims, ops.

    Cached: republished copies share their edits, so a group meets the same pair many times (cost of a
    fresh changed pair: ~0.1-1 ms, mostly the word diff and the claim checks).
    """
    if a == b:
        return SentenceComparison("same", 1.0, (), False, (("=", a),) if a else ())
    score = similarity(a, b)
    # the same folded words hold the same claims: skip the checks for case and punctuation edits
    claims = () if words(a) == words(b) else tuple(compare_claims(a, b))
    cosmetic = not claims and _cosmetic(a, b)
    if cosmetic:
        status: Status = "same"
    elif score >= REWORDED and _related(a, b):
        status = "reworded"
    else:
        status = "different"
    return SentenceComparison(status, score, claims, cosmetic, word_ops(a, b))


# --- word operations ---------------------------------------------------------------------------------------

_DMP = diff_match_patch()
_DMP.Diff_Timeout = 0  # exact diffs; sentences are short, the time stays in microseconds
_OP = {0: "=", 1: "+", -1: "-"}


def _encode(tokens: Sequence[str], table: dict[str, str]) -> str:
    """One character per token (private-use plane 15 and up), as diff-match-patch's line mode does."""
    return "".join([table.setdefault(t, chr(0xF0000 + len(table))) for t in tokens])


_WORD_TOKEN = re.compile(r"\w+(?:['’]\w+)*\s*|[^\w\s]\s*|\s+")


def _word_tokens(text: str) -> list[str]:
    """Words and single punctuation marks, each with the spaces after it: joined back they give ``text``.

    Keeping the space with its word halves the string diff-match-patch works on.
    """
    return _WORD_TOKEN.findall(text)


def _tidy(ops: list[tuple[OpKind, str]]) -> list[tuple[OpKind, str]]:
    """Give the space ending both sides of a replacement to the text after it: ``[-4-]{+6+} percent``."""
    out: list[tuple[OpKind, str]] = []
    i = 0
    while i < len(ops):
        op, text = ops[i]
        if op == "-" and i + 1 < len(ops) and ops[i + 1][0] == "+":
            new = ops[i + 1][1]
            tail = len(text) - len(text.rstrip())
            tail = min(tail, len(new) - len(new.rstrip()))
            if tail and text.rstrip() and new.rstrip():
                space = text[len(text) - tail :]
                if space == new[len(new) - tail :]:
                    out += [("-", text[:-tail]), ("+", new[:-tail])]
                    if i + 2 < len(ops) and ops[i + 2][0] == "=":
                        ops[i + 2] = ("=", space + ops[i + 2][1])
                    else:
                        out.append(("=", space))
                    i += 2
                    continue
        out.append((op, text))
        i += 1
    return out


def word_ops(a: str, b: str) -> Ops:
    """Word-level operations from ``a`` to ``b`` (``=``, ``-``, ``+``): the ``=`` and ``-`` texts rebuild
    ``a``, the ``=`` and ``+`` texts rebuild ``b``.

    diff-match-patch runs in word mode (one character per word) with ``Diff_Timeout = 0`` and semantic
    clean-up; when fewer than half the words survive, the answer is whole old vs whole new.
    """
    if a == b:
        return (("=", a),) if a else ()
    if not a or not b:
        return (("+", b),) if b else (("-", a),)
    table: dict[str, str] = {}
    ta, tb = _word_tokens(a), _word_tokens(b)
    ca, cb = _encode(ta, table), _encode(tb, table)
    decode = {ord(c): t for t, c in table.items()}
    diffs = _DMP.diff_main(ca, cb, False)
    _DMP.diff_cleanupSemantic(diffs)
    ops: list[tuple[OpKind, str]] = []
    for code, chars in diffs:
        text = chars.translate(decode)
        op: OpKind = _OP[code]  # type: ignore[assignment]
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))
    ops = _tidy(ops)
    if _mostly_rewritten(ops, len(words(a)), len(words(b))):
        return (("-", a), ("+", b))
    return tuple(ops)


def _mostly_rewritten(ops: Sequence[tuple[OpKind, str]], len_a: int, len_b: int) -> bool:
    """Fewer than ``WHOLE_REWRITE`` of the shorter side's words kept, or of the longer side's with the
    changes scattered over more than two places: word confetti that reads worse than whole old vs new.
    A trim or an extension in one place keeps its ops (``"quote," [-the judge told reporters at the
    court-]{+he said+}``), however much it cut."""
    kept = sum(len(words(t)) for op, t in ops if op == "=")
    if kept < WHOLE_REWRITE * min(len_a, len_b):
        return True
    places = sum(1 for i, (op, _) in enumerate(ops) if op != "=" and (i == 0 or ops[i - 1][0] == "="))
    return kept < WHOLE_REWRITE * max(len_a, len_b) and places > 2


# --- alignment of one version ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """Base sentences matched to version sentences: 1:1, 1:2 (split) or 2:1 (merged)."""

    base: tuple[int, ...]
    version: tuple[int, ...]
    score: float


MAX_CELLS = 1_000_000
"""Largest similarity matrix (base x version sentences, 4 MB) computed whole. A bigger pair of texts (an
article of 100,000 sentences would need 40 GB) pairs identical sentences first and the rest only when what
remains fits; what does not stays added/removed. Hostile input must cost bounded memory and time."""
KEY_CHARS = 2_000
"""A sentence key longer than this is cut for the matrix: ``SCORER`` is quadratic in the key's length, and a
20 MB "sentence" with no full stop must not stall the alignment."""


def _matrix(base: Sequence[str], version: Sequence[str]) -> np.ndarray:
    keys_b = [_key(s)[:KEY_CHARS] for s in base]
    keys_v = [_key(s)[:KEY_CHARS] for s in version]
    return process.cdist(keys_b, keys_v, scorer=SCORER, dtype=np.float32) / 100.0


class _Columns:
    """The base's similarity to version sentences, one column per distinct key, shared by all versions.

    Versions of one story repeat most of their sentences: a column computed for the first version that
    holds a sentence serves every later one (10 versions of 40 sentences: ~100 columns instead of 360).
    The values are ``_matrix``'s, cell for cell.
    """

    def __init__(self, base: Sequence[str]) -> None:
        self._keys_b = [_key(s)[:KEY_CHARS] for s in base]
        self._column: dict[str, np.ndarray] = {}

    def matrix(self, version: Sequence[str]) -> np.ndarray:
        keys_v = [_key(s)[:KEY_CHARS] for s in version]
        new = list(dict.fromkeys(k for k in keys_v if k not in self._column))
        if new:
            fresh = process.cdist(self._keys_b, new, scorer=SCORER, dtype=np.float32) / 100.0
            self._column.update(zip(new, fresh.T, strict=True))
        return np.stack([self._column[k] for k in keys_v], axis=1)


class _LazySimilarity:
    """``sim[b, v]`` over the whole base x version grid without computing it: the residual sub-matrix where
    it was computed, 1.0 for identical keys, else ``similarity`` on demand (``_joins`` asks a few cells)."""

    def __init__(
        self,
        base: Sequence[str],
        version: Sequence[str],
        sub: np.ndarray | None,
        rows: Sequence[int],
        cols: Sequence[int],
        transposed: bool = False,
    ) -> None:
        self._base, self._version, self._sub = base, version, sub
        self._row = {b: i for i, b in enumerate(rows)}
        self._col = {v: j for j, v in enumerate(cols)}
        self._rows, self._cols, self._transposed = rows, cols, transposed

    @property
    def T(self) -> _LazySimilarity:  # numpy's name: _pairs takes either
        return _LazySimilarity(
            self._base, self._version, self._sub, self._rows, self._cols, not self._transposed
        )

    def __getitem__(self, index: tuple[int, int]) -> float:
        b, v = (index[1], index[0]) if self._transposed else index
        if self._sub is not None and b in self._row and v in self._col:
            return float(self._sub[self._row[b], self._col[v]])
        return similarity(self._base[b][: KEY_CHARS * 2], self._version[v][: KEY_CHARS * 2])


def _large_units(
    base: Sequence[str], version: Sequence[str]
) -> tuple[dict[int, _Unit], _LazySimilarity | None]:
    """1:1 units for texts too big for one matrix: identical sentences paired in order, then the rest on a
    matrix when it fits ``MAX_CELLS``; the similarity is ``None`` when even the rest is too big (no joins)."""
    by_key: dict[str, list[int]] = {}
    for v, sentence in enumerate(version):
        by_key.setdefault(_key(sentence), []).append(v)
    units: dict[int, _Unit] = {}
    for b, sentence in enumerate(base):
        waiting = by_key.get(_key(sentence))
        if waiting:
            units[b] = _Unit((b,), (waiting.pop(0),), 1.0)
    used = {u.version[0] for u in units.values()}
    rows = [b for b in range(len(base)) if b not in units]
    cols = [v for v in range(len(version)) if v not in used]
    if not rows or not cols or len(rows) * len(cols) > MAX_CELLS:
        return units, None
    base_rest, version_rest = [base[b] for b in rows], [version[v] for v in cols]
    sub = _matrix(base_rest, version_rest)
    for i, j, score in _assign(base_rest, version_rest, sub):
        if score >= MATCH:
            units[rows[i]] = _Unit((rows[i],), (cols[j],), score)
    return units, _LazySimilarity(base, version, sub, rows, cols)


def _coverage(pieces: Sequence[str], whole: str) -> tuple[float, int]:
    """Share of the pieces' words found in ``whole`` (how much of a split-off piece the other side holds),
    and how many words the pieces have. Cheap: both sides' words are cached."""
    wp = [w for piece in pieces for w in words(piece)]
    if not wp:
        return 0.0, 0
    vocab = set(words(whole))
    return sum(w in vocab for w in wp) / len(wp), len(wp)


def _join_score(whole: str, first: str, second: str, pieces: Sequence[str], floor: float) -> float | None:
    """The similarity of ``whole`` to ``first second`` when that join fits, else ``None``.

    A join fits when it matches better than one sentence alone and the extra piece shares half its words
    with the other side, or when the piece is made of the other side's words (``... relies on forecasts.``
    + ``They say the forecasts are optimistic.``). Coverage is checked first: it needs no new diff.
    """
    coverage, size = _coverage(pieces, whole)
    if coverage < 0.5:
        return None
    score = similarity(whole, f"{first} {second}")
    if score < MATCH:
        return None
    return score if score > floor or (coverage >= PIECE_COVERAGE and size >= 3) else None


def _pairs(
    left: Sequence[str], right: Sequence[str], match: dict[int, int], sim: np.ndarray
) -> dict[int, tuple[tuple[int, int], float]]:
    """Left sentences that became two consecutive right sentences: ``{left: ((r, r + 1), score)}``.

    Only pairs with a free right sentence are tried: a free one beside a matched one (its owner is the
    candidate), or two free ones (the free left sentence closest to both in ``sim``). Cost: one similarity
    per candidate, so a few per changed sentence instead of ``len(left) * len(right)``.
    """
    owner = {r: i for i, r in match.items()}
    free_left = [i for i in range(len(left)) if i not in match]
    found: dict[int, tuple[tuple[int, int], float]] = {}
    taken: set[int] = set()
    last = len(right) - 1
    # the pairs (r, r + 1) holding a free right sentence, in order: a pair of matched ones is no candidate
    beside_free = sorted(
        {x for f in range(len(right)) if f not in owner for x in (f - 1, f) if 0 <= x < last}
    )
    for r in beside_free:
        pair = (r, r + 1)
        if r in taken or r + 1 in taken:
            continue
        matched = [x for x in pair if x in owner]
        if matched:
            candidate, floor = owner[matched[0]], float(sim[owner[matched[0]], matched[0]])
            pieces = [right[r + 1] if matched[0] == r else right[r]]
        elif free_left:
            candidate = max(free_left, key=lambda i: (sim[i, r] + sim[i, r + 1], -i))
            floor, pieces = 0.0, [right[r], right[r + 1]]
        else:
            continue
        score = _join_score(left[candidate], right[r], right[r + 1], pieces, floor)
        if score is not None and score > found.get(candidate, ((0, 0), 0.0))[1]:
            if candidate in found:
                taken.difference_update(found[candidate][0])
            found[candidate] = (pair, score)
            taken.update(pair)
    return found


def _joins(
    base: Sequence[str], version: Sequence[str], units: dict[int, _Unit], sim: np.ndarray
) -> dict[int, _Unit]:
    """Turn 1:1 matches plus an unmatched neighbour into splits (base -> two) and merges (two -> version)."""
    result = dict(units)
    match = {b: u.version[0] for b, u in units.items()}
    for b, (pair, score) in _pairs(base, version, match, sim).items():
        result[b] = _Unit((b,), pair, score)
    single = {u.version[0]: b for b, u in result.items() if len(u.version) == 1}
    used_v = {v for u in result.values() for v in u.version}
    blocked = {b for b, u in result.items() if len(u.version) == 2}
    merges = _pairs(version, base, single, sim.T)
    for v, (pair, score) in sorted(merges.items()):
        if (v in used_v and v not in single) or any(b in blocked for b in pair):
            continue
        for b in pair:
            result.pop(b, None)
        result[pair[0]] = _Unit(pair, (v,), score)
        blocked.update(pair)
    return result


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting, O(k log k))."""
    tails: list[int] = []
    tail_pos: list[int] = []
    parent = [-1] * len(values)
    for i, x in enumerate(values):
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tail_pos.append(i)
        else:
            tails[k] = x
            tail_pos[k] = i
        parent[i] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


@dataclass(frozen=True, slots=True)
class _VersionAlignment:
    cells: tuple[Cell, ...]
    """One cell per base sentence."""
    added: tuple[tuple[int, Cell], ...]
    """Version sentences without a base counterpart, with the base index they follow (-1: the top)."""


def _align_version(
    base: Sequence[str], version: Sequence[str], columns: _Columns | None = None
) -> _VersionAlignment:
    units: dict[int, _Unit] = {}
    if base and version and len(base) * len(version) > MAX_CELLS:
        units, lazy = _large_units(base, version)
        if lazy is not None:
            units = _joins(base, version, units, lazy)  # type: ignore[arg-type]
    elif base and version:
        sim = _matrix(base, version) if columns is None else columns.matrix(version)
        units = {
            b: _Unit((b,), (v,), score)
            for b, v, score in _assign(base, version, sim)
            if score >= MATCH or base[b] == version[v]
        }
        units = _joins(base, version, units, sim)
    ordered = sorted(units.values(), key=lambda u: u.base[0])
    in_order = _longest_increasing([u.version[0] for u in ordered])
    matched: list[Cell | None] = [None] * len(base)
    for k, unit in enumerate(ordered):
        for b, cell in _unit_cells(base, version, unit, moved=k not in in_order):
            matched[b] = cell
    cells = [
        Cell("removed", "", 0.0, (("-", s),)) if c is None else c for c, s in zip(matched, base, strict=True)
    ]
    owner = {v: max(u.base) for u in units.values() for v in u.version}
    added: list[tuple[int, Cell]] = []
    anchor = -1
    for v, text in enumerate(version):
        if v in owner:
            anchor = owner[v]
        else:
            added.append((anchor, Cell("added", text, 0.0, (("+", text),), sources=(v,))))
    return _VersionAlignment(tuple(cells), tuple(added))


def _unit_cells(
    base: Sequence[str], version: Sequence[str], unit: _Unit, *, moved: bool
) -> list[tuple[int, Cell]]:
    before = base[unit.base[0]] if len(unit.base) == 1 else " ".join(base[b] for b in unit.base)
    after = version[unit.version[0]] if len(unit.version) == 1 else " ".join(version[v] for v in unit.version)
    cmp = compare_sentences(before, after)
    score = round(max(unit.score, cmp.score) if cmp.status == "same" else unit.score, 4)
    if len(unit.version) == 2:
        return [(unit.base[0], Cell("split", after, score, cmp.ops, cmp.claims, sources=unit.version))]
    if len(unit.base) == 2:
        first = Cell("merged", after, score, cmp.ops, cmp.claims, sources=unit.version)
        return [(unit.base[0], first), (unit.base[1], Cell("merged", "", score))]
    status = "moved" if moved else "same" if cmp.status == "same" else "reworded"
    return [(unit.base[0], Cell(status, after, score, cmp.ops, cmp.claims, cmp.cosmetic, unit.version))]


# --- the n-way table ---------------------------------------------------------------------------------------


def align(articles: Sequence[Article], base: str | None = None) -> Alignment:
    """Line up every version of a story against its base, sentence by sentence.

    ``base`` is an article id (default: the first article); the other articles are the versions, in the
    given order. Raises ``ValueError`` for no articles, duplicate ids or an unknown base id.
    """
    if not articles:
        raise ValueError("align needs at least one article")
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate article ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    base_id = ids[0] if base is None else base
    if base_id not in ids:
        raise ValueError(f"base {base_id!r} is not among the articles")
    base_sentences = split_sentences(next(a for a in articles if a.id == base_id).text)
    versions = [a for a in articles if a.id != base_id]
    columns = _Columns(base_sentences)
    per_version = {v.id: _align_version(base_sentences, split_sentences(v.text), columns) for v in versions}

    added_rows: dict[int, list[dict[str, Cell]]] = {}
    for v in versions:
        for anchor, cell in per_version[v.id].added:
            _place_added(added_rows.setdefault(anchor, []), v.id, cell)
    rows = [Row(None, cells) for cells in added_rows.get(-1, [])]
    for b, text in enumerate(base_sentences):
        rows.append(Row(BaseSentence(b, text), {v.id: per_version[v.id].cells[b] for v in versions}))
        rows += [Row(None, cells) for cells in added_rows.get(b, [])]
    return Alignment(base_id, tuple(v.id for v in versions), tuple(rows))


def _place_added(rows: list[dict[str, Cell]], version: str, cell: Cell) -> None:
    """Put an added sentence in the row of the same sentence added by an earlier version, or a new row.

    An update that several outlets carry then reads as one row with several cells.
    """
    best, best_score = None, MATCH
    for cells in rows:
        if version in cells:
            continue
        text, score = max(
            ((c.text, similarity(c.text, cell.text)) for c in cells.values()), key=lambda x: x[1]
        )
        if score >= best_score and _related(text, cell.text):
            best, best_score = cells, score
    if best is None:
        rows.append({version: cell})
    else:
        best[version] = cell


_NEVER = datetime.max.replace(tzinfo=UTC)


def provenance(alignment: Alignment, articles: Sequence[Article]) -> dict[int, str]:
    """For each row index, the id of the earliest article (by ``published``) that carries the sentence.

    An article carries a row's sentence when its cell is neither ``removed`` nor flagged with a changed
    claim (a changed figure is another claim); the base carries its own rows. Articles without a date
    come after dated ones; ties go to the base, then to the versions in order.
    """
    order = [alignment.base, *alignment.versions]
    dated = {a.id: a.published or _NEVER for a in articles}

    def rank(article_id: str) -> tuple[datetime, int]:
        return dated.get(article_id, _NEVER), order.index(article_id)

    result: dict[int, str] = {}
    for i, row in enumerate(alignment.rows):
        carriers = [alignment.base] if row.base is not None else []
        carriers += [vid for vid, cell in row.cells.items() if cell.status != "removed" and not cell.claims]
        if carriers:
            result[i] = min(carriers, key=rank)
    return result
