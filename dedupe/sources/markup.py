"""Markup (HTML fragments, XHTML and NITF inside XML) to plain text, one paragraph per block element.

Used for ninjs HTML bodies and NewsML-G2 inline XML; full web pages go through trafilatura instead
(``webpage``), which also drops navigation and boilerplate. Script, style and hidden elements never reach the
text: hostile markup must not leak into what is compared.

HTML is parsed by libxml2 (lxml's HTML parser: linear time, no network, no entities beyond HTML's own), not
by ``html.parser``, whose handling of unclosed tags is quadratic to cubic in Python 3.11 (20 KB of ``<a ``
took 19 seconds). The tree is walked with an explicit stack, so no nesting depth exhausts the recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any
from xml.etree.ElementTree import Element

from dedupe.sources.cleaning import clean_text, without_controls

_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr "
    "li main nav ol p pre section table td th tr ul "
    "block body.content hl1 hl2".split()  # NITF
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "head", "object", "iframe", "svg"})
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TAG_LIKE = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>")


def looks_like_markup(text: str) -> bool:
    """True when ``text`` holds at least one tag, for bodies whose content type is not given."""
    return _TAG_LIKE.search(text) is not None


def html_to_text(markup: str) -> str:
    """An HTML (or XHTML) fragment as text."""
    root = parse_html_tree(markup)
    return "" if root is None else element_to_text(root)


def parse_html_tree(markup: str) -> Any:
    """An HTML document or fragment as an lxml tree (``None`` when it holds nothing); comments and processing
    instructions dropped, nothing fetched. lxml is imported here, on the first markup met."""
    from lxml import etree

    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, default_doctype=False
    )
    return etree.fromstring(without_controls(markup).encode("utf-8"), parser)


def element_to_text(element: Any) -> str:
    """An XML or lxml element (namespaces ignored) as text, by the same rules as ``html_to_text``."""
    collector = _TextCollector()
    for kind, name, value in _walk(element):
        if kind == "start":
            collector.handle_starttag(name, value)
        elif kind == "end":
            collector.handle_endtag(name)
        else:
            collector.handle_data(value)
    return collector.text()


def local_name(tag: object) -> str:
    """``{namespace}name`` or ``prefix:name`` to ``name``, so readers work with or without namespaces."""
    return str(tag).rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _walk(root: Element) -> Iterator[tuple[str, str, Any]]:
    """``("start", name, attributes)``, ``("data", "", text)`` and ``("end", name, None)`` events in document
    order, depth-first without recursion. Comments and processing instructions (non-string tags) give only
    their tail."""
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        is_element = isinstance(element.tag, str)
        if closing:
            if is_element:
                yield "end", local_name(element.tag), None
            if element.tail and element is not root:
                yield "data", "", element.tail
            continue
        stack.append((element, True))
        if is_element:
            attributes = [(local_name(key), value) for key, value in element.attrib.items()]
            yield "start", local_name(element.tag), attributes
            if element.text:
                yield "data", "", element.text
            stack.extend((child, False) for child in reversed(element))


class _TextCollector:
    """Collects text: a block element is a paragraph break, ``<br>`` a line break, skipped ones nothing."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._skipping: str | None = None
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if self._skipping is not None:
            self._skip_depth += tag == self._skipping
            return
        if (tag in _SKIPPED_TAGS or _is_hidden(attrs)) and tag not in _VOID_TAGS:
            self._skipping, self._skip_depth = tag, 1
        elif tag == "br":
            self._parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self._parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self._skipping is not None:
            if tag == self._skipping:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skipping = None
        elif tag in _BLOCK_TAGS:
            self._parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skipping is None:
            self._parts.append(_one_space_a_run(data))

    def text(self) -> str:
        return clean_text("".join(self._parts))


def _one_space_a_run(data: str) -> str:
    """Each run of whitespace as one space, those at either end too: ``re.sub(r"\\s+", " ", data)`` in a
    quarter of its time (``str.split`` finds the same whitespace)."""
    words = data.split()
    if not words:
        return " " if data else ""
    return f"{' ' if data[0].isspace() else ''}{' '.join(words)}{' ' if data[-1].isspace() else ''}"


def _is_hidden(attrs: Sequence[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        name = name.lower()
        if name == "hidden" or (name == "aria-hidden" and (value or "").lower() == "true"):
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False
