"""From candidate pairs to verified links, and from links to groups of versions of one story.

A candidate (two articles sharing an LSH band) becomes a ``Link`` only when its exact evidence says which
relation it is: ``exact`` (same normalised text), ``near`` (5-shingle Jaccard), ``contained`` (the
smaller text's shingles mostly inside the larger) or ``rewrite`` (the narrative sentences, quotes taken
out, mostly have a fuzzy match). Groups grow from the strongest links down, and two groups merge only
when most sampled pairs across them verify too, so one weak link cannot chain two stories together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dedupe.model import Article, Group, Link, Member, Relation
from dedupe.sentences import split_sentences
from dedupe.shingles import exact_shingles
from dedupe.signature import STOP_WORDS, content_hash, content_terms
from dedupe.text import normalize, tokens

RELATION_RANK: dict[str, int] = {"exact": 0, "near": 1, "contained": 2, "rewrite": 3}

WIRE_SOURCES = (
    "associated press", "ap", "reuters", "afp", "agence france-presse", "agence france presse", "dpa",
    "deutsche presse-agentur", "upi", "united press international", "pa media", "press association",
    "ansa", "efe", "xinhua", "kyodo", "aap", "australian associated press", "the canadian press",
    "canadian press", "pti", "press trust of india", "ani", "bloomberg", "yonhap", "anadolu", "bernama",
)  # fmt: skip
_WIRE_DATELINE = re.compile(
    r"^[^\n]{0,80}\((AP|Reuters|AFP|dpa|UPI|AAP|CP|PTI|ANI|EFE|ANSA)\)", re.IGNORECASE
)
# Quoted speech: from a quotation mark to the next one, or to the end of the paragraph (wire style
# leaves a quote open when it runs on into the next paragraph).
_QUOTE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
_QUOTED = re.compile(f"[{_QUOTE_MARKS}][^{_QUOTE_MARKS}\n]*(?:[{_QUOTE_MARKS}]|$)", re.MULTILINE)
_SPEECH = "\u2063"  # stands in for quoted speech: invisible, never in article text after sources
# The facts of a sentence: its figures as written ("3,660,273", "1.87", "14-1/4", "4th"; not the 1 of
# "M-1" or the 7 of "G7", which name things), the small
# numbers wire copy spells out, and its names (capitalised words past the first; "U.S." is one word).
_FIGURE = re.compile(r"(?<!\w)(?<!\w-)\d+(?:[,.]\d+)*(?:-\d+/\d+|/\d+)?")
_SPELLED = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip
_INITIALISM = re.compile(r"\b([A-Z])\.(?=[A-Z]\b)")
_CAPITALISED = re.compile(r"(?<=[\w,;:)%]) +([A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f]\w*)")
_FIGURE_MARK, _NAME_MARK = "#", "@"
MIN_NAMES = 2
# Capitalised words every story of a kind shares: calendar words and company-form suffixes.
_COMMON_NAMES = frozenset(
    """january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
    inc ltd co corp corporation plc llc ag sa nv group company holdings reuters reuter ap afp""".split()
)


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """Thresholds of the relations and of candidate generation; defaults tuned on ``corpora/``."""

    near: float = 0.7
    """Minimum 5-shingle Jaccard for ``near``."""
    containment: float = 0.7
    """Minimum share of the smaller text's 5-shingles found in the larger for ``contained``."""
    rewrite: float = 0.5
    """Minimum share of the smaller text's narrative sentences with a fuzzy match for ``rewrite``."""
    length_ratio: float = 0.8
    """Below this ratio of shingle counts, a high-overlap pair is ``contained`` rather than ``near``."""
    sentence_match: float = 0.35
    """Content-word Dice at which two narrative sentences count as one sentence reworded."""
    shingle_lsh: float = 0.3
    """LSH threshold on the 5-shingle signature: candidates for exact, near and contained."""
    term_lsh: float = 0.3
    """LSH threshold on the content-term signature: candidates for rewrites."""
    min_shingles: int = 15
    """A text with fewer 5-shingles is too short to be called a trimmed copy of another."""
    rewrite_terms: float = 0.4
    """A rewrite keeps at least this share of the smaller text's content words (estimated)."""
    min_narrative: int = 3
    """A rewrite needs at least this many reworded narrative sentences in common."""
    rewrite_names: float = 0.5
    """A rewrite keeps at least this share of the names of the text naming fewer (when both name 3+)."""
    rewrite_figures: float = 0.4
    """A rewrite keeps at least this share of the figures of the text stating fewer (when both state 3+)."""

    def __post_init__(self) -> None:
        for name in (
            "near",
            "containment",
            "rewrite",
            "shingle_lsh",
            "term_lsh",
            "rewrite_names",
            "rewrite_figures",
        ):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], got {getattr(self, name)}")
        if not 0.0 < self.sentence_match <= 1.0:
            raise ValueError(f"sentence_match must be in (0, 1], got {self.sentence_match}")


