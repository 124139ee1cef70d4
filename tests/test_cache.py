import numpy as np

from dedupe.cache import SignatureCache
from dedupe.signature import SignatureParams, signature


def test_round_trip_and_params_isolation(tmp_path):
    params = SignatureParams()
    sig = signature("The council voted 7-2 to close the bridge for repairs on Monday.", params)
    cache = SignatureCache(tmp_path, params)
    cache.put_many([sig])
    cache.close()
    again = SignatureCache(tmp_path, params).get_many([sig.content_hash, "missing"])
    assert list(again) == [sig.content_hash]
    assert np.array_equal(again[sig.content_hash].shingles, sig.shingles)
    assert again[sig.content_hash].term_count == sig.term_count
    assert SignatureCache(tmp_path, SignatureParams(num_perm=64)).get_many([sig.content_hash]) == {}


def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path):
    (tmp_path / SignatureCache.FILE_NAME).write_bytes(b"this is not a database at all" * 100)
    cache = SignatureCache(tmp_path, SignatureParams())
    assert cache.get_many(["x"]) == {}
    assert any("rebuilt" in w for w in cache.warnings)
    sig = signature("Short text for the cache.", SignatureParams())
    cache.put_many([sig])
    assert sig.content_hash in cache.get_many([sig.content_hash])
