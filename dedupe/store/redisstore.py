"""The shared store: the same layout in Redis (``redis://host:port/db``, ``?prefix=NAME`` to share a db).

Keys, under ``PREFIX`` (default ``dedupe``), mirroring datasketch's Redis storage (a set per band key):

* ``PREFIX:meta`` hash: header, banding, and the ``items`` / ``band_entries`` counters;
* ``PREFIX:files`` hash: file -> blob id; ``PREFIX:file:<file>`` set: the file's item keys;
* ``PREFIX:item:<key>`` hash: the item's metadata, signatures (uint32 bytes) and matching text (zlib);
* ``PREFIX:b:<8 bytes>`` set: the item keys with that band key;
* ``PREFIX:notes`` hash: small named values a face keeps with the index.

Each ``update`` is one ``MULTI``/``EXEC`` transaction (queued commands a killed client never sent an
``EXEC`` for are dropped by the server); band set updates go in it as a small Lua script per thousand
items rather than a command per band (74 per item), which redis-py would spend most of the time packing.
Scripts name their keys at run time, so this store wants one Redis server, not a cluster. Writers hold
``PREFIX:lock`` (a redis-py lock with a TTL, renewed at every update, so a killed writer's lock expires by
itself). Readers take no lock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from dedupe.arrays import distinct
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

LOCK_TTL_SECONDS = 60
"""A writer's lock expires this long after its last update, should the writer die holding it."""
LOCK_WAIT_SECONDS = 600
DEFAULT_PREFIX = "dedupe"
_BANDS_SCRIPT = """
local prefix, command = ARGV[1], ARGV[2]
for i = 3, #ARGV, 2 do
  local item, bands = ARGV[i], ARGV[i + 1]
  for j = 1, #bands, 8 do
    redis.call(command, prefix .. string.sub(bands, j, j + 7), item)
  end
end
return 0
"""
"""``command`` (SADD or SREM) of items on their band sets; ARGV: prefix, command, then (item, packed keys)."""


