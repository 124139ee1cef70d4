"""NewsML-G2 XML to articles, parsed with defusedxml so hostile XML is refused, never expanded or fetched.

Field mapping (elements matched on local names, so the IPTC namespace is optional):

- ``id``: ``newsItem/@guid``; ``title``: the first ``contentMeta/headline``;
- ``published``: ``itemMeta/versionCreated``, else ``itemMeta/firstCreated``;
- ``source``: ``contentMeta/creditline``, else ``itemMeta/provider`` by its ``name`` child, ``@literal``, or
  the code of its ``@qcode`` (``nprov:REUTERS`` -> ``REUTERS``);
- ``text``: the first ``contentSet/inlineXML`` with text (NITF ``body.content`` or XHTML ``body``), one
  paragraph a line; else the first ``contentSet/inlineData``;
- ``meta``: ``version``, ``byline`` (``contentMeta/by``), ``slugline``, ``language``.

A ``newsMessage`` with several ``newsItem`` elements gives one article each, item ``n`` at ``path#n``.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from dedupe.errors import SourceError
from dedupe.model import Article
from dedupe.sources.cleaning import Unreadable, clean_line, clean_text
from dedupe.sources.dates import parse_published
from dedupe.sources.markup import element_to_text, local_name


def parse_newsml(data: bytes, path: str) -> Iterator[Article | SourceError]:
    """Every ``newsItem`` in a NewsML-G2 document (a lone item or a ``newsMessage``)."""
    root = parse_xml(data)
    items = [element for element in root.iter() if local_name(element.tag) == "newsItem"]
    if not items:
        raise Unreadable(f"no NewsML-G2 newsItem in this XML (root element <{local_name(root.tag)}>)")
    for number, item in enumerate(items, 1):
        item_path = f"{path}#{number}" if len(items) > 1 else path
        try:
            yield _article_from_item(item, item_path)
        except Unreadable as err:
            yield SourceError(item_path, err.reason)


def parse_xml(data: bytes) -> Element:
    """The document's root element; entity declarations and external references are refused."""
    try:
        return safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden:
        raise Unreadable("XML entity declarations are not allowed") from None
    except DTDForbidden:
        raise Unreadable("XML document type declarations are not allowed") from None
    except DefusedXmlException:
        raise Unreadable("XML external references are not allowed") from None
    except LookupError as err:  # an encoding declaration Python does not know
        raise Unreadable(f"malformed XML: {err}") from None
    except ParseError as err:
        line, column = err.position
        reason = str(err).split(":", 1)[0]
        raise Unreadable(f"malformed XML at line {line} column {column + 1}: {reason}") from None


def _article_from_item(item: Element, path: str) -> Article:
    item_meta = _child(item, "itemMeta")
    content_meta = _child(item, "contentMeta")
    text = _item_text(item)
    if not text:
        raise Unreadable("no article text")
    created = _text_of(_child(item_meta, "versionCreated")) or _text_of(_child(item_meta, "firstCreated"))
    try:
        published = parse_published(created)
    except ValueError as err:
        raise Unreadable(f"versionCreated: {err}") from None
    meta = {
        "version": item.get("version", ""),
        "byline": _text_of(_child(content_meta, "by")),
        "slugline": _text_of(_child(content_meta, "slugline")),
        "language": _attribute(_child(content_meta, "language"), "tag"),
    }
    return Article(
        id=clean_line(item.get("guid", "")) or path,
        text=text,
        title=_text_of(_child(content_meta, "headline")),
        source=_text_of(_child(content_meta, "creditline")) or _provider(_child(item_meta, "provider")),
        published=published,
        path=path,
        meta={key: value for key, value in meta.items() if value},
    )


def _item_text(item: Element) -> str:
    content_set = _child(item, "contentSet")
    if content_set is None:
        return ""
    for inline in _children(content_set, "inlineXML"):
        body = _descendant(inline, "body.content")  # NITF; its body.head would repeat the headline
        if body is None:
            body = _descendant(inline, "body")  # XHTML
        text = element_to_text(inline if body is None else body)
        if text:
            return text
    for inline in _children(content_set, "inlineData"):
        text = clean_text(inline.text or "")
        if text:
            return text
    return ""


def _provider(provider: Element | None) -> str:
    if provider is None:
        return ""
    qcode = provider.get("qcode", "").rsplit(":", 1)[-1]
    return _text_of(_child(provider, "name")) or clean_line(provider.get("literal", "")) or clean_line(qcode)


def _child(element: Element | None, name: str) -> Element | None:
    return next(_children(element, name), None) if element is not None else None


def _children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if local_name(child.tag) == name)


def _descendant(element: Element, name: str) -> Element | None:
    return next((found for found in element.iter() if local_name(found.tag) == name), None)


def _attribute(element: Element | None, name: str) -> str:
    return clean_line(element.get(name, "")) if element is not None else ""


def _text_of(element: Element | None) -> str:
    return clean_line("".join(element.itertext())) if element is not None else ""
