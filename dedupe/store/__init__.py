"""The persistent index: signatures and LSH band keys of indexed articles, behind one small interface.

Two stores share one layout: a local SQLite file (embedded, no server; the pre-commit hook keeps one in
the git directory) and Redis (``redis://host:port/db``), so a newsroom can share one index across desks.

* band key (uint64, one per band of each signature) -> the items that have it;
* item (an article, keyed by its path: ``file``, ``file.jsonl:LINE``, ``file.json#N``) -> its signatures,
  set sizes, content hash, id, title, source, ``updates``, the git blob id of the file it came from, and
  its matching text (zlib), read only when a candidate is verified;
* file -> its blob id, so an unchanged file is never read or signed again;
* notes: small named values a face keeps with the index (the hook: which rules chose its files);
* a header: index format, signature parameters, datasketch scheme and the LSH banding the keys were cut
  with. An index whose header differs from what a run needs is never trusted.

A candidate is verified against the text the index keeps of it, taken from the same read as its
signatures: never stale, readable on any machine that shares the index (a Redis index filled by another
desk), and some 40 times cheaper than reading, parsing and cleaning its file again (which was the
largest cost of a warm hook run). ~3.6 KB per article in SQLite, band keys and ~1 KB of text included.

Writers hold a lock for their whole session (``fcntl.flock`` beside the SQLite file, a Redis lock key),
and every write is one transaction (SQLite, Redis ``MULTI``), so a killed run leaves each file either
fully indexed or not at all. A writer that meets a corrupt or mismatched index resets it with a warning;
a reader (``query``, ``stats``) refuses it with a ``StoreError``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np
import platformdirs

from dedupe.errors import StoreError
from dedupe.index import Banding, band_keys
from dedupe.signature import SCHEME, SignatureParams

FORMAT = "dedupe.index/2"
"""Bump when the layout, or what a signature is taken over (text less furniture lines), changes."""

T = TypeVar("T")

_TERM_SALT = np.uint64(0x5BD1E9955BD1E995)
"""Mixed into content-term band keys so they never meet 5-shingle band keys in one bucket."""


@dataclass(frozen=True, slots=True, eq=False)
class Item:
    """One indexed article: what candidate lookup, estimates and the report need, never its text."""

    key: str
    """Where the article is: its path, with ``:LINE`` or ``#N`` for a record inside a file."""
    file: str
    origin: str
    """The git blob id of the file's bytes when indexed: its text can be re-read and checked by it."""
    id: str
    title: str
    source: str
    published: str | None
    updates: tuple[str, ...]
    """Ids or paths the article declares it updates (front matter ``updates:``)."""
    content_hash: str
    shingles: np.ndarray
    terms: np.ndarray
    shingle_count: int
    term_count: int
    text: str | None = None
    """The matching text (what is signed and verified) as read at ``origin``, when the item is written;
    ``None`` in a candidate read back (``IndexStore.texts`` reads texts as verification reaches them)."""


@dataclass(frozen=True, slots=True)
class Header:
    """What an index's band keys depend on: a run may use the index only when all of it matches."""

    signature: SignatureParams
    shingle_lsh: float
    term_lsh: float

    def fields(self) -> dict[str, str]:
        """The header as stored (the banding is stored beside it, since it is what cut the keys)."""
        return {
            "format": FORMAT,
            "signature": self.signature.key,
            "scheme": SCHEME,
            "lsh": f"shingles>={self.shingle_lsh:g},terms>={self.term_lsh:g}",
        }

    def banding(self) -> tuple[Banding, Banding]:
        """The banding a new index gets (datasketch's optimiser); an existing one keeps its own."""
        num_perm = self.signature.num_perm
        return _banding(self.shingle_lsh, num_perm), _banding(self.term_lsh, num_perm)


@lru_cache(maxsize=8)
def _banding(threshold: float, num_perm: int) -> Banding:
    return Banding.for_threshold(threshold, num_perm)


def banding_text(banding: tuple[Banding, Banding]) -> str:
    return ",".join(f"{b.bands}x{b.rows}" for b in banding)


def parse_banding(text: str) -> tuple[Banding, Banding]:
    """The stored banding (``37x3,37x3``); ``ValueError`` when it is not one."""
    shingles, terms = (Banding(*map(int, part.split("x"))) for part in text.split(","))
    return shingles, terms


