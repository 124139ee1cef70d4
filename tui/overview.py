"""The n-way overview: one row per aligned position, one glyph column per version, the base sentence last.

Glyphs (``=`` same, ``~`` reworded, ``+`` added, ``-`` removed, ``↕`` moved, ``÷`` split, ``⊕`` merged, ``!``
claim change, ``·`` nothing here) carry the meaning; colour repeats it. What only one source says shows as a
lone ``+`` in a row of ``·``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from dedupe.model import Alignment
from tui.literal import literal_line
from tui.summary import glyph
from tui.tables import PADDING, Column, LineTable

SCROLLBAR = 2
MIN_TEXT_WIDTH = 12


class OverviewTable(LineTable):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Alignment, Sequence[int]] | None = None

    def show(self, alignment: Alignment, rows: Sequence[int]) -> None:
        """``rows`` are the alignment's row indexes to list; columns are numbered as the versions table."""
        if self._shown is None or self._shown[0] is not alignment:
            self.forget()
        self._shown = (alignment, rows)
        self.refill()

    def refill(self) -> None:
        if self._shown is None:
            return
        alignment, rows = self._shown
        columns = [Column("index", Text("#", justify="right"), len(str(len(alignment.rows))))]
        for n, vid in enumerate(alignment.versions, start=1):
            columns.append(Column(f"v:{vid}", Text(str(n)), len(str(n))))
        others = sum(c.width + 2 * PADDING for c in columns if c.width is not None)
        text_width = max(self.size.width - SCROLLBAR - others - 2 * PADDING, MIN_TEXT_WIDTH)
        columns.append(Column("text", Text("Base sentence"), text_width))
        self.set_rows(columns, [str(i) for i in rows])

    def cells(self, key: str) -> list[Text]:
        assert self._shown is not None
        alignment = self._shown[0]
        row = alignment.rows[int(key)]
        cells = [row.cells.get(vid) for vid in alignment.versions]
        absent = self.style("status--absent")
        glyphs = [
            Text(glyph(c), style=self.status_style(c.status, claim=bool(c.claims)) if c else absent)
            for c in cells
        ]
        if row.base is not None:
            number = Text(str(row.base.index + 1), justify="right")
            text = literal_line(row.base.text)
        else:
            number = Text("+", style=self.style("status--added"), justify="right")
            added = next((c.text for c in cells if c is not None), "")
            text = literal_line(f"+ {added}", style=self.style("status--added"))
        return [number, *glyphs, text]
