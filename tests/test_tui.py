"""The editors' terminal UI driven with ``App.run_test()`` and Pilot: every key, the palette, hostile text.

Apps are built from a finished ``ScanResult`` of ``seeds/`` (one story in six versions, seven singletons),
except where the scan itself is under test.
"""

from __future__ import annotations

import asyncio
import functools
import io
import json
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget

from dedupe.errors import DedupeError
from dedupe.model import Article, Group, Link, Member
from dedupe.pipeline import ScanOptions, ScanResult, scan
from tui import stylesheet as tui_stylesheet
from tui.app import DedupeApp
from tui.diff_view import DiffTable
from tui.filter_input import FilterInput
from tui.footer import KeyFooter
from tui.group_screen import Columns, GroupScreen
from tui.groups_screen import GroupsScreen
from tui.groups_table import GroupTable
from tui.help_screen import HelpScreen
from tui.overview import OverviewTable
from tui.screen import QuietFocusScreen
from tui.summary import changed_in
from tui.tables import LineTable
from tui.versions_table import VersionsTable

REPO = Path(__file__).resolve().parent.parent
SIZE = (120, 36)
FLOOD_BASE = "urn:newsml:meridiannews.com:20260304:MNA0412@seeds/meridian-kentucky-floods.xml"


def drive(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop (no pytest plugin needed: the project keeps pytest plain)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture(scope="module")
def seeds() -> ScanResult:
    """``seeds/`` scanned from the repository root, so article ids are the same relative paths everywhere."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        return scan(["seeds"], ScanOptions(cache_dir=None, jobs=1, singletons=True))
    finally:
        os.chdir(cwd)


def screen_segments(app: DedupeApp) -> list[Segment]:
    """What the terminal would show, as styled segments (cursor moves left out)."""
    console = Console(width=app.size.width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [s for s in console.render(update) if not s.control]


def screen_text(app: DedupeApp) -> str:
    return "".join(s.text for s in screen_segments(app))


async def settle(app: DedupeApp, pilot) -> None:
    """Let started workers finish (a worker may be started after the next frame) and the screen catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_group(app: DedupeApp, pilot) -> GroupScreen:
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, GroupScreen)
    return app.screen


def listed(app: DedupeApp) -> list[str]:
    return [s.id for s in app.groups_screen.query_one(GroupTable).summaries]


# --- the groups screen ---------------------------------------------------------------------------------