def item_band_keys(shingles: np.ndarray, terms: np.ndarray, banding: tuple[Banding, Banding]) -> np.ndarray:
    """(n, bands) uint64 band keys of n articles' two signatures: the 5-shingle bands, then the term bands."""
    return np.concatenate(
        [
            band_keys(np.atleast_2d(shingles), banding[0]),
            band_keys(np.atleast_2d(terms), banding[1]) ^ _TERM_SALT,
        ],
        axis=1,
    )


@dataclass(frozen=True, slots=True)
class Stats:
    location: str
    header: Mapping[str, str]
    files: int
    items: int
    band_entries: int
    """(band key, item) pairs: items times bands when every item is whole."""
    size_bytes: int | None
    """On disk (SQLite, with its WAL), or ``None`` where the store does not say (Redis)."""


class IndexStore(Protocol):
    """What every store offers. Open one with ``open_store``; write only inside ``open_store(write=True)``."""

    location: str
    banding: tuple[Banding, Banding]

    def files(self) -> dict[str, str]:
        """Every indexed file with the blob id it was indexed at (files that gave no article included)."""
        ...

    def update(self, items: Sequence[Item], files: Mapping[str, str], removed: Collection[str] = ()) -> None:
        """One atomic write: forget ``removed`` files and the earlier items of ``files``, then record
        ``files`` (file -> blob id) and add ``items`` (each from one of ``files``)."""
        ...

    def candidates(self, keys: np.ndarray) -> list[Item]:
        """The items that share at least one of the band ``keys`` (without their texts)."""
        ...

    def texts(self, items: Sequence[Item]) -> dict[str, str]:
        """The matching texts of ``items`` as indexed, by item key (an item no longer indexed left out)."""
        ...

    def notes(self) -> dict[str, str]:
        """Small named values a face keeps beside the index (the hook: the rules that chose its files)."""
        ...

    def set_notes(self, notes: Mapping[str, str | None]) -> None:
        """One atomic write of ``notes`` (``None`` deletes one)."""
        ...

    def stats(self) -> Stats: ...

    def close(self) -> None: ...


Warn = Callable[[str], None]


class CorruptIndex(StoreError):
    """The index turned out unreadable mid-session; a writer has already reset it, so a rerun rebuilds it."""


def open_store(
    location: str, header: Header | None, *, write: bool = False, warn: Warn = lambda message: None
) -> AbstractContextManager[IndexStore]:
    """The store at ``location``: a ``redis://`` URL, else the path of a SQLite file.

    With ``write``, the session holds the store's lock, creates the index if missing and resets a corrupt or
    mismatched one (saying so through ``warn``); without, a missing, corrupt or mismatched index is a
    ``StoreError``. A reader with no ``header`` accepts any readable index (to inspect it).
    """
    if write and header is None:
        raise ValueError("a writer needs the header its index must have")
    if location.startswith(("redis://", "rediss://", "unix://")):
        from dedupe.store.redisstore import open_redis

        return open_redis(location, header, write=write, warn=warn)
    from dedupe.store.sqlitestore import open_sqlite

    return open_sqlite(location, header, write=write, warn=warn)


def write_session(location: str, header: Header, work: Callable[[IndexStore], T], warn: Warn) -> T:
    """``work(store)`` in a writer session; when the index turns out corrupt midway (the store has reset it
    by then), the work is done once more on the rebuilt index."""
    try:
        with open_store(location, header, write=True, warn=warn) as store:
            return work(store)
    except CorruptIndex as error:
        warn(str(error))
    with open_store(location, header, write=True, warn=warn) as store:
        return work(store)


def default_store() -> str:
    """Where ``dedupe index`` keeps its index when neither ``--store`` nor the config says."""
    return str(Path(platformdirs.user_data_dir("dedupe")) / "index.sqlite3")


def mismatch(stored: Mapping[str, str], header: Header | None) -> str | None:
    """Why an index with the ``stored`` header cannot serve a run with ``header`` (``None``: any run, for
    inspecting it), or ``None`` when it can."""
    for name, wanted in (header.fields() if header else {}).items():
        if stored.get(name) != wanted:
            return f"it was built with {name} {stored.get(name) or 'unknown'}, this run uses {wanted}"
    try:
        parse_banding(stored.get("banding", ""))
    except (TypeError, ValueError):
        return "its banding is unreadable"
    return None


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"))


def unpack_text(data: bytes) -> str:
    """A stored text; ``ValueError`` (zlib.error, UnicodeDecodeError) when it is damaged."""
    try:
        return zlib.decompress(data).decode("utf-8", "surrogatepass")
    except zlib.error as error:
        raise ValueError(f"damaged text: {error}") from None


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
