"""Plain text and Markdown (with optional YAML front matter) to articles."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml

from dedupe.model import Article
from dedupe.sources.cleaning import Unreadable, clean_line, clean_text, decode_text, without_leading_title
from dedupe.sources.dates import parse_published
from dedupe.sources.inline import strip_inline_markup

HEADLINE_MAX_CHARS = 150
FRONT_MATTER_MAX_VALUES = 10_000
"""YAML aliases let a small front matter stand for a huge tree; more values than this are refused."""

_FRONT_MATTER_FIELDS = ("id", "title", "source", "published")


def parse_plain_text(data: bytes, path: str) -> Article:
    """A ``.txt`` article: a short first line followed by a blank line is the headline (BBC style).

    A first line ending in a full stop is a sentence, not a headline, so it stays in the text.
    """
    text = clean_text(decode_text(data))
    first, _, rest = text.partition("\n")
    title = ""
    if rest.startswith("\n") and _looks_like_headline(first):  # a first line, then a blank one
        title, text = first, rest[1:]  # still clean: blank runs were folded to one line
    if not text:
        raise Unreadable("no article text")
    return Article(id=path, text=text, title=clean_line(title), path=path)


def _looks_like_headline(line: str) -> bool:
    ends_sentence = line.endswith(".") and not line.endswith("...")
    return len(line) <= HEADLINE_MAX_CHARS and not ends_sentence


def parse_markdown(data: bytes, path: str) -> Article:
    """A Markdown article: front matter gives ``id``, ``title``, ``source``, ``published``; the rest is meta.

    ``date`` stands in for ``published`` when only it is given (the static-site convention).
    """
    front, body = split_front_matter(decode_text(data))
    published_key = "published" if "published" in front or "date" not in front else "date"
    try:
        published = parse_published(front.get(published_key))
    except ValueError as err:
        raise Unreadable(f"front matter '{published_key}': {err}") from None
    consumed = {*_FRONT_MATTER_FIELDS, published_key}
    title = clean_line(_scalar_text(front.get("title")))
    return Article(
        id=_scalar_text(front.get("id")) or path,
        text=_required_text(without_leading_title(markdown_to_text(body), title)),
        title=title,
        source=clean_line(_scalar_text(front.get("source"))),
        published=published,
        path=path,
        meta=json_safe({key: value for key, value in front.items() if key not in consumed}),
    )


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(front matter, body)``; a document without a leading ``---`` line has empty front matter."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    closing = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), None)
    if closing is None:
        raise Unreadable("front matter is not closed (no second '---' line)")
    try:
        front = yaml.safe_load("\n".join(lines[1:closing]))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 2}" if mark is not None else "front matter"
        raise Unreadable(f"front matter is not valid YAML ({where}): {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise Unreadable(f"front matter is not valid YAML: {err}") from None
    if front is None:
        front = {}
    if not isinstance(front, Mapping):
        raise Unreadable(f"front matter is a YAML {type(front).__name__}, not a mapping of keys to values")
    return {str(key): value for key, value in front.items()}, "\n".join(lines[closing + 1 :])


def json_safe(value: Any) -> Any:
    """Front matter values as JSON types (dates as ISO 8601 text), so reports can print ``meta`` as it is."""
    budget = FRONT_MATTER_MAX_VALUES

    def convert(item: Any) -> Any:
        nonlocal budget
        budget -= 1
        if budget < 0:
            raise Unreadable(f"front matter holds more than {FRONT_MATTER_MAX_VALUES} values")
        if isinstance(item, Mapping):
            return {str(key): convert(inner) for key, inner in item.items()}
        if isinstance(item, list | tuple | set):
            return [convert(inner) for inner in item]
        if isinstance(item, date):
            return item.isoformat()
        if item is None or isinstance(item, str | int | float | bool):
            return item
        return str(item)

    return convert(value)


def _scalar_text(value: Any) -> str:
    return "" if value is None or isinstance(value, Mapping | list) else str(value)


def _required_text(text: str) -> str:
    text = clean_text(text)
    if not text:
        raise Unreadable("no article text")
    return text


# Markdown: markup that is not prose goes, the words stay. Whole-document passes first, then line by line.
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]+\S.*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,}).*$")
_RULE_OR_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+|(?:[-*_][ \t]*){3,})$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_BLOCK_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")
_ESCAPE_BASE = 0xF0000  # escaped characters hide in a private-use plane until the markup is gone
_ESCAPE_HOLDER = re.compile("[\U000f0000-\U000f007f]")


def markdown_to_text(markdown: str) -> str:
    """Markdown as prose: headings kept as lines; emphasis, link syntax, images, comments, HTML removed."""
    markdown = _LINK_DEFINITION.sub("", _SCRIPT_OR_STYLE.sub("", _HTML_COMMENT.sub("", markdown)))
    lines = [_markdown_line(line) for line in markdown.split("\n")]
    return clean_text("\n".join(line for line in lines if line is not None))


def _markdown_line(line: str) -> str | None:
    if _FENCE.match(line) or _RULE_OR_UNDERLINE.match(line):
        return None
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(1)
    line = _LIST_MARKER.sub("", _BLOCK_QUOTE.sub("", line))
    line = _ESCAPED.sub(lambda match: chr(_ESCAPE_BASE + ord(match.group(1))), line)
    line = strip_inline_markup(line)
    line = _ESCAPE_HOLDER.sub(lambda match: chr(ord(match.group(0)) - _ESCAPE_BASE), line)
    return html.unescape(line)
