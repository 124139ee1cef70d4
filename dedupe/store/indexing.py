"""Files into index items: read, take each article's matching text, sign; and adding or removing files.

Signatures are taken over the article text less lines of a known furniture shape. The corpus-frequency
half of boilerplate stripping (``boilerplate.strip_boilerplate`` over many articles) needs every article
at once; an index grows a file at a time, and an item's signature must not depend on which articles
happened to be added with it.

A file is known by its git blob id (SHA-1 of ``blob <size>\\0`` and its bytes), whether it was read from
git or from disk: an unchanged file is never read or signed twice, and a text re-read for verification is
checked against the blob id the index recorded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from dedupe.boilerplate import strip_boilerplate
from dedupe.errors import SourceError
from dedupe.model import Article
from dedupe.pipeline import Progress, ScanOptions, sign
from dedupe.signature import content_hash
from dedupe.sources import ReadOptions, format_of, parse_bytes
from dedupe.store import Header, IndexStore, Item, chunks
from dedupe.text import normalize

BATCH = 2000
"""Files read, signed and written per index transaction."""


@dataclass(frozen=True, slots=True)
class Source:
    """One file as read: its blob id, its articles (each with the text that is signed) and its errors."""

    file: str
    origin: str
    articles: tuple[Article, ...]
    texts: tuple[str, ...]
    errors: tuple[SourceError, ...]


def header_of(options: ScanOptions) -> Header:
    """The index header a run with ``options`` needs."""
    return Header(options.signature, options.grouping.shingle_lsh, options.grouping.term_lsh)


def blob_id(data: bytes) -> str:
    """Git's object id of a file's bytes: the same whether the bytes came from git or from disk."""
    import hashlib  # here: a hook run reads tracked files from git, with their ids, and needs no hashing

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def matching_text(article: Article) -> str:
    """What is signed and verified: the article's text less lines of a known furniture shape."""
    return strip_boilerplate([article.text])[0]


def read_source(file: str, data: bytes, origin: str | None = None) -> Source:
    """The articles of one file's bytes (its format from its name, else sniffed)."""
    articles: list[Article] = []
    errors: list[SourceError] = []
    for found in parse_bytes(data, file, format_of(file)):
        (errors if isinstance(found, SourceError) else articles).append(found)
    texts = tuple(matching_text(a) for a in articles)
    return Source(file, origin or blob_id(data), tuple(articles), texts, tuple(errors))


def unreadable(file: str, origin: str, reason: str) -> Source:
    return Source(file, origin, (), (), (SourceError(file, reason),))


def too_large(file: str, origin: str, options: ReadOptions) -> Source:
    return unreadable(file, origin, f"larger than the {options.max_bytes:,} bytes limit (--max-bytes)")


def read_file(file: str, options: ReadOptions, *, at: str | os.PathLike[str] | None = None) -> Source:
    """One file from disk (named ``file``, read from ``at`` when given), within the size limit; a file that
    cannot be read is a ``Source`` with one error and no blob id."""
    try:
        with open(file if at is None else at, "rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except OSError as error:
        return unreadable(file, "", f"cannot read file: {(error.strerror or str(error)).lower()}")
    return too_large(file, "", options) if len(data) > options.max_bytes else read_source(file, data)


def read_stream(name: str, stream: BinaryIO, options: ReadOptions) -> Source:
    """One input from a stream (stdin), within the size limit."""
    data = stream.read(options.max_bytes + 1)
    return too_large(name, "", options) if len(data) > options.max_bytes else read_source(name, data)


def article_files(paths: Iterable[str]) -> Iterator[str]:
    """The files named, and the article files (by extension, hidden names skipped) under folders named,
    each path normalised (``./a.txt`` is ``a.txt``: an item's key is its path), folders in sorted order."""
    for path in paths:
        path = os.path.normpath(path)
        if not os.path.isdir(path):
            yield path
            continue
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            for name in sorted(names):
                if not name.startswith(".") and format_of(name) is not None:
                    yield os.path.join(folder, name)


def updates_of(article: Article) -> tuple[str, ...]:
    """The ids or paths an article declares it updates: ``updates: ID`` (front matter, JSON) or a list."""
    declared = article.meta.get("updates")
    values = declared if isinstance(declared, list) else [declared]
    return tuple(
        str(value).strip() for value in values if isinstance(value, str | int) and str(value).strip()
    )


def index_items(
    sources: Sequence[Source], options: ScanOptions, warnings: list[str], progress: Progress | None = None
) -> list[Item]:
    """Every article of ``sources`` as an index item, signed on ``options.jobs`` processes (and cached)."""
    pairs = [(source, article) for source in sources for article in source.articles]
    texts = [text for source in sources for text in source.texts]
    if not pairs:
        return []
    tables = sign(texts, options, warnings, progress or (lambda stage, done, total: None))
    return [
        Item(
            key=article.path,
            file=source.file,
            origin=source.origin,
            id=article.id,
            title=article.title,
            source=article.source,
            published=article.published.isoformat() if article.published else None,
            updates=updates_of(article),
            content_hash=content_hash(normalize(text)),
            shingles=tables.shingles[row],
            terms=tables.terms[row],
            shingle_count=int(tables.shingle_counts[row]),
            term_count=int(tables.term_counts[row]),
            text=text,
        )
        for row, ((source, article), text) in enumerate(zip(pairs, texts, strict=True))
    ]


@dataclass(frozen=True, slots=True)
class Added:
    files: int
    """Files read and (re)indexed."""
    unchanged: int
    """Files already indexed with the same content: not read again."""
    items: int
    errors: tuple[SourceError, ...]


def add_files(store: IndexStore, paths: Iterable[str], options: ScanOptions, warnings: list[str]) -> Added:
    """Index the article files at ``paths``; a file already indexed with the same content is skipped.

    A file that gives no article (unreadable, malformed) is reported and left as the index had it.
    """
    stored = store.files()
    files = unchanged = items = 0
    errors: list[SourceError] = []
    for batch in chunks(list(dict.fromkeys(article_files(paths))), BATCH):
        sources = [read_file(file, options.read) for file in batch]
        fresh = [s for s in sources if s.articles and stored.get(s.file) != s.origin]
        unchanged += sum(1 for s in sources if s.articles and stored.get(s.file) == s.origin)
        errors.extend(error for source in sources for error in source.errors)
        added = index_items(fresh, options, warnings)
        store.update(added, {s.file: s.origin for s in fresh})
        files, items = files + len(fresh), items + len(added)
    return Added(files, unchanged, items, tuple(errors))


def remove_files(store: IndexStore, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """Forget the files at ``paths`` (a folder: every indexed file under it).

    Returns the files removed and the paths that named no indexed file."""
    stored = store.files()
    removed: list[str] = []
    unknown: list[str] = []
    for path in paths:
        path = os.path.normpath(path)
        under = "" if path == "." else f"{path}/"
        found = sorted(file for file in stored if file == path or file.startswith(under))
        if found:
            removed.extend(found)
        else:
            unknown.append(path)
    removed = list(dict.fromkeys(removed))
    if removed:
        store.update([], {}, removed)
    return removed, unknown
