"""Input readers: files, folders and stdin in every supported format, to ``Article`` or ``SourceError``.

Formats: plain text, Markdown with YAML front matter, IPTC ninjs JSON (1.x, 2.x, 3.x) and generic article
JSON, JSON Lines, NewsML-G2 XML, HTML pages. One module per format; only ``reading`` touches the disk.
"""

from dedupe.sources.dates import parse_published
from dedupe.sources.formats import FORMAT_BY_EXTENSION, Format, format_of, parse_bytes, sniff_format
from dedupe.sources.reading import ReadOptions, iter_articles

__all__ = [
    "FORMAT_BY_EXTENSION",
    "Format",
    "ReadOptions",
    "format_of",
    "iter_articles",
    "parse_bytes",
    "parse_published",
    "sniff_format",
]
