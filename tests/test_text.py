from dedupe.text import normalize, printable, shingle_hash, shingle_hashes, tokens


def test_normalize_folds_what_copy_editing_changes():
    edited = "\u201cWe will  rebuild,\u201d the Mayor said \u2014 on\u00a0Tuesday."
    plain = '"we will rebuild," the mayor said - on tuesday.'
    assert normalize(edited) == plain


def test_normalize_defeats_evasion_characters():
    evasive = "The m\u0430yor\u200b s\u0430id the \u202edam\u202c held"  # Cyrillic a, zero-width, bidi
    assert normalize(evasive) == "the mayor said the dam held"


def test_nfkc_folds_compatibility_forms():
    assert normalize("\uff21\uff30 reported \ufb01nal results") == "ap reported final results"


def test_tokens_ignore_punctuation():
    assert tokens(normalize("U.S. officials, on Jan. 5, said: no.")) == tokens(
        normalize("U.S. officials on Jan 5 said no")
    )


def test_shingles_are_sorted_unique_and_order_sensitive():
    words = "a b c d e a b c d e".split()
    hashes = shingle_hashes(words, 5)
    assert list(hashes) == sorted(set(hashes.tolist()))
    assert len(hashes) == 5  # abcde, bcdea, cdeab, deabc, eabcd
    assert set(shingle_hashes("e d c b a".split(), 5)) != set(shingle_hashes("a b c d e".split(), 5))


def test_short_text_gives_one_shingle_and_empty_gives_none():
    assert len(shingle_hashes(["only", "three", "words"], 5)) == 1
    assert len(shingle_hashes([], 5)) == 0


def test_shingle_hash_matches_vectorised_hashes():
    words = "the flood waters rose overnight in the valley".split()
    expected = {shingle_hash(" ".join(words[i : i + 5]).encode()) for i in range(len(words) - 4)}
    assert expected == set(shingle_hashes(words, 5).tolist())


def test_printable_drops_escapes_controls_and_bidi():
    hostile = "Mayor\x1b[31m red\x1b[0m \x1b]0;owned\x07title \u202eevil\u202c\x00 ok\nnext"
    assert printable(hostile) == "Mayor red title evil ok\nnext"
