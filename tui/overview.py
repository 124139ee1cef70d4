"""The n-way overview: one row per aligned position, one glyph column per version, the base sentence last.

Glyphs (``=`` same, ``~`` reworded, ``+`` added, ``-`` removed, ``↕`` moved, ``⑂`` split, ``⊕`` merged, ``!``
claim change, ``·`` nothing here) carry the meaning; colour repeats it. What only one source says shows as a
lone ``+`` in a row of ``·``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from dedupe.model import Alignment
from tui.literal import literal_line
from tui.summary import glyph
from tui.tables import StatusTable


class OverviewTable(StatusTable):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cursor_foreground_priority="renderable")
        self._shown: tuple[Alignment, Sequence[int]] | None = None

    def show(self, alignment: Alignment, rows: Sequence[int]) -> None:
        """``rows`` are the alignment's row indexes to list; columns are numbered as the versions table."""
        self._shown = (alignment, rows)
        self.refill()

    def refill(self) -> None:
        if self._shown is None:
            return
        alignment, rows = self._shown
        cursor = self.cursor_row
        self.clear(columns=True)
        self.add_column("#", key="index")
        for n, vid in enumerate(alignment.versions, start=1):
            self.add_column(str(n), key=f"v:{vid}")
        self.filled_width = self.size.width
        snippet_width = max(self.filled_width - 6 - 3 * len(alignment.versions), 12)
        self.add_column("Base sentence", key="text", width=snippet_width)
        for index in rows:
            row = alignment.rows[index]
            cells = [row.cells.get(vid) for vid in alignment.versions]
            glyphs = [
                Text(
                    glyph(c),
                    style=self.status_style(c.status, claim=bool(c.claims))
                    if c
                    else self.style("status--absent"),
                )
                for c in cells
            ]
            if row.base is not None:
                number = Text(str(row.base.index + 1), justify="right")
                text = literal_line(row.base.text)
            else:
                number = Text("+", style=self.style("status--added"), justify="right")
                added = next((c.text for c in cells if c is not None), "")
                text = literal_line(f"+ {added}", style=self.style("status--added"))
            self.add_row(number, *glyphs, text, key=str(index))
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)
