"""The on-disk caches, so a second run over mostly the same files only redoes what changed.

Three SQLite files in one folder, each in WAL mode (writes are atomic: a killed run leaves the previous rows
usable, and several runs may share a folder):

- ``signatures``: content hash -> the two MinHash signatures. The key carries the signature parameters and
  datasketch's permutation scheme, so a change of either never reuses an incomparable signature.
- ``articles``: a file (path, size, modification time, inode) -> what reading it gave. Parsing, not the
  disk, is most of the cost of reading a folder of wire copy.
- ``verdicts``: two texts (by hash, in order) -> the relation verification found between them. Verifying
  candidate pairs sentence by sentence is most of the cost of grouping.

Articles and verdicts also carry a fingerprint of this package's code, so an upgrade (or an edit) never
reuses what older parsing or matching rules produced. A corrupt cache file is moved aside and rebuilt, and a
malformed row is recomputed, never used: the files are the user's, but damage must not become a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import astuple
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
import platformdirs
import xxhash

from dedupe.errors import SourceError, StoreError
from dedupe.model import RELATIONS, Article, Group, Link, Member, Relation
from dedupe.signature import Signature, SignatureParams
from dedupe.sources.reading import Read

LOOKUP_CHUNK = 500
"""Keys per ``IN (...)`` query: under SQLite's default limit of host parameters."""


