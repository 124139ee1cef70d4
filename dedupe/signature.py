"""MinHash signatures, vectorised with numpy and bit-identical to datasketch's ``affine32`` scheme.

Each article gets two signatures:

* ``shingles`` over word 5-grams: Jaccard here separates verbatim, trimmed and edited copies;
* ``terms`` over content words (stop words dropped): a paraphrase keeps its names, numbers and quoted
  words while rewording the rest, so its term Jaccard stays high (0.3+) when its 5-gram Jaccard is ~0.1.

For a set of n hashes the cost is one (num_perm x n) uint32 multiply-add and a column min: O(num_perm*n).
"""

from __future__ import annotations

from dataclasses import dataclass

import datasketch
import numpy as np
import xxhash

from dedupe.text import normalize, shingle_hashes, tokens

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
        return f"minhash:{SCHEME}:p{self.num_perm}:s{self.seed}:k{self.shingle_size}:v1"


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

    def __init__(self, num_perm: int, seed: int) -> None:
        generator = np.random.RandomState(seed)
        a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        self.a = a[:, np.newaxis]
        self.b = b[:, np.newaxis]
        self.num_perm = num_perm

    def minhash(self, hashes: np.ndarray, block: int = 2048) -> np.ndarray:
        """Signature of a set of 32-bit hashes (empty set: all 0xFFFFFFFF, as datasketch)."""
        signature = np.full(self.num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
        mixed = _fmix32(hashes.astype(np.uint32, copy=False))
        # Blocks keep the (num_perm x block) temporary in cache: ~1 MiB at 128 permutations.
        for start in range(0, len(mixed), block):
            permuted = self.a * mixed[np.newaxis, start : start + block] + self.b
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


def content_terms(words: list[str]) -> list[str]:
    """Words that carry the story: no stop words, no single letters."""
    return [w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def signature(text: str, params: SignatureParams) -> Signature:
    """Signatures of one article text (the article's own text; it is normalised here)."""
    return signature_of_normalized(normalize(text), params)


def signature_of_normalized(normalized: str, params: SignatureParams) -> Signature:
    """Signatures of text already passed through ``normalize``."""
    words = tokens(normalized)
    shingle_set = shingle_hashes(words, params.shingle_size)
    term_set = shingle_hashes(content_terms(words), 1)
    perms = permutations(params)
    return Signature(
        content_hash=content_hash(normalized),
        shingles=perms.minhash(shingle_set),
        terms=perms.minhash(term_set),
        shingle_count=len(shingle_set),
        term_count=len(term_set),
    )


def to_datasketch(values: np.ndarray, params: SignatureParams) -> datasketch.LeanMinHash:
    """A datasketch ``LeanMinHash`` of one of our signatures, for users of datasketch's own indexes."""
    return datasketch.LeanMinHash(seed=params.seed, hashvalues=values, scheme=SCHEME)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)
