"""What the screens show about a group and its alignment, computed without Textual (so tests stay plain).

Counts come from the library's nouns only: a *change* is a cell whose status is not ``same`` (cosmetic edits
count as same), a *claim change* is one ``Claim`` on a cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """One line of the groups screen."""

    id: str
    headline: str
    size: int
    sources: tuple[str, ...]
    mix: Mapping[Relation, int]
    published: datetime | None
    haystack: str
    """Lower-cased headlines, sources and ids: what the filter searches."""


def summarize(group: Group, articles: Mapping[str, Article]) -> GroupSummary:
    """Cheap enough for thousands of groups: the filter searches the raw text, only what is shown is
    cleaned (``printable`` walks every character)."""
    members = [articles[m.id] for m in group.members]
    raw_sources = dict.fromkeys(a.source for a in members if a.source.strip())
    counts = Counter(m.relation for m in group.members[1:])
    words = [group.id, *(m.id for m in group.members), *raw_sources, *(a.title for a in members)]
    base = articles[group.base]
    return GroupSummary(
        id=group.id,
        headline=headline(base),
        size=len(members),
        sources=tuple(dict.fromkeys(one_line(source) for source in raw_sources)),
        mix={relation: counts[relation] for relation in RELATIONS},
        published=base.published,
        haystack="\n".join(words).lower(),
    )


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
