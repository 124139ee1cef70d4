"""The footer every screen shows: the keys in force, drawn by one widget as one line.

Textual's ``Footer`` is a container with a widget per key (two styled component nodes each): on the group
screen 14 widgets and 28 component nodes, more than half of the nodes Textual restyles at every screen push,
focus change and theme change, and it mounts them all anew whenever the screen's bindings are updated. This
footer draws the same line itself (Textual's compact footer: each key, its description, a space; the command
palette's key on the right after a thin bar) from the same bindings, in the colours of the same theme
variables, named as component classes. A click on a key presses it, as in Textual's; the key under the
mouse is highlighted and its tooltip shown.

The keys are kept while a text box has the focus: Textual's would show an empty footer there (the box takes
the letters) and the old keys again when the editor leaves the box; the box's placeholder says what
``enter`` and ``escape`` do.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.css.styles import RenderStyles
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

BAR = "▏"
"""The thin bar before the command palette's key (Textual's ``vkey`` border)."""


class FooterItem(NamedTuple):
    """One key as the footer shows it."""

    key: str
    """The key pressed when the item is clicked."""
    display: str
    description: str
    enabled: bool
    tooltip: str


class Span(NamedTuple):
    """Where an item sits on the line: cells ``start`` to ``end``, end excluded."""

    start: int
    end: int
    item: FooterItem


def _over(base: Style, styles: RenderStyles) -> Style:
    """``base`` with a component's colours and text style over it: its background blended onto ``base``'s,
    as Textual blends a child node's background onto its parent's."""
    background = Color.from_rich_color(base.bgcolor)
    if styles.has_rule("background"):
        background += styles.background
    color = styles.color if styles.has_rule("color") else Color.from_rich_color(base.color)
    return base + styles.text_style + Style.from_color((background + color).rich_color, background.rich_color)


class KeyFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--item",
        "key-footer--hover",
        "key-footer--key",
        "key-footer--description",
        "key-footer--bar",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--item {
            background: $footer-item-background;
        }
        & > .key-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--bar {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.items: tuple[FooterItem, ...] = ()
        """The keys shown, left to right."""
        self.palette: FooterItem | None = None
        """The command palette's key, shown on the right."""
        self._ready = False
        self._hover: FooterItem | None = None
        self._spans: list[Span] = []
        self._strip: tuple[tuple[object, ...], Strip] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # --- the keys ----------------------------------------------------------------------------------------

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Read the keys in force on ``screen``, as Textual's footer does: one per action, in the screen's
        order, only those shown; the palette's apart."""
        if self._ready and isinstance(screen.focused, Input):
            return
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        self._ready = True
        app = self.app
        active = screen.active_bindings
        by_action: defaultdict[str, list[FooterItem]] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                display = app.get_key_display(binding)
                by_action[binding.action].append(
                    FooterItem(binding.key, display, binding.description, enabled, tooltip)
                )
        items = tuple(found[0] for found in by_action.values())
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = FooterItem(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                binding.tooltip or binding.description,
            )
        if (items, palette) != (self.items, self.palette):
            self.items, self.palette = items, palette
            self._set_hover(None)
            self.refresh()

    # --- drawing -----------------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (self.items, self.palette, self._hover, width)
        if self._strip is None or self._strip[0] != key:
            self._strip = (key, self._render_strip(width))
        return self._strip[1]

    def _render_strip(self, width: int) -> Strip:
        """The line: each key and its description then a space, the palette's key at the right end."""
        blank = Style.from_color(bgcolor=self.rich_style.bgcolor)
        get = self.get_component_styles
        item_styles, hover_styles = get("key-footer--item"), get("key-footer--hover")
        key_styles, description_styles = get("key-footer--key"), get("key-footer--description")
        base = self.rich_style

        @cache
        def under(hovered: bool, enabled: bool) -> Style:
            """An item's own style, as Textual's ``FooterKey``: hovered or not, dim when disabled (one per
            kind of item: blending the colours for each item was most of the time ``t`` drew the footer)."""
            style = _over(base, hover_styles if hovered else item_styles)
            return style if enabled else style + Style(dim=True)

        @cache
        def kind_styles(hovered: bool, enabled: bool) -> tuple[Style, Style]:
            own = under(hovered, enabled)
            return _over(own, key_styles), _over(own, description_styles)

        def styles(item: FooterItem) -> tuple[Style, Style]:
            return kind_styles(item == self._hover, item.enabled)

        segments: list[Segment] = []
        spans: list[Span] = []
        x = 0
        palette = self.palette
        tail = 0 if palette is None else 1 + self._width(palette) + 1
        room = width - tail
        for item in self.items:
            end = x + self._width(item)
            if end + 1 > room:  # with its space; what does not fit is left out, as under Textual's bar
                break
            key_style, description_style = styles(item)
            segments.append(Segment(item.display, key_style))
            if item.description:
                segments.append(Segment(" " + item.description, description_style))
            spans.append(Span(x, end, item))
            x = end + 1
            segments.append(Segment(" ", blank))
        if palette is not None and room >= 0:
            if room > x:  # the last key's space and the gap to the bar: one blank, as Textual draws it
                if spans:
                    segments.pop()
                segments.append(Segment(" " * (room - x + (1 if spans else 0)), blank))
            key_style, description_style = styles(palette)
            bar = _over(under(palette == self._hover, palette.enabled), get("key-footer--bar"))
            segments.append(Segment(BAR, bar))
            segments.append(Segment(palette.display, key_style))
            if palette.description:
                segments.append(Segment(" " + palette.description, description_style))
            segments.append(Segment(" ", blank))
            spans.append(Span(room, width - 1, palette))
        self._spans = spans
        return Strip(segments).adjust_cell_length(width, blank)

    @staticmethod
    def _width(item: FooterItem) -> int:
        return cell_len(item.display) + (1 + cell_len(item.description) if item.description else 0)

    # --- the mouse ---------------------------------------------------------------------------------------

    def _at(self, x: int) -> FooterItem | None:
        return next((span.item for span in self._spans if span.start <= x < span.end), None)

    def _set_hover(self, item: FooterItem | None) -> None:
        if item != self._hover:
            self._hover = item
            self.tooltip = item.tooltip or None if item else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Press the key clicked, as Textual's footer does (a bell for a key that is not enabled)."""
        item = self._at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
