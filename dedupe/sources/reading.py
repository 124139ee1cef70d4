"""The I/O edge: paths, folders and stdin to a stream of articles and errors, within a size limit.

One file is read (at most ``max_bytes + 1`` bytes of it) and parsed at a time per process, and nothing a
file yields is kept here once handed on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any, BinaryIO

from dedupe.errors import ConfigError, SourceError
from dedupe.model import Article
from dedupe.sources.formats import Format, format_of, parse_bytes

if TYPE_CHECKING:
    from dedupe.cache import ArticleCache

STDIN = "-"

Read = list[Article | SourceError]
"""What reading one file gave: its articles and the errors of its parts (a JSON Lines file's bad lines)."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    max_bytes: int = 50 * 1024 * 1024
    """Largest input read, per file and for stdin; a larger one is a ``SourceError``."""

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise ConfigError(f"--max-bytes must be at least 1, not {self.max_bytes}")

    @property
    def key(self) -> str:
        """What a reading depends on, for the article cache."""
        return f"max-bytes:{self.max_bytes}"


READ_BATCH = 64
"""Files a worker process reads and parses per task when ``jobs`` > 1."""


@dataclass(frozen=True, slots=True)
class _FileToRead:
    path: str
    fmt: Format | None


def iter_articles(
    paths: Iterable[str],
    options: ReadOptions = ReadOptions(),
    jobs: int = 1,
    cache: ArticleCache | None = None,
) -> Iterator[Article | SourceError]:
    """Articles and errors from files, folders and ``-`` (stdin), in a deterministic order; never raises.

    Paths are read in the order given; a folder is walked depth-first with names sorted, skipping hidden names
    and files whose extension names no article format; a file named explicitly with an unknown extension (and
    stdin) is sniffed from its content. Ids are as the formats give them: two versions of one ninjs or NewsML
    item share an id, and ``pipeline.unique_ids`` makes them unique independently of the order read.
    With ``jobs`` > 1, files are read and parsed by that many processes, in batches, and yielded in the
    same order as with one. With a ``cache``, a file unchanged since it was last read (same path, size,
    modification time and inode) is not parsed again.
    """
    visited_folders: set[str] = set()
    found = (item for path in paths for item in _iter_path(path, options, visited_folders))
    if jobs <= 1 and cache is None:
        for item in found:
            yield from _resolve(item, options)
        return
    items = list(found)  # paths to read, stdin's articles, unreadable folders: the reading is what is shared
    known = _cached(items, options, cache) if cache is not None else {}
    missing = [
        item for number, item in enumerate(items) if isinstance(item, _FileToRead) and number not in known
    ]
    fresh = _read_all(missing, options, jobs)
    written: list[tuple[bytes, Read]] = []
    for number, item in enumerate(items):
        if not isinstance(item, _FileToRead):
            yield item
            continue
        if number in known:
            yield from known[number]
            continue
        stat, read = next(fresh)
        if cache is not None and stat is not None:
            written.append((cache.key(item.path, str(item.fmt), stat, options.key), read))
            if len(written) >= CACHE_WRITE_BATCH:
                cache.put_many(written)
                written.clear()
        yield from read
    if cache is not None:
        cache.put_many(written)


CACHE_WRITE_BATCH = 1024
"""Files read between two writes to the article cache: a killed run keeps what it had read."""


def _cached(items: list[Any], options: ReadOptions, cache: ArticleCache) -> dict[int, Read]:
    """What the cache holds for the files among ``items``, by their position."""
    keys: dict[int, bytes] = {}
    for number, item in enumerate(items):
        if isinstance(item, _FileToRead):
            try:
                keys[number] = cache.key(item.path, str(item.fmt), os.stat(item.path), options.key)
            except OSError:
                continue  # reading it says why
    found = cache.get_many(list(keys.values()))
    return {number: found[key] for number, key in keys.items() if key in found}


def _read_all(files: list[_FileToRead], options: ReadOptions, jobs: int) -> Iterator[Loaded]:
    """Each file read and parsed, in order: on ``jobs`` processes when there are enough files to share."""
    if jobs <= 1 or len(files) < 2 * READ_BATCH:  # not worth starting processes
        yield from (_load(item.path, item.fmt, options) for item in files)
        return
    from dedupe.workers import process_pool

    batches = [files[start : start + READ_BATCH] for start in range(0, len(files), READ_BATCH)]
    with process_pool(jobs) as pool:
        for read in pool.map(_read_batch, batches, repeat(options)):
            yield from read


def _resolve(
    item: Article | SourceError | _FileToRead, options: ReadOptions
) -> Iterator[Article | SourceError]:
    if isinstance(item, _FileToRead):
        yield from _load(item.path, item.fmt, options)[1]
    else:
        yield item


def _read_batch(files: list[_FileToRead], options: ReadOptions) -> list[Loaded]:
    """Each file of a batch read and parsed in a worker process."""
    return [_load(item.path, item.fmt, options) for item in files]


def _iter_path(
    path: str, options: ReadOptions, visited_folders: set[str]
) -> Iterator[Article | SourceError | _FileToRead]:
    if path == STDIN:
        yield from _read_stdin(options)
    elif os.path.isdir(path):
        yield from _walk(path, visited_folders)
    else:
        yield _FileToRead(path, format_of(path))


def _walk(root: str, visited_folders: set[str]) -> Iterator[SourceError | _FileToRead]:
    """Depth-first, names sorted; a folder met again through a symbolic link (a loop) is not entered twice.

    An explicit stack rather than recursion, so a very deep tree cannot exhaust Python's recursion limit.
    """
    pending: list[Iterator[os.DirEntry[str]]] = []
    listing = _list_folder(root, visited_folders)
    if isinstance(listing, SourceError):
        yield listing
        return
    pending.append(iter(listing))
    while pending:
        entry = next(pending[-1], None)
        if entry is None:
            pending.pop()
        elif entry.name.startswith("."):
            continue
        elif _is_dir(entry):
            listing = _list_folder(entry.path, visited_folders)
            if isinstance(listing, SourceError):
                yield listing
            else:
                pending.append(iter(listing))
        elif (fmt := format_of(entry.name)) is not None:
            if _is_file(entry):
                yield _FileToRead(entry.path, fmt)
            else:
                reason = "broken symbolic link" if entry.is_symlink() else "not a regular file"
                yield SourceError(entry.path, reason)


def _list_folder(folder: str, visited_folders: set[str]) -> list[os.DirEntry[str]] | SourceError:
    real = os.path.realpath(folder)
    if real in visited_folders:
        return []
    visited_folders.add(real)
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as err:
        return SourceError(folder, f"cannot read folder: {_os_reason(err)}")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


Loaded = tuple[os.stat_result | None, Read]
"""A file's articles and errors, with the file's status as read when that reading may be cached."""


def _load(path: str, fmt: Format | None, options: ReadOptions) -> Loaded:
    """The file's articles and errors; its status too when the file was read whole (not an I/O error or
    a size refusal, which may pass and are cheap to find again)."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > options.max_bytes:
                return None, [_too_large(path, options)]
            data = handle.read(options.max_bytes + 1)
    except OSError as err:
        return None, [SourceError(path, f"cannot read file: {_os_reason(err)}")]
    read = list(_parse_within_limit(data, path, fmt, options))
    return (stat if len(data) <= options.max_bytes else None), read


def _read_stdin(options: ReadOptions) -> Iterator[Article | SourceError]:
    stream: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield SourceError(STDIN, "standard input is not available")
        return
    try:
        data = stream.read(options.max_bytes + 1)
    except OSError as err:
        yield SourceError(STDIN, f"cannot read standard input: {_os_reason(err)}")
        return
    yield from _parse_within_limit(data, STDIN, None, options)


def _parse_within_limit(
    data: bytes, path: str, fmt: Format | None, options: ReadOptions
) -> Iterator[Article | SourceError]:
    if len(data) > options.max_bytes:
        yield _too_large(path, options)
    else:
        yield from parse_bytes(data, path, fmt)


def _too_large(path: str, options: ReadOptions) -> SourceError:
    return SourceError(path, f"larger than the {_size_label(options.max_bytes)} limit (--max-bytes)")


def _size_label(size: int) -> str:
    for unit, unit_size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= unit_size and size % unit_size == 0:
            return f"{size // unit_size} {unit}"
    return f"{size} bytes"


def _os_reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()
