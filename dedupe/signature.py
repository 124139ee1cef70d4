"""MinHash signatures, vectorised with numpy and bit-identical to datasketch's ``affine32`` scheme.

Each article gets two signatures:

* ``shingles`` over word 5-grams: Jaccard here separates verbatim, trimmed and edited copies;
* ``terms`` over content words (stop words dropped): a paraphrase keeps its names, numbers and quoted
  words while rewording the rest, so its term Jaccard stays high (0.3+) when its 5-gram Jaccard is ~0.1.

For a set of n hashes the cost is one (num_perm x n) uint32 multiply-add and a column min: O(num_perm*n).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import xxhash

if TYPE_CHECKING:
    import datasketch

from dedupe.shingles import Words, shingles, words
from dedupe.text import normalize

SCHEME = "affine32"
"""datasketch >= 2.0 permutation scheme; older datasketch signatures are not comparable (``legacy``)."""

# Frequent English function words: they say nothing about which story a text tells.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves also said says say told according new would could one two s t""".split()
)


@dataclass(frozen=True, slots=True)
class SignatureParams:
    """What a signature depends on; part of every cache key, so changing one never reuses stale data."""

    num_perm: int = 128
    seed: int = 1
    shingle_size: int = 5

    def __post_init__(self) -> None:
        if not 16 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must be 16..1024, got {self.num_perm}")

    @property
    def key(self) -> str:
        return f"minhash:{SCHEME}:p{self.num_perm}:s{self.seed}:k{self.shingle_size}:v2"


@dataclass(frozen=True, slots=True)
class Signature:
    """The matching features of one text: its content hash, two MinHash signatures and the set sizes."""

    content_hash: str
    shingles: np.ndarray
    terms: np.ndarray
    shingle_count: int
    term_count: int


def content_hash(normalized_text: str) -> str:
    """128-bit hash of normalised text: equal for `exact` copies, and the signature cache's key."""
    return xxhash.xxh3_128_hexdigest(normalized_text.encode("utf-8"))


class Permutations:
    """The affine permutations datasketch draws for (num_perm, seed) under the ``affine32`` scheme."""

    BLOCK = 8192
    """Shingles permuted at once: a (num_perm x BLOCK) uint32 temporary, 4 MiB at 128 permutations."""

    def __init__(self, num_perm: int, seed: int) -> None:
        generator = np.random.RandomState(seed)
        a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        self.a = a[:, np.newaxis]
        self.b = b[:, np.newaxis]
        self.num_perm = num_perm

    def minhash(self, hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """(texts, num_perm) signatures of the hash segments ``hashes[offsets[d]:offsets[d + 1]]``.

        An empty segment gets all 0xFFFFFFFF, as datasketch's empty MinHash. Texts are taken in blocks
        of about ``BLOCK`` shingles so each block is one multiply-add and one ``minimum.reduceat``.
        """
        texts = len(offsets) - 1
        result = np.full((texts, self.num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
        mixed = _fmix32(hashes.astype(np.uint32, copy=False))
        first = 0
        while first < texts:
            last = int(np.searchsorted(offsets, offsets[first] + self.BLOCK, side="right")) - 1
            last = min(max(last, first + 1), texts)
            if last == first + 1 and offsets[last] - offsets[first] > self.BLOCK:
                result[first] = self._minhash_long(mixed[offsets[first] : offsets[last]])
            else:
                starts = offsets[first:last] - offsets[first]
                filled = np.flatnonzero(np.diff(offsets[first : last + 1]) > 0)
                if len(filled):
                    permuted = self.a * mixed[np.newaxis, offsets[first] : offsets[last]] + self.b
                    result[first + filled] = np.minimum.reduceat(permuted, starts[filled], axis=1).T
            first = last
        return result

    def _minhash_long(self, mixed: np.ndarray) -> np.ndarray:
        """One text with more shingles than a block: a running minimum over blocks."""
        signature = np.full(self.num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
        for start in range(0, len(mixed), self.BLOCK):
            permuted = self.a * mixed[np.newaxis, start : start + self.BLOCK] + self.b
            np.minimum(signature, permuted.min(axis=1), out=signature)
        return signature


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, the pre-mix datasketch applies before its permutations."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


_PERMUTATIONS: dict[tuple[int, int], Permutations] = {}


def permutations(params: SignatureParams) -> Permutations:
    key = (params.num_perm, params.seed)
    if key not in _PERMUTATIONS:
        _PERMUTATIONS[key] = Permutations(params.num_perm, params.seed)
    return _PERMUTATIONS[key]


def content_terms(tokens: list[str]) -> list[str]:
    """Words that carry the story: no stop words, no single letters."""
    return [w for w in tokens if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


_STOP_HASHES = np.sort(words(sorted(STOP_WORDS)).hashes)


def _term_mask(text_words: Words) -> np.ndarray:
    """The words that ``content_terms`` keeps, decided on hashes, lengths and first bytes."""
    where = np.minimum(np.searchsorted(_STOP_HASHES, text_words.hashes), len(_STOP_HASHES) - 1)
    stop = _STOP_HASHES[where] == text_words.hashes
    digit = (text_words.first_bytes >= ord("0")) & (text_words.first_bytes <= ord("9"))
    return ~stop & ((text_words.lengths > 1) | digit)


def signature(text: str, params: SignatureParams) -> Signature:
    """Signatures of one article text (the article's own text; it is normalised here)."""
    return signatures([normalize(text)], params)[0]


def signatures(normalized_texts: list[str], params: SignatureParams) -> list[Signature]:
    """Signatures of a batch of normalised texts, computed together (no per-word Python work)."""
    if not normalized_texts:
        return []
    text_words = words(normalized_texts)
    shingle_hashes, shingle_offsets = shingles(text_words.hashes, text_words.offsets, params.shingle_size)
    keep = _term_mask(text_words)
    owner = text_words.text_of(np.arange(len(text_words.hashes)))
    term_offsets = np.r_[0, np.cumsum(np.bincount(owner[keep], minlength=len(normalized_texts)))]
    term_hashes, term_offsets = shingles(text_words.hashes[keep], term_offsets, 1)
    perms = permutations(params)
    shingle_signatures = perms.minhash(shingle_hashes, shingle_offsets)
    term_signatures = perms.minhash(term_hashes, term_offsets)
    shingle_counts = _unique_counts(shingle_hashes, shingle_offsets)
    term_counts = _unique_counts(term_hashes, term_offsets)
    return [
        Signature(
            content_hash=content_hash(text),
            shingles=shingle_signatures[i],
            terms=term_signatures[i],
            shingle_count=int(shingle_counts[i]),
            term_count=int(term_counts[i]),
        )
        for i, text in enumerate(normalized_texts)
    ]


def _unique_counts(hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Distinct hashes per segment, with one sort of (segment, hash) keys."""
    owner = np.repeat(np.arange(len(offsets) - 1, dtype=np.uint64), np.diff(offsets))
    keys = np.sort((owner << np.uint64(32)) | hashes.astype(np.uint64))
    first = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.empty(0, dtype=bool)
    return np.bincount((keys[first] >> np.uint64(32)).astype(np.int64), minlength=len(offsets) - 1)


def to_datasketch(values: np.ndarray, params: SignatureParams) -> datasketch.LeanMinHash:
    """A datasketch ``LeanMinHash`` of one of our signatures, for users of datasketch's own indexes.

    datasketch is imported here, not at module load: it pulls in scipy.integrate (~0.7 s), which the
    CLI and the TUI should not pay to start.
    """
    import datasketch

    return datasketch.LeanMinHash(seed=params.seed, hashvalues=values, scheme=SCHEME)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)
