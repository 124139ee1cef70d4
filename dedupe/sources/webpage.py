"""HTML pages to articles: the main text by trafilatura, title, site and time from the page's metadata.

trafilatura is imported on the first page met: it takes about half a second, which a run over text files
should not pay. Scripts, styles, comments and hidden elements (``hidden``, ``aria-hidden="true"``,
``display: none``, ``visibility: hidden``, ``<template>``) are pruned before extraction, so hostile markup
never reaches the text.

- ``title``: ``og:title``, else trafilatura's title (``<title>`` without the site name), else ``<title>``;
- ``source``: ``og:site_name``, else trafilatura's site name;
- ``published``: ``article:published_time``, else the date trafilatura finds in the page's metadata (not in
  its text). An unreadable date in a web page's metadata is common and harmless: it is ignored, not an error;
- ``id``: the path (a page's URL is shared by every copy of it); ``meta``: ``url`` and ``author`` when known.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from dedupe.model import Article
from dedupe.sources.cleaning import Unreadable, clean_line, clean_text, decode_text, without_leading_title
from dedupe.sources.dates import parse_published
from dedupe.sources.markup import parse_html_tree

_UPPER_TO_LOWER = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz'"
_HIDDEN_XPATHS = [
    "//*[@hidden]",
    "//*[@aria-hidden='true']",
    f"//*[contains(translate(@style, {_UPPER_TO_LOWER}), 'display:none')]",
    f"//*[contains(translate(@style, {_UPPER_TO_LOWER}), 'visibility:hidden')]",
    "//template",
]
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_META_KEYS = frozenset({"og:title", "og:site_name", "og:url", "article:published_time", "author"})


MAX_PAGE_ELEMENTS = 30_000
"""Most HTML elements a page may have. trafilatura's time is linear in them but about 0.3 ms each on a
page of empty paragraphs (8,000 ``<p>`` took 2.4 s); a news page has a few thousand. A bigger page is
refused before extraction, so one hostile page costs seconds, not minutes."""


def parse_html(data: bytes, path: str) -> Article:
    """One web page as an article; a page with no main text is ``no article text``."""
    page = decode_html(data)
    root = parse_html_tree(page)
    if root is None:
        raise Unreadable("no article text")
    elements = sum(1 for _ in root.iter())
    if elements > MAX_PAGE_ELEMENTS:
        raise Unreadable(f"{elements:,} HTML elements, more than a page may have ({MAX_PAGE_ELEMENTS:,})")
    metadata = page_metadata(root)

    import trafilatura  # slow to import: only when a page is met

    document = trafilatura.bare_extraction(
        page,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
        prune_xpath=_HIDDEN_XPATHS,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    title = clean_line(metadata.get("og:title") or _field(document, "title") or metadata.get("title", ""))
    text = without_leading_title(clean_text(_field(document, "text")), title)
    if not text:
        raise Unreadable("no article text")
    meta = {"url": metadata.get("og:url") or _field(document, "url"), "author": _field(document, "author")}
    return Article(
        id=path,
        text=text,
        title=title,
        source=clean_line(metadata.get("og:site_name") or _field(document, "sitename")),
        published=_first_date(metadata.get("article:published_time"), _field(document, "date")),
        path=path,
        meta={key: clean_line(value) for key, value in meta.items() if value},
    )


def decode_html(data: bytes) -> str:
    """UTF-8 as every other format, or the charset the page declares in a ``<meta>`` tag."""
    try:
        return decode_text(data)
    except Unreadable:
        declared = _DECLARED_CHARSET.search(data[:4096])
        if declared is None:
            raise
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise Unreadable(
                f"not UTF-8 text, nor the {declared.group(1).decode('ascii')} it declares"
            ) from None


def page_metadata(root: Any) -> dict[str, str]:
    """The first ``<title>`` and the first of each ``<meta property|name=... content=...>`` we use.

    Read from libxml2's parse of the page (``markup.parse_html_tree``), not ``html.parser``, whose time on
    unclosed tags grows with the cube of their number.
    """
    found: dict[str, str] = {}
    for element in root.iter("title", "meta"):
        if element.tag == "title":
            found.setdefault("title", "".join(element.itertext()))
            continue
        attributes = {str(name).lower(): value or "" for name, value in element.attrib.items()}
        key = (attributes.get("property") or attributes.get("name") or "").lower()
        if key in _META_KEYS and attributes.get("content"):
            found.setdefault(key, attributes["content"])
    return found


def _field(document: Any, name: str) -> str:
    value = getattr(document, name, None) if document is not None else None
    return value if isinstance(value, str) else ""


def _first_date(*candidates: str | None) -> datetime | None:
    for candidate in candidates:
        try:
            published = parse_published(candidate)
        except ValueError:
            continue
        if published is not None:
            return published
    return None
