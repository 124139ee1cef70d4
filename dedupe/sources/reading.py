"""The I/O edge: paths, folders and stdin to a stream of articles and errors, within a size limit.

One file is read (at most ``max_bytes + 1`` bytes of it) and parsed at a time per process, and nothing a
file yields is kept here once handed on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import FileIO
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
    fresh = _read_all(missing, options, jobs, with_status=cache is not None)
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


def _read_all(
    files: list[_FileToRead], options: ReadOptions, jobs: int, with_status: bool
) -> Iterator[Loaded]:
    """Each file read and parsed, in order: on ``jobs`` processes when there are enough files to share.

    A file's status comes back only ``with_status`` (for the cache): unpickling it cost the main process
    as much as the articles did.
    """
    if jobs <= 1 or len(files) < 2 * READ_BATCH:  # not worth starting processes
        yield from (_load(item.path, item.fmt, options) for item in files)
        return
    from dedupe.workers import process_pool

    tasks = [(item.path, item.fmt) for item in files]
    batches = [tasks[start : start + READ_BATCH] for start in range(0, len(tasks), READ_BATCH)]
    with process_pool(jobs) as pool:
        for read in pool.map(_read_batch, batches, repeat(options), repeat(with_status)):
            yield from read


def _resolve(
    item: Article | SourceError | _FileToRead, options: ReadOptions
) -> Iterator[Article | SourceError]:
    if isinstance(item, _FileToRead):
        yield from _load(item.path, item.fmt, options)[1]
    else:
        yield item


def _read_batch(
    files: list[tuple[str, Format | None]], options: ReadOptions, with_status: bool
) -> list[Loaded]:
    """Each file of a batch read and parsed in a worker process. Files travel as plain tuples: a slotted
    dataclass pickles and unpickles field by field in Python, 10 µs a file in the main process."""
    loaded = (_load(path, fmt, options) for path, fmt in files)
    return [(stat if with_status else None, read) for stat, read in loaded]


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
        with open(path, "rb", buffering=0) as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > options.max_bytes:
                return None, [_too_large(path, options)]
            data = _read_to_end(handle, min(stat.st_size, options.max_bytes) + 1, options.max_bytes + 1)
    except OSError as err:
        return None, [SourceError(path, f"cannot read file: {_os_reason(err)}")]
    read = list(_parse_within_limit(data, path, fmt, options))
    return (stat if len(data) <= options.max_bytes else None), read


EOF_PROBE_BYTES = 1 << 16
"""What each read after the first asks for (the first one reads a whole file; the next finds its end)."""


def _read_to_end(handle: FileIO, expected: int, limit: int) -> bytes:
    """At most ``limit`` bytes of ``handle``, to its end, asking first for the ``expected`` size.

    ``read(limit)`` on a buffered file would do, but it allocates ``limit`` bytes before reading: 50 MB
    (``--max-bytes``) allocated and freed per file cost 40 µs of a small file's 220. A file that grew
    since its size was taken is read on, to ``limit``, as before.
    """
    chunks: list[bytes] = []
    total = 0
    wanted = min(expected, limit)
    while wanted > 0 and (chunk := handle.read(wanted)):
        chunks.append(chunk)
        total += len(chunk)
        wanted = min(limit - total, EOF_PROBE_BYTES)
    return b"".join(chunks)


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
