import numpy as np
import pytest

from dedupe.index import Banding, candidate_pairs
from dedupe.signature import SignatureParams, signature

PARAMS = SignatureParams()


def _table(texts):
    return np.stack([signature(t, PARAMS).shingles for t in texts])


BASE = " ".join(f"word{i} of the story number {i % 7}" for i in range(60))


def test_similar_rows_are_candidates_and_dissimilar_are_not():
    texts = [BASE, BASE + " Advertisement.", "An entirely different text about markets and rates " * 5]
    pairs = candidate_pairs(_table(texts), Banding.for_threshold(0.5, PARAMS.num_perm))
    assert pairs.tolist() == [[0, 1]]


def test_pairs_are_unique_and_ordered():
    texts = [BASE] * 5
    pairs = candidate_pairs(_table(texts), Banding.for_threshold(0.5, PARAMS.num_perm))
    assert pairs.tolist() == [[i, j] for i in range(5) for j in range(i + 1, 5)]


def test_hot_bucket_does_not_explode_but_stays_connected():
    table = _table([BASE] * 30)
    pairs = candidate_pairs(table, Banding.for_threshold(0.5, PARAMS.num_perm), pivots=2)
    assert len(pairs) == 1 + 28 * 2  # pivots 0 and 1 paired with everyone after them
    assert {tuple(p) for p in pairs} >= {(0, j) for j in range(1, 30)}


def test_pairs_merged_band_by_band_are_every_bands_pairs(monkeypatch):
    """Merging after every band (as a large corpus does) gives exactly the pairs of all bands at once."""
    from dedupe import index

    rng = np.random.default_rng(7)
    table = rng.integers(0, 4, size=(400, 128), dtype=np.uint32)  # few values: many chance collisions
    banding = Banding(bands=32, rows=4)
    keys = index.band_keys(table, banding)
    expected = {
        (i, j)
        for band in range(banding.bands)
        for pair in index.bucket_pairs(keys[:, band], np.arange(len(table))).tolist()
        for i, j in [pair]
    }
    monkeypatch.setattr(index, "MERGE_AT", 1)
    merged_often = {tuple(p) for p in candidate_pairs(table, banding).tolist()}
    monkeypatch.setattr(index, "MERGE_AT", 1 << 40)
    merged_once = {tuple(p) for p in candidate_pairs(table, banding).tolist()}
    assert len(expected) > 1000
    assert merged_often == merged_once == expected


def test_banding_follows_datasketch_optimiser():
    banding = Banding.for_threshold(0.3, 128)
    assert banding.bands * banding.rows <= 128
    with pytest.raises(ValueError):
        Banding.for_threshold(1.5, 128)


def test_fewer_than_two_rows_give_no_pairs():
    assert candidate_pairs(_table([BASE]), Banding.for_threshold(0.5, 128)).shape == (0, 2)


@pytest.mark.parametrize("num_perm", [16, 64, 128])
def test_banding_is_datasketchs_choice(num_perm):
    """Our integration of the error curves picks the (b, r) datasketch's optimiser picks."""
    from datasketch.lsh import _optimal_param

    for threshold in (0.05, 0.1, 0.2, 0.3, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95):
        expected = _optimal_param(threshold, num_perm, 0.5, 0.5)
        assert (
            Banding.for_threshold(threshold, num_perm).bands,
            Banding.for_threshold(threshold, num_perm).rows,
        ) == expected


def test_distinct_is_np_unique():
    from dedupe.arrays import distinct

    rng = np.random.default_rng(3)
    for values in (
        np.empty(0, dtype=np.int64),
        np.array([5], dtype=np.uint64),
        rng.integers(0, 50, 1000),
        rng.integers(0, 2**62, (300, 2)),
        rng.integers(0, 2**63, 500, dtype=np.uint64),
    ):
        assert np.array_equal(distinct(values), np.unique(values))
        assert distinct(values).dtype == np.unique(values).dtype
