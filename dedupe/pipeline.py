"""The one door every face uses: ``scan`` reads, signs, indexes and groups; the rest is rendering.

Stages run in one direction (sources -> text -> signature -> index -> grouping); I/O happens only in
reading sources and in the caches (signatures, articles read, verification verdicts).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import xxhash

from dedupe.arrays import distinct
from dedupe.boilerplate import strip_boilerplate
from dedupe.cache import ArticleCache, ResultCache, SignatureCache, VerdictCache, VerdictResult
from dedupe.errors import SourceError
from dedupe.grouping import (
    TERM_INDEX_NEAR,
    Evidence,
    GroupingParams,
    Verifier,
    build_groups,
    copy_plausible,
    estimated_similarity,
    evidence,
    link_components,
    near_components,
    plausible_pairs,
    rewrite_plausible,
    term_index_rows,
    verify,
)
from dedupe.index import Banding, candidate_pairs
from dedupe.model import Article, Group, Relation
from dedupe.signature import SignatureParams, content_hash, signatures
from dedupe.sources import ReadOptions, iter_articles
from dedupe.text import normalize

T = TypeVar("T")

SIGN_BATCH = 512
"""Texts signed together: large enough to amortise numpy's per-call cost, small enough to spread."""

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: called as work advances; ``total`` is ``None`` while unknown."""


@dataclass(frozen=True, slots=True)
class ScanOptions:
    signature: SignatureParams = field(default_factory=SignatureParams)
    grouping: GroupingParams = field(default_factory=GroupingParams)
    read: ReadOptions = field(default_factory=ReadOptions)
    jobs: int = 1
    """Worker processes for reading, signatures and rewrite verification; 0 means one per core."""
    cache_dir: Path | None = None
    """Where files read, signatures and verdicts are cached; ``None`` computes everything afresh."""
    singletons: bool = False
    """Also report articles that have no copy, as groups of one."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    articles: tuple[Article, ...]
    groups: tuple[Group, ...]
    errors: tuple[SourceError, ...]
    warnings: tuple[str, ...]
    options: ScanOptions


