"""The groups list: one row per story, fast at thousands of rows (a ``LineTable``, never a ``ListView``).

Only the rows on screen are drawn; filtering and sorting hand the table a new order of the same rows, and a
claim count arriving lays out just its row again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from tui.literal import literal_line
from tui.summary import GroupSummary, mix_text, published_text
from tui.tables import PADDING, Column, LineTable

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
SCROLLBAR = 2


class GroupTable(LineTable):
    """Shows the groups it is given, in the given order; claim counts fill in as they arrive."""

    zebra_stripes = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summaries: Sequence[GroupSummary] = ()
        self.claims: Mapping[str, int] = {}
        self._by_id: dict[str, GroupSummary] = {}

    def show(self, summaries: Sequence[GroupSummary], claims: Mapping[str, int]) -> None:
        """List ``summaries`` in this order, keeping the cursor on the same group when it is still listed."""
        current = self.current_group()
        self.summaries, self.claims = summaries, claims
        self._by_id = {s.id: s for s in summaries}
        self.refill()
        index = next((i for i, s in enumerate(summaries) if s.id == current), 0) if current else 0
        self.move_cursor(row=index)

    def reorder(self, summaries: Sequence[GroupSummary]) -> None:
        """The same groups in a new order."""
        self.show(summaries, self.claims)

    def refill(self) -> None:
        width = self.app.size.width - SCROLLBAR  # the list spans the screen, and may not be laid out yet
        others = sum(w + 2 * PADDING for key, _, w in COLUMNS if key != "headline")
        headline = max(MIN_HEADLINE, width - others - 2 * PADDING)
        columns = [
            Column(key, Text(label, justify="right" if key in ("size", "claims") else "left"), w or headline)
            for key, label, w in COLUMNS
        ]
        self.set_rows(columns, [s.id for s in self.summaries])

    def cells(self, key: str) -> list[Text]:
        summary = self._by_id[key]
        return [
            literal_line(summary.id),
            literal_line(summary.headline),
            Text(str(summary.size), justify="right"),
            literal_line(", ".join(summary.sources) or "—"),
            Text(mix_text(summary.mix)),
            self.claims_cell(self.claims.get(key)),
            Text(published_text(summary.published)),
        ]

    def claims_cell(self, count: int | None) -> Text:
        if count is None:
            return Text("…", style=self.style("text--muted"), justify="right")
        if count == 0:
            return Text("0", style=self.style("text--muted"), justify="right")
        return Text(f"! {count}", style=self.style("status--claim"), justify="right")

    def update_claims(self, counts: Mapping[str, int]) -> None:
        """Show the counts among ``counts`` of listed groups (the screen keeps ``claims`` up to date)."""
        self.forget([key for key in counts if key in self._by_id])

    def current_group(self) -> str | None:
        return self.row_key(self.cursor_row)