class Evidence:
    """What verification compares: the content hash and exact shingle set; the article's facts (figures
    and names); the narrative (non-quote) sentences.

    Each is computed on first use: a pair that can only be a rewrite never needs the shingles, most
    pairs are settled by their shingles or facts, and sentence segmentation costs ~1 ms per article.
    """

    __slots__ = (
        "_distinctive", "_figures", "_hash", "_names", "_narrative", "_opening", "_shingles", "_size", "_text"
    )  # fmt: skip

    def __init__(self, text: str, shingle_size: int) -> None:
        self._text, self._size = text, shingle_size
        self._hash: str | None = None
        self._shingles: np.ndarray | None = None
        self._figures: frozenset[str] | None = None
        self._names: frozenset[str] | None = None
        self._distinctive: frozenset[str] | None = None
        self._narrative: tuple[str, ...] | None = None
        self._opening: frozenset[str] | None = None

    @property
    def content_hash(self) -> str:
        if self._hash is None:
            self._hash = content_hash(normalize(self._text))
        return self._hash

    @property
    def shingles(self) -> np.ndarray:
        """The distinct word shingles as sorted 64-bit hashes (``shingles.exact_shingles``)."""
        if self._shingles is None:
            self._shingles = exact_shingles([normalize(self._text)], self._size)[0]
        return self._shingles

    def give_shingles(self, shingles: np.ndarray) -> None:
        """The shingles, computed elsewhere with the rest of a batch (``Verifier.prepare_copies``)."""
        self._shingles = shingles

    @property
    def figures(self) -> frozenset[str]:
        """Every figure the article states, as written less thousands separators."""
        if self._figures is None:
            self._figures = frozenset(f.replace(",", "") for f in _FIGURE.findall(normalize(self._text)))
        return self._figures

    @property
    def names(self) -> frozenset[str]:
        """Every name the article uses (see ``article_names``), calendar words and company forms included."""
        if self._names is None:
            self._names = frozenset(article_names(self._text))
        return self._names

    @property
    def distinctive_names(self) -> frozenset[str]:
        """The names less those every story of a kind shares (calendar words, company forms)."""
        if self._distinctive is None:
            self._distinctive = self.names - _COMMON_NAMES
        return self._distinctive

    @property
    def narrative(self) -> tuple[str, ...]:
        if self._narrative is None:
            self._narrative = tuple(narrative_sentences(self._text, self.names))
        return self._narrative

    @property
    def opening_names(self) -> frozenset[str]:
        """``opening_names`` of the narrative: every rewrite test of this article asks for them."""
        if self._opening is None:
            self._opening = opening_names(self.narrative)
        return self._opening


def narrative_sentences(text: str, names: frozenset[str] | None = None) -> list[str]:
    """The sentences that carry no quoted speech, as their content words followed by their facts
    (figures marked ``#`` and names marked ``@``, each whole: "#3660273", "#1.87", "@solvik").

    A sentence with a quote in it is the quote plus its attribution (``..., the mayor said``), which
    an independent report of the same event repeats word for word; only the rest tells whose copy it is.
    ``names`` are the article's (``article_names``), computed here when not given.
    """
    known = article_names(text) if names is None else names
    found = []
    for sentence in split_sentences(_QUOTED.sub(f" {_SPEECH} ", text)):
        if _SPEECH in sentence:
            continue
        normalized = normalize(sentence)
        words = tokens(normalized)
        terms = content_terms(words)
        if len(terms) >= 3:
            figures = {figure.replace(",", "") for figure in _FIGURE.findall(normalized)}
            figures.update(_SPELLED[word] for word in words if word in _SPELLED)
            facts = [_FIGURE_MARK + f for f in sorted(figures)] + [
                _NAME_MARK + n for n in sorted(known.intersection(words))
            ]
            found.append(" ".join([*terms, *facts]))
    return found


