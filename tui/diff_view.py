"""The side-by-side diff: the base on the left, the selected version on the right, one row per position.

Inside a reworded sentence, words the version dropped are struck through on the left and words it added are
underlined on the right (``Cell.ops``); the marker column gives the status glyph, and ``!`` with the claim's
before → after under the text flags a changed number, quote, attribution, name or negation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text

from dedupe.model import Alignment, Article, Cell, Row
from dedupe.text import printable
from tui.literal import literal, literal_line
from tui.summary import ABSENT_GLYPH, CLAIM_GLYPH, GLYPHS
from tui.tables import PADDING, Column, LineTable

MARKER_WIDTH = 2
MIN_TEXT_WIDTH = 16
SCROLLBAR = 2


class DiffTable(LineTable):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Alignment, Sequence[int], str, Mapping[str, Article]] | None = None

    def show(
        self, alignment: Alignment, rows: Sequence[int], version: str, articles: Mapping[str, Article]
    ) -> None:
        """Rows ``rows`` of ``alignment``, base against ``version``; rows laid out before (for this version,
        at this width) are kept, so switching back to a version or the changed-only filter costs nothing."""
        if self._shown is None or self._shown[0] is not alignment:
            self.forget()
        self._shown = (alignment, rows, version, articles)
        self.refill()

    def refill(self) -> None:
        if self._shown is None:
            return
        alignment, rows, version, articles = self._shown
        width = self.size.width - SCROLLBAR
        text_width = max((width - MARKER_WIDTH - 3 * 2 * PADDING) // 2, MIN_TEXT_WIDTH)
        number = alignment.versions.index(version) + 1
        columns = [
            Column("marker", Text(""), MARKER_WIDTH),
            Column(
                "base",
                literal_line(f"Base · {articles[alignment.base].source or alignment.base}"),
                text_width,
                wrap=True,
            ),
            Column(
                "version",
                literal_line(f"#{number} · {articles[version].source or version}"),
                text_width,
                wrap=True,
            ),
        ]
        self.set_rows(columns, [f"{index}:{version}" for index in rows])

    def cells(self, key: str) -> tuple[Text, Text, Text]:
        assert self._shown is not None
        index, version = key.split(":", 1)  # "<row index>:<version id>"
        row = self._shown[0].rows[int(index)]
        return self.position(row, row.cells.get(version))

    def position(self, row: Row, cell: Cell | None) -> tuple[Text, Text, Text]:
        """Marker, base text and version text of one position."""
        base = row.base.text if row.base else ""
        muted = self.style("text--muted")
        if cell is None:
            return (
                Text(ABSENT_GLYPH, style=self.style("status--absent")),
                Text(""),
                literal("(only in other versions)", muted),
            )
        marker = Text(GLYPHS[cell.status], style=self.status_style(cell.status))
        if cell.claims:
            marker.append(CLAIM_GLYPH, style=self.style("status--claim"))
        if cell.status == "added":
            added = self.style("status--added")
            left, right = Text(""), Text("+ ", style=added) + literal(cell.text, added)
        elif cell.status == "removed":
            removed = self.style("status--removed")
            left, right = (
                Text("- ", style=removed) + literal(base, removed),
                literal("(not in this version)", muted),
            )
        elif cell.status == "merged" and not cell.text:
            left, right = literal(base), literal("(merged into the sentence above)", muted)
        elif cell.status == "same" and not cell.cosmetic:
            left, right = literal(base, muted), literal(cell.text, muted)
        else:
            left, right = self.word_diff(cell, base if cell.status == "merged" else None)
        for claim in cell.claims:
            right.append("\n")
            before, after = printable(claim.before) or "(none)", printable(claim.after) or "(none)"
            right.append(f"! {claim.kind.upper()}: {before} → {after}", style=self.style("status--claim"))
        return marker, left, right

    def word_diff(self, cell: Cell, base: str | None) -> tuple[Text, Text]:
        """Kept words on both sides, deleted ones on the left, inserted ones on the right.

        ``base`` replaces the left side for a merged cell, whose ops start from two base sentences.
        """
        if not cell.ops:
            return literal(base or ""), literal(cell.text)
        deleted, inserted = self.style("word--deleted"), self.style("word--inserted")
        left, right = Text(), Text()
        for op, text in cell.ops:
            clean = printable(text)
            if op != "+":
                left.append(clean, style=deleted if op == "-" else Style())
            if op != "-":
                right.append(clean, style=inserted if op == "+" else Style())
        return (literal(base) if base is not None else left), right
