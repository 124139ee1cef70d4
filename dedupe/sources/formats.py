"""Which reader reads what: formats by file extension, or sniffed from the content, and the one dispatch."""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

from dedupe.errors import SourceError
from dedupe.model import Article
from dedupe.sources.cleaning import Unreadable, check_readable, clean_line
from dedupe.sources.newsml import parse_newsml
from dedupe.sources.plain import parse_markdown, parse_plain_text
from dedupe.sources.records import parse_json, parse_json_lines
from dedupe.sources.webpage import parse_html

Format = Literal["text", "markdown", "json", "jsonl", "newsml", "html"]

FORMAT_BY_EXTENSION: dict[str, Format] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "newsml",
    ".html": "html",
    ".htm": "html",
}
"""The article files a folder walk reads; any other file is read only when named explicitly (then sniffed)."""

_READERS: dict[Format, Callable[[bytes, str], Iterable[Article | SourceError]]] = {
    "text": lambda data, path: [parse_plain_text(data, path)],
    "markdown": lambda data, path: [parse_markdown(data, path)],
    "html": lambda data, path: [parse_html(data, path)],
    "json": parse_json,
    "jsonl": parse_json_lines,
    "newsml": parse_newsml,
}
_FIRST_ELEMENT = re.compile(r"<(?![?!])([A-Za-z_][\w:.-]*)")
_NEWSML_ROOTS = frozenset({"newsmessage", "newsitem"})


def format_of(path: str) -> Format | None:
    """The format a file's extension names (case-insensitive), or ``None`` when it names none."""
    return FORMAT_BY_EXTENSION.get(os.path.splitext(path)[1].lower())


def parse_bytes(data: bytes, path: str, fmt: Format | None = None) -> Iterator[Article | SourceError]:
    """Articles and errors from one input's bytes; ``fmt=None`` sniffs the format from the content.

    Never raises for bad input: a failure of the whole input is one ``SourceError`` for ``path``. An
    unexpected failure inside a parser is reported the same way, since one strange file must not stop a run.
    """
    try:
        check_readable(data)
        found = False
        for item in _READERS[fmt or sniff_format(data)](data, path):
            found = True
            yield item
        if not found:  # e.g. JSON Lines of only Unicode whitespace (U+0085), which bytes.strip() keeps
            yield SourceError(path, "no article text")
    except Unreadable as err:
        yield SourceError(path, err.reason)
    except RecursionError:
        yield SourceError(path, "nested too deeply to read")
    except Exception as err:  # the last guard of "a bad file never stops the run"
        yield SourceError(path, clean_line(f"cannot read ({type(err).__name__}: {err})"))


def sniff_format(data: bytes) -> Format:
    """The format of an input whose name does not say: stdin, or a file named without a known extension."""
    head = _head_text(data).lstrip()
    if head.startswith(("{", "[")):
        return "jsonl" if _is_json_lines(data) else "json"
    if head.startswith("<"):
        root = _FIRST_ELEMENT.search(head)
        root_name = root.group(1).rsplit(":", 1)[-1].lower() if root else ""
        is_xml = root_name in _NEWSML_ROOTS or (head.startswith("<?xml") and root_name != "html")
        return "newsml" if is_xml else "html"
    if head.startswith(("---", "# ")):
        return "markdown"
    return "text"


def _head_text(data: bytes) -> str:
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[: len(head) // 2 * 2].decode("utf-16", "ignore")
    return head.decode("utf-8", "ignore").lstrip("\ufeff")


def _is_json_lines(data: bytes) -> bool:
    """A first line that is a whole JSON object, with more after it: one object a line."""
    first, _, rest = data.removeprefix(codecs.BOM_UTF8).lstrip().partition(b"\n")
    try:
        return isinstance(json.loads(first), dict) and bool(rest.strip())
    except ValueError:
        return False
