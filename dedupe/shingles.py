"""From normalised text to word and shingle hashes with no per-word Python work.

Tokenising and hashing words one by one in Python is what bounds a MinHash pipeline (issue 4: ~5.7k
docs/s per core for the regex alone, while the MinHash arithmetic runs at millions of shingles/s).
Here a whole batch of texts becomes one byte array; words are the runs of non-space bytes once every
non-word character is a space; each word's hash is a polynomial over its bytes read off prefix sums:

    prefix[i] = sum(byte[j] * P**j for j < i)            (mod 2**64, numpy's wrapping uint64)
    word(s, e) = (prefix[e] - prefix[s]) * P**-s         (P odd, so invertible mod 2**64)

then avalanched with MurmurHash3's 64-bit finaliser. A shingle of k words combines its words' hashes
with k fixed odd multipliers, and is folded to 32 bits for datasketch's ``affine32`` scheme. Cost per
batch: a handful of numpy passes over the bytes and words, O(bytes + words * k).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from dedupe.arrays import distinct

_NON_WORD = re.compile(r"\W+")
_SPACE = 0x20
_P = 0x100000001B3  # the FNV-1a 64-bit prime: odd, so it has an inverse modulo 2**64
_P_INVERSE = pow(_P, -1, 1 << 64)
_SHINGLE_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip
MAX_SHINGLE = len(_SHINGLE_MULTIPLIERS)


class _Powers:
    """P**i and P**-i modulo 2**64, grown on demand; kept for the process up to ``KEEP`` entries."""

    KEEP = 1 << 22
    """32 MiB per table: enough for any batch of articles; one giant text gets tables of its own."""

    def __init__(self) -> None:
        self.forward = np.ones(1, dtype=np.uint64)
        self.inverse = np.ones(1, dtype=np.uint64)

    def upto(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        if size <= len(self.forward):
            return self.forward, self.inverse
        if size > self.KEEP:
            return _power_table(_P, size), _power_table(_P_INVERSE, size)
        grown = min(max(size, 2 * len(self.forward)), self.KEEP)
        self.forward, self.inverse = _power_table(_P, grown), _power_table(_P_INVERSE, grown)
        return self.forward, self.inverse


def _power_table(base: int, size: int) -> np.ndarray:
    return np.cumprod(np.r_[np.uint64(1), np.full(size - 1, base, dtype=np.uint64)], dtype=np.uint64)


_POWERS = _Powers()


def _fmix64(values: np.ndarray) -> np.ndarray:
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a batch of texts: 64-bit hashes, byte lengths, first byte, and each text's first word."""

    hashes: np.ndarray
    lengths: np.ndarray
    first_bytes: np.ndarray
    offsets: np.ndarray
    """``offsets[d]`` is the index of text d's first word; ``offsets[-1]`` the number of words."""

    def text_of(self, index: np.ndarray) -> np.ndarray:
        """For each word index, the text it belongs to."""
        return np.searchsorted(self.offsets, index, side="right") - 1


_ASCII_NON_WORD = bytes(
    c if chr(c).isascii() and (chr(c).isalnum() or chr(c) == "_") else _SPACE for c in range(256)
)


def _word_bytes(text: str) -> bytes:
    """UTF-8 bytes of ``text`` with every non-word character (as regex ``\\W``) made a space."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_NON_WORD)
    return _NON_WORD.sub(" ", text).encode("utf-8")


def words(normalized_texts: Sequence[str]) -> Words:
    """Hash every word of every text in one pass (texts already passed through ``text.normalize``)."""
    cleaned = [_word_bytes(text) for text in normalized_texts]
    joined = b" ".join(cleaned) + b" "
    data = np.frombuffer(joined, dtype=np.uint8)
    bounds = np.zeros(len(cleaned) + 1, dtype=np.int64)
    np.cumsum([len(c) + 1 for c in cleaned], out=bounds[1:])
    bounds[-1] = len(data)
    # A word starts at a non-space byte after a space (or at 0) and ends at the next space; the data
    # always ends with a space, so every start has its end.
    is_space = data == _SPACE
    after_space = np.ones(len(data), dtype=bool)
    after_space[1:] = is_space[:-1]
    starts = np.flatnonzero(~is_space & after_space)
    before_space = np.zeros(len(data), dtype=bool)
    before_space[:-1] = ~is_space[:-1] & is_space[1:]
    ends = np.flatnonzero(before_space) + 1
    forward, inverse = _POWERS.upto(len(data) + 1)
    prefix = np.zeros(len(data) + 1, dtype=np.uint64)
    np.cumsum(data.astype(np.uint64) * forward[: len(data)], dtype=np.uint64, out=prefix[1:])
    hashes = _fmix64((prefix[ends] - prefix[starts]) * inverse[starts])
    offsets = np.searchsorted(starts, bounds)
    return Words(hashes, (ends - starts).astype(np.int64), data[starts], offsets)


def shingles(word_hashes: np.ndarray, offsets: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hashes of the ``size``-word shingles of each text, and where each text's shingles start.

    Shingles never cross from one text into the next. A text with fewer than ``size`` words (but some)
    has one shingle of all its words. Duplicates within a text are kept: MinHash does not mind them.
    Returns ``(hashes, shingle_offsets)`` with text d's shingles at ``shingle_offsets[d]:[d + 1]``.
    """
    combined, shingle_offsets = _shingles64(word_hashes, offsets, size)
    folded = (combined >> np.uint64(32)) ^ (combined & np.uint64(0xFFFFFFFF))
    return folded.astype(np.uint32), shingle_offsets


def exact_shingles(normalized_texts: Sequence[str], size: int) -> list[np.ndarray]:
    """Each text's distinct ``size``-word shingles as sorted 64-bit hashes: the exact sets verification
    intersects (collisions at 64 bits: none to speak of), computed for a whole batch at once."""
    text_words = words(normalized_texts)
    combined, offsets = _shingles64(text_words.hashes, text_words.offsets, size)
    return [distinct(combined[start:end]) for start, end in pairwise(offsets.tolist())]


def _shingles64(word_hashes: np.ndarray, offsets: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    if not 1 <= size <= MAX_SHINGLE:
        raise ValueError(f"shingle size must be 1..{MAX_SHINGLE}, got {size}")
    index = np.arange(len(word_hashes))
    text = np.searchsorted(offsets, index, side="right") - 1
    end = offsets[text + 1]
    combined = np.zeros(len(word_hashes), dtype=np.uint64)
    for offset in range(size):
        position = index + offset
        inside = position < end
        combined[inside] += word_hashes[position[inside]] * _SHINGLE_MULTIPLIERS[offset]
    keep = (index + size <= end) | ((index == offsets[text]) & (end - index < size))
    per_text = np.bincount(text[keep], minlength=len(offsets) - 1)
    shingle_offsets = np.zeros(len(per_text) + 1, dtype=np.int64)
    np.cumsum(per_text, out=shingle_offsets[1:])
    return combined[keep], shingle_offsets


def shingle_hash(shingle: bytes) -> int:
    """Hash of one shingle given as space-joined normalised words: a datasketch ``hashfunc``.

    ``MinHash(hashfunc=shingle_hash, scheme="affine32")`` fed these byte strings gives signatures
    bit-identical to ``dedupe.signature``'s.
    """
    text_words = words([shingle.decode("utf-8")])
    hashes, _ = shingles(text_words.hashes, text_words.offsets, min(len(text_words.hashes), MAX_SHINGLE))
    return int(hashes[0])