def default_cache_dir() -> Path:
    """The platform's cache directory (``$XDG_CACHE_HOME/dedupe`` on Linux); ``DEDUPE_CACHE_DIR`` wins."""
    override = os.environ.get("DEDUPE_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("dedupe"))


@functools.cache
def code_fingerprint() -> str:
    """A hash of this package's source files: cached results of other code are never reused."""
    digest = xxhash.xxh3_64()
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


class _SqliteCache:
    """One cache file: opened in WAL mode with ``SCHEMA``, moved aside and rebuilt when unreadable.

    Tables keep SQLite's rowid (rows of a kilobyte or more are written ~7x faster than in a ``WITHOUT
    ROWID`` table, whose pages split on every random key); a table of another layout is dropped."""

    FILE_NAME = ""
    LABEL = ""
    SCHEMA = ""

    def __init__(self, directory: Path) -> None:
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
        db.execute(self.SCHEMA)
        table = self.SCHEMA.split("EXISTS", 1)[1].split("(", 1)[0].strip()
        (made,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        if " ".join(made.split()) != " ".join(self.SCHEMA.replace(" IF NOT EXISTS", "").split()):
            db.execute(f"DROP TABLE {table}")  # an older version's layout: its rows are not ours to read
            db.execute(self.SCHEMA)
        return db

    def _rebuild(self, error: Exception) -> sqlite3.Connection:
        self.warnings.append(f"{self.LABEL} {self.path} was unreadable ({error}); rebuilt it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            return self._open()
        except sqlite3.DatabaseError as again:
            raise StoreError(f"cannot create {self.LABEL} {self.path}: {again}") from None

    def _select(self, query: str, keys: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows of ``query`` (ending in ``IN``) for ``keys``, in chunks; an unreadable file is rebuilt."""
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            try:
                rows += self._db.execute(f"{query} ({','.join('?' * len(chunk))})", chunk).fetchall()
            except sqlite3.DatabaseError as error:
                self._db = self._rebuild(error)
                return []
        return rows

    def _insert(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(statement, rows)
        except sqlite3.DatabaseError as error:
            self.warnings.append(f"could not write {self.LABEL} {self.path}: {error}")

    def _malformed(self, bad: int) -> None:
        if bad:
            self.warnings.append(f"{self.LABEL} {self.path}: {bad} malformed entries recomputed")

    def close(self) -> None:
        self._db.close()


class SignatureCache(_SqliteCache):
    """Signatures by content hash for one set of parameters."""

    FILE_NAME = "signatures.sqlite3"
    LABEL = "signature cache"
    SCHEMA = """CREATE TABLE IF NOT EXISTS signatures (
        key TEXT PRIMARY KEY, shingles BLOB NOT NULL, terms BLOB NOT NULL,
        shingle_count INTEGER NOT NULL, term_count INTEGER NOT NULL)"""

    def __init__(self, directory: Path, params: SignatureParams) -> None:
        self.params = params
        super().__init__(directory)

    def _key(self, content_hash: str) -> str:
        return f"{self.params.key}:{content_hash}"

    def get_many(self, content_hashes: Iterable[str]) -> dict[str, Signature]:
        """Cached signatures of the given content hashes (missing ones are simply absent)."""
        found: dict[str, Signature] = {}
        bad = 0
        keys = [self._key(h) for h in dict.fromkeys(content_hashes)]
        prefix_length = len(self.params.key) + 1
        query = "SELECT key, shingles, terms, shingle_count, term_count FROM signatures WHERE key IN"
        for key, shingles, terms, shingle_count, term_count in self._select(query, keys):
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
        self._malformed(bad)
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
        self._insert("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?, ?)", rows)


class ArticleCache(_SqliteCache):
    """What reading a file gave, by the file's identity: path, format, size, modification time and inode.

    Stored as JSON, not pickle, so a cache file someone else wrote cannot run code. Errors of the file as a
    whole (unreadable, too large) are never stored: they may pass, and are cheap to find again.
    """

    FILE_NAME = "articles.sqlite3"
    LABEL = "article cache"
    SCHEMA = "CREATE TABLE IF NOT EXISTS articles (key BLOB PRIMARY KEY, items TEXT NOT NULL)"

    @staticmethod
    def key(path: str, fmt: str, stat: os.stat_result, options_key: str) -> bytes:
        identity = f"{code_fingerprint()}\0{options_key}\0{fmt}\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}"
        return xxhash.xxh3_128_digest(
            f"{identity}\0{stat.st_ino}\0{stat.st_dev}".encode("utf-8", "surrogatepass")
        )

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Read]:
        found: dict[bytes, Read] = {}
        bad = 0
        for key, items in self._select(
            "SELECT key, items FROM articles WHERE key IN", list(dict.fromkeys(keys))
        ):
            read = _decode_read(items)
            if read is None:
                bad += 1
            else:
                found[key] = read
        self._malformed(bad)
        return found

    def put_many(self, reads: Iterable[tuple[bytes, Read]]) -> None:
        rows = []
        for key, read in reads:
            encoded = _encode_read(read)
            if encoded is not None:
                rows.append((key, encoded))
        self._insert("INSERT OR REPLACE INTO articles VALUES (?, ?)", rows)


def _encode_read(read: Read) -> str | None:
    """JSON of a file's articles and errors; ``None`` when some metadata is not plain JSON (not cached)."""
    items: list[Any] = []
    for item in read:
        if isinstance(item, SourceError):
            items.append({"error": [item.path, item.reason]})
        else:
            published = item.published.isoformat() if item.published else None
            fields = [item.id, item.text, item.title, item.source, published, item.path, dict(item.meta)]
            items.append({"article": fields})
    try:
        return json.dumps(items, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None


def _decode_read(encoded: object) -> Read | None:
    """The articles and errors of ``_encode_read``; ``None`` for anything else (a damaged row)."""
    try:
        items = json.loads(encoded) if isinstance(encoded, str) else None
        if not isinstance(items, list):
            return None
        read: Read = []
        for item in items:
            if "error" in item:
                path, reason = item["error"]
                read.append(SourceError(_text(path), _text(reason)))
                continue
            id_, text, title, source, published, path, meta = item["article"]
            when = datetime.fromisoformat(_text(published)) if published is not None else None
            if not isinstance(meta, dict):
                return None
            fields = (_text(id_), _text(text), _text(title), _text(source), when, _text(path))
            read.append(Article(*fields, meta=meta))
        return read
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


VerdictResult = tuple[Relation, float] | None
"""A verified relation and its score, or ``None``: the pair is not a duplicate."""


class VerdictCache(_SqliteCache):
    """Verification results by the two texts compared (their hashes, in the order compared) and the code,
    matching parameters and signature parameters that compared them."""

    FILE_NAME = "verdicts.sqlite3"
    LABEL = "verdict cache"
    SCHEMA = "CREATE TABLE IF NOT EXISTS verdicts (key INTEGER PRIMARY KEY, relation TEXT, score REAL)"
    RELATIONS = frozenset({"exact", "near", "contained", "rewrite"})

    def __init__(self, directory: Path, context: str) -> None:
        self._context = f"{code_fingerprint()}\0{context}\0".encode()
        super().__init__(directory)

    def pair_key(self, first: bytes, second: bytes) -> int:
        """A signed 64-bit key for two text hashes: SQLite's integer primary key, the table's own index."""
        return xxhash.xxh3_64_intdigest(self._context + first + second) - (1 << 63)

    def get_many(self, keys: Sequence[int]) -> dict[int, VerdictResult]:
        found: dict[int, VerdictResult] = {}
        bad = 0
        for key, relation, score in self._select(
            "SELECT key, relation, score FROM verdicts WHERE key IN", keys
        ):
            if relation is None:
                found[key] = None
            elif relation in self.RELATIONS and isinstance(score, float) and 0.0 <= score <= 1.0:
                found[key] = (cast(Relation, relation), score)
            else:
                bad += 1
        self._malformed(bad)
        return found

    def put_many(self, verdicts: Iterable[tuple[int, VerdictResult]]) -> None:
        rows = [(key, *(result or (None, None))) for key, result in verdicts]
        self._insert("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?)", rows)


class ResultCache(_SqliteCache):
    """The groups of a whole scan, by everything they depend on: the articles read (every field, in order),
    the options that change grouping, and the code. Re-opening an unchanged desk is then a read and a
    lookup; any change to any article misses, and the other caches make that run incremental.
    Only the ``KEEP`` most recently used results are kept."""

    FILE_NAME = "results.sqlite3"
    LABEL = "result cache"
    SCHEMA = """CREATE TABLE IF NOT EXISTS results (
        key BLOB PRIMARY KEY, groups TEXT NOT NULL, used INTEGER NOT NULL)"""
    KEEP = 16

    @staticmethod
    def key(articles: Sequence[Article], context: str) -> bytes:
        digest = xxhash.xxh3_128(f"{code_fingerprint()}\0{context}\0".encode())
        for article in articles:
            encoded = _encode_read([article])
            if encoded is None:  # metadata that is not plain JSON: its repr stands in
                encoded = repr((article, sorted(article.meta.items(), key=lambda item: item[0])))
            digest.update(encoded.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.digest()

    def get(self, key: bytes, ids: set[str]) -> list[Group] | None:
        """The cached groups of ``key``, if every article they name is among ``ids``."""
        rows = self._select("SELECT groups FROM results WHERE key IN", [key])
        if not rows:
            return None
        groups = _decode_groups(rows[0][0], ids)
        if groups is None:
            self._malformed(1)
            return None
        self._insert("UPDATE results SET used = ? WHERE key = ?", [(time.time_ns(), key)])
        return groups

    def put(self, key: bytes, groups: Sequence[Group]) -> None:
        encoded = json.dumps(
            [
                [
                    g.id,
                    g.base,
                    g.base_reason,
                    [list(astuple(m)) for m in g.members],
                    [list(astuple(k)) for k in g.links],
                ]
                for g in groups
            ],
            ensure_ascii=False,
        )
        self._insert("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", [(key, encoded, time.time_ns())])
        kept = "SELECT key FROM results ORDER BY used DESC LIMIT ?"
        self._insert(f"DELETE FROM results WHERE key NOT IN ({kept})", [(self.KEEP,)])


def _decode_groups(encoded: object, ids: set[str]) -> list[Group] | None:
    """The groups of ``ResultCache.put``, or ``None`` for anything else (a damaged row, an unknown id)."""
    try:
        rows = json.loads(encoded) if isinstance(encoded, str) else None
        if not isinstance(rows, list):
            return None
        groups = []
        for group_id, base, reason, members, links in rows:
            group = Group(
                id=_text(group_id),
                base=_text(base),
                base_reason=_text(reason),
                members=tuple(
                    Member(_text(m), r, float(s), v if v is None else _text(v)) for m, r, s, v in members
                ),
                links=tuple(Link(_text(a), _text(b), r, float(s)) for a, b, r, s in links),
            )
            named = {m.id for m in group.members} | {end for link in group.links for end in (link.a, link.b)}
            if not named <= ids or any(
                m.relation not in RELATIONS and m.relation != "base" for m in group.members
            ):
                return None
            groups.append(group)
        return groups
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