class RedisStore:
    def __init__(self, client: Any, location: str, prefix: str, write: bool) -> None:
        self.client = client
        self.location = location
        self.prefix = prefix
        self.banding: tuple[Banding, Banding] = (Banding(1, 1), Banding(1, 1))
        self.lock: Any = None
        self._write = write

    def _key(self, *parts: str) -> bytes:
        return ":".join((self.prefix, *parts)).encode("utf-8")

    def _band(self, key: int) -> bytes:
        return self._key("b") + b":" + key.to_bytes(8, "big")

    def files(self) -> dict[str, str]:
        with self._guard():
            found = self.client.hgetall(self._key("files"))
        return {file.decode("utf-8"): origin.decode("utf-8") for file, origin in found.items()}

    def update(self, items: Sequence[Item], files: Mapping[str, str], removed: Collection[str] = ()) -> None:
        gone = list(dict.fromkeys([*removed, *files]))
        with self._guard():
            if self.lock is not None:
                self.lock.reacquire()
            old_keys = self._pipelined([("smembers", self._key("file", f)) for f in gone])
            old = sorted({key for keys in old_keys for key in keys})
            fields = self._pipelined(
                [("hmget", self._key("item", k.decode("utf-8")), "shingles", "terms") for k in old]
            )
            transaction = self.client.pipeline(transaction=True)
            if old:
                self._forget(transaction, old, fields)
            for file in gone:
                transaction.delete(self._key("file", file))
                transaction.hdel(self._key("files"), file)
            if files:
                transaction.hset(self._key("files"), mapping=dict(files))
            if items:
                self._add(transaction, items)
            transaction.execute()

    def _forget(self, transaction: Any, old: list[bytes], fields: list[list[bytes | None]]) -> None:
        whole = [
            i for i, (shingles, terms) in enumerate(fields) if shingles is not None and terms is not None
        ]
        if whole:
            keys = item_band_keys(
                np.stack([np.frombuffer(fields[i][0] or b"", dtype=np.uint32) for i in whole]),
                np.stack([np.frombuffer(fields[i][1] or b"", dtype=np.uint32) for i in whole]),
                self.banding,
            )
            entries = self._bands(transaction, "SREM", [old[i] for i in whole], keys)
            transaction.hincrby(self._key("meta"), "band_entries", -entries)
        transaction.delete(*(self._key("item", key.decode("utf-8")) for key in old))
        transaction.hincrby(self._key("meta"), "items", -len(old))

    def _add(self, transaction: Any, items: Sequence[Item]) -> None:
        keys = item_band_keys(
            np.stack([i.shingles for i in items]), np.stack([i.terms for i in items]), self.banding
        )
        for item in items:
            transaction.hset(self._key("item", item.key), mapping=_item_fields(item))
            transaction.sadd(self._key("file", item.file), item.key.encode("utf-8"))
        entries = self._bands(transaction, "SADD", [item.key.encode("utf-8") for item in items], keys)
        transaction.hincrby(self._key("meta"), "items", len(items))
        transaction.hincrby(self._key("meta"), "band_entries", entries)

    def _bands(self, transaction: Any, command: str, names: Sequence[bytes], keys: np.ndarray) -> int:
        """Queue ``SADD`` (or ``SREM``) of each named item to (from) the sets of its band keys, as a few
        script calls rather than a command per band; returns how many (band, item) entries that is."""
        entries = 0
        args: list[bytes] = []
        for name, row in zip(names, keys, strict=True):
            bands = distinct(row)
            args += [name, bands.astype(">u8").tobytes()]
            entries += len(bands)
        for start in range(0, len(args), 1000):
            transaction.eval(_BANDS_SCRIPT, 0, self._key("b") + b":", command, *args[start : start + 1000])
        return entries

    def candidates(self, keys: np.ndarray) -> list[Item]:
        bands = sorted(set(np.asarray(keys, dtype=np.uint64).ravel().tolist()))  # (np.unique loads numpy.ma)
        with self._guard():
            members = self._pipelined([("smembers", self._band(band)) for band in bands])
            names = sorted({name.decode("utf-8") for found in members for name in found})
            rows = self._pipelined([("hmget", self._key("item", name), *_FIELDS) for name in names])
            return [
                _item(name, dict(zip(_FIELDS, row, strict=True)))
                for name, row in zip(names, rows, strict=True)
                if row[0] is not None
            ]

    def texts(self, items: Sequence[Item]) -> dict[str, str]:
        keys = list(dict.fromkeys(item.key for item in items))
        with self._guard():
            found = self._pipelined([("hget", self._key("item", key), "text") for key in keys])
            return {key: unpack_text(text) for key, text in zip(keys, found, strict=True) if text is not None}

    def notes(self) -> dict[str, str]:
        with self._guard():
            found = self.client.hgetall(self._key("notes"))
        return {name.decode("utf-8"): value.decode("utf-8") for name, value in found.items()}

    def set_notes(self, notes: Mapping[str, str | None]) -> None:
        with self._guard():
            if self.lock is not None:
                self.lock.reacquire()
            transaction = self.client.pipeline(transaction=True)
            for name, value in notes.items():
                if value is None:
                    transaction.hdel(self._key("notes"), name)
                else:
                    transaction.hset(self._key("notes"), name, value)
            transaction.execute()

    def stats(self) -> Stats:
        with self._guard():
            meta = {k.decode(): v.decode() for k, v in self.client.hgetall(self._key("meta")).items()}
            files = self.client.hlen(self._key("files"))
        items, entries = int(meta.pop("items", 0)), int(meta.pop("band_entries", 0))
        return Stats(self.location, meta, files, items, entries, None)

    def close(self) -> None:
        self.client.close()

    def _pipelined(self, commands: Sequence[tuple[Any, ...]]) -> list[Any]:
        results: list[Any] = []
        for chunk in chunks(commands, 1000):
            pipeline = self.client.pipeline(transaction=False)
            for name, *args in chunk:
                getattr(pipeline, name)(*args)
            results.extend(pipeline.execute())
        return results

    def prepare(self, header: Header, warn: Warn) -> None:
        """For a writer: the index checked against ``header``, created when new, reset when untrustworthy."""
        exists, problem = self._read_header(header)
        if problem:
            warn(f"index {self.location} cannot be used: {problem}; rebuilding it")
            self.reset()
        if problem or not exists:
            self._create(header)

    def check(self, header: Header | None) -> None:
        """For a reader: a missing or untrustworthy index is an error, never read."""
        exists, problem = self._read_header(header)
        if not exists:
            raise StoreError(f"no index at {self.location} (`dedupe index add` creates one)")
        if problem:
            raise StoreError(
                f"index {self.location} cannot be used: {problem}; `dedupe index add` rebuilds it"
            )

    def _read_header(self, header: Header | None) -> tuple[bool, str | None]:
        """Whether an index is there, and why it cannot serve ``header`` (``None`` when it can)."""
        import redis

        try:
            stored = {k.decode(): v.decode() for k, v in self.client.hgetall(self._key("meta")).items()}
        except (redis.ResponseError, UnicodeDecodeError) as error:
            return True, f"its header is unreadable ({error})"
        if not stored:
            return (
                (True, "its header is missing") if self.client.exists(self._key("files")) else (False, None)
            )
        problem = mismatch(stored, header)
        if problem is None:
            self.banding = parse_banding(stored["banding"])
        return True, problem

    def _pattern(self) -> bytes:
        return re.sub(r"([*?\[\]\\])", r"\\\1", self.prefix).encode("utf-8") + b":*"

    def _create(self, header: Header) -> None:
        self.banding = header.banding()
        meta = {**header.fields(), "banding": banding_text(self.banding), "items": 0, "band_entries": 0}
        self.client.hset(self._key("meta"), mapping=meta)

    def reset(self) -> None:
        """Every key of this index gone, but the lock this writer holds."""
        doomed = (
            key
            for key in self.client.scan_iter(match=self._pattern(), count=1000)
            if key != self._key("lock")
        )
        batch: list[bytes] = []
        for key in doomed:
            batch.append(key)
            if len(batch) == 1000:
                self.client.unlink(*batch)
                batch = []
        if batch:
            self.client.unlink(*batch)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        import redis

        try:
            yield
        except redis.exceptions.LockError as error:
            raise StoreError(f"lost the lock on index {self.location}: {error}") from None
        except (redis.ResponseError, ValueError, KeyError) as error:
            if not self._write:
                raise StoreError(
                    f"index {self.location} is corrupt ({error}); `dedupe index add` rebuilds it"
                ) from None
            self.reset()
            raise CorruptIndex(
                f"index {self.location} was corrupt ({error}); emptied it to rebuild"
            ) from None
        except redis.RedisError as error:
            raise StoreError(f"index {self.location}: {error}") from None