def article_names(text: str) -> set[str]:
    """The article's names: words it capitalises inside a sentence (after a word, a comma or the like,
    not after ``.``, a quote mark or a line break), so a name that opens a sentence is known by its other
    uses. Lines in all capitals are skipped: there case says nothing.

    One regular expression over each line: this runs on every article a rewrite test may reach.
    Capitals are those of Latin-1, Greek and Cyrillic; "U.S." is one word.
    """
    found: set[str] = set()
    for line in _INITIALISM.sub(r"\1", text).splitlines():
        if line.upper() != line:
            found.update(_CAPITALISED.findall(line))
    return {normalize(word) for word in found} - STOP_WORDS


def evidence(text: str, shingle_size: int) -> Evidence:
    """Evidence of one article's matching text (its own text less boilerplate)."""
    return Evidence(text, shingle_size)


def narrative_match(a: Sequence[str], b: Sequence[str], cutoff: float, minimum: int) -> float:
    """Share of reworded sentences: of the shorter text's narrative sentences, how many have a reworded
    counterpart in the other text (one-to-one, content-word Dice >= ``cutoff``); 0 when fewer than
    ``minimum`` match, since two matching sentences of a brief say little.

    Quotes are already removed: independent reports of one event repeat the same quotes but tell the
    rest in their own sentences, while a rewrite rewords each of its source's sentences. Sentences the
    two texts share verbatim are set aside first: verbatim sharing is copying, which containment
    measures; left in, a shared background paragraph would make two different stories look like
    rewrites of each other. Cost: one (len(a) x len(b)) Dice matrix and a bipartite matching.
    """
    verbatim = set(a) & set(b)
    a = [s for s in a if s not in verbatim]
    b = [s for s in b if s not in verbatim]
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) < minimum:
        return 0.0
    similarity = _dice_matrix(shorter, longer)
    matched = _matching_size(similarity >= cutoff)
    return matched / len(shorter) if matched >= minimum else 0.0


def _matching_size(allowed: np.ndarray) -> int:
    """Size of a maximum one-to-one matching of rows to columns over the ``allowed`` cells.

    Kuhn's augmenting paths, iterative: O(rows x cells), microseconds for an article's sentences.
    """
    options = [np.flatnonzero(row).tolist() for row in allowed]
    owner: dict[int, int] = {}  # column -> row matched to it
    for start in range(len(options)):
        if not options[start]:
            continue
        came_from: dict[int, int | None] = {start: None}  # row -> column that led to it
        via_column: dict[int, int] = {}
        stack, free_column = [start], None
        while stack and free_column is None:
            row = stack.pop()
            for column in options[row]:
                if column in via_column:
                    continue
                via_column[column] = row
                if column not in owner:
                    free_column = column
                    break
                next_row = owner[column]
                if next_row not in came_from:
                    came_from[next_row] = column
                    stack.append(next_row)
        column = free_column
        while column is not None:  # flip the path: each row on it takes the column that reached it
            row = via_column[column]
            owner[column], column = row, came_from[row]
    return len(owner)


@lru_cache(maxsize=1 << 17)
def _word_set(sentence: str) -> frozenset[str]:
    return frozenset(word for word in sentence.split() if word[0] not in (_FIGURE_MARK, _NAME_MARK))


