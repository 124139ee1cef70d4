"""The versions of one story: who published each, when, how it relates to the base, what it changed.

The highlighted row is the version the side-by-side diff shows; ``tab`` on the group screen moves it.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from dedupe.model import Alignment, Article, Group
from tui.literal import literal_line
from tui.summary import change_count, claim_count, published_text
from tui.tables import StatusTable

OTHER_COLUMNS_WIDTH = 90
"""What the columns before the id take (with padding and scrollbar), so the id never scrolls sideways."""
ID_MIN_WIDTH = 12


class VersionsTable(StatusTable):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.can_focus = False
        self._shown: tuple[Group, Alignment, Mapping[str, Article], str | None] | None = None

    def show(
        self, group: Group, alignment: Alignment, articles: Mapping[str, Article], version: str | None
    ) -> None:
        self._shown = (group, alignment, articles, version)
        self.refill()

    def refill(self) -> None:
        if self._shown is None:
            return
        group, alignment, articles, version = self._shown
        members = {m.id: m for m in group.members}
        self.clear(columns=True)
        for key, label in (
            ("n", "#"),
            ("source", "Source"),
            ("published", "Published"),
            ("relation", "Relation"),
            ("score", "Score"),
            ("changes", "Changes"),
            ("claims", "Claims"),
            ("id", "Id"),
        ):
            self.add_column(label, key=key)
        self.filled_width = self.app.size.width  # the table spans the screen, and may not be laid out yet
        id_width = max(ID_MIN_WIDTH, self.filled_width - OTHER_COLUMNS_WIDTH)
        for n, vid in enumerate(alignment.versions, start=1):
            article, member = articles[vid], members[vid]
            relation = "group base" if member.relation == "base" else member.relation
            claims = claim_count(alignment, vid)
            self.add_row(
                Text(str(n), justify="right"),
                literal_line(article.source or "—", limit=24),
                Text(published_text(article.published)),
                Text(relation),
                Text(f"{member.score:.2f}", justify="right"),
                Text(str(change_count(alignment, vid)), justify="right"),
                Text(f"! {claims}", style=self.style("status--claim"), justify="right")
                if claims
                else Text("0", style=self.style("text--muted"), justify="right"),
                literal_line(vid, limit=id_width),
                key=vid,
            )
        if version in alignment.versions:
            self.move_cursor(row=alignment.versions.index(version), animate=False)
