"""The tables every screen uses: drawn line by line (Textual's Line API), so only what is on screen is drawn.

A ``LineTable`` holds row *keys* in display order and asks its subclass for a row's cells (Rich ``Text``
built with styles read from the stylesheet, declared in ``tables.tcss`` with the theme's variables) only when
the row is about to be drawn. Each row's lines are laid out once and kept by key and theme: moving the cursor
restyles two rows, filtering or sorting swaps the list of keys, a new theme lays out the rows on screen once
(toggling back finds them laid out), and only a new width lays rows out anew. ``DataTable`` instead builds,
measures and renders every row it is given (with 2,000 groups that was a second before the first frame, and
every filter, sort or return to the list paid it again).

The diff's styles (``status--*``, ``word--*``, ``text--muted``) are the same for every table: they are read
from the stylesheet once per theme for all of them (``diff_styles``), not declared as each table's component
classes, which Textual restyles one by one on every focus change, screen push and theme change (15 per table,
three tables on the group screen).

Columns have a fixed width, or ``None`` (as wide as their widest cell: for small tables), and may wrap
(rows then take as many lines as their tallest cell, and every row is laid out when the rows are set).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from weakref import WeakKeyDictionary

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.css.model import RuleSet
from textual.dom import DOMNode
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme

STATUS_CLASSES = frozenset(
    {
        "status--same",
        "status--reworded",
        "status--added",
        "status--removed",
        "status--moved",
        "status--split",
        "status--merged",
        "status--claim",
        "status--absent",
        "word--inserted",
        "word--deleted",
        "text--muted",
    }
)
PADDING = 1
"""Blank cells on each side of a column's text."""
_DIFF_STYLES: WeakKeyDictionary[App[object], tuple[list[RuleSet], dict[str, Style]]] = WeakKeyDictionary()


def diff_styles(table: LineTable) -> dict[str, Style]:
    """The Rich style of each of ``STATUS_CLASSES`` under the app's current rules (one parse per theme).

    Each class is resolved as Textual resolves a component class: a node with that class under ``table``
    (``LineTable > .status--added``), styled by the stylesheet; its own colours and text style, not inherited.
    """
    app = table.app
    rules = app.stylesheet.rules  # a new list whenever the CSS is parsed again (a theme, new CSS)
    kept = _DIFF_STYLES.get(app)
    if kept is None or kept[0] is not rules:
        styles = {}
        for name in sorted(STATUS_CLASSES):
            node = DOMNode(classes=name)
            node._attach(table)  # as Textual attaches a component class's node to its widget
            app.stylesheet.apply(node)
            styles[name] = node.styles.partial_rich_style
        kept = _DIFF_STYLES[app] = (rules, styles)
    return kept[1]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: Text
    width: int | None = None
    """Text width in cells (padding apart); ``None``: the widest cell's."""
    wrap: bool = False


