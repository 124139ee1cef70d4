"""LSH banding over compact numpy signature tables: candidate pairs without comparing all pairs.

Same banding as datasketch's ``MinHashLSH`` (b bands of r rows, chosen by datasketch's own optimiser
for a Jaccard threshold), but each band is one sorted uint64 key column (8 bytes per document per band)
instead of Python dicts (~3 KB per document). Cost: O(b * n log n) for n documents, plus the pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from dedupe.arrays import distinct

_BAND_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64
)


@dataclass(frozen=True, slots=True)
class Banding:
    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float, num_perm: int) -> Banding:
        """datasketch's choice of (b, r) minimising false positives plus false negatives at ``threshold``."""
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"LSH threshold must be between 0 and 1, got {threshold}")
        return cls(*_optimal_banding(threshold, num_perm))


@cache
def _optimal_banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's ``_optimal_param`` (weights 0.5 and 0.5), computed here without importing datasketch and
    scipy (~1 s, which a run from the caches would otherwise pay for nothing). Each (b, r) gives an error
    integral of a polynomial of degree <= ``num_perm``: Gauss-Legendre with ``num_perm // 2 + 1`` nodes is
    exact for it, where datasketch integrates adaptively; ties go to the first (b, r) in datasketch's order.
    """
    candidates = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)])
    bands, rows = (candidates[:, k, None].astype(np.float64) for k in (0, 1))
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(low: float, high: float, false_negative: bool) -> np.ndarray:
        s = (high - low) / 2 * nodes + (high + low) / 2
        collision = 1 - (1 - s**rows) ** bands
        return (high - low) / 2 * ((1 - collision if false_negative else collision) @ weights)

    error = 0.5 * integral(0.0, threshold, False) + 0.5 * integral(threshold, 1.0, True)
    b, r = candidates[int(np.argmin(error))]
    return int(b), int(r)


def band_keys(signatures: np.ndarray, banding: Banding) -> np.ndarray:
    """(n, bands) uint64 keys: one hash of each band's ``rows`` signature values."""
    n = signatures.shape[0]
    keys = np.zeros((n, banding.bands), dtype=np.uint64)
    values = signatures.astype(np.uint64)
    for band in range(banding.bands):
        key = np.full(n, band + 1, dtype=np.uint64) * _BAND_MULTIPLIERS[0]
        for row in range(banding.rows):
            column = values[:, band * banding.rows + row]
            key = (key ^ column) * _BAND_MULTIPLIERS[(row + 1) % len(_BAND_MULTIPLIERS)]
            key ^= key >> np.uint64(29)
        keys[:, band] = key
    return keys


def candidate_pairs(signatures: np.ndarray, banding: Banding, pivots: int = 8) -> np.ndarray:
    """Unique (i, j) pairs, i < j, of rows that share at least one band key, as an (m, 2) int64 array.

    In each bucket, each of the first ``pivots`` members is paired with every member after it: a bucket
    of up to ``pivots + 1`` rows gives all its pairs, a larger one (a wire story re-sent a thousand
    times, or boilerplate-only texts) gives about ``pivots`` pairs per member instead of a quadratic
    number, and stays connected. Vectorised per band; cost O(n log n + pairs) per band.
    """
    n = signatures.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    keys = band_keys(signatures, banding)
    rows = np.arange(n)
    merged = np.empty(0, dtype=np.int64)  # distinct codes i * n + j of the bands merged so far
    pending: list[np.ndarray] = []  # codes of the bands since, repeats and all
    for band in range(banding.bands):
        pairs = bucket_pairs(keys[:, band], rows, pivots)
        pending.append(pairs[:, 0] * n + pairs[:, 1])
        if sum(len(codes) for codes in pending) >= max(len(merged), MERGE_AT):
            merged = distinct(np.concatenate([merged, *pending]))
            pending.clear()
    codes = distinct(np.concatenate([merged, *pending]))
    return np.column_stack((codes // n, codes % n))


MERGE_AT = 1 << 20
"""Pair codes gathered before the first merge. A band repeats most pairs of the bands before it (a copy
shares most of its bands): merging whenever the bands since hold as many codes as the merged set keeps
the peak near twice the distinct pairs, not every band's pairs at once, at a few more sorts."""


def bucket_pairs(keys: np.ndarray, rows: np.ndarray, pivots: int = 8) -> np.ndarray:
    """The (i, j) row pairs, i < j, of one band: ``keys[k]`` is row ``rows[k]``'s key in that band.

    Every member of a bucket (rows sharing a key) must be present; rows may come in any order and need
    not be contiguous, so a cluster can hand one band's buckets, shuffled by key, to this same function
    (``dedupe.engines.dask``). Pairs may repeat across bands; the caller removes repeats.
    """
    n = len(keys)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    # Sort by key, then by row, so bucket members appear in row order.
    order = np.lexsort((rows, keys))
    ordered = keys[order]
    bucket_start = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[bucket_start, n])
    start_of = np.repeat(bucket_start, sizes)
    rank = np.arange(n) - start_of
    found: list[np.ndarray] = [np.empty((0, 2), dtype=np.int64)]
    for pivot in range(pivots):
        later = rank > pivot
        if not later.any():
            break
        found.append(np.column_stack((rows[order[start_of[later] + pivot]], rows[order[later]])))
    return np.concatenate(found).astype(np.int64)
