"""The one door every face uses: ``scan`` reads, signs, indexes and groups; the rest is rendering.

Stages run in one direction (sources -> text -> signature -> index -> grouping); I/O happens only in
reading sources and in the signature cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from dedupe.boilerplate import strip_boilerplate
from dedupe.cache import SignatureCache
from dedupe.errors import SourceError
from dedupe.grouping import GroupingParams, Verifier, build_groups, estimated_similarity, link_components
from dedupe.index import Banding, candidate_pairs
from dedupe.model import Article, Group
from dedupe.signature import Signature, SignatureParams, content_hash, signatures
from dedupe.sources import ReadOptions, iter_articles
from dedupe.text import normalize

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
    """Worker processes for signatures; 0 means one per core."""
    cache_dir: Path | None = None
    """Where signatures are cached; ``None`` computes every signature afresh."""
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
    report = progress or (lambda stage, done, total: None)
    articles: list[Article] = []
    errors: list[SourceError] = []
    for item in iter_articles(paths, options.read):
        (errors if isinstance(item, SourceError) else articles).append(item)
        report("read", len(articles) + len(errors), None)
    articles = unique_ids(articles)
    texts = strip_boilerplate([a.text for a in articles])
    warnings: list[str] = []
    signatures = sign(texts, options, warnings, report)
    groups = group(articles, texts, signatures, options)
    report("group", len(articles), len(articles))
    return ScanResult(
        articles=tuple(articles),
        groups=tuple(groups),
        errors=tuple(sorted(errors, key=lambda e: (e.path, e.reason))),
        warnings=tuple(warnings),
        options=options,
    )


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


def sign(
    texts: Sequence[str], options: ScanOptions, warnings: list[str], report: Progress
) -> list[Signature]:
    """Signatures in text order: from the cache where present, else computed on ``jobs`` processes."""
    normalized = [normalize(text) for text in texts]
    hashes = [content_hash(text) for text in normalized]
    cache = SignatureCache(options.cache_dir, options.signature) if options.cache_dir is not None else None
    known = cache.get_many(hashes) if cache else {}
    missing = {h: text for h, text in zip(hashes, normalized, strict=True) if h not in known}
    report("sign", len(known), len(set(hashes)))
    jobs = options.jobs or os.cpu_count() or 1
    texts = list(missing.values())
    batches = [texts[start : start + SIGN_BATCH] for start in range(0, len(texts), SIGN_BATCH)]
    if jobs > 1 and len(batches) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = pool.map(signatures, batches, [options.signature] * len(batches))
            computed = [s for batch in done for s in batch]
    else:
        computed = [s for batch in batches for s in signatures(batch, options.signature)]
    known.update((s.content_hash, s) for s in computed)
    report("sign", len(known), len(known))
    if cache:
        cache.put_many(computed)
        warnings.extend(cache.warnings)
        cache.close()
    return [known[h] for h in hashes]


def group(
    articles: Sequence[Article], texts: Sequence[str], signatures: Sequence[Signature], options: ScanOptions
) -> list[Group]:
    """Groups of ``articles``, matched on ``texts`` (their text less boilerplate)."""
    params = options.grouping
    verifier = Verifier(texts, params, options.signature.shingle_size)
    if len(articles) < 2:
        components = [[i] for i in range(len(articles))]
        return build_groups(articles, components, verifier, singletons=options.singletons)
    num_perm = options.signature.num_perm
    shingle_table = np.stack([s.shingles for s in signatures])
    term_table = np.stack([s.terms for s in signatures])
    pairs = np.unique(
        np.concatenate(
            [
                candidate_pairs(shingle_table, Banding.for_threshold(params.shingle_lsh, num_perm)),
                candidate_pairs(term_table, Banding.for_threshold(params.term_lsh, num_perm)),
            ]
        ),
        axis=0,
    )
    strength = estimated_similarity((shingle_table, term_table), pairs)
    components = link_components(len(articles), pairs, strength, verifier)
    return build_groups(articles, components, verifier, singletons=options.singletons)