def scan(
    paths: Iterable[str], options: ScanOptions = ScanOptions(), progress: Progress | None = None
) -> ScanResult:
    """Group the articles found under ``paths``; unreadable inputs end up in ``errors``, never raised."""
    with _collector_paused():
        return _scan(paths, options, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a scan runs (and in the workers it forks), then back.

    A scan builds millions of long-lived objects (articles, strings, verdicts) and no reference cycles
    worth collecting; each full collection walks them all, and there are more of them as the corpus
    grows. Measured on Reuters 5x (``--jobs 2``): main process 46.3 -> 38.4 s of CPU, workers 37.5 ->
    30.3 s, the same groups.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _scan(paths: Iterable[str], options: ScanOptions, progress: Progress | None) -> ScanResult:
    report = progress or (lambda stage, done, total: None)
    articles: list[Article] = []
    errors: list[SourceError] = []
    warnings: list[str] = []
    jobs = options.jobs or os.cpu_count() or 1
    read_cache = ArticleCache(options.cache_dir) if options.cache_dir is not None else None
    for item in iter_articles(paths, options.read, jobs=jobs, cache=read_cache):
        (errors if isinstance(item, SourceError) else articles).append(item)
        report("read", len(articles) + len(errors), None)
    if read_cache is not None:
        warnings.extend(read_cache.warnings)
        read_cache.close()
    articles = unique_ids(articles)
    results = ResultCache(options.cache_dir) if options.cache_dir is not None else None
    key = results.key(articles, _result_context(options)) if results is not None else b""
    groups = results.get(key, {a.id for a in articles}) if results is not None else None
    if groups is None:
        texts = strip_boilerplate([a.text for a in articles])
        groups = group(articles, texts, sign(texts, options, warnings, report), options, warnings)
        if results is not None:
            results.put(key, groups)
    if results is not None:
        warnings.extend(results.warnings)
        results.close()
    report("group", len(articles), len(articles))
    return ScanResult(
        articles=tuple(articles),
        groups=tuple(groups),
        errors=tuple(sorted(errors, key=lambda e: (e.path, e.reason))),
        warnings=tuple(warnings),
        options=options,
    )


def _result_context(options: ScanOptions) -> str:
    """The options a scan's groups depend on (not where caches live, nor how many workers ran)."""
    return f"{options.grouping!r}\0{options.signature.key}\0{options.read.key}\0{options.singletons}"


def unique_ids(articles: Sequence[Article]) -> list[Article]:
    """Articles in a stable order (by id, then path) with ids made unique by appending ``@path``."""
    ordered = sorted(articles, key=lambda a: (a.id, a.path))
    seen: set[str] = set()
    unique = []
    for article in ordered:
        if article.id in seen:
            article = replace(article, id=f"{article.id}@{article.path}")
        seen.add(article.id)
        unique.append(article)
    return unique


@dataclass(frozen=True, slots=True)
class SignatureTables:
    """Every article's two signatures as compact (articles x num_perm) uint32 arrays, in article order."""

    shingles: np.ndarray
    terms: np.ndarray
    shingle_counts: np.ndarray
    term_counts: np.ndarray
    """Distinct shingles and content words per article: with the signatures, they estimate containment."""


def sign(
    texts: Sequence[str], options: ScanOptions, warnings: list[str], report: Progress
) -> SignatureTables:
    """Signatures in text order: from the cache where present, else computed on ``jobs`` processes.

    Each distinct text is signed once; computed batches are copied into the tables and written to the
    cache as they arrive, so no per-article signature objects outlive their batch.
    """
    hashes: list[str] = []
    distinct: dict[str, str] = {}  # content hash -> normalised text, each distinct text once
    for text in texts:
        normalized = normalize(text)
        hashes.append(content_hash(normalized))
        distinct.setdefault(hashes[-1], normalized)
    row_of = {h: row for row, h in enumerate(distinct)}
    num_perm = options.signature.num_perm
    shingle_rows = np.empty((len(row_of), num_perm), dtype=np.uint32)
    term_rows = np.empty((len(row_of), num_perm), dtype=np.uint32)
    shingle_counts = np.empty(len(row_of), dtype=np.int64)
    term_counts = np.empty(len(row_of), dtype=np.int64)
    cache = SignatureCache(options.cache_dir, options.signature) if options.cache_dir is not None else None
    known = cache.get_many(row_of) if cache else {}
    for h, cached in known.items():
        row = row_of[h]
        shingle_rows[row], term_rows[row] = cached.shingles, cached.terms
        shingle_counts[row], term_counts[row] = cached.shingle_count, cached.term_count
    done = len(known)
    report("sign", done, len(row_of))
    batches = _batches([text for h, text in distinct.items() if h not in known], SIGN_BATCH)
    del distinct
    jobs = options.jobs or os.cpu_count() or 1
    parallel = jobs > 1 and len(batches) > 1
    from dedupe.workers import process_pool  # a pool only when there is work to spread

    with process_pool(jobs) if parallel else _InProcess() as pool:
        for computed in pool.map(signatures, batches, [options.signature] * len(batches)):
            for s in computed:
                row = row_of[s.content_hash]
                shingle_rows[row], term_rows[row] = s.shingles, s.terms
                shingle_counts[row], term_counts[row] = s.shingle_count, s.term_count
            if cache:
                cache.put_many(computed)
            done += len(computed)
            report("sign", done, len(row_of))
    if cache:
        warnings.extend(cache.warnings)
        cache.close()
    rows = np.fromiter((row_of[h] for h in hashes), dtype=np.int64, count=len(hashes))
    return SignatureTables(shingle_rows[rows], term_rows[rows], shingle_counts[rows], term_counts[rows])


def _batches(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


class _InProcess:
    """The executor interface, run in this process (one job, or too little work to ship elsewhere)."""

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, function: Callable[..., T], *iterables: Iterable[Any]) -> Iterator[T]:
        return map(function, *iterables)


def group(
    articles: Sequence[Article],
    texts: Sequence[str],
    tables: SignatureTables,
    options: ScanOptions,
    warnings: list[str] | None = None,
) -> list[Group]:
    """Groups of ``articles``, matched on ``texts`` (their text less boilerplate); with a cache folder,
    pairs of texts verified by an earlier run are not verified again (its problems go to ``warnings``)."""
    params = options.grouping
    if len(articles) < 2:
        verifier = Verifier(texts, params, options.signature.shingle_size, (tables.terms, tables.term_counts))
        components = [[i] for i in range(len(articles))]
        return build_groups(articles, components, verifier, singletons=options.singletons)
    num_perm = options.signature.num_perm
    shingle_table, term_table = tables.shingles, tables.terms
    shingle_pairs = candidate_pairs(shingle_table, Banding.for_threshold(params.shingle_lsh, num_perm))
    jaccard = estimated_similarity((shingle_table,), shingle_pairs)[:, 0]
    near = near_components(shingle_pairs, jaccard, TERM_INDEX_NEAR, len(articles))
    rows = term_index_rows(near, tables.term_counts)
    term_pairs = rows[candidate_pairs(term_table[rows], Banding.for_threshold(params.term_lsh, num_perm))]
    pairs = _distinct_pairs([shingle_pairs, term_pairs], len(articles))
    del shingle_pairs, jaccard, term_pairs
    strength = estimated_similarity((shingle_table, term_table), pairs)
    plausible = plausible_pairs(pairs, strength, tables.shingle_counts, tables.term_counts, params)
    if options.cache_dir is None:
        return link(articles, texts, tables, pairs[plausible], strength[plausible], options)
    context = f"{params!r}\0{options.signature.key}"
    verdicts = VerdictCache(options.cache_dir, context)
    try:
        return link(
            articles, texts, tables, pairs[plausible], strength[plausible], options, verdicts=verdicts
        )
    finally:
        (warnings if warnings is not None else []).extend(verdicts.warnings)
        verdicts.close()


RewriteVerification = Callable[
    [np.ndarray, Sequence[str], "ScanOptions"], list[tuple[int, int, tuple[str, float] | None]]
]


def link(
    articles: Sequence[Article],
    texts: Sequence[str],
    tables: SignatureTables,
    pairs: np.ndarray,
    strength: np.ndarray,
    options: ScanOptions,
    rewrites_verified_by: RewriteVerification | None = None,
    verdicts: VerdictCache | None = None,
    known: Sequence[tuple[int, int, tuple[Relation, float] | None]] = (),
) -> list[Group]:
    """Groups from the plausible candidate ``pairs`` (rows of ``articles``) and their MinHash ``strength``.

    Order-sensitive (links are made strongest first), but each connected component of ``pairs`` is
    linked independently of the others, which is what lets ``dedupe.engines.dask`` run it per component.
    ``tables.shingles`` is not used. ``rewrites_verified_by`` replaces ``verify_rewrites`` (same contract).
    With ``verdicts``, rewrite-only pairs of texts verified before are not verified again, and the new
    verdicts are added to it. ``known``: what an earlier ``link_copies`` verified on these pairs.
    """
    verifier, copies, rewrite_possible, copy_components = link_copies(
        texts, tables, pairs, strength, options, known
    )
    rewrites = representative_pairs(pairs, strength, rewrite_possible & ~copies, copy_components)
    verifying = rewrites_verified_by or verify_rewrites
    if verdicts is None:
        verifier.record(verifying(pairs[rewrites], texts, options))
    else:
        verifier.record(_verify_remembered(verdicts, pairs[rewrites], texts, options, verifying))
    kept = copies | rewrites
    components = link_components(
        len(texts), pairs[kept], strength[kept], verifier, rewrite_possible=rewrite_possible[kept]
    )
    return build_groups(articles, components, verifier, singletons=options.singletons)


def link_copies(
    texts: Sequence[str],
    tables: SignatureTables,
    pairs: np.ndarray,
    strength: np.ndarray,
    options: ScanOptions,
    known: Sequence[tuple[int, int, tuple[Relation, float] | None]] = (),
) -> tuple[Verifier, np.ndarray, np.ndarray, list[list[int]]]:
    """``link``'s first step: the groups of copies (exact, near, contained) among the plausible ``pairs``.

    Returns the verifier (holding what it verified), the masks of the pairs that could be copies and of
    those that could be rewrites, and the groups of copies (every article, alone or not). ``known`` are
    verdicts of an earlier ``link_copies`` on the same pairs (the Dask engine's first stage), given to
    the verifier so that they are not verified again.
    """
    params = options.grouping
    verifier = Verifier(texts, params, options.signature.shingle_size, (tables.terms, tables.term_counts))
    verifier.record(known)
    rewrite_possible = rewrite_plausible(pairs, strength, tables.term_counts, params)
    copies = copy_plausible(pairs, strength, tables.shingle_counts, params)
    copy_pairs = pairs[copies]
    if known:  # only the pairs no earlier run verified need their shingles
        done = {(i, j) for i, j, _ in known}
        copy_pairs = copy_pairs[np.array([(i, j) not in done for i, j in copy_pairs.tolist()], dtype=bool)]
    verifier.prepare_copies(distinct(copy_pairs).tolist())
    copy_components = link_components(
        len(texts), pairs[copies], strength[copies], verifier, rewrite_possible=rewrite_possible[copies]
    )
    return verifier, copies, rewrite_possible, copy_components


def _verify_remembered(
    verdicts: VerdictCache,
    pairs: np.ndarray,
    texts: Sequence[str],
    options: ScanOptions,
    verifying: RewriteVerification,
) -> list[tuple[int, int, VerdictResult]]:
    """``verifying`` of ``pairs``, each pair of texts verified by an earlier run taken from ``verdicts``.

    Only this test is cached: it is most of the verification work, and it is a function of the two texts
    alone (the copy tests before it are skipped on every rewrite-only pair, whatever the corpus).
    """
    text_key = {i: xxhash.xxh3_128_digest(texts[i].encode("utf-8", "surrogatepass")) for i in distinct(pairs)}
    keys = [verdicts.pair_key(text_key[i], text_key[j]) for i, j in pairs.tolist()]
    known = verdicts.get_many(list(dict.fromkeys(keys)))
    unknown = np.array([key not in known for key in keys], dtype=bool)
    found = verifying(pairs[unknown], texts, options)
    fresh = {(i, j): result for i, j, result in found}
    verdicts.put_many(
        (key, fresh[(i, j)]) for key, (i, j) in zip(keys, pairs.tolist(), strict=True) if (i, j) in fresh
    )
    remembered = [
        (i, j, known[key]) for key, (i, j) in zip(keys, pairs.tolist(), strict=True) if key in known
    ]
    return remembered + found


def _distinct_pairs(parts: Sequence[np.ndarray], count: int) -> np.ndarray:
    """The union of (i, j) pair arrays, sorted and without repeats: as one int64 key per pair, since
    ``np.unique(axis=0)`` sorts rows through a slow structured view."""
    keys = distinct(np.concatenate([part[:, 0].astype(np.int64) * count + part[:, 1] for part in parts]))
    return np.stack([keys // count, keys % count], axis=1)


def representative_pairs(
    pairs: np.ndarray, strength: np.ndarray, mask: np.ndarray, components: Sequence[Sequence[int]]
) -> np.ndarray:
    """Of the pairs in ``mask``, the one per two groups of copies whose content words agree most.

    A story sent five times and another sent five times give 25 rewrite candidates, and each costs a
    sentence-by-sentence comparison: the two groups are compared once, by their most similar members.
    Ties go to the higher shingle estimate, then the lower indexes, so the choice is deterministic.
    """
    label = np.empty(sum(len(c) for c in components), dtype=np.int64)
    for number, component in enumerate(components):
        label[component] = number
    where = np.flatnonzero(mask)
    chosen = np.zeros(len(mask), dtype=bool)
    chosen[where[best_across_groups(pairs[where], strength[where], label, len(components))]] = True
    return chosen


def best_across_groups(pairs: np.ndarray, strength: np.ndarray, label: np.ndarray, groups: int) -> np.ndarray:
    """Indexes of the pairs that are, each for its two groups (``label`` of its ends), the first by content
    words' estimate, then shingles', then lower indexes; pairs inside one group are left out.

    A minimum in one total order, so it can be taken on parts and again on the parts' choices: the Dask
    engine picks each partition's best, then the best of those, and gets the same pairs as one pass.
    """
    left, right = label[pairs[:, 0]], label[pairs[:, 1]]
    apart = np.flatnonzero(left != right)
    left, right = left[apart], right[apart]
    key = np.minimum(left, right) * groups + np.maximum(left, right)
    chosen_pairs, chosen_strength = pairs[apart], strength[apart]
    order = np.lexsort(
        (chosen_pairs[:, 1], chosen_pairs[:, 0], -chosen_strength[:, 0], -chosen_strength[:, 1], key)
    )
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    return apart[order[first]]


VERIFY_CHUNK = 4096
"""Candidate pairs verified per task: enough to amortise a task's cost, small enough to share out."""

EVIDENCE_KEPT = 30000
"""Articles whose verification evidence a process keeps between chunks (~10 KB each): a bound, so that a
worker's memory does not grow with the corpus (it is cleared when full, and refilled from the chunks)."""
_EVIDENCE: dict[tuple[str, int], Evidence] = {}


def verify_rewrites(
    pairs: np.ndarray, texts: Sequence[str], options: ScanOptions
) -> list[tuple[int, int, tuple[str, float] | None]]:
    """Pairs that can only be rewrites (``copy_plausible`` says no copy) verified on ``jobs`` processes.

    The rewrite-only candidates are most of the verification work on a corpus of similar stories, and
    each is independent of the others, so they are verified ahead of linking, in parallel. Each chunk
    travels with the texts it names (sorted by first article, so a chunk names few distinct ones); no
    worker holds the whole corpus.
    """
    if not len(pairs):
        return []
    ordered = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    chunks = [ordered[start : start + VERIFY_CHUNK] for start in range(0, len(ordered), VERIFY_CHUNK)]
    params, size = options.grouping, options.signature.shingle_size
    wanted = [{int(i): texts[i] for i in distinct(chunk)} for chunk in chunks]
    jobs = min(options.jobs or os.cpu_count() or 1, len(chunks))
    if jobs <= 1:
        try:
            parts = map(verify_chunk, chunks, wanted, [params] * len(chunks), [size] * len(chunks))
            return [found for part in parts for found in part]
        finally:
            _EVIDENCE.clear()
    from dedupe.workers import process_pool

    with process_pool(jobs) as pool:
        parts = pool.map(verify_chunk, chunks, wanted, [params] * len(chunks), [size] * len(chunks))
        return [found for part in parts for found in part]


def verify_chunk(
    chunk: np.ndarray, texts: dict[int, str], params: GroupingParams, size: int
) -> list[tuple[int, int, tuple[str, float] | None]]:
    """The rewrite test of each pair of ``chunk`` (rows named in ``texts``), for any engine's workers.

    Evidence is kept per process across chunks, keyed by the text itself: a chunk from another run, or
    another task sharing the process, can only ever find the right evidence.
    """

    def evidence_of(i: int) -> Evidence:
        key = (texts[i], size)
        found = _EVIDENCE.get(key)
        if found is None:
            if len(_EVIDENCE) >= EVIDENCE_KEPT:
                _EVIDENCE.clear()
            found = _EVIDENCE[key] = evidence(texts[i], size)
        return found

    return [
        (i, j, verify(evidence_of(i), evidence_of(j), params, copy_possible=False)) for i, j in chunk.tolist()
    ]