def _item_fields(item: Item) -> dict[str, str | bytes | int]:
    return {
        "file": item.file,
        "origin": item.origin,
        "id": item.id,
        "title": item.title,
        "source": item.source,
        "published": item.published or "",
        "updates": json.dumps(list(item.updates)),
        "content_hash": item.content_hash,
        "shingle_count": item.shingle_count,
        "term_count": item.term_count,
        "shingles": item.shingles.astype(np.uint32).tobytes(),
        "terms": item.terms.astype(np.uint32).tobytes(),
        "text": pack_text(item.text or ""),
    }


_FIELDS = tuple(
    name.encode()
    for name in (
        *("file", "origin", "id", "title", "source", "published", "updates", "content_hash"),
        *("shingle_count", "term_count", "shingles", "terms"),
    )
)
"""An item's fields but its text, which only verification reads."""


def _item(key: str, row: Mapping[bytes, bytes | None]) -> Item:
    """An item out of its hash's fields; ``KeyError`` for a field missing (a damaged item)."""

    def field(name: str) -> bytes:
        value = row[name.encode()]
        if value is None:
            raise KeyError(f"item {key} has no {name}")
        return value

    def text(name: str) -> str:
        return field(name).decode("utf-8")

    return Item(
        key=key,
        file=text("file"),
        origin=text("origin"),
        id=text("id"),
        title=text("title"),
        source=text("source"),
        published=text("published") or None,
        updates=tuple(json.loads(text("updates"))),
        content_hash=text("content_hash"),
        shingles=np.frombuffer(field("shingles"), dtype=np.uint32),
        terms=np.frombuffer(field("terms"), dtype=np.uint32),
        shingle_count=int(field("shingle_count")),
        term_count=int(field("term_count")),
    )


def split_location(location: str) -> tuple[str, str]:
    """(connection URL, key prefix): ``prefix`` is ours, the rest of the query string is redis-py's."""
    parts = urlsplit(location)
    query = parse_qsl(parts.query)
    prefix = next((value for name, value in query if name == "prefix"), DEFAULT_PREFIX)
    rest = urlencode([(name, value) for name, value in query if name != "prefix"])
    return urlunsplit(parts._replace(query=rest)), prefix


@contextmanager
def open_redis(location: str, header: Header | None, *, write: bool, warn: Warn) -> Iterator[RedisStore]:
    try:
        import redis
    except ImportError:
        raise StoreError(
            f"index {location} needs the redis package: pip install 'wire-dedupe[redis]'"
        ) from None
    url, prefix = split_location(location)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=60)
        client.ping()
    except (ValueError, redis.RedisError) as error:
        raise StoreError(f"cannot use index {location}: {error}") from None
    store = RedisStore(client, location, prefix, write)
    try:
        if write:
            store.lock = client.lock(
                f"{prefix}:lock", timeout=LOCK_TTL_SECONDS, sleep=0.05, thread_local=False
            )
            if not store.lock.acquire(blocking=False):
                warn(f"waiting for another dedupe run to finish with index {location}")
                if not store.lock.acquire(blocking_timeout=LOCK_WAIT_SECONDS):
                    raise StoreError(f"index {location} is locked by another dedupe run")
            store.prepare(header, warn)
        else:
            store.check(header)
        yield store
    except redis.RedisError as error:
        raise StoreError(f"index {location}: {error}") from None
    finally:
        if store.lock is not None:
            with suppress(redis.RedisError):
                store.lock.release()
        client.close()
