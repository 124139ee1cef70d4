"""The I/O edge: paths, folders and stdin to a stream of articles and errors, within a size limit.

Everything here streams: one file is read (at most ``max_bytes + 1`` bytes of it) and parsed before the next
is opened, and nothing a file yields is kept.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import BinaryIO

from dedupe.errors import ConfigError, SourceError
from dedupe.model import Article
from dedupe.sources.formats import Format, format_of, parse_bytes

STDIN = "-"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    max_bytes: int = 50 * 1024 * 1024
    """Largest input read, per file and for stdin; a larger one is a ``SourceError``."""

    def __post_init__(self) -> None:
        if self.max_bytes < 1:
            raise ConfigError(f"--max-bytes must be at least 1, not {self.max_bytes}")


READ_BATCH = 64
"""Files a worker process reads and parses per task when ``jobs`` > 1."""


@dataclass(frozen=True, slots=True)
class _FileToRead:
    path: str
    fmt: Format | None


def iter_articles(
    paths: Iterable[str], options: ReadOptions = ReadOptions(), jobs: int = 1
) -> Iterator[Article | SourceError]:
    """Articles and errors from files, folders and ``-`` (stdin), in a deterministic order; never raises.

    Paths are read in the order given; a folder is walked depth-first with names sorted, skipping hidden names
    and files whose extension names no article format; a file named explicitly with an unknown extension (and
    stdin) is sniffed from its content. Ids are as the formats give them: two versions of one ninjs or NewsML
    item share an id, and ``pipeline.unique_ids`` makes them unique independently of the order read.
    With ``jobs`` > 1, files are read and parsed by that many processes, in batches, and yielded in the
    same order as with one.
    """
    visited_folders: set[str] = set()
    found = (item for path in paths for item in _iter_path(path, options, visited_folders))
    if jobs <= 1:
        for item in found:
            yield from _resolve(item, options)
        return
    items = list(found)  # paths to read, stdin's articles, unreadable folders: the reading is what is shared
    if sum(isinstance(item, _FileToRead) for item in items) < 2 * READ_BATCH:  # not worth starting processes
        for item in items:
            yield from _resolve(item, options)
        return
    from dedupe.workers import process_pool

    batches = [items[start : start + READ_BATCH] for start in range(0, len(items), READ_BATCH)]
    files = [[item if isinstance(item, _FileToRead) else None for item in batch] for batch in batches]
    with process_pool(jobs) as pool:
        for batch, read in zip(batches, pool.map(_read_batch, files, repeat(options)), strict=True):
            for item, results in zip(batch, read, strict=True):
                yield from results if isinstance(item, _FileToRead) else (item,)


def _resolve(
    item: Article | SourceError | _FileToRead, options: ReadOptions
) -> Iterator[Article | SourceError]:
    if isinstance(item, _FileToRead):
        yield from _read_file(item.path, item.fmt, options)
    else:
        yield item


def _read_batch(files: list[_FileToRead | None], options: ReadOptions) -> list[list[Article | SourceError]]:
    """Each file of a batch read and parsed in a worker process (``None``: nothing to read there)."""
    return [list(_read_file(item.path, item.fmt, options)) if item else [] for item in files]


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


def _read_file(path: str, fmt: Format | None, options: ReadOptions) -> Iterator[Article | SourceError]:
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > options.max_bytes:
                yield _too_large(path, options)
                return
            data = handle.read(options.max_bytes + 1)
    except OSError as err:
        yield SourceError(path, f"cannot read file: {_os_reason(err)}")
        return
    yield from _parse_within_limit(data, path, fmt, options)


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
