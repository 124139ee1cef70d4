import sys
import unicodedata

from dedupe.text import _INVISIBLE, normalize, printable, tokens


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


def test_printable_drops_escapes_controls_and_bidi():
    hostile = "Mayor\x1b[31m red\x1b[0m \x1b]0;owned\x07title \u202eevil\u202c\x00 ok\nnext"
    assert printable(hostile) == "Mayor red title evil ok\nnext"


def test_invisible_class_covers_every_control_and_format_character():
    everything = (chr(c) for c in range(sys.maxunicode + 1))
    categories = {ch: unicodedata.category(ch) for ch in everything if _INVISIBLE.match(ch) or ch in "\n\t"}
    missing = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cc", "Cf")
        and chr(c) not in "\n\t"
        and not _INVISIBLE.match(chr(c))
    ]
    assert missing == []
    # Newer Unicode versions than this Python's add format controls to the Egyptian block; nothing else.
    extra = [
        ch for ch, cat in categories.items() if cat not in ("Cc", "Cf") and not 0x13430 <= ord(ch) <= 0x1343F
    ]
    assert extra == []
    assert not _INVISIBLE.match("\n") and not _INVISIBLE.match("\t")