@drive
async def test_groups_screen_lists_sorts_and_filters(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.groups_screen.query_one(GroupTable)
        assert listed(app) == ["g1"]  # singletons hidden
        text = screen_text(app)
        assert "Flash floods kill 12 in eastern Kentucky" in text and "7 singletons hidden" in text
        assert "! 3" in text  # claim changes, counted in the background

        await pilot.press("a")  # singletons shown
        assert table.row_count == len(seeds.groups) == 8
        await pilot.press("j", "j", "k", "down", "down", "up")  # j/k and the arrows
        assert table.cursor_row == 2

        await pilot.press("d")  # by time, newest first; undated last
        published = [s.published for s in table.summaries]
        dated = [p for p in published if p is not None]
        assert dated == sorted(dated, reverse=True) and published[-1] is None
        await pilot.press("d")  # again: oldest first, undated still last
        assert listed(app)[0] == "g5" and listed(app)[-1] == "g6"
        await pilot.press("c")  # by claim changes
        assert listed(app)[0] == "g1"
        await pilot.press("s", "s")  # by size, reversed
        assert listed(app)[-1] == "g1" and "sorted by size ↑" in screen_text(app)

        await pilot.press("slash")
        assert isinstance(app.focused, FilterInput)
        await pilot.press(*"reef")  # a headline word
        assert listed(app) == ["g5"]
        await pilot.press("escape")  # clears the filter, back to the list
        assert isinstance(app.focused, GroupTable) and len(listed(app)) == 8
        await pilot.press("slash", *"atlas", "enter")  # a source
        assert listed(app) == ["g7"] and isinstance(app.focused, GroupTable)
        await pilot.press("slash", "ctrl+u", *"tristate")  # an article id inside g1
        assert listed(app) == ["g1"]
        await pilot.press("enter", "enter")  # the first enter leaves the box, the second opens
        await settle(app, pilot)
        assert isinstance(app.screen, GroupScreen)


@drive
async def test_groups_list_pages_and_clicks(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=(120, 8)) as pilot:  # room for 3 rows: paging scrolls
        await settle(app, pilot)
        table = app.groups_screen.query_one(GroupTable)
        await pilot.press("a", "end")
        assert table.cursor_row == 7 and table.scroll_y > 0
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("pagedown")  # a page: the rows the table shows under its header
        assert table.cursor_row == table.scrollable_content_region.height - 1 == 3
        await pilot.press("pageup")
        assert table.cursor_row == 0
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.groups_screen.query_one(GroupTable)
        await pilot.press("a")
        await pilot.click(GroupTable, offset=(10, 3))  # the header, then rows g1, g2, g3
        assert table.cursor_row == 2 and isinstance(app.screen, GroupsScreen)
        await pilot.click(GroupTable, offset=(10, 3))  # a click on the highlighted row opens it
        await settle(app, pilot)
        assert isinstance(app.screen, GroupScreen) and app.screen.group.id == "g3"


# --- the group screen ----------------------------------------------------------------------------------


@drive
async def test_group_screen_navigation(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(app, pilot)
        alignment = screen.alignment
        assert alignment is not None and alignment.base == FLOOD_BASE
        assert screen.query_one(VersionsTable).row_count == 5
        text = screen_text(app)
        assert "Base: Meridian News Agency · 2026-03-04 06:40 · earliest published" in text
        assert "#1 · Ohio Valley Herald" in text

        await pilot.press("j", "j", "j")  # both tables move together
        assert screen.at == 3
        assert screen.query_one(OverviewTable).cursor_row == screen.query_one(DiffTable).cursor_row == 3
        await pilot.press("k", "up")
        assert screen.at == 1

        await pilot.press("tab")  # next version
        assert screen.version == alignment.versions[1] and screen.query_one(VersionsTable).cursor_row == 1
        assert "#2 · Bluegrass Ledger" in screen_text(app)
        await pilot.press("shift+tab", "shift+tab")
        assert screen.version == alignment.versions[-1]
        await pilot.press("tab", "tab", "tab")  # the wire's own update
        version = screen.version
        ahead = [i for i, row in enumerate(alignment.rows) if changed_in(row, version) and i > screen.at]
        await pilot.press("n")
        assert screen.at == ahead[0]
        await pilot.press("n", "n", "p")
        assert screen.at == ahead[1]

        await pilot.press("tab", "tab", "tab")  # an exact copy: no claim change
        await pilot.press("c")  # next claim change, in whichever version has one
        cell = alignment.rows[screen.at].cells[screen.version]
        assert cell.claims
        claim = cell.claims[0]
        shown = " ".join(screen_text(app).split())  # the claim line wraps in its column
        assert f"! {claim.kind.upper()}: {claim.before.split()[0]}" in shown and "→" in shown

        await pilot.press("f")  # changed sentences only
        assert len(screen.rows) < len(alignment.rows)
        assert all(changed_in(alignment.rows[i], screen.version) for i in screen.diff_rows)
        await pilot.press("f")
        assert len(screen.rows) == len(screen.diff_rows) == len(alignment.rows)

        await pilot.press("escape")
        assert isinstance(app.screen, GroupsScreen)


@drive
async def test_the_group_screen_is_kept_and_shows_each_story_opened(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(app, pilot)
        await pilot.press("j", "j", "f")
        await pilot.press("escape", "a")  # back, singletons shown: g2 is the second row
        await pilot.press("j", "enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.group.id == "g2"  # the same screen, another story
        assert screen.at == 0 and not screen.changed_only
        assert screen.query_one(VersionsTable).row_count == 0  # a singleton: nothing to compare
        assert "Grantham Falls council" in screen_text(app)
        await pilot.press("escape", "k", "enter")
        await settle(app, pilot)
        assert screen.group.id == "g1" and screen.query_one(VersionsTable).row_count == 5
        assert len(screen.rows) == len(screen.alignment.rows)


@drive
async def test_group_screen_search_base_and_export(
    seeds: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(app, pilot)
        diff_region = screen.query_one(DiffTable).region
        await pilot.press("slash", *"governor")
        assert "governor" in screen.alignment.rows[screen.at].base.text.lower()
        # The box lies over the footer: the tables keep their place and size.
        assert screen.query_one("#search").region == screen.query_one(KeyFooter).region
        assert screen.query_one(DiffTable).region == diff_region
        await pilot.press("escape")  # closes the box, not the screen
        assert not screen.query_one("#search").visible and isinstance(app.focused, OverviewTable)

        await pilot.press("e")
        exported = tmp_path / "g1-diff.json"
        document = json.loads(exported.read_text(encoding="utf-8"))
        assert document["schema"] == "dedupe.diff/1"
        assert document["base"] == FLOOD_BASE and len(document["versions"]) == 5
        assert any(str(exported) in n.message for n in app._notifications)

        await pilot.press("tab")
        chosen = screen.version
        await pilot.press("b")
        await settle(app, pilot)
        assert screen.alignment.base == chosen
        assert screen.version == FLOOD_BASE  # the old base is the version compared now
        assert "chosen by you (b)" in screen_text(app)
        await pilot.press("e")
        assert json.loads((tmp_path / f"g1-{chosen}-diff.json").read_text())["base"] == chosen


# --- everywhere -------------------------------------------------------------------------------------------


@drive
async def test_help_theme_palette_and_keymap(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {keys for _, keys, _ in app.screen.entries}
        assert {"n", "p", "c", "tab", "b", "/", "f", "e", "escape", "j down", "k up", "t", "q", "?"} <= keys
        text = screen_text(app)
        assert "Next claim change in any version" in text and "a claim changed" in text
        await pilot.press("escape")
        assert app.screen is screen

        table = screen.query_one(DiffTable)
        claim_style = table.style("status--claim")
        assert app.current_theme.dark
        await pilot.press("t")
        await pilot.pause()
        assert not app.current_theme.dark and table.style("status--claim") != claim_style
        await pilot.press("t")
        assert app.current_theme.dark

        commands = {c.title: c for c in app.get_system_commands(screen)}
        for title in (
            "Next",
            "Prev",
            "Claim",
            "Version",
            "Base",
            "Search",
            "Changed",
            "Export",
            "Theme",
            "Help",
        ):
            assert title in commands
        await commands["Version"].callback()
        await pilot.pause()
        assert screen.version == screen.alignment.versions[1]

        app.set_keymap({"group.next-version": "v"})
        await pilot.press("v")
        assert screen.version == screen.alignment.versions[2]
        await pilot.press("question_mark")
        assert ("Story", "v", "Compare the next version") in app.screen.entries


@drive
async def test_q_quits_with_0_and_ctrl_c_with_130(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    assert app.return_code == 0
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "ctrl+c")  # even while typing a filter
    assert app.return_code == 130


# --- scanning ---------------------------------------------------------------------------------------------


@drive
async def test_scans_in_a_worker_with_progress(seeds: ScanResult, monkeypatch: pytest.MonkeyPatch) -> None:
    go_on = threading.Event()

    def slow_scan(paths: list[str], options: ScanOptions, progress: Callable[..., None]) -> ScanResult:
        assert paths == ["seeds"] and options.singletons  # scanned always, hidden on screen
        progress("read", 13, None)
        progress("sign", 3, 13)
        go_on.wait(timeout=10)
        return seeds

    monkeypatch.setattr("dedupe.pipeline.scan", slow_scan)
    app = DedupeApp(paths=["seeds"], options=ScanOptions(cache_dir=None, jobs=1))
    async with app.run_test(size=SIZE) as pilot:
        while "Hashing" not in screen_text(app):
            await pilot.pause(0.01)
        assert "Hashing 3/13" in screen_text(app)
        assert app.groups_screen.query_one(GroupTable).row_count == 0  # the screen is up, still scanning
        go_on.set()
        await settle(app, pilot)
        assert app.result is seeds and listed(app) == ["g1"]
        assert not app.groups_screen.query_one("#progress").display


@drive
async def test_a_scan_that_fails_exits_with_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> ScanResult:
        raise DedupeError("bad \x1b[31mconfig")

    monkeypatch.setattr("dedupe.pipeline.scan", broken)
    app = DedupeApp(paths=["seeds"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    assert app.return_code == 2
    assert "dedupe: error: bad config" in capsys.readouterr().err


# --- hostile text ---------------------------------------------------------------------------------------

HOSTILE = "Red \x1b[31malert\x1b[0m [bold red]x[/] \u202eevil\u202c \x1b]0;pwned\x07title"


@pytest.fixture
def hostile() -> ScanResult:
    when = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)
    text = "The mayor said 12 people were hurt. " + HOSTILE + " stays literal."
    articles = (
        Article(id="a", text=text, title=HOSTILE, source="Wire [italic]Service[/]", published=when),
        Article(id="b", text=text.replace("12", "14"), title=HOSTILE, source="\x1b[2JPaper", published=when),
    )
    group = Group(
        id="g1",
        base="a",
        base_reason="earliest published",
        members=(Member("a", "base", 1.0), Member("b", "near", 0.9)),
        links=(Link("a", "b", "near", 0.9),),
    )
    return ScanResult(articles=articles, groups=(group,), errors=(), warnings=(), options=ScanOptions())


def spans(segments: list[Segment], needle: str) -> Iterator[set[object]]:
    """For each place ``needle`` shows on screen, the set of styles its characters are drawn with."""
    chars = [(ch, seg.style) for seg in segments for ch in seg.text]
    plain = "".join(ch for ch, _ in chars)
    start = plain.find(needle)
    while start >= 0:
        yield {style for _, style in chars[start : start + len(needle)]}
        start = plain.find(needle, start + 1)


@drive
async def test_article_text_is_shown_literally(hostile: ScanResult) -> None:
    app = DedupeApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(2):  # the groups screen, then the group screen
            segments = screen_segments(app)
            text = "".join(s.text for s in segments)
            assert "\x1b" not in text and "\u202e" not in text and "pwned" not in text
            found = list(spans(segments, "[bold red]x[/]"))
            assert found, "the bracketed text is visible as typed"
            assert all(len(styles) == 1 for styles in found), "and styles nothing inside it"
            assert "[italic]Service[/]" in text or "[italic]Ser" in text
            await pilot.press("enter")
            await settle(app, pilot)
        assert isinstance(app.screen, GroupScreen)
        assert "Red alert [bold red]x[/] evil title" in screen_text(app)
        assert app.title == "dedupe"


@drive
async def test_footer_shows_the_keys_in_force_and_clicks_press_them(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        line = footer.render_line(0).text
        for shown in (
            "⏎ Open",
            "/ Filter",
            "s Size",
            "a Singletons",
            "q Quit",
            "t Theme",
            "? Help",
            "^p palette",
        ):
            assert shown in line, line
        assert line.rstrip().endswith("▏^p palette")
        singletons = app.groups_screen.singletons
        size = next(span for span in footer._spans if span.item.description == "Singletons")
        await pilot.hover(KeyFooter, offset=(size.start + 1, 0))
        assert footer.tooltip == "Show or hide stories with one version"
        await pilot.click(KeyFooter, offset=(size.start + 1, 0))  # a click presses the key
        await pilot.pause()
        assert app.groups_screen.singletons is not singletons

        screen = await open_group(app, pilot)
        footer = screen.query_one(KeyFooter)
        assert "tab Version" in footer.render_line(0).text
        await pilot.press("slash")  # the search box has the focus: the keys stay
        assert "tab Version" in footer.render_line(0).text
        await pilot.press("escape")
        app.set_keymap({"group.next-version": "v"})
        await pilot.pause()
        line = footer.render_line(0).text
        assert "v Version" in line and "tab Version" not in line
        version = next(span for span in footer._spans if span.item.description == "Version")
        await pilot.click(KeyFooter, offset=(version.start, 0))
        await pilot.pause()
        assert screen.version == screen.alignment.versions[1]


@drive
async def test_a_screen_pushed_again_takes_a_theme_changed_while_it_was_away(seeds: ScanResult) -> None:
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        list_dark = app.groups_screen.query_one(GroupTable).rich_style
        screen = await open_group(app, pilot)
        dark = screen.query_one(DiffTable).rich_style
        await pilot.press("escape", "t")  # the theme changes while the group screen is not shown
        await settle(app, pilot)
        assert not app.current_theme.dark
        await pilot.press("enter")
        await settle(app, pilot)
        light = screen.query_one(DiffTable).rich_style
        assert light != dark
        await pilot.press("escape", "enter")  # nothing changed: the same styles
        await settle(app, pilot)
        assert screen.query_one(DiffTable).rich_style == light

        # t on the story: the list under it is not drawn then (unseen), and is drawn whole when shown again.
        drawn: list[tuple[object, str]] = []
        display = app._display
        app._display = lambda shown, update: (
            drawn.append((shown, type(update).__name__)),
            display(shown, update),
        )
        await pilot.press("t")
        await settle(app, pilot)
        assert app.current_theme.dark and all(shown is screen for shown, _ in drawn)
        drawn.clear()
        await pilot.press("escape")
        await settle(app, pilot)
        assert (app.groups_screen, "LayoutUpdate") in drawn  # a full frame
        assert app.groups_screen.query_one(GroupTable).rich_style == list_dark


@drive
async def test_t_styles_as_textual_does_and_works_out_a_theme_seen_before_once(
    seeds: ScanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ThemeStylesheet`` keeps what a theme toggle works out and gathers redraws (through private parts of
    Textual: ``_variable_tokens``, ``_process_component_classes``, the ``Styles.refresh`` its rules call).
    The styles must be Textual's own; and should Textual move those parts, the counts below change."""
    assert tui_stylesheet.REFRESH_KINDS.keys() == {"layout", "children", "parent", "repaint"}  # gathered
    app = DedupeApp(seeds)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(app, pilot)
        await pilot.press("t", "slash", "escape", "t", "slash", "escape")  # both themes, focused or not
        await settle(app, pilot)
        made: list[object] = []
        tokenized: list[object] = []
        refreshed: Counter[Widget] = Counter()
        dom_node, tokenize, refresh = (
            textual_stylesheet.DOMNode,
            textual_stylesheet.tokenize_values,
            Widget.refresh,
        )

        def count(kept: list[object], function: Callable[..., Any]) -> Callable[..., Any]:
            return lambda *args, **kwargs: kept.append(args) or function(*args, **kwargs)

        def count_refresh(widget: Widget, *args: Any, **kwargs: Any) -> Widget:
            refreshed[widget] += 1
            return refresh(widget, *args, **kwargs)

        monkeypatch.setattr(textual_stylesheet, "DOMNode", count(made, dom_node))
        monkeypatch.setattr(textual_stylesheet, "tokenize_values", count(tokenized, tokenize))
        monkeypatch.setattr(tui_stylesheet, "tokenize_values", count(tokenized, tokenize))
        monkeypatch.setattr(Widget, "refresh", count_refresh)
        for keys in (("t",), ("slash",), ("escape",), ("t",)):
            refreshed.clear()
            await pilot.press(*keys)
            await settle(app, pilot)
            assert not made and not tokenized  # component styles and variables' tokens: kept
            if keys == ("t",):
                # A few redraws per widget (with Textual's, one per rule changed, every colour of the screen
                # redrawing all on it again: 15 to 33).
                widgets = list(screen.walk_children(Widget, with_self=True))
                assert max(refreshed[w] for w in widgets) <= 4, refreshed

        plain = Stylesheet(variables=app.get_css_variables())  # Textual's, from the same sources
        plain.source = dict(app.stylesheet.source)
        plain.parse()
        for node in screen.walk_children(with_self=True):
            ours = (
                node.styles.base.get_rules(),
                {k: s.base.get_rules() for k, s in node._component_styles.items()},
            )
            plain.apply(node)
            theirs = (
                node.styles.base.get_rules(),
                {k: s.base.get_rules() for k, s in node._component_styles.items()},
            )
            assert ours == theirs, node


@drive
async def test_blank_screens_and_columns_draw_as_textual_renders_them(
    seeds: ScanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screens and the diff's columns are drawn as blank lines (``BLANK``), not rendered: the same cells
    as Textual's rendering, where they show (a list filtered to nothing, empty tables) and in any theme."""
    app = DedupeApp(seeds)
    shots: dict[tuple[str, str, bool], str] = {}

    async def shoot(name: str) -> None:
        for theme in ("textual-light", "ansi-dark"):
            app.theme = theme
            for blank in (True, False):
                for kind in (QuietFocusScreen, Columns):
                    monkeypatch.setattr(kind, "BLANK", blank)
                for widget in app.screen.walk_children(Widget, with_self=True):
                    widget.refresh()
                await pilot.pause()
                shots[theme, name, blank] = re.sub(r"terminal-\d+", "", app.export_screenshot())

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(app, pilot)
        for table in screen.query(LineTable):
            table.clear()
        await shoot("group")
        await pilot.press("escape", "slash", "z", "z", "z")
        await shoot("groups")
    assert len(shots) == 8
    for theme, name, blank in shots:
        assert shots[theme, name, blank] == shots[theme, name, not blank], (theme, name)
