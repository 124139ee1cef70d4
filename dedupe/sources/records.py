"""JSON and JSON Lines: IPTC ninjs (1.x, 2.x, 3.x) and generic article objects, normalised to one record.

Field mapping, first present wins (ninjs generation in brackets):

- ``id``: ``uri``, ``guid`` (Superdesk 1.x), ``id`` (generic); else the path (``file.jsonl:LINE``).
- ``title``: ``headlines`` [2, 3] (``role: main`` first), ``headline`` [1], ``title``.
- ``text``: a ``text/plain`` body before a markup body, ``role: main`` first: ``bodies`` [2, 3]
  (``contenttype`` [2] / ``contentType`` [3]), ``body_text`` then ``body_html`` / other ``body_*`` [1],
  ``text`` / ``body`` / ``content`` (generic). Markup bodies become text with one paragraph per block element.
- ``source``: the organisation that owns or supplied the copy, since the base of a group is chosen by source:
  ``source`` (generic; a string or ``{"name": ...}``), ``copyrightholder`` [1, 2] / ``copyrightHolder`` [3],
  the first ``infosource`` [1] / ``infosources`` [2] / ``infoSources`` [3], ``provider``; only then the byline
  (``by`` [2, 3], ``byline`` [1]), which names people more often than organisations.
- ``published``: ``versioncreated`` [1, 2] / ``versionCreated`` [3], else ``firstcreated`` / ``firstCreated``,
  else ``published`` / ``date`` (generic).
- ``meta``: every other top-level field with a scalar value (``by``, ``located``, ``language``...).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from dedupe.errors import SourceError
from dedupe.model import Article
from dedupe.sources.cleaning import Unreadable, clean_line, clean_text, decode_text, without_leading_title
from dedupe.sources.dates import parse_published
from dedupe.sources.markup import html_to_text, looks_like_markup

_ID_KEYS = ("uri", "guid", "id")
_TITLE_KEYS = ("headline", "title")
_PLAIN_BODY_KEYS = ("body_text", "text", "body", "content")
_PUBLISHED_KEYS = ("versioncreated", "versionCreated", "firstcreated", "firstCreated", "published", "date")
_SOURCE_KEYS = ("source", "copyrightholder", "copyrightHolder", "infosource", "infosources", "infoSources")
_LAST_RESORT_SOURCE_KEYS = ("provider", "by", "byline")
_CONTENT_TYPE_KEYS = ("contenttype", "contentType")


def parse_json(data: bytes, path: str) -> Iterator[Article | SourceError]:
    """A ``.json`` file: one article object, or a list of them (item ``n`` of several is ``path#n``)."""
    try:
        document = json.loads(decode_text(data))
    except json.JSONDecodeError as err:
        raise Unreadable(f"malformed JSON at line {err.lineno} column {err.colno}: {err.msg}") from None
    if isinstance(document, list):
        if not document:
            raise Unreadable("JSON list holds no articles")
        for number, record in enumerate(document, 1):
            item_path = f"{path}#{number}" if len(document) > 1 else path
            yield _article_or_error(record, item_path)
    else:
        yield article_from_record(document, path)


def parse_json_lines(data: bytes, path: str) -> Iterator[Article | SourceError]:
    """A ``.jsonl`` file: one article object a line, each at ``path:LINE``; a bad line spoils only itself."""
    for number, line in enumerate(decode_text(data).split("\n"), 1):
        if not line.strip():
            continue
        line_path = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield SourceError(line_path, f"malformed JSON at column {err.colno}: {err.msg}")
            continue
        yield _article_or_error(record, line_path)


def _article_or_error(record: Any, path: str) -> Article | SourceError:
    try:
        return article_from_record(record, path)
    except Unreadable as err:
        return SourceError(path, err.reason)


def article_from_record(record: Any, path: str) -> Article:
    """One ninjs or generic article object as an ``Article`` (the mapping is in the module docstring)."""
    if not isinstance(record, Mapping):
        raise Unreadable(f"expected an article object, found a JSON {_json_type(record)}")
    title_key, raw_title = _record_title(record)
    title = clean_line(raw_title)
    text = without_leading_title(_record_text(record), title)
    if not text:
        raise Unreadable("no article text")
    published_key, published_value = _first(record, _PUBLISHED_KEYS)
    try:
        published = parse_published(published_value)
    except ValueError as err:
        raise Unreadable(f"'{published_key}': {err}") from None
    id_key, id_value = _first(record, _ID_KEYS)
    source_key, source = _record_source(record)
    used = {published_key, id_key, source_key, title_key}
    return Article(
        id=_id_text(id_value) or path,
        text=text,
        title=title,
        source=clean_line(source),
        published=published,
        path=path,
        meta={
            key: value
            for key, value in record.items()
            if key not in used and not _is_body_key(key) and isinstance(value, str | int | float | bool)
        },
    )


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return key, value
    return "", None


def _id_text(value: Any) -> str:
    """Ids are text; a number is accepted as its digits, anything else is no id."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return clean_line(str(value))


def _is_body_key(key: str) -> bool:
    return key in ("bodies", "headlines", *_PLAIN_BODY_KEYS) or key.startswith("body_")


def _record_title(record: Mapping[str, Any]) -> tuple[str, str]:
    headlines = _valued_items(record.get("headlines"))
    if headlines:
        main = next((item for item in headlines if item.get("role") == "main"), headlines[0])
        value = main["value"]
        return "headlines", html_to_text(value) if looks_like_markup(value) else value
    key, value = _first(record, _TITLE_KEYS)
    return key, value if isinstance(value, str) else ""


def _record_text(record: Mapping[str, Any]) -> str:
    """The best body as text: plain before markup, ``role: main`` before other roles, then document order."""
    candidates: list[tuple[bool, bool, str]] = []  # (is markup, is not main, value)
    for body in _valued_items(record.get("bodies")):
        content_type = next((str(body[key]) for key in _CONTENT_TYPE_KEYS if body.get(key)), "")
        is_markup = ("html" in content_type or "xml" in content_type) if content_type else None
        candidates.append((_is_markup(body["value"], is_markup), body.get("role") != "main", body["value"]))
    for key, value in record.items():
        if isinstance(value, str) and key.startswith("body_") and key != "body_text":
            candidates.append((True, True, value))  # body_html, body_xhtml, body_richtext...
    for key in _PLAIN_BODY_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            candidates.append((_is_markup(value, None), True, value))
    for is_markup, _, value in sorted(candidates, key=lambda candidate: candidate[:2]):
        text = html_to_text(value) if is_markup else clean_text(value)
        if text:
            return text
    return ""


def _is_markup(value: str, declared: bool | None) -> bool:
    return looks_like_markup(value) if declared is None else declared


def _record_source(record: Mapping[str, Any]) -> tuple[str, str]:
    for keys in (_SOURCE_KEYS, _LAST_RESORT_SOURCE_KEYS):
        for key in keys:
            name = _name_of(record.get(key))
            if name:
                return key, name
    return "", ""


def _name_of(value: Any) -> str:
    """A party named by a string, an object with ``name`` (or ``literal``), or a list of those (the first)."""
    if value is None:  # the usual case: most of the keys asked for are absent
        return ""
    if isinstance(value, list):
        return next((name for name in map(_name_of, value) if name), "")
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("literal")
    return value.strip() if isinstance(value, str) else ""


def _valued_items(value: Any) -> list[Mapping[str, Any]]:
    """The items of a ninjs ``headlines`` / ``bodies`` array that carry a text ``value``."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping) and isinstance(item.get("value"), str)]


def _json_type(value: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")