@lru_cache(maxsize=1 << 17)
def _facts(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """The figures and the names of a narrative sentence."""
    words = sentence.split()
    return (
        frozenset(word for word in words if word[0] == _FIGURE_MARK),
        frozenset(word for word in words if word[0] == _NAME_MARK),
    )


def _facts_differ(x: tuple[frozenset[str], frozenset[str]], y: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Both sentences state figures and share fewer than half of them (the sentence with fewer counts),
    or both name two or more people, places or bodies and share none."""
    (x_figures, x_names), (y_figures, y_names) = x, y
    if x_figures and y_figures and 2 * len(x_figures & y_figures) < min(len(x_figures), len(y_figures)):
        return True
    return len(x_names) >= MIN_NAMES and len(y_names) >= MIN_NAMES and x_names.isdisjoint(y_names)


def _dice_matrix(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Dice coefficient of the word sets of every sentence of ``a`` against every sentence of ``b``;
    0 for two sentences whose facts differ (see ``_facts_differ``).

    A reworded sentence keeps its facts. Templated copy does not: "Shr 81 cts vs 57 cts" and "Shr 22 cts
    vs 16 cts", or two bond issues' "The selling concession is 1-1/8 pct", share their words and nothing
    else. Plain set intersections: for the dozen or two sentences of an article they beat a numpy
    incidence matrix per pair by a wide margin (word sets are cached per sentence).
    """
    left = [(_word_set(s), _facts(s)) for s in a]
    right = [(_word_set(s), _facts(s)) for s in b]
    return np.array(
        [
            [
                0.0 if _facts_differ(x_facts, y_facts) else 2.0 * len(x & y) / (len(x) + len(y))
                for y, y_facts in right
            ]
            for x, x_facts in left
        ],
        dtype=np.float64,
    )


def facts_kept(a: Evidence, b: Evidence, params: GroupingParams) -> bool:
    """Whether two articles could tell one story: a paraphrase rewords its source but keeps who, where
    and how many. Templated copy (results tables, bond issues, market reports) rewords nothing and
    changes exactly those, which is why its sentences match."""
    names = kept(a.distinctive_names, b.distinctive_names, params.rewrite_names)
    return names and kept(a.figures, b.figures, params.rewrite_figures)


OPENING = 2
"""Narrative sentences that open a story (headline and lede, or the lede and the next)."""


def openings_agree(a: Evidence, b: Evidence) -> bool:
    """Whether the two openings share a name, when both name someone or something distinctive.

    A rewrite keeps the story's subject where the story starts, however it rewords the rest; the same
    template filled for another company or another official (a crude-price posting, a bond issue, a
    minister's comment on the same meeting) does not.
    """
    left, right = a.opening_names, b.opening_names
    return not left or not right or not left.isdisjoint(right)


def opening_names(narrative: Sequence[str]) -> frozenset[str]:
    """The distinctive names of a story's opening narrative sentences (``OPENING``), marked ``@``."""
    found = {name for sentence in narrative[:OPENING] for name in _facts(sentence)[1]}
    return frozenset(name for name in found if name[len(_NAME_MARK) :] not in _COMMON_NAMES)


def kept(a: frozenset[str], b: frozenset[str], minimum: float) -> bool:
    """At least ``minimum`` of the smaller set is in the other; below three items there is too little
    to judge, so it passes."""
    fewer = min(len(a), len(b))
    return fewer < 3 or len(a & b) >= minimum * fewer


def verify(
    a: Evidence,
    b: Evidence,
    params: GroupingParams,
    *,
    rewrite_possible: bool = True,
    copy_possible: bool = True,
) -> tuple[Relation, float] | None:
    """The relation between two articles and its score, or ``None`` when they are not copies.

    ``rewrite_possible=False`` skips the (costlier) rewrite test for a pair whose content words
    already say it cannot be one; ``copy_possible=False`` goes straight to it for a pair whose
    MinHash estimates say it cannot be a copy (``copy_plausible``).
    """
    if not copy_possible:
        return rewritten(a, b, params) if rewrite_possible else None
    if a.content_hash == b.content_hash:
        return "exact", 1.0
    common = np.intersect1d(a.shingles, b.shingles, assume_unique=True).size
    union = a.shingles.size + b.shingles.size - common
    jaccard = common / union if union else 0.0
    smaller, larger = sorted((a.shingles.size, b.shingles.size))
    # A copy a quarter longer or shorter than the other is an extension or a trim, even when the shared
    # part keeps Jaccard above the near threshold: editors need to know that text was added or cut.
    if jaccard >= params.near and smaller >= params.length_ratio * larger:
        return "near", round(jaccard, 4)
    if smaller >= params.min_shingles and common / smaller >= params.containment:
        return "contained", round(common / smaller, 4)
    if jaccard >= params.near:
        return "near", round(jaccard, 4)
    return rewritten(a, b, params) if rewrite_possible else None


def rewritten(a: Evidence, b: Evidence, params: GroupingParams) -> tuple[Relation, float] | None:
    """``rewrite`` and its score when one article paraphrases the other, else ``None``."""
    if not facts_kept(a, b, params) or not openings_agree(a, b):
        return None
    share = narrative_match(a.narrative, b.narrative, params.sentence_match, params.min_narrative)
    return ("rewrite", round(share, 4)) if share >= params.rewrite else None


class Verifier:
    """Verification of articles by index, each article's evidence computed once, on first use.

    With the content-term signatures and set sizes, the rewrite test is skipped for a pair whose
    estimated content-term containment (the smaller text's terms found in the larger) is below
    ``GroupingParams.rewrite_terms``: a paraphrase keeps its source's names, numbers and nouns.
    """

    def __init__(
        self,
        texts: Sequence[str],
        params: GroupingParams,
        shingle_size: int,
        terms: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self._params = params
        self._texts, self._size = texts, shingle_size
        self._known: dict[int, Evidence] = {}
        self._terms = terms
        self._results: dict[tuple[int, int], tuple[Relation, float] | None] = {}

    def __call__(self, i: int, j: int, rewrite_possible: bool | None = None) -> tuple[Relation, float] | None:
        """The verified relation of articles ``i`` and ``j``; ``rewrite_possible`` when the caller has
        already estimated it for many pairs at once (``rewrite_plausible``)."""
        key = (i, j) if i < j else (j, i)
        if key not in self._results:
            possible = rewrite_possible
            if possible is None:
                possible = self._terms is None or self._term_containment(*key) >= self._params.rewrite_terms
            self._results[key] = verify(
                self._evidence(key[0]), self._evidence(key[1]), self._params, rewrite_possible=possible
            )
        return self._results[key]

    def _term_containment(self, i: int, j: int) -> float:
        assert self._terms is not None
        table, counts = self._terms
        jaccard = np.count_nonzero(table[i] == table[j]) / table.shape[1]
        return float(estimated_containment(np.float64(jaccard), counts[i], counts[j]))

    def _evidence(self, i: int) -> Evidence:
        if i not in self._known:
            self._known[i] = evidence(self._texts[i], self._size)
        return self._known[i]

    def prepare_copies(self, indexes: Iterable[int], batch: int = 512) -> None:
        """Shingle sets of these articles computed in numpy batches: verifying copies needs them all, and
        one text at a time costs several numpy calls each."""
        wanted = [i for i in indexes if i not in self._known]
        for start in range(0, len(wanted), batch):
            chosen = wanted[start : start + batch]
            computed = exact_shingles([normalize(self._texts[i]) for i in chosen], self._size)
            for i, shingles in zip(chosen, computed, strict=True):
                self._evidence(i).give_shingles(shingles)

    def record(self, found: Iterable[tuple[int, int, tuple[Relation, float] | None]]) -> None:
        """Results verified elsewhere (another process, with the same texts and parameters)."""
        for i, j, result in found:
            self._results[(i, j) if i < j else (j, i)] = result

    def results(self) -> list[tuple[tuple[int, int], tuple[Relation, float] | None]]:
        """Every pair verified so far, with its result."""
        return list(self._results.items())


def estimated_similarity(tables: Sequence[np.ndarray], pairs: np.ndarray, chunk: int = 1 << 16) -> np.ndarray:
    """(pairs, len(tables)) share of equal MinHash values per signature table: Jaccard estimates."""
    estimates = np.empty((len(pairs), len(tables)), dtype=np.float32)
    for start in range(0, len(pairs), chunk):
        left, right = pairs[start : start + chunk, 0], pairs[start : start + chunk, 1]
        for column, table in enumerate(tables):
            estimates[start : start + chunk, column] = (table[left] == table[right]).mean(axis=1)
    return estimates


def estimated_containment(jaccard: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Share of the smaller set inside the larger, from Jaccard and set sizes: J (a + b) / ((1 + J) min)."""
    smaller = np.maximum(np.minimum(left, right), 1)
    return jaccard * (left + right) / ((1.0 + jaccard) * smaller)


TERM_INDEX_NEAR = 0.9
"""Estimated 5-shingle Jaccard at which two texts count as one in the content-term index
(``term_index_rows``): they differ by a few words in a hundred, and hold the same content terms. Chosen on
data: at 0.7 or 0.8 a group's longest version stood in for shorter near-copies whose content terms
overlapped a paraphrase more (``corpora/groups`` recall 0.922 / 0.941 instead of 0.961); at 0.9 and 0.95
every score is unchanged, and on Reuters 5x 52,961 of 95,215 texts enter the term index (plausible pairs
1.77M -> 1.13M) with 17,677 planted groups recovered instead of 17,676."""


def near_components(pairs: np.ndarray, shingle_jaccard: np.ndarray, near: float, count: int) -> np.ndarray:
    """Each of ``count`` rows' component label over the ``pairs`` whose estimated 5-shingle Jaccard is at
    least ``near``: groups of near-duplicates by MinHash alone, before any verification."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    edges = pairs[shingle_jaccard >= near]
    graph = coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(count, count))
    return connected_components(graph, directed=False)[1]


def term_index_rows(label: np.ndarray, term_counts: np.ndarray) -> np.ndarray:
    """The rows whose content-term signatures go into the term index (rewrite candidates), sorted: one per
    ``label`` (a group of near-duplicates, ``near_components`` at ``TERM_INDEX_NEAR``), the one with most
    content terms, then the lowest row.

    Near-duplicates hold the same content terms, so one stands for all: a story re-sent 50 times and a
    related one re-sent 50 times would otherwise give up to 2,500 term candidates where one is needed,
    and ``representative_pairs`` verifies one pair per two groups of copies anyway. The shingle index
    still holds every text, so copies are found as before.
    """
    if not len(label):
        return np.empty(0, dtype=np.int64)
    rows = np.arange(len(label), dtype=np.int64)
    order = np.lexsort((rows, -np.asarray(term_counts, dtype=np.int64), label))
    ordered = label[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]
    return np.sort(order[first])


def plausible_pairs(
    pairs: np.ndarray,
    strength: np.ndarray,
    shingle_counts: np.ndarray,
    term_counts: np.ndarray,
    params: GroupingParams,
    margin: float = 0.2,
) -> np.ndarray:
    """Mask of the candidate pairs that could verify, judged from MinHash estimates alone.

    An LSH bucket only says two signatures agree on a few rows; a pair whose estimated shingle
    containment is ``margin`` below the ``containment`` threshold cannot be a copy, and one whose
    estimated content-word containment is below ``rewrite_terms`` cannot be a rewrite (the verifier
    applies the same test). With 128 permutations an estimate's error is ~0.04, so the margin costs
    no real pair and saves most of the verification on a corpus of similar short stories.
    """
    copies = copy_plausible(pairs, strength, shingle_counts, params, margin)
    return copies | rewrite_plausible(pairs, strength, term_counts, params)


def copy_plausible(
    pairs: np.ndarray,
    strength: np.ndarray,
    shingle_counts: np.ndarray,
    params: GroupingParams,
    margin: float = 0.2,
) -> np.ndarray:
    """Mask of the pairs whose estimated shingle containment allows a copy (exact, near, contained)."""
    left, right = pairs[:, 0], pairs[:, 1]
    estimate = estimated_containment(strength[:, 0], shingle_counts[left], shingle_counts[right])
    return estimate >= params.containment - margin


def rewrite_plausible(
    pairs: np.ndarray, strength: np.ndarray, term_counts: np.ndarray, params: GroupingParams
) -> np.ndarray:
    """Mask of the pairs whose estimated content-word containment allows a rewrite (``Verifier``'s test,
    on many pairs at once)."""
    left, right = pairs[:, 0], pairs[:, 1]
    return (
        estimated_containment(strength[:, 1], term_counts[left], term_counts[right]) >= params.rewrite_terms
    )


LINK_CHUNK = 1 << 16
"""Pairs turned into Python lists at a time by ``link_components``: all at once, a list of two ints per
pair costs ~150 bytes, 5.8 GB for the 38M plausible pairs of a million re-sent stories."""


def link_components(
    count: int,
    pairs: np.ndarray,
    strength: np.ndarray,
    verifier: Callable[..., tuple[Relation, float] | None],
    sample: int = 3,
    rewrite_possible: np.ndarray | None = None,
) -> list[list[int]]:
    """Groups of article indexes from candidate pairs, most similar pairs first.

    A pair whose ends are already in one group is not verified again, so a story re-sent a thousand
    times costs about a thousand verifications, not half a million. A ``contained`` or ``rewrite`` link
    between two groups (a trimmed copy, a digest, a paraphrase: the links that can chain stories) merges
    them only when at least half of the pairs across the groups' first ``sample`` members (the link's
    ends first) verify too; ``exact`` and ``near`` links merge at once. ``strength`` orders the pairs
    (rows compared lexicographically, largest first; ties by index), so the result is deterministic.
    ``rewrite_possible`` (per pair, from ``rewrite_plausible``) spares the verifier its own estimate.
    """
    parent = list(range(count))
    members: dict[int, list[int]] = {i: [i] for i in range(count)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [*(-strength[:, column] for column in reversed(range(strength.shape[1])))]
    order = np.lexsort((pairs[:, 1], pairs[:, 0], *keys)) if len(pairs) else np.empty(0, dtype=np.int64)
    for start in range(0, len(order), LINK_CHUNK):  # Python lists of a chunk only: see LINK_CHUNK
        chunk = order[start : start + LINK_CHUNK]
        possible = rewrite_possible[chunk].tolist() if rewrite_possible is not None else [None] * len(chunk)
        for (i, j), rewrite in zip(pairs[chunk].tolist(), possible, strict=True):
            root_i, root_j = find(i), find(j)
            if root_i == root_j:
                continue
            found = verifier(i, j, rewrite)
            if found is None:
                continue
            if found[0] in ("contained", "rewrite"):
                left = _sample(members[root_i], i, sample)
                right = _sample(members[root_j], j, sample)
                agreeing = sum(verifier(x, y) is not None for x in left for y in right)
                if agreeing * 2 < len(left) * len(right):
                    continue
            parent[root_j] = root_i
            members[root_i].extend(members.pop(root_j))
    return [sorted(group) for group in members.values()]


def _sample(group: list[int], end: int, size: int) -> list[int]:
    return [end, *(m for m in group[:size] if m != end)][:size]


def choose_base(articles: Sequence[Article]) -> tuple[Article, str]:
    """The version others are read against: earliest published, else a wire original, else the longest."""
    dated = [a for a in articles if a.published is not None]
    if dated:
        base = min(dated, key=lambda a: (a.published, a.id))
        return base, f"earliest published ({base.published.isoformat()})"
    wires = [a for a in articles if _is_wire(a)]
    if wires:
        base = min(wires, key=lambda a: (-len(a.text), a.id))
        return base, f"wire original ({base.source or 'wire dateline'})"
    base = min(articles, key=lambda a: (-len(a.text), a.id))
    return base, f"longest text ({len(base.text.split())} words)"


def _is_wire(article: Article) -> bool:
    return article.source.strip().casefold() in WIRE_SOURCES or bool(_WIRE_DATELINE.match(article.text))


def build_groups(
    articles: Sequence[Article],
    components: Sequence[Sequence[int]],
    verifier: Verifier,
    *,
    singletons: bool = False,
) -> list[Group]:
    """Groups in a stable order (largest first, then by base id), members base first.

    Each member's relation is its verified relation to the base; a member that does not verify against
    the base directly (a trimmed copy of an update, say) takes its strongest link inside the group and
    names that member as ``via``. ``links`` are all verified pairs inside the group that the run checked.
    """
    index = {article.id: i for i, article in enumerate(articles)}
    component_of = {i: number for number, component in enumerate(components) for i in component}
    verified: dict[int, list[Link]] = {}
    for (i, j), found in verifier.results():
        if found is not None and component_of[i] == component_of[j]:
            link = Link(*sorted((articles[i].id, articles[j].id)), found[0], found[1])
            verified.setdefault(component_of[i], []).append(link)
    groups = []
    for number, component in enumerate(components):
        if len(component) < 2 and not singletons:
            continue
        versions = [articles[i] for i in component]
        base, reason = choose_base(versions)
        inner = tuple(sorted(verified.get(number, []), key=lambda k: (k.a, k.b)))
        members = [Member(base.id, "base", 1.0)]
        for article in versions:
            if article.id == base.id:
                continue
            direct = verifier(index[base.id], index[article.id])
            if direct is not None:
                members.append(Member(article.id, direct[0], direct[1]))
                continue
            own = [k for k in inner if article.id in (k.a, k.b)]
            best = min(own, key=lambda k: (RELATION_RANK[k.relation], -k.score, k.a, k.b))
            via = best.b if best.a == article.id else best.a
            members.append(Member(article.id, best.relation, best.score, via=via))
        members[1:] = sorted(members[1:], key=lambda m: (RELATION_RANK[m.relation], -m.score, m.id))
        groups.append((base.id, reason, tuple(members), inner))
    groups.sort(key=lambda g: (-len(g[2]), g[0]))
    return [
        Group(id=f"g{number}", base=base, base_reason=reason, members=members, links=inner)
        for number, (base, reason, members, inner) in enumerate(groups, start=1)
    ]
