"""``?``: the keys in force on the screen it was opened from (after remapping), and what the marks mean.

The app keeps one help screen (installed, so a ``?`` pushes it without composing it again) and hands it the
keys each time. Its two columns are Rich tables, which Textual renders twice per show (to measure the height,
then to draw), and rendering them was most of the time ``?`` took: ``Rendered`` keeps each table's lines by
width, so the tables are laid out once per set of keys. The screen under the help shows through, dimmed:
Textual's ``BackgroundScreen`` blends it by sending every segment through Rich (three colour conversions and
two new styles per segment, then the lines split anew); ``DimmedScreen`` draws the same segments from the
screen's strips with one blend per distinct style.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.console import Group as RenderGroup
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal
from textual.css.styles import RulesMap
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
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


class Rendered:
    """A Rich renderable whose segments are kept by the options' width and height: rendered once per size.

    Only for renderables that draw the same at the same size (no theme or console state in them).
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._segments: dict[tuple[int, int | None], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        size = (options.max_width, options.height)
        segments = self._segments.get(size)
        if segments is None:
            segments = self._segments[size] = list(console.render(self.renderable, options))
        return segments


class DimmedScreen(Visual):
    """``screen`` tinted with ``color``: the segments Textual's ``BackgroundScreen`` draws, found faster."""

    def __init__(self, screen: Screen[object], color: Color) -> None:
        self.screen = screen
        self.color = color

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.screen.size.height

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        color = self.color
        tinted: dict[Style | None, Style] = {}

        def tint(segment_style: Style | None) -> Style:
            # As BackgroundScreen.process_segments, then over the screen's own style as RichVisual draws it.
            plain = Style() if segment_style is None else segment_style.clear_meta_and_links()
            if color.a:
                plain += Style.from_color(
                    (Color.from_rich_color(plain.color) + color).rich_color
                    if plain.color is not None
                    else None,
                    (Color.from_rich_color(plain.bgcolor) + color).rich_color
                    if plain.bgcolor is not None
                    else None,
                )
            return base + plain if base else plain

        strips = []
        for strip in self.screen._compositor.render_strips()[:height]:  # BackgroundScreen reads it too
            segments = []
            for text, segment_style, control in strip:
                if control:
                    segments.append(Segment(text, segment_style, control))
                    continue
                new_style = tinted.get(segment_style)
                if new_style is None:
                    new_style = tinted[segment_style] = tint(segment_style)
                segments.append(Segment(text, new_style))
            strips.append(Strip(segments, strip.cell_length).crop(0, width))
        return strips


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, entries: list[HelpEntry]) -> None:
        super().__init__()
        self.entries = entries
        self._rendered: dict[tuple[HelpEntry, ...], Rendered] = {}
        """The keys column by entries: a few sets (one per screen, and per keymap)."""
        self._legend_rendered = Rendered(self._legend())

    def compose(self) -> ComposeResult:
        with Horizontal(id="help"):
            yield Static(self._keys_rendered(), id="keys")
            yield Static(self._legend_rendered, id="legend")

    def render(self) -> RenderableType | Visual:
        background = super().render()
        if isinstance(background, BackgroundScreen):
            return DimmedScreen(background.screen, background.color)
        return background

    def show(self, entries: list[HelpEntry]) -> None:
        """List ``entries`` (the keys of the screen ``?`` was pressed on) from the next frame."""
        if entries != self.entries:
            self.entries = entries
            if self.is_mounted:
                self.query_one("#keys", Static).update(self._keys_rendered())

    def _keys_rendered(self) -> Rendered:
        key = tuple(self.entries)
        if key not in self._rendered:
            self._rendered[key] = Rendered(self._keys())
        return self._rendered[key]

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
