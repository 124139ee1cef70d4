"""The on-disk signature cache: content hash -> signatures, so a second run only hashes what changed.

SQLite in WAL mode: writes are atomic (a killed run leaves the previous rows usable) and several runs
may share one cache. The key carries the signature parameters and datasketch's permutation scheme, so a
change of either never reuses an incomparable signature. A corrupt cache file is moved aside and rebuilt.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import platformdirs

from dedupe.errors import StoreError
from dedupe.signature import Signature, SignatureParams

_SCHEMA = """CREATE TABLE IF NOT EXISTS signatures (
    key TEXT PRIMARY KEY, shingles BLOB NOT NULL, terms BLOB NOT NULL,
    shingle_count INTEGER NOT NULL, term_count INTEGER NOT NULL) WITHOUT ROWID"""


_SELECT = "SELECT key, shingles, terms, shingle_count, term_count FROM signatures"


def default_cache_dir() -> Path:
    """The platform's cache directory (``$XDG_CACHE_HOME/dedupe`` on Linux); ``DEDUPE_CACHE_DIR`` wins."""
    override = os.environ.get("DEDUPE_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("dedupe"))


class SignatureCache:
    """Signatures by content hash for one set of parameters."""

    FILE_NAME = "signatures.sqlite3"

    def __init__(self, directory: Path, params: SignatureParams) -> None:
        self.params = params
        self.path = directory / self.FILE_NAME
        self.warnings: list[str] = []
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as error:
            self._db = self._rebuild(error)
        except OSError as error:
            raise StoreError(f"cannot use cache directory {directory}: {error.strerror or error}") from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(_SCHEMA)
        db.execute("SELECT count(*) FROM signatures WHERE key = ''").fetchone()
        return db

    def _rebuild(self, error: Exception) -> sqlite3.Connection:
        self.warnings.append(f"signature cache {self.path} was unreadable ({error}); rebuilt it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            return self._open()
        except sqlite3.DatabaseError as again:
            raise StoreError(f"cannot create signature cache {self.path}: {again}") from None

    def _key(self, content_hash: str) -> str:
        return f"{self.params.key}:{content_hash}"

    def get_many(self, content_hashes: Iterable[str]) -> dict[str, Signature]:
        """Cached signatures of the given content hashes (missing ones are simply absent)."""
        found: dict[str, Signature] = {}
        bad = 0
        wanted = list(dict.fromkeys(content_hashes))
        prefix_length = len(self.params.key) + 1
        for start in range(0, len(wanted), 500):
            chunk = [self._key(h) for h in wanted[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(f"{_SELECT} WHERE key IN ({marks})", chunk).fetchall()
            except sqlite3.DatabaseError as error:
                self._db = self._rebuild(error)
                return {}
            for key, shingles, terms, shingle_count, term_count in rows:
                content = key[prefix_length:]
                if not self._well_formed(shingles, terms, shingle_count, term_count):
                    bad += 1  # computed again and overwritten, as if it were missing
                    continue
                found[content] = Signature(
                    content_hash=content,
                    shingles=np.frombuffer(shingles, dtype=np.uint32),
                    terms=np.frombuffer(terms, dtype=np.uint32),
                    shingle_count=shingle_count,
                    term_count=term_count,
                )
        if bad:
            self.warnings.append(f"signature cache {self.path}: {bad} malformed entries recomputed")
        return found

    def _well_formed(self, shingles: object, terms: object, shingles_n: object, terms_n: object) -> bool:
        """A row as ``put_many`` writes it: two ``num_perm`` uint32 blobs and two counts. The cache is a file
        anyone with the user's rights can edit; a damaged row must not become a traceback or a wrong match."""
        size = 4 * self.params.num_perm
        blobs = all(isinstance(blob, bytes) and len(blob) == size for blob in (shingles, terms))
        counts = all(type(count) is int and count >= 0 for count in (shingles_n, terms_n))
        return blobs and counts

    def put_many(self, signatures: Iterable[Signature]) -> None:
        rows = [
            (
                self._key(s.content_hash),
                s.shingles.tobytes(),
                s.terms.tobytes(),
                s.shingle_count,
                s.term_count,
            )
            for s in signatures
        ]
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as error:
            self.warnings.append(f"could not write signature cache {self.path}: {error}")

    def close(self) -> None:
        self._db.close()
