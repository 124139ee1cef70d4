"""The versions of one story: who published each, when, how it relates to the base, what it changed.

The highlighted row is the version the side-by-side diff shows; ``tab`` on the group screen moves it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.theme import Theme

from dedupe.model import Alignment, Article, Group
from tui.literal import literal_line
from tui.summary import change_count, claim_count, published_text
from tui.tables import Column, LineTable

OTHER_COLUMNS_WIDTH = 90
"""What the columns before the id take (with padding), so the id never scrolls sideways."""
ID_MIN_WIDTH = 12
COLUMNS = (
    ("n", "#"),
    ("source", "Source"),
    ("published", "Published"),
    ("relation", "Relation"),
    ("score", "Score"),
    ("changes", "Changes"),
    ("claims", "Claims"),
    ("id", "Id"),
)


class VersionsTable(LineTable):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = False
        self._shown: tuple[Group, Alignment, Mapping[str, Article]] | None = None
        self._cells: dict[str, list[Text]] = {}

    def show(
        self, group: Group, alignment: Alignment, articles: Mapping[str, Article], version: str | None
    ) -> None:
        self._shown = (group, alignment, articles)
        self.forget()
        self.columns = ()  # widths follow the new cells
        self.refill()
        if version in alignment.versions:
            self.move_cursor(row=alignment.versions.index(version))

    def forget(self, keys: Sequence[str] | None = None) -> None:
        if keys is None:
            self._cells.clear()
        super().forget(keys)

    def _theme_changed(self, theme: Theme) -> None:
        self._cells.clear()  # they carry the theme's styles
        super()._theme_changed(theme)

    def refill(self) -> None:
        if self._shown is None:
            return
        alignment = self._shown[1]
        self.set_rows([Column(key, Text(label)) for key, label in COLUMNS], list(alignment.versions))

    def cells(self, key: str) -> list[Text]:
        if key not in self._cells:
            assert self._shown is not None
            group, alignment, articles = self._shown
            members = {m.id: m for m in group.members}
            article, member = articles[key], members[key]
            relation = "group base" if member.relation == "base" else member.relation
            claims = claim_count(alignment, key)
            id_width = max(ID_MIN_WIDTH, self.app.size.width - OTHER_COLUMNS_WIDTH)
            self._cells[key] = [
                Text(str(alignment.versions.index(key) + 1), justify="right"),
                literal_line(article.source or "—", limit=24),
                Text(published_text(article.published)),
                Text(relation),
                Text(f"{member.score:.2f}", justify="right"),
                Text(str(change_count(alignment, key)), justify="right"),
                Text(f"! {claims}", style=self.style("status--claim"), justify="right")
                if claims
                else Text("0", style=self.style("text--muted"), justify="right"),
                literal_line(key, limit=id_width),
            ]
        return self._cells[key]
