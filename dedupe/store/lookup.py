"""An article's duplicates out of the index: candidates, estimates, verification, shared sentences.

A query article's band keys give candidates (any item sharing one band, as ``dedupe group``'s LSH does);
MinHash estimates drop the pairs that cannot verify (``grouping.plausible_pairs``); the rest are verified
exactly (``grouping.verify``) against the candidate's text as the index keeps it (``IndexStore.texts``,
through a ``TextReader``). Should a candidate's text be missing, its relation is estimated from the
signatures alone and the finding says so (``verified=False``); a ``rewrite`` cannot be estimated, so it is
then not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

import numpy as np

from dedupe.grouping import (
    RELATION_RANK,
    Evidence,
    GroupingParams,
    estimated_containment,
    evidence,
    plausible_pairs,
    verify,
)
from dedupe.model import Relation
from dedupe.sentences import split_sentences
from dedupe.signature import content_terms
from dedupe.store import IndexStore, Item, item_band_keys
from dedupe.text import normalize, tokens

SHARED_SENTENCES = 3
MIN_SHARED_WORDS = 5
"""Shorter sentences (datelines, sign-offs, "Reuter") say nothing about whose copy it is."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A checked article that copies an indexed one."""

    article: Item
    existing: Item
    relation: Relation
    score: float
    verified: bool
    """``False``: judged from the signatures alone (the indexed article's text was not readable here)."""
    shared: tuple[tuple[str, str], ...]
    """Up to three sentences both tell: (checked article's, indexed article's); equal when verbatim."""


TextReader = Callable[[Sequence[Item]], Mapping[str, str]]
"""The matching texts of indexed items, by item key (``IndexStore.texts``), for those it has."""

PLAUSIBLE_MARGIN = 0.2
"""``grouping.plausible_pairs``'s margin below the containment threshold (MinHash estimates err ~0.04)."""
READ_CHUNK = 64
"""Candidates whose texts are read at once: reads stop with verification when enough copies are found."""


def find_duplicates(
    store: IndexStore,
    queries: Sequence[tuple[Item, str]],
    params: GroupingParams,
    shingle_size: int,
    read: TextReader,
    *,
    keep: Callable[[Finding], bool] = lambda finding: True,
    limit: int | None = None,
) -> list[Finding]:
    """The indexed articles each query (an item and its matching text) copies, strongest first per query.

    Candidates are verified in order of estimated similarity. With ``limit`` (findings that ``keep``
    accepts, per query) a story re-sent a thousand times costs a few verifications, not a thousand, and the
    candidates that could only be rewrites (those sharing too little text to be a copy of it) are tried only
    when no copy sharing text was kept; a query with no copy costs every plausible candidate's. An indexed
    item with the query's own key is the query itself (an earlier version of the same file), never its copy.
    """
    if not queries:
        return []
    keys = item_band_keys(
        np.stack([q.shingles for q, _ in queries]), np.stack([q.terms for q, _ in queries]), store.banding
    )
    indexed: dict[str, Evidence] = {}  # candidates' evidence, shared by the queries
    findings: list[Finding] = []
    for number, (query, text) in enumerate(queries):
        found = [c for c in store.candidates(keys[number]) if c.key != query.key]
        mine = evidence(text, shingle_size)
        tiers = _plausible(query, found, params)
        if any(tiers) and len(mine.narrative) < params.min_narrative:
            # A text with fewer narrative sentences than a rewrite must match is a rewrite of nothing, so
            # the candidates that could only be rewrites are not plausible (as `dedupe group` drops pairs
            # that can be neither), and the others need no rewrite test.
            tiers = ([(candidate, False) for candidate, _ in tiers[0]], [])
        kept: list[tuple[Finding, str]] = []
        for tier in tiers:
            if kept and limit is not None:
                break
            verified = _verified(query, mine, tier, params, shingle_size, read, indexed)
            kept += islice((pair for pair in verified if keep(pair[0])), limit)
        kept.sort(key=lambda pair: (RELATION_RANK[pair[0].relation], -pair[0].score, pair[0].existing.key))
        for finding, theirs in kept:
            shared = shared_sentences(text, theirs, finding.relation, params.sentence_match) if theirs else ()
            findings.append(replace(finding, shared=shared))
    return findings


def _verified(
    query: Item,
    mine: Evidence,
    candidates: Sequence[tuple[Item, bool]],
    params: GroupingParams,
    shingle_size: int,
    read: TextReader,
    indexed: dict[str, Evidence],
) -> Iterator[tuple[Finding, str]]:
    """The candidates that are copies, in order, each with its text ("" when not readable here); texts are
    read a chunk at a time, as verification reaches them."""
    for start in range(0, len(candidates), READ_CHUNK):
        chunk = candidates[start : start + READ_CHUNK]
        texts = read([candidate for candidate, _ in chunk])
        for candidate, rewrite_possible in chunk:
            theirs = texts.get(candidate.key)
            if theirs is None:
                found = estimated_relation(query, candidate, params)
            else:
                if candidate.key not in indexed:
                    indexed[candidate.key] = evidence(theirs, shingle_size)
                found = verify(mine, indexed[candidate.key], params, rewrite_possible=rewrite_possible)
            if found is not None:
                yield Finding(query, candidate, found[0], found[1], theirs is not None, ()), theirs or ""


