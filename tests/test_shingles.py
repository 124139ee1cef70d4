import numpy as np
import pytest

from dedupe.shingles import shingle_hash, shingles, words
from dedupe.signature import SignatureParams, signature, signatures
from dedupe.text import normalize, tokens


def shingle_set(text, size):
    text_words = words([text])
    return np.unique(shingles(text_words.hashes, text_words.offsets, size)[0])


def test_words_split_on_non_word_characters_and_hash_equal_words_equally():
    batch = words(["flood, flood! u.s. 12-dead", "flood"])
    assert batch.offsets.tolist() == [0, 6, 7]
    assert batch.lengths.tolist() == [5, 5, 1, 1, 2, 4, 5]
    assert len({batch.hashes[0], batch.hashes[1], batch.hashes[6]}) == 1
    assert batch.hashes[2] != batch.hashes[3]  # "u" and "s"


def test_word_tokens_match_the_regex_tokens():
    text = normalize("Gov. Lila Moreno’s plan — $2 billion, 38-21 vote; “Every bridge” matters…")
    batch = words([text])
    assert len(batch.hashes) == len(tokens(text))
    assert batch.hashes.tolist() == [words([t]).hashes[0] for t in tokens(text)]


def test_shingles_stay_inside_their_text():
    batch = words(["a b c d e f", "", "g h", "i j k l m"])
    hashes, offsets = shingles(batch.hashes, batch.offsets, 5)
    assert offsets.tolist() == [0, 2, 2, 3, 4]
    alone = [
        shingles(words([t]).hashes, words([t]).offsets, 5)[0] for t in ("a b c d e f", "g h", "i j k l m")
    ]
    assert np.array_equal(hashes, np.concatenate(alone))


def test_shingle_order_matters_and_sets_are_unique():
    assert not np.array_equal(shingle_set("a b c d e", 5), shingle_set("e d c b a", 5))
    assert len(shingle_set("a b c d e a b c d e", 5)) == 5
    assert len(shingle_set("", 5)) == 0


def test_shingle_hash_reproduces_the_vectorised_hashes():
    text = "the flood waters rose overnight in the valley"
    split = text.split()
    expected = {shingle_hash(" ".join(split[i : i + 5]).encode()) for i in range(len(split) - 4)}
    assert expected == set(shingle_set(text, 5).tolist())


def test_batch_signatures_equal_one_at_a_time():
    texts = [
        normalize(t) for t in ("First story about floods in the valley today.", "", "x", "Second " * 3000)
    ]
    batch = signatures(texts, SignatureParams())
    for text, together in zip(texts, batch, strict=True):
        alone = signatures([text], SignatureParams())[0]
        assert np.array_equal(alone.shingles, together.shingles)
        assert np.array_equal(alone.terms, together.terms)
        assert alone.shingle_count == together.shingle_count
    assert (batch[1].shingles == 0xFFFFFFFF).all() and batch[1].shingle_count == 0


def test_term_signature_matches_the_python_content_terms():
    params = SignatureParams()
    text = "The mayor said the 2 dams held, and a U.S. engineer agreed on Jan. 5."
    from dedupe.signature import content_terms, permutations

    terms = content_terms(tokens(normalize(text)))
    expected = permutations(params).minhash(
        np.concatenate([shingles(words([t]).hashes, words([t]).offsets, 1)[0] for t in terms]),
        np.array([0, len(terms)]),
    )[0]
    assert np.array_equal(signature(text, params).terms, expected)


def test_bad_shingle_size():
    with pytest.raises(ValueError, match="shingle size"):
        shingles(np.zeros(3, dtype=np.uint64), np.array([0, 3]), 9)


def test_a_text_longer_than_the_kept_power_tables_hashes_the_same(monkeypatch):
    import dedupe.shingles as module

    text = " ".join(f"word{i % 97}" for i in range(3000))
    expected = shingle_set(text, 5)
    monkeypatch.setattr(module._Powers, "KEEP", 64)
    monkeypatch.setattr(module, "_POWERS", module._Powers())
    assert np.array_equal(shingle_set(text, 5), expected)
    assert len(module._POWERS.forward) <= 64
