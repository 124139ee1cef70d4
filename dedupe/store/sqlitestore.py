"""The local store: one SQLite file (WAL), embedded and serverless, with a lock file beside it.

Tables: ``meta`` (header and banding), ``files`` (file -> blob id), ``items`` (one row per article:
metadata, both signatures as uint32 blobs, the matching text zlib-compressed), ``bands`` (band key, item;
a WITHOUT ROWID primary key, so a lookup of one key is one B-tree search) and ``notes``. Each ``update``
is one ``BEGIN IMMEDIATE`` transaction: SQLite's journal makes it all or nothing, even under SIGKILL or
power loss. Writers also hold ``fcntl.flock`` on ``<file>.lock`` for their session, so two runs never
interleave their read-decide-write steps; the kernel drops the lock when a process dies.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from dedupe.errors import StoreError
from dedupe.index import Banding
from dedupe.store import (
    CorruptIndex,
    Header,
    Item,
    Stats,
    Warn,
    banding_text,
    chunks,
    item_band_keys,
    mismatch,
    pack_text,
    parse_banding,
    unpack_text,
)

LOCK_WAIT_SECONDS = 600.0
"""How long a writer waits for another run's lock before giving up."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (file TEXT PRIMARY KEY, origin TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS items (
    item INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, file TEXT NOT NULL, origin TEXT NOT NULL,
    id TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL, published TEXT, updates TEXT NOT NULL,
    content_hash TEXT NOT NULL, shingle_count INTEGER NOT NULL, term_count INTEGER NOT NULL,
    shingles BLOB NOT NULL, terms BLOB NOT NULL, text BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS items_by_file ON items (file);
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, item INTEGER NOT NULL, PRIMARY KEY (band, item))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notes (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
_ITEM_COLUMNS = (
    "key, file, origin, id, title, source, published, updates, content_hash, shingle_count, term_count, "
    "shingles, terms"
)
_CHUNK = 500
"""Values bound in one ``IN (...)``: well under SQLite's variable limit."""


class SQLiteStore:
    def __init__(
        self, db: sqlite3.Connection, path: Path, banding: tuple[Banding, Banding], write: bool
    ) -> None:
        self.db = db
        self.path = path
        self.location = str(path)
        self.banding = banding
        self._write = write

    def files(self) -> dict[str, str]:
        # One string rather than a row per file: half the cost, which a warm hook run pays on every
        # tracked file (paths and blob ids never hold a NUL).
        with self._guard():
            (joined,) = self.db.execute(
                "SELECT group_concat(file || char(0) || origin, char(0)) FROM files"
            ).fetchone()
        if not joined:
            return {}
        parts = joined.split("\0")
        return dict(zip(parts[::2], parts[1::2], strict=True))

    def update(self, items: Sequence[Item], files: Mapping[str, str], removed: Collection[str] = ()) -> None:
        gone = list(dict.fromkeys([*removed, *files]))
        with self._guard():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for chunk in chunks(gone, _CHUNK):
                    self._forget(chunk)
                self.db.executemany("INSERT INTO files VALUES (?, ?)", files.items())
                if items:
                    self._insert(items)
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    def _forget(self, files: Sequence[str]) -> None:
        marks = ",".join("?" * len(files))
        rows = self.db.execute(
            f"SELECT item, shingles, terms FROM items WHERE file IN ({marks})", files
        ).fetchall()
        if rows:
            shingles = np.stack([np.frombuffer(row[1], dtype=np.uint32) for row in rows])
            terms = np.stack([np.frombuffer(row[2], dtype=np.uint32) for row in rows])
            keys = item_band_keys(shingles, terms, self.banding).view(np.int64)
            numbers = np.repeat([row[0] for row in rows], keys.shape[1])
            self.db.executemany(
                "DELETE FROM bands WHERE band = ? AND item = ?",
                zip(keys.ravel().tolist(), numbers.tolist(), strict=True),
            )
            self.db.executemany("DELETE FROM items WHERE item = ?", [(row[0],) for row in rows])
        self.db.execute(f"DELETE FROM files WHERE file IN ({marks})", files)

    def _insert(self, items: Sequence[Item]) -> None:
        first = self.db.execute("SELECT coalesce(max(item), 0) + 1 FROM items").fetchone()[0]
        numbers = np.arange(first, first + len(items), dtype=np.int64)
        self.db.executemany(
            f"INSERT INTO items (item, {_ITEM_COLUMNS}, text) VALUES ({','.join('?' * 15)})",
            [
                (int(number), *_item_row(item), pack_text(item.text or ""))
                for number, item in zip(numbers, items, strict=True)
            ],
        )
        keys = item_band_keys(
            np.stack([i.shingles for i in items]), np.stack([i.terms for i in items]), self.banding
        )
        bands = keys.view(np.int64).ravel()
        owners = np.repeat(numbers, keys.shape[1])
        order = np.argsort(bands, kind="stable")  # inserting in key order keeps the B-tree writes local
        self.db.executemany(
            "INSERT OR IGNORE INTO bands VALUES (?, ?)",
            zip(bands[order].tolist(), owners[order].tolist(), strict=True),
        )

    def candidates(self, keys: np.ndarray) -> list[Item]:
        # A Python set, not np.unique: that loads numpy.ma (~20 ms) into a hook run that needs nothing else
        # of it.
        bands = sorted(set(np.ascontiguousarray(keys, dtype=np.uint64).ravel().view(np.int64).tolist()))
        with self._guard():
            numbers: set[int] = set()
            for chunk in chunks(bands, _CHUNK):
                marks = ",".join("?" * len(chunk))
                numbers.update(
                    n for (n,) in self.db.execute(f"SELECT item FROM bands WHERE band IN ({marks})", chunk)
                )
            found: list[Item] = []
            for chunk in chunks(sorted(numbers), _CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE item IN ({marks})", chunk)
                found.extend(_item(row) for row in rows)
            return found

    def texts(self, items: Sequence[Item]) -> dict[str, str]:
        keys = list(dict.fromkeys(item.key for item in items))
        found: dict[str, str] = {}
        with self._guard():
            for chunk in chunks(keys, _CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(f"SELECT key, text FROM items WHERE key IN ({marks})", chunk)
                found.update((key, unpack_text(text)) for key, text in rows)
        return found

    def notes(self) -> dict[str, str]:
        with self._guard():
            if (
                not self._write
                and not self.db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'notes'"
                ).fetchone()
            ):
                return {}  # an index written before notes existed (a writer adds the table)
            return dict(self.db.execute("SELECT name, value FROM notes").fetchall())

    def set_notes(self, notes: Mapping[str, str | None]) -> None:
        with self._guard():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for name, value in notes.items():
                    if value is None:
                        self.db.execute("DELETE FROM notes WHERE name = ?", (name,))
                    else:
                        self.db.execute("INSERT OR REPLACE INTO notes VALUES (?, ?)", (name, value))
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    def stats(self) -> Stats:
        with self._guard():
            header = dict(self.db.execute("SELECT name, value FROM meta").fetchall())
            counts = [
                self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("files", "items", "bands")
            ]
        size = sum(_size(Path(f"{self.path}{suffix}")) for suffix in ("", "-wal"))
        return Stats(self.location, header, counts[0], counts[1], counts[2], size)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """SQLite's errors as ``StoreError``; a writer resets an index found corrupt (it holds the lock)."""
        try:
            yield
        except sqlite3.OperationalError as error:
            raise StoreError(f"index {self.path}: {error}") from None
        except (sqlite3.DatabaseError, ValueError, KeyError) as error:
            if not self._write:
                raise StoreError(
                    f"index {self.path} is corrupt ({error}); `dedupe index add` rebuilds it"
                ) from None
            self.db.close()
            _delete(self.path)
            raise CorruptIndex(f"index {self.path} was corrupt ({error}); removed it to rebuild") from None


def _item_row(item: Item) -> tuple[object, ...]:
    return (
        item.key, item.file, item.origin, item.id, item.title, item.source, item.published,
        json.dumps(list(item.updates)), item.content_hash, item.shingle_count, item.term_count,
        item.shingles.astype(np.uint32).tobytes(), item.terms.astype(np.uint32).tobytes(),
    )  # fmt: skip


def _item(row: tuple[Any, ...]) -> Item:
    key, file, origin, id_, title, source, published, updates, content, shingle_count, term_count, sh, te = (
        row
    )
    return Item(
        key,
        file,
        origin,
        id_,
        title,
        source,
        published,
        tuple(json.loads(updates)) if updates != "[]" else (),
        content,
        np.frombuffer(sh, dtype=np.uint32),
        np.frombuffer(te, dtype=np.uint32),
        shingle_count,
        term_count,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


@contextmanager
def open_sqlite(location: str, header: Header | None, *, write: bool, warn: Warn) -> Iterator[SQLiteStore]:
    path = Path(location)
    with ExitStack() as stack:
        if write:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"cannot create index folder {path.parent}: {error.strerror or error}"
                ) from None
            stack.enter_context(_locked(path, warn))
            store = _open_writer(path, header, warn)
        elif path.is_file():
            store = _open_reader(path, header)
        else:
            raise StoreError(f"no index at {path} (`dedupe index add` creates one)")
        stack.callback(store.close)
        yield store


def _open_reader(path: Path, header: Header | None) -> SQLiteStore:
    try:
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        stored = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.DatabaseError as error:
        raise StoreError(f"index {path} is unreadable ({error}); `dedupe index add` rebuilds it") from None
    problem = mismatch(stored, header)
    if problem:
        db.close()
        raise StoreError(f"index {path} cannot be used: {problem}; `dedupe index add` rebuilds it")
    return SQLiteStore(db, path, parse_banding(stored["banding"]), write=False)


def _open_writer(path: Path, header: Header, warn: Warn) -> SQLiteStore:
    """The index at ``path``, created when missing and rebuilt (emptied) when it cannot be trusted."""
    db: sqlite3.Connection | None = None
    try:
        db = _connect(path)
        db.executescript(_SCHEMA)
        stored = dict(db.execute("SELECT name, value FROM meta").fetchall())
        used = stored or db.execute("SELECT EXISTS (SELECT 1 FROM files)").fetchone()[0]
        problem = mismatch(stored, header) if used else None
        if problem is None:
            return SQLiteStore(db, path, _banding(db, stored, header), write=True)
    except sqlite3.DatabaseError as error:
        problem = f"it is unreadable ({error})"
    if db is not None:
        db.close()
    warn(f"index {path} cannot be used: {problem}; rebuilding it")
    _delete(path)
    try:
        db = _connect(path)
        db.executescript(_SCHEMA)
        return SQLiteStore(db, path, _banding(db, {}, header), write=True)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot create index {path}: {error}") from None


def _banding(db: sqlite3.Connection, stored: Mapping[str, str], header: Header) -> tuple[Banding, Banding]:
    """The banding the index was cut with; for a new index, the header's, recorded in ``meta``."""
    if stored:
        return parse_banding(stored["banding"])
    banding = header.banding()
    values = {**header.fields(), "banding": banding_text(banding)}
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())
    db.execute("COMMIT")
    return banding


@contextmanager
def _locked(path: Path, warn: Warn) -> Iterator[None]:
    """An exclusive ``flock`` on ``<path>.lock`` for the session, waited for (saying so) while another run
    holds it."""
    lock_path = f"{path}.lock"
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StoreError(f"cannot create lock file {lock_path}: {error.strerror or error}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"index {path} is locked by another dedupe run (waited {LOCK_WAIT_SECONDS:.0f} s)"
                    ) from None
                if not told:
                    warn(f"waiting for another dedupe run to finish with index {path}")
                    told = True
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)
