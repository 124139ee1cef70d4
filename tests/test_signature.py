import datasketch
import numpy as np
import pytest

from dedupe.shingles import shingle_hash
from dedupe.signature import SignatureParams, estimated_jaccard, signature, to_datasketch
from dedupe.text import normalize, tokens

STORY = (
    "RIVERTON, Ore. (AP) - Floodwaters tore through the river town of Riverton on Tuesday, "
    "killing at least 12 people and forcing hundreds from their homes, officials said. "
    '"We have never seen water rise this fast," said Mayor Ellen Park.'
)


def test_signatures_are_bit_identical_to_datasketch():
    params = SignatureParams()
    words = tokens(normalize(STORY))
    shingles = [" ".join(words[i : i + 5]).encode() for i in range(len(words) - 4)]
    reference = datasketch.MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=shingle_hash)
    reference.update_batch(shingles)
    assert np.array_equal(reference.hashvalues, signature(STORY, params).shingles)


def test_signatures_feed_datasketch_lsh():
    params = SignatureParams()
    lsh = datasketch.MinHashLSH(threshold=0.5, num_perm=params.num_perm)
    lsh.insert("story", to_datasketch(signature(STORY, params).shingles, params))
    copy = to_datasketch(signature(STORY.upper() + " Advertisement.", params).shingles, params)
    other = to_datasketch(
        signature("Stocks fell sharply in Tokyo on Monday as the yen rose.", params).shingles, params
    )
    assert lsh.query(copy) == ["story"]
    assert lsh.query(other) == []


def test_signature_is_deterministic_and_seed_dependent():
    first = signature(STORY, SignatureParams())
    assert np.array_equal(first.shingles, signature(STORY, SignatureParams()).shingles)
    assert not np.array_equal(first.shingles, signature(STORY, SignatureParams(seed=2)).shingles)
    assert first.shingles.dtype == np.uint32 and first.shingles.shape == (128,)


def test_estimated_jaccard_tracks_edits():
    params = SignatureParams()
    edited = STORY.replace("at least 12", "at least 14")
    assert estimated_jaccard(signature(STORY, params).shingles, signature(edited, params).shingles) > 0.6
    assert estimated_jaccard(signature(STORY, params).shingles, signature(STORY, params).shingles) == 1.0


def test_terms_signature_ignores_stop_words():
    params = SignatureParams()
    a = signature("The mayor said that the dam held.", params)
    b = signature("Mayor: dam held!", params)
    assert np.array_equal(a.terms, b.terms)
    assert a.content_hash != b.content_hash


def test_cache_key_carries_scheme_and_params():
    assert "affine32" in SignatureParams().key
    assert SignatureParams(num_perm=64).key != SignatureParams().key


def test_bad_num_perm_is_refused():
    with pytest.raises(ValueError, match="num_perm"):
        SignatureParams(num_perm=3)
