"""Text normalisation, tokens and shingles: what copy-editing changes must not change here.

Normalisation is for *matching* only; the text shown to a user is always the article's own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import xxhash

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
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

# Hash multipliers that combine token hashes into a shingle hash (odd, so each step is a bijection).
_SHINGLE_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip
MAX_SHINGLE = len(_SHINGLE_MULTIPLIERS)


def _is_invisible(char: str) -> bool:
    # Cf: zero-width spaces and joiners, bidi controls, soft hyphen; Cc: control characters.
    return unicodedata.category(char) in ("Cf", "Cc") and char not in "\n\t"


def normalize(text: str) -> str:
    """Fold what copy-editing or evasion changes without changing the story.

    NFKC, zero-width and bidi controls dropped, Cyrillic/Greek homoglyphs mapped to Latin, case folded,
    curly quotes and dashes made plain, whitespace collapsed. Cost: linear in the text.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(ch for ch in text if not _is_invisible(ch)).translate(_TRANSLATION)
    return _SPACES.sub(" ", text.casefold()).strip()


def tokens(normalized: str) -> list[str]:
    """Word tokens of normalised text; punctuation is not a token, so swapping it changes nothing."""
    return _WORD.findall(normalized)


@lru_cache(maxsize=1 << 20)
def token_hash(token: str) -> int:
    """64-bit hash of one token; cached because news vocabulary is Zipfian (most lookups hit)."""
    return xxhash.xxh3_64_intdigest(token.encode("utf-8"))


def shingle_hashes(words: list[str], size: int) -> np.ndarray:
    """Unique 32-bit hashes of the word ``size``-grams of ``words``, sorted.

    A text shorter than ``size`` words gives one shingle of all its words; no words give none.
    The n-gram hash is a vectorised combination of token hashes, so there is no per-shingle Python
    work; ``shingle_hash`` computes the same value for one shingle (for datasketch compatibility).
    """
    if not 1 <= size <= MAX_SHINGLE:
        raise ValueError(f"shingle size must be 1..{MAX_SHINGLE}, got {size}")
    if not words:
        return np.empty(0, dtype=np.uint32)
    hashes = np.fromiter((token_hash(w) for w in words), dtype=np.uint64, count=len(words))
    width = min(size, len(words))
    count = len(words) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        combined += hashes[offset : offset + count] * _SHINGLE_MULTIPLIERS[offset]
    folded = (combined >> np.uint64(32)) ^ (combined & np.uint64(0xFFFFFFFF))
    return np.unique(folded.astype(np.uint32))


def shingle_hash(shingle: bytes) -> int:
    """Hash of one shingle given as space-joined normalised words: a datasketch ``hashfunc``.

    ``MinHash(hashfunc=shingle_hash, scheme="affine32")`` fed these byte strings gives signatures
    bit-identical to ``dedupe.signature``'s.
    """
    words = shingle.decode("utf-8").split(" ")
    return int(shingle_hashes(words, len(words))[0])


_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")


def printable(text: str) -> str:
    """Article text made safe for a terminal: escape sequences, control characters and bidi overrides go.

    Newlines and tabs stay; everything else in Unicode categories Cc and Cf is dropped, so no article can
    move the cursor, recolour the screen, set a window title or reorder what an editor reads.
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))
