"""The nouns of dedupe: articles, links between them, groups, and aligned versions.

Frozen dataclasses with validation only; every behaviour lives in the modules that use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal

Relation = Literal["exact", "near", "contained", "rewrite"]
RELATIONS: tuple[Relation, ...] = ("exact", "near", "contained", "rewrite")

CellStatus = Literal["same", "reworded", "added", "removed", "moved", "split", "merged"]
CELL_STATUSES: tuple[CellStatus, ...] = ("same", "reworded", "added", "removed", "moved", "split", "merged")

ClaimKind = Literal["number", "quote", "attribution", "entity", "negation"]
CLAIM_KINDS: tuple[ClaimKind, ...] = ("number", "quote", "attribution", "entity", "negation")

OpKind = Literal["=", "+", "-"]
"""Word operation: ``=`` kept, ``+`` inserted by the version, ``-`` deleted from the base."""


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Article:
    """One version of a story as read from a source.

    ``id`` is unique within a scan; ``path`` says where it came from (``file.jsonl:12`` for a line of a
    JSON Lines file, ``-`` for stdin). ``published`` is timezone-aware when known.
    """

    id: str
    text: str
    title: str = ""
    source: str = ""
    published: datetime | None = None
    path: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("an article needs a non-empty id")
        if self.published is not None and self.published.tzinfo is None:
            raise ValueError(f"article {self.id!r}: published must be timezone-aware")
        object.__setattr__(self, "meta", _frozen_mapping(self.meta))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with ``meta`` as a plain dict (a read-only view cannot be pickled): articles read by
        worker processes travel back to the one that groups them."""
        fields = (self.id, self.text, self.title, self.source, self.published, self.path, dict(self.meta))
        return (Article, fields)


@dataclass(frozen=True, slots=True)
class Link:
    """A verified duplicate relation between two articles (``a`` < ``b`` by id), with its score in [0, 1]."""

    a: str
    b: str
    relation: Relation
    score: float

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} outside [0, 1]")
        if self.a >= self.b:
            raise ValueError(f"link ends must be ordered and distinct: {self.a!r}, {self.b!r}")


@dataclass(frozen=True, slots=True)
class Member:
    """An article's place in a group: its relation to the group's base (``base`` for the base itself).

    ``via`` names the member it is linked through when it does not verify against the base directly
    (a trimmed copy of an update, say).
    """

    id: str
    relation: Relation | Literal["base"]
    score: float
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Articles that are versions of one story: ``members`` start with the base."""

    id: str
    base: str
    base_reason: str
    members: tuple[Member, ...]
    links: tuple[Link, ...]

    def __post_init__(self) -> None:
        if not self.members or self.members[0].id != self.base:
            raise ValueError(f"group {self.id}: the base must be the first member")


@dataclass(frozen=True, slots=True)
class Claim:
    """A changed claim inside an aligned sentence: what the base said and what the version says."""

    kind: ClaimKind
    before: str
    after: str

    def __post_init__(self) -> None:
        if self.kind not in CLAIM_KINDS:
            raise ValueError(f"unknown claim kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Cell:
    """What one version did with one base position.

    ``ops`` are word-level operations from the base sentence to the version's text; ``cosmetic`` marks a
    ``same`` cell that differs only in whitespace, punctuation, case or a typo.
    """

    status: CellStatus
    text: str
    score: float
    ops: tuple[tuple[OpKind, str], ...] = ()
    claims: tuple[Claim, ...] = ()
    cosmetic: bool = False
    sources: tuple[int, ...] = ()
    """Indexes of the version's sentences this cell covers (two or more for ``split``/``merged``)."""

    def __post_init__(self) -> None:
        if self.status not in CELL_STATUSES:
            raise ValueError(f"unknown cell status {self.status!r}")


@dataclass(frozen=True, slots=True)
class BaseSentence:
    index: int
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    """One aligned position: a base sentence (``None`` for one only versions have) and a cell per version."""

    base: BaseSentence | None
    cells: Mapping[str, Cell]

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", _frozen_mapping(self.cells))


@dataclass(frozen=True, slots=True)
class Alignment:
    """All versions of a group lined up against the base, sentence by sentence."""

    base: str
    versions: tuple[str, ...]
    rows: tuple[Row, ...]
