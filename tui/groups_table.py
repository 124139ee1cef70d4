"""The groups list: one row per story, fast at thousands of rows (a ``DataTable``, never a ``ListView``).

Rows are built once per filter; sorting reorders them in place (``DataTable.sort``), and claim counts are
written into their cells as they arrive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from tui.literal import literal_line
from tui.summary import GroupSummary, mix_text, published_text
from tui.tables import FixedCell, StatusTable

COLUMNS = (
    ("group", "Group", 6),
    ("headline", "Headline", 0),
    ("size", "Ver", 3),
    ("sources", "Sources", 22),
    ("mix", "E N C R", 7),
    ("claims", "Claims", 6),
    ("published", "Published", 16),
)
"""(key, label, width); the headline takes what the others leave."""
MIN_HEADLINE = 24
CLAIMS_COLUMN = [key for key, _, _ in COLUMNS].index("claims")


class GroupTable(StatusTable):
    """Shows the groups it is given, in the given order; claim counts fill in as they arrive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="groups.open", tooltip="Open the highlighted group"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.summaries: Sequence[GroupSummary] = ()
        self.claims: Mapping[str, int] = {}
        self._cells: dict[str, list[FixedCell]] = {}
        """Each group's cells, built once: filtering re-adds rows, and cleaning text walks every character."""
        self._headline_width = MIN_HEADLINE

    def show(self, summaries: Sequence[GroupSummary], claims: Mapping[str, int]) -> None:
        """Replace the rows, keeping the cursor on the same group when it is still listed."""
        self.summaries, self.claims = summaries, claims
        self._rebuild()

    def refill(self) -> None:
        """New width or theme: new cells."""
        self._cells.clear()
        self._rebuild()

    def _rebuild(self) -> None:
        current = self.current_group()
        self.clear(columns=True)
        self.filled_width = self.app.size.width  # the list spans the screen, and may not be laid out yet
        headline_width = max(MIN_HEADLINE, self.filled_width - sum(w + 2 for _, _, w in COLUMNS) - 4)
        if headline_width != self._headline_width:
            self._cells.clear()
            self._headline_width = headline_width
        for key, label, size in COLUMNS:
            self.add_column(label, key=key, width=size or headline_width)
        for summary in self.summaries:
            self.add_row(*self._cells_of(summary), key=summary.id)
        self._follow(current)

    def reorder(self, summaries: Sequence[GroupSummary]) -> None:
        """Show the same groups in a new order, without rebuilding the rows."""
        current = self.current_group()
        rank = {s.id: i for i, s in enumerate(summaries)}
        self.summaries = summaries
        self.sort("group", key=lambda cell: rank[cell.key])
        self._follow(current)

    def _follow(self, group: str | None) -> None:
        if group is not None:
            index = next((i for i, s in enumerate(self.summaries) if s.id == group), 0)
            self.move_cursor(row=index, animate=False)

    def _cells_of(self, summary: GroupSummary) -> list[FixedCell]:
        if summary.id not in self._cells:
            self._cells[summary.id] = [
                FixedCell(literal_line(summary.id), key=summary.id),
                FixedCell(literal_line(summary.headline, limit=self._headline_width)),
                FixedCell(Text(str(summary.size), justify="right")),
                FixedCell(literal_line(", ".join(summary.sources) or "—", limit=22)),
                FixedCell(Text(mix_text(summary.mix))),
                self.claims_cell(self.claims.get(summary.id)),
                FixedCell(Text(published_text(summary.published))),
            ]
        return self._cells[summary.id]

    def claims_cell(self, count: int | None) -> FixedCell:
        if count is None:
            return FixedCell(Text("…", style=self.style("text--muted"), justify="right"))
        if count == 0:
            return FixedCell(Text("0", style=self.style("text--muted"), justify="right"))
        return FixedCell(Text(f"! {count}", style=self.style("status--claim"), justify="right"))

    def update_claims(self, counts: Mapping[str, int]) -> None:
        """Fill in claim counts for the listed groups among ``counts``."""
        for group_id, count in counts.items():
            cell = self.claims_cell(count)
            if group_id in self._cells:
                self._cells[group_id][CLAIMS_COLUMN] = cell
            if group_id in self.rows:
                self.update_cell(group_id, "claims", cell)

    def current_group(self) -> str | None:
        if not self.row_count or not 0 <= self.cursor_row < len(self.summaries):
            return None
        return self.summaries[self.cursor_row].id
