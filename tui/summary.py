"""What the screens show about a group and its alignment, computed without Textual (so tests stay plain).

Counts come from the library's nouns only: a *change* is a cell whose status is not ``same`` (cosmetic edits
count as same), a *claim change* is one ``Claim`` on a cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from dedupe.model import RELATIONS, Alignment, Article, Cell, Group, Relation, Row
from tui.literal import one_line

GLYPHS: Mapping[str, str] = {
    "same": "=",
    "reworded": "~",
    "added": "+",
    "removed": "-",
    "moved": "↕",
    "split": "÷",
    "merged": "⊕",
}
"""One glyph per cell status, so the diff reads without colour."""
CLAIM_GLYPH = "!"
ABSENT_GLYPH = "·"
"""A version with nothing at this position (a sentence only other versions added)."""
RELATION_LETTERS: Mapping[Relation, str] = {"exact": "E", "near": "N", "contained": "C", "rewrite": "R"}


def headline(article: Article) -> str:
    """The title, else the first line of the text: every article has something to show."""
    return one_line(article.title) or one_line(article.text.strip().split("\n", 1)[0])


class GroupSummary:
    """One line of the groups screen.

    What the list sorts by (size, time) is read at once; what a row shows (headline, sources, relation mix) is
    worked out when the row is first drawn, and what the filter searches when the editor first types: with
    thousands of groups, the list is up before most rows were ever looked at.
    """

    __slots__ = ("_articles", "_haystack", "_shown", "group", "id", "published", "size")

    def __init__(self, group: Group, articles: Mapping[str, Article]) -> None:
        self.group = group
        self.id = group.id
        self.size = len(group.members)
        self.published: datetime | None = articles[group.base].published
        self._articles = articles
        self._shown: tuple[str, tuple[str, ...], Mapping[Relation, int]] | None = None
        self._haystack: str | None = None

    def _show(self) -> tuple[str, tuple[str, ...], Mapping[Relation, int]]:
        if self._shown is None:
            members = [self._articles[m.id] for m in self.group.members]
            raw_sources = dict.fromkeys(a.source for a in members if a.source.strip())
            counts = Counter(m.relation for m in self.group.members[1:])
            self._shown = (
                headline(self._articles[self.group.base]),
                tuple(dict.fromkeys(one_line(source) for source in raw_sources)),
                {relation: counts[relation] for relation in RELATIONS},
            )
        return self._shown

    @property
    def headline(self) -> str:
        return self._show()[0]

    @property
    def sources(self) -> tuple[str, ...]:
        return self._show()[1]

    @property
    def mix(self) -> Mapping[Relation, int]:
        return self._show()[2]

    @property
    def haystack(self) -> str:
        """Lower-cased headlines, sources and ids: what the filter searches (the raw text: only what is shown
        is cleaned, as ``printable`` walks every character)."""
        if self._haystack is None:
            members = [self._articles[m.id] for m in self.group.members]
            sources = dict.fromkeys(a.source for a in members if a.source.strip())
            words = [self.id, *(m.id for m in self.group.members), *sources, *(a.title for a in members)]
            self._haystack = "\n".join(words).lower()
        return self._haystack


def summarize(group: Group, articles: Mapping[str, Article]) -> GroupSummary:
    return GroupSummary(group, articles)


def mix_text(mix: Mapping[Relation, int]) -> str:
    """Counts per relation under an ``E N C R`` header; ``·`` for none, so the numbers stand out."""
    return " ".join(str(mix[r]) if mix[r] else "·" for r in RELATIONS)


def published_text(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def is_change(cell: Cell | None) -> bool:
    return cell is not None and cell.status != "same"


def changed_in(row: Row, version: str) -> bool:
    """``version`` differs from the base here, or changed a claim (what ``f`` keeps in the side-by-side)."""
    cell = row.cells.get(version)
    return cell is not None and (is_change(cell) or bool(cell.claims))


def row_changed(row: Row) -> bool:
    """Some version differs from the base here (what ``f`` keeps in the overview)."""
    return any(changed_in(row, version) for version in row.cells)


def claim_count(alignment: Alignment, version: str | None = None) -> int:
    """Claim changes in the whole alignment, or in one version."""
    return sum(
        len(cell.claims)
        for row in alignment.rows
        for vid, cell in row.cells.items()
        if version is None or vid == version
    )


def change_count(alignment: Alignment, version: str) -> int:
    """Positions where ``version`` differs from the base (a merged pair counts once)."""
    return sum(
        1
        for row in alignment.rows
        if is_change(cell := row.cells.get(version)) and not (cell.status == "merged" and not cell.text)
    )


def glyph(cell: Cell | None) -> str:
    """The overview glyph: a claim change outranks the status, which it would otherwise hide."""
    if cell is None:
        return ABSENT_GLYPH
    return CLAIM_GLYPH if cell.claims else GLYPHS[cell.status]