def _plausible(
    query: Item, candidates: Sequence[Item], params: GroupingParams
) -> tuple[list[tuple[Item, bool]], list[tuple[Item, bool]]]:
    """The candidates worth verifying, most similar first (by MinHash estimates), each with whether a
    rewrite is still possible (by its content words): those that may share text with the query (an exact,
    near or contained copy), then those that can only be rewrites."""
    if not candidates:
        return [], []
    table = np.stack([c.shingles for c in candidates])
    term_table = np.stack([c.terms for c in candidates])
    strength = np.column_stack(
        ((table == query.shingles).mean(axis=1), (term_table == query.terms).mean(axis=1))
    )
    shingle_counts = np.array([query.shingle_count, *(c.shingle_count for c in candidates)])
    term_counts = np.array([query.term_count, *(c.term_count for c in candidates)])
    pairs = np.column_stack((np.zeros(len(candidates), dtype=np.int64), np.arange(1, len(candidates) + 1)))
    plausible = plausible_pairs(pairs, strength, shingle_counts, term_counts, params, PLAUSIBLE_MARGIN)
    shingles = estimated_containment(strength[:, 0], shingle_counts[0], shingle_counts[1:])
    terms = estimated_containment(strength[:, 1], term_counts[0], term_counts[1:])
    exact = np.array([c.content_hash == query.content_hash for c in candidates])
    copies = exact | (shingles >= params.containment - PLAUSIBLE_MARGIN)
    order = np.lexsort(([c.key for c in candidates], -terms, -shingles, ~exact))
    tiers: tuple[list[tuple[Item, bool]], list[tuple[Item, bool]]] = ([], [])
    for i in order.tolist():
        if plausible[i] or exact[i]:
            tiers[0 if copies[i] else 1].append((candidates[i], bool(terms[i] >= params.rewrite_terms)))
    return tiers


def estimated_relation(query: Item, candidate: Item, params: GroupingParams) -> tuple[Relation, float] | None:
    """``verify``'s rules on MinHash estimates (error ~0.04 at 128 permutations); no rewrite without texts."""
    if query.content_hash == candidate.content_hash:
        return "exact", 1.0
    jaccard = float(np.mean(query.shingles == candidate.shingles))
    smaller, larger = sorted((query.shingle_count, candidate.shingle_count))
    containment = float(
        estimated_containment(np.float64(jaccard), query.shingle_count, candidate.shingle_count)
    )
    if jaccard >= params.near and smaller >= params.length_ratio * larger:
        return "near", round(jaccard, 4)
    if smaller >= params.min_shingles and containment >= params.containment:
        return "contained", round(min(containment, 1.0), 4)
    if jaccard >= params.near:
        return "near", round(jaccard, 4)
    return None


def shared_sentences(
    text: str, other: str, relation: Relation, cutoff: float, limit: int = SHARED_SENTENCES
) -> tuple[tuple[str, str], ...]:
    """Up to ``limit`` sentences of ``text`` that ``other`` also tells, each with its counterpart: verbatim
    ones in order, and reworded ones (content-word Dice >= ``cutoff``) closest first. For a ``rewrite`` the
    reworded ones come first: they are its evidence, while shared quotes are also in independent reports."""
    mine, theirs = _sentences(text), _sentences(other)
    by_form = {normalize(s): s for s in theirs}
    verbatim = [(s, by_form[normalize(s)]) for s in mine if normalize(s) in by_form]
    reworded: list[tuple[float, str, str]] = []
    if relation == "rewrite" or len(verbatim) < limit:
        words = {s: frozenset(content_terms(tokens(normalize(s)))) for s in (*mine, *theirs)}
        used = {b for _, b in verbatim}
        left = [t for t in theirs if t not in used and words[t]]
        for sentence in mine:
            if normalize(sentence) in by_form or not words[sentence] or not left:
                continue
            score, match = max((_dice(words[sentence], words[t]), t) for t in left)
            if score >= cutoff:
                reworded.append((score, sentence, match))
        reworded.sort(key=lambda entry: -entry[0])
    rewordings = [(s, t) for _, s, t in reworded]
    return tuple(rewordings + verbatim if relation == "rewrite" else verbatim + rewordings)[:limit]


@lru_cache(maxsize=256)
def _sentences(text: str) -> tuple[str, ...]:
    """Sentences long enough to tell whose copy a text is (not datelines, sign-offs or table rows)."""
    return tuple(s for s in split_sentences(text) if len(tokens(normalize(s))) >= MIN_SHARED_WORDS)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2.0 * len(a & b) / (len(a) + len(b))
