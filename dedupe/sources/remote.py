"""Articles at ``fsspec`` URLs (``s3://``, ``gs://``, ``https://``, ``file://``, ``memory://``...).

The same parsers and size limit as local files (``reading``'s); only the bytes come through ``fsspec``
(an optional dependency, in the ``dask`` extra: it is imported when a URL is met, never before). A folder
URL is walked like a folder: every file below it, hidden names skipped, only extensions that name a
format; a file URL named explicitly is read whatever its name (an unknown extension is sniffed).

Listing (``list_url``) runs where the run is planned; reading (``read_url``) where the work is done, e.g.
on Dask workers, which must reach the same URLs (and hold the credentials their file system needs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dedupe.errors import ConfigError, SourceError
from dedupe.model import Article
from dedupe.sources.formats import Format, format_of
from dedupe.sources.reading import ReadOptions, _parse_within_limit, _too_large

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
"""A scheme of two letters or more, then ``://`` (so ``C:/x`` stays a path)."""


def is_url(path: str) -> bool:
    """Whether ``path`` is a URL (``scheme://...``) rather than a local path."""
    return bool(_URL.match(path))


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """A file to read through ``fsspec``: its URL as the run names it, and the format its name says."""

    url: str
    fmt: Format | None


def filesystem(url: str) -> tuple[Any, str]:
    """``fsspec``'s file system for ``url`` and the path in it; a missing ``fsspec``, or a protocol whose
    package is not installed (``s3fs`` for ``s3://``), is a ``ConfigError`` that says what to install."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise ConfigError(
            f"{url}: reading URLs needs fsspec: pip install 'wire-dedupe[dask]' (and the package of the "
            "URL's file system, e.g. s3fs for s3://)"
        ) from None
    try:
        return url_to_fs(url)
    except ImportError as error:  # fsspec knows the protocol, its implementation is not installed
        raise ConfigError(f"{url}: {error}") from None
    except ValueError as error:  # "Protocol not known"
        raise ConfigError(f"{url}: {error}") from None


def list_url(url: str) -> Iterator[RemoteFile | SourceError]:
    """The files a URL names: itself, or (a folder) the files below it whose extension names a format,
    sorted by path, hidden names skipped. Raises ``ConfigError`` only when the URL cannot be understood."""
    fs, root = filesystem(url)
    try:
        is_folder = fs.isdir(root)
        found = sorted(fs.find(root, withdirs=False)) if is_folder else []
    except Exception as error:  # any backend's failure to list is this input's error, not the run's
        yield SourceError(url, f"cannot read folder: {_reason(error)}")
        return
    if not is_folder:
        yield RemoteFile(url, format_of(url))
        return
    base, prefix = url.rstrip("/"), root.rstrip("/") + "/"
    below = [path[len(prefix) :] for path in found if path.startswith(prefix)]
    for relative in sorted(below, key=lambda path: path.split("/")):
        names = relative.split("/")
        if any(name.startswith(".") for name in names) or (fmt := format_of(names[-1])) is None:
            continue
        yield RemoteFile(f"{base}/{relative}", fmt)


def read_url(file: RemoteFile, options: ReadOptions | None = None) -> Iterator[Article | SourceError]:
    """The articles of one file at a URL, read through ``fsspec`` (at most ``max_bytes + 1`` bytes) and
    parsed as a local file is; never raises for a bad or unreachable file (a ``SourceError`` instead)."""
    options = options or ReadOptions()
    fs, path = filesystem(file.url)
    try:
        size = fs.size(path)
        if size is not None and size > options.max_bytes:
            yield _too_large(file.url, options)
            return
        with fs.open(path, "rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except Exception as error:  # network and permission failures of any backend: this file's error
        yield SourceError(file.url, f"cannot read file: {_reason(error)}")
        return
    yield from _parse_within_limit(data, file.url, file.fmt, options)


def _reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return f"{type(error).__name__}: {error}"
