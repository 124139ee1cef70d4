"""Table bases shared by the screens: vi keys, and cell styles taken from the theme.

``StatusTable`` cells are Rich ``Text`` built with styles read from its component classes (declared in
``tables.tcss`` with the theme's variables); rows are rebuilt when the theme changes, so the colours follow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from rich.console import Console, ConsoleOptions
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.theme import Theme
from textual.widgets import DataTable

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


class FixedCell:
    """A cell for a fixed-width column: ``text``, and a ``key`` to sort by; it offers no width to measure.

    ``DataTable`` measures every cell of every new row (to size auto-width columns), about 80 µs a cell on
    a slow box: with 2,000 groups that was most of the start-up time. Rich finds no ``__rich_measure__``
    here, so ``DataTable`` takes its default and moves on; the column's fixed width does the sizing.
    """

    __slots__ = ("key", "text")

    def __init__(self, text: Text, key: str = "") -> None:
        self.text = text
        self.key = key

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        yield self.text


class KeyTable(DataTable[object]):
    """A ``DataTable`` that also moves with ``j``/``k``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down", tooltip="Down (↓ too)"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up", tooltip="Up (↑ too)"),
    ]


class StatusTable(KeyTable):
    """A table whose cells are coloured by diff status; subclasses rebuild their rows in ``refill``."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    COMPONENT_CLASSES: ClassVar[set[str]] = set(STATUS_CLASSES)

    filled_width = 0
    """The width ``refill`` laid the columns out for; a resize to another width refills."""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.filled_width:
            self.filled_width = event.size.width
            self.refill()

    def _theme_changed(self, _theme: Theme) -> None:
        self.refill()

    def style(self, name: str) -> Style:
        """The Rich style of a component class (``status--added``…), as the current theme draws it."""
        return self.get_component_rich_style(name, partial=True)

    def status_style(self, status: str, *, claim: bool = False) -> Style:
        return self.style("status--claim" if claim else f"status--{status}")

    def refill(self) -> None:
        """Rebuild the rows from the widget's state (new data, new theme, new width)."""
