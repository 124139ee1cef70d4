"""``?``: the keys in force on the screen it was opened from (after remapping), and what the marks mean."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group as RenderGroup
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.summary import ABSENT_GLYPH, CLAIM_GLYPH, GLYPHS, RELATION_LETTERS

SECTIONS = {
    "groups": "Stories",
    "group": "Story",
    "table": "Lists",
    "app": "Everywhere",
}
STATUS_WORDS = {
    "same": "same (or only punctuation, case, a typo)",
    "reworded": "reworded",
    "added": "added by this version",
    "removed": "removed by this version",
    "moved": "moved",
    "split": "one sentence became two",
    "merged": "two sentences became one",
}

HelpEntry = tuple[str, str, str]
"""(section, keys, what it does)"""


def help_entries(bindings: Iterable[ActiveBinding]) -> list[HelpEntry]:
    """One entry per binding id, keys joined, in section order: only our bindings (they carry an id)."""
    keys: dict[str, list[str]] = {}
    found: dict[str, Binding] = {}
    for active in bindings:
        binding = active.binding
        if binding.id is None:
            continue
        found.setdefault(binding.id, binding)
        keys.setdefault(binding.id, []).append(binding.key_display or binding.key)
    order = list(SECTIONS)
    ids = sorted(
        found, key=lambda i: order.index(i.split(".")[0]) if i.split(".")[0] in order else len(order)
    )
    return [
        (
            SECTIONS.get(i.split(".")[0], "Other"),
            " ".join(sorted(dict.fromkeys(keys[i]), key=lambda key: len(key) > 1)),  # letters first
            found[i].tooltip or found[i].description,
        )
        for i in ids
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, entries: list[HelpEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Horizontal(id="help"):
            yield Static(self._keys(), id="keys")
            yield Static(self._legend(), id="legend")

    def _keys(self) -> RenderGroup:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", min_width=10)
        table.add_column()
        section = ""
        rows: list[Text | Table] = [Text("Keys (ctrl+p: command palette)", style="bold underline")]
        for where, keys, what in self.entries:
            if where != section:
                section = where
                table.add_row(Text(""), Text(""))
                table.add_row(Text(where, style="italic"), Text(""))
            table.add_row(Text(keys), Text(what))
        rows.append(table)
        return RenderGroup(*rows)

    def _legend(self) -> RenderGroup:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", min_width=4)
        table.add_column()
        for status, mark in GLYPHS.items():
            table.add_row(Text(mark), Text(STATUS_WORDS[status]))
        table.add_row(
            Text(CLAIM_GLYPH),
            Text("a claim changed (number, quote, attribution, name, negation): before → after"),
        )
        table.add_row(Text(ABSENT_GLYPH), Text("nothing here in this version"))
        relations = "  ".join(f"{letter} {relation}" for relation, letter in RELATION_LETTERS.items())
        table.add_row(Text("E N C R"), Text(f"versions per relation to the base: {relations}"))
        table.add_row(Text(""), Text(""))
        table.add_row(Text("struck"), Text("words the version dropped (left, base side)"))
        table.add_row(Text("underlined"), Text("words the version added (right)"))
        return RenderGroup(Text("Marks", style="bold underline"), Text(""), table)

    def action_close(self) -> None:
        self.dismiss()