class LineTable(ScrollView, can_focus=True):
    """Rows of cells with a header and a row cursor; subclasses give ``cells(key)`` and call ``set_rows``."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--cursor",
        "line-table--even-row",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="table.down", tooltip="Down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="table.up", tooltip="Up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page-down", tooltip="Page down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page-up", tooltip="Page up"),
        Binding("home", "first", "First", show=False, id="table.first", tooltip="First row"),
        Binding("end", "last", "Last", show=False, id="table.last", tooltip="Last row"),
    ]

    class RowMessage(Message):
        """A message about row ``row`` (key ``key``) of ``table``."""

        def __init__(self, table: LineTable, row: int, key: str) -> None:
            super().__init__()
            self.table, self.row, self.key = table, row, key

        @property
        def control(self) -> LineTable:
            return self.table

    class Highlighted(RowMessage):
        """The cursor moved to row ``row`` (key ``key``)."""

    class Selected(RowMessage):
        """``enter``, or a click on the row the cursor is on."""

    zebra_stripes = False
    filled_width = 0
    """The width ``refill`` laid the columns out for; a resize to another width refills."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: tuple[Column, ...] = ()
        self.keys: Sequence[str] = ()
        self.cursor_row = 0
        self._widths: tuple[int, ...] = ()
        self._themed: dict[str, dict[str, list[Strip]]] = {}
        """Each row's lines, cells side by side, not yet styled as cursor or stripe; by theme, by row key."""
        self._lines: dict[str, list[Strip]] = {}
        """The current theme's."""
        self._tops: list[int] | None = None
        """First line of each row when rows wrap (``None``: one line per row)."""
        self._header: Strip | None = None
        self._shown: object = None
        """What a subclass shows (its own type); ``None``: nothing yet."""
        self._frame: tuple[int, Offset, Style, Style, Style, Style] | None = None
        """Width, scroll offset and row styles of the frame being drawn."""

    # --- for subclasses --------------------------------------------------------------------------------

    def cells(self, key: str) -> Sequence[Text]:
        """The cells of row ``key``, one per column."""
        raise NotImplementedError

    def refill(self) -> None:
        """Set the columns and rows again from the widget's state (a new width)."""

    def set_rows(self, columns: Sequence[Column], keys: Sequence[str], *, cursor: int | None = None) -> None:
        """Show rows ``keys`` in this order under ``columns``; rows laid out at the same widths are kept.

        ``cursor`` (default: where it was) is clamped to the rows.
        """
        columns = tuple(columns)
        if columns != self.columns:
            wraps = [c.wrap for c in self.columns]
            self.columns = columns
            self._header = None
            widths = tuple(self._width_of(c, keys) for c in columns)
            if widths != self._widths or wraps != [c.wrap for c in columns]:
                self._forget_lines()  # new labels alone keep the rows laid out
            self._widths = widths
        self.keys = keys
        self._tops = None
        if any(c.wrap for c in columns):
            tops, top = [], 0
            for key in keys:
                tops.append(top)
                top += len(self._row_lines(key))
            self._tops = [*tops, top]
        self.cursor_row = max(0, min(self.cursor_row if cursor is None else cursor, len(keys) - 1))
        self.virtual_size = Size(self._total_width(), self.header_height + self._line_count())
        self._refresh_content()

    def clear(self) -> None:
        """No rows (a subclass forgets what it showed)."""
        self._shown = None
        self.set_rows(self.columns, [])

    def forget(self, keys: Sequence[str] | None = None) -> None:
        """Lay out rows ``keys`` again when next drawn (their cells changed); ``None``: every row."""
        if keys is not None:
            for lines in self._themed.values():
                for key in keys:
                    lines.pop(key, None)
        else:
            self._forget_lines()
            self._header = None
        self._refresh_content()

    def _forget_lines(self) -> None:
        for lines in self._themed.values():
            lines.clear()

    def _refresh_content(self) -> None:
        """Draw the rows again, not the scrollbar (Textual draws a scrollbar slowly; it redraws it itself when
        the rows' number or the scroll position changes)."""
        region = self.scrollable_content_region
        self.refresh(Region(0, 0, region.width, region.height))

    def style(self, name: str) -> Style:
        """The Rich style of a component class or diff class (``status--added``…), as the theme draws it."""
        if name in STATUS_CLASSES:
            return diff_styles(self)[name]
        return self.get_component_rich_style(name, partial=True)

    def status_style(self, status: str, *, claim: bool = False) -> Style:
        return self.style("status--claim" if claim else f"status--{status}")

    # --- rows and lines --------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def header_height(self) -> int:
        return 1 if self.columns else 0

    def row_key(self, row: int) -> str | None:
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def _line_count(self) -> int:
        return self._tops[-1] if self._tops is not None else len(self.keys)

    def _row_span(self, row: int) -> tuple[int, int]:
        """First line and number of lines of ``row``, below the header."""
        if self._tops is None:
            return row, 1
        return self._tops[row], self._tops[row + 1] - self._tops[row]

    def _row_at(self, line: int) -> tuple[int, int]:
        """The row drawn on ``line`` (below the header), and which of its lines it is."""
        if self._tops is None:
            return line, 0
        row = bisect_right(self._tops, line) - 1
        return row, line - self._tops[row]

    def _width_of(self, column: Column, keys: Sequence[str]) -> int:
        if column.width is not None:
            return column.width
        index = self.columns.index(column)
        cells = [self.cells(key)[index].cell_len for key in keys]
        return max([column.label.cell_len, *cells])

    def _total_width(self) -> int:
        return sum(w + 2 * PADDING for w in self._widths)

    def _row_lines(self, key: str) -> list[Strip]:
        lines = self._lines.get(key)
        if lines is None:
            lines = self._lines[key] = self._lay_out(self.cells(key))
        return lines

    def _lay_out(self, cells: Sequence[Text]) -> list[Strip]:
        console = self.app.console
        pad = Segment(" " * PADDING)
        columns: list[list[list[Segment]]] = []
        for column, width, cell in zip(self.columns, self._widths, cells, strict=True):
            if column.wrap:
                pieces = list(cell.wrap(console, width, overflow="fold"))
            else:
                pieces = [cell.split(allow_blank=True)[0] if "\n" in cell.plain else cell.copy()]
            column_lines = []
            for piece in pieces:
                if cell.justify == "right" and piece.cell_len < width:
                    piece.pad_left(width - piece.cell_len)
                piece.truncate(width, overflow="ellipsis" if not column.wrap else "fold", pad=True)
                segments = piece.render(console)  # the spans' styles: the text's own style goes under them
                if piece.style:
                    segments = Segment.apply_style(segments, console.get_style(piece.style))
                column_lines.append([pad, *segments, pad])
            columns.append(column_lines)
        height = max((len(c) for c in columns), default=1)
        lines = []
        for n in range(height):
            segments: list[Segment] = []
            for width, column_lines in zip(self._widths, columns, strict=True):
                if n < len(column_lines):
                    segments += column_lines[n]
                else:
                    segments.append(Segment(" " * (width + 2 * PADDING)))
            lines.append(Strip(Segment.simplify(segments), self._total_width()))  # fewer segments to style
        return lines

    def _header_strip(self) -> Strip:
        if self._header is None:
            self._header = self._lay_out([c.label for c in self.columns])[0]
        return self._header

    def render_lines(self, crop: Region) -> list[Strip]:
        """Read what every line needs once per frame, then draw the lines."""
        base = self.rich_style
        self._frame = (
            self.scrollable_content_region.width,
            self.scroll_offset,
            base,
            base + self.get_component_rich_style("line-table--header"),
            base + self.get_component_rich_style("line-table--cursor"),
            base + self.get_component_rich_style("line-table--even-row"),
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        if self._frame is None:  # drawn outside ``render_lines``
            return self.render_lines(Region(0, y, self.size.width, 1))[0]
        width, (scroll_x, scroll_y), base, header, cursor, even = self._frame
        if y < self.header_height:
            style, strip = header, self._header_strip()
        else:
            line = scroll_y + y - self.header_height
            if not 0 <= line < self._line_count():
                return Strip.blank(width, base)
            row, offset = self._row_at(line)
            if row == self.cursor_row and self.show_cursor:
                style = cursor
            elif self.zebra_stripes and row % 2 == 0:
                style = even
            else:
                style = base
            strip = self._row_lines(self.keys[row])[offset]
        return strip.apply_style(style).crop_extend(scroll_x, scroll_x + width, style)

    show_cursor = True

    # --- the cursor ------------------------------------------------------------------------------------

    def _refresh_row(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            top, height = self._row_span(row)
            self.refresh_lines(self.header_height + top, height)

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """Put the cursor on ``row`` (clamped), scroll it into view, and say so with ``Highlighted``."""
        if not self.keys:
            return
        row = max(0, min(row, len(self.keys) - 1))
        if row != self.cursor_row:
            self._refresh_row(self.cursor_row)
            self.cursor_row = row
            self._refresh_row(row)
            self.post_message(self.Highlighted(self, row, self.keys[row]))
        self.scroll_to_cursor(animate=animate)

    def scroll_to_cursor(self, *, animate: bool = False) -> None:
        if not self.keys:
            return
        top, height = self._row_span(self.cursor_row)
        top += self.header_height
        window = self.scrollable_content_region.height
        if window <= self.header_height:
            return
        if top < self.scroll_y + self.header_height:
            self.scroll_to(y=top - self.header_height, animate=animate, immediate=True)
        elif top + height > self.scroll_y + window:
            self.scroll_to(
                y=min(top - self.header_height, top + height - window), animate=animate, immediate=True
            )

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        if not self.keys:
            return
        line = self._row_span(self.cursor_row)[0] + self._page()
        self.move_cursor(row=self._row_at(min(line, max(self._line_count() - 1, 0)))[0])

    def action_page_up(self) -> None:
        if not self.keys:
            return
        line = self._row_span(self.cursor_row)[0] - self._page()
        self.move_cursor(row=self._row_at(max(line, 0))[0])

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self.keys) - 1)

    def action_select_cursor(self) -> None:
        if self.keys:
            self.post_message(self.Selected(self, self.cursor_row, self.keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.header_height:
            return
        line = int(self.scroll_y) + offset.y - self.header_height
        if not 0 <= line < self._line_count():
            return
        row = self._row_at(line)[0]
        if row == self.cursor_row:
            self.action_select_cursor()
        else:
            self.move_cursor(row=row)

    # --- width and theme -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._lines = self._themed.setdefault(self.app.theme, self._lines)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.filled_width:
            self.filled_width = event.size.width
            self.refill()
        self.scroll_to_cursor()

    def on_focus(self) -> None:
        self._refresh_row(self.cursor_row)  # the cursor is drawn brighter in the focused table

    def on_blur(self) -> None:
        self._refresh_row(self.cursor_row)

    def _theme_changed(self, theme: Theme) -> None:
        """Cells carry styles read from the theme: draw with the rows laid out in this theme (the next draw
        lays out those on screen that are not). Row heights do not depend on the theme."""
        self._lines = self._themed.setdefault(theme.name, {})
        self._refresh_content()
