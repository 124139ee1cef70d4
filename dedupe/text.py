"""Text normalisation and tokens: what copy-editing changes must not change here.

Normalisation is for *matching* only; the text shown to a user is always the article's own.
"""

from __future__ import annotations

import re
import unicodedata

# Latin look-alikes from Cyrillic and Greek, the ones used to dodge duplicate detection.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ο": "o", "α": "a", "ν": "v", "ρ": "p", "τ": "t", "ι": "i", "κ": "k", "υ": "u", "χ": "x",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_PUNCTUATION = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2026": "...",
}  # fmt: skip
_TRANSLATION = str.maketrans({**_HOMOGLYPHS, **_PUNCTUATION})
_WORD = re.compile(r"\w+")
# Every code point of Unicode categories Cc (controls) and Cf (format: zero-width spaces and joiners,
# bidi controls, soft hyphen, tags) but newline and tab; tests check the ranges against unicodedata.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def normalize(text: str) -> str:
    """Fold what copy-editing or evasion changes without changing the story.

    NFKC, zero-width and bidi controls dropped, case folded, Cyrillic/Greek homoglyphs mapped to Latin,
    curly quotes and dashes made plain, whitespace collapsed. Cost: linear in the text.

    Idempotent (``normalize(normalize(t)) == normalize(t)``), or an evasion would need two passes to fold:
    homoglyphs are mapped after case folding (folding makes some: U+0345 becomes Greek iota) and on the
    decomposed text (Greek ``ϊ`` is iota and a diaeresis, so it folds as Latin ``ï``), then composed again.
    """
    if not text.isascii():  # NFKC and the tables below change nothing in ASCII text
        folded = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).casefold()
        text = unicodedata.normalize("NFKC", unicodedata.normalize("NFD", folded).translate(_TRANSLATION))
    return " ".join(text.casefold().split())


def tokens(normalized: str) -> list[str]:
    """Word tokens of normalised text; punctuation is not a token, so swapping it changes nothing."""
    return _WORD.findall(normalized)


_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")


def printable(text: str) -> str:
    """Article text made safe for a terminal: escape sequences, control characters and bidi overrides go.

    Newlines and tabs stay; everything else in Unicode categories Cc and Cf is dropped, so no article can
    move the cursor, recolour the screen, set a window title or reorder what an editor reads.
    """
    return _INVISIBLE.sub("", _ESCAPE_SEQUENCE.sub("", text))
