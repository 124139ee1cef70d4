"""Article text as literal Rich ``Text``: nothing an article contains may style, move or hide anything.

``printable`` drops escape sequences, control characters and bidi overrides; building ``Text`` objects (never
markup strings) keeps ``[bold]``-like brackets as the characters they are. Every piece of article text, source
name or id the UI shows goes through here.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from dedupe.text import printable

ELLIPSIS = "…"


def one_line(text: str, limit: int | None = None) -> str:
    """Printable text on one line (whitespace runs become one space), cut to ``limit`` cells with ``…``."""
    line = " ".join(printable(text).split())
    if limit is not None and len(line) > limit:
        return line[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    return line


def literal(text: str, style: Style | str = "") -> Text:
    """Printable text as ``Text`` with one style; newlines kept (for wrapped table cells)."""
    return Text(printable(text), style=style)


def literal_line(text: str, style: Style | str = "", limit: int | None = None) -> Text:
    """``one_line`` as ``Text`` that never wraps: for single-line table cells."""
    return Text(one_line(text, limit), style=style, no_wrap=True, overflow="ellipsis")
