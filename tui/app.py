"""The editors' terminal UI: ``dedupe tui PATH...`` opens it (``run_app``); tests pass a ``ScanResult``.

The scan runs in a worker thread and reports progress through ``call_from_thread``, so the first screen
paints before the library's heavier modules are even imported; the list fills in when the groups are ready.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import PurePath
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ScreenError, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from dedupe.text import printable
from tui.groups_screen import GroupsScreen
from tui.help_screen import HelpScreen, help_entries
from tui.screen import QuietFocusScreen
from tui.stylesheet import ThemeStylesheet

if TYPE_CHECKING:
    from dedupe.pipeline import ScanOptions, ScanResult

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130
PROGRESS_SECONDS = 0.2
"""Least time between two progress updates handed to the screen (a scan reports every article). Each update
redraws the bar in the UI's thread, which shares the interpreter with the scan: at 20 a second, a 30 s scan
of 10,000 articles spent 2.5 s of it redrawing; 5 a second reads as smoothly."""


class DedupeApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "groups_screen.tcss",
        "group_screen.tcss",
        "help_screen.tcss",
    ]
    """Each screen's styles sit beside its module; all are read at start-up, since a screen's own
    ``CSS_PATH`` is parsed when it is first pushed and then restyles the whole app (a visible pause)."""
    TITLE = "dedupe"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit dedupe"),
        Binding("t", "toggle_dark", "Theme", id="app.toggle-dark", tooltip="Switch between dark and light"),
        Binding(
            "question_mark", "help", "Help", key_display="?", id="app.help", tooltip="List the keys and marks"
        ),
        Binding(
            "ctrl+c",
            "interrupt",
            "Interrupt",
            show=False,
            priority=True,
            id="app.interrupt",
            tooltip="Stop (exit code 130)",
        ),
    ]

    _current_theme: tuple[str, Theme] | None = None

    def __init__(
        self,
        result: ScanResult | None = None,
        *,
        paths: Sequence[str] = (),
        options: ScanOptions | None = None,
    ) -> None:
        """Either a finished ``result`` (tests, snapshots) or ``paths`` to scan with ``options``."""
        super().__init__()
        stylesheet = ThemeStylesheet(variables=self.get_css_variables())
        stylesheet.source = dict(self.stylesheet.source)  # none yet: the app reads its CSS when it starts
        self.stylesheet = stylesheet
        if (result is None) == (not paths):
            raise ValueError("give either a scan result or paths to scan")
        self.result = result
        self._paths = list(paths)
        self._options = options
        # --singletons lists stories with one version from the start; a given result's are hidden.
        self.groups_screen = GroupsScreen(result, singletons=bool(options and options.singletons))
        self._help: HelpScreen | None = None

    @property
    def current_theme(self) -> Theme:
        """Textual's, kept while the theme's name stays: Textual looks the theme up (copying its dict of
        themes twice) for every line it draws, 6% of the time ``enter`` took."""
        name = self.theme
        kept = self._current_theme
        if kept is None or kept[0] != name:
            kept = self._current_theme = (name, super().current_theme)
        return kept[1]

    def register_theme(self, theme: Theme) -> None:
        super().register_theme(theme)
        self._current_theme = None

    def unregister_theme(self, theme_name: str) -> None:
        super().unregister_theme(theme_name)
        self._current_theme = None

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's, except that a screen hidden under an opaque one (the list under a story) is restyled
        when it is shown again (``QuietFocusScreen``), not at once: ``t`` on a story restyled both screens,
        half of its restyling for a screen not on view."""
        stylesheet = self.stylesheet
        stylesheet.set_variables(self.get_css_variables())
        stylesheet.reparse()
        stylesheet.update(self, animate=animate)
        try:
            screen = self.screen
        except ScreenError:  # no screen yet
            return
        if screen.is_mounted:
            screen._refresh_layout(self.size)
            screen._css_update_count = self._css_update_count
        if isinstance(screen, QuietFocusScreen):
            screen.styled()
        for below in self.screen_stack:
            if below is screen or (isinstance(below, QuietFocusScreen) and below.hidden):
                continue
            stylesheet.update(below, animate=animate)
            below._css_update_count = self._css_update_count
            if isinstance(below, QuietFocusScreen):
                below.styled()

    def get_default_screen(self) -> Screen[None]:
        return self.groups_screen

    def on_mount(self) -> None:
        if self._paths:
            self._scan()
        else:
            self._hold(self.result)

    def on_unmount(self) -> None:
        gc.unfreeze()

    @staticmethod
    def _hold(result: ScanResult | None) -> None:
        """Move the scan result out of the garbage collector's sight: it lives as long as the app.

        With 10,000 articles, a full collection walks every one of their objects, and the UI allocates
        enough to trigger collections while it redraws. No collection first: that alone took a quarter of a
        second on the way to the first screen.
        """
        if result is not None:
            gc.freeze()

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def _scan(self) -> None:
        from dedupe.pipeline import ScanOptions, scan  # the heavy imports happen here, after the first paint

        last: dict[str, float] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            now = monotonic()
            if stage in last and now - last[stage] < PROGRESS_SECONDS and done != total:
                return
            last[stage] = now
            self.call_from_thread(self.groups_screen.show_progress, stage, done, total)

        # Singletons are scanned always and hidden on screen, so the editor can toggle them.
        options = replace(self._options or ScanOptions(), singletons=True)
        result = scan(self._paths, options, progress)
        self.call_from_thread(self._scanned, result)

    def _scanned(self, result: ScanResult) -> None:
        self.result = result
        self._hold(result)
        self.groups_screen.show_result(result)
        if result.errors:
            self.notify(
                f"{len(result.errors)} inputs could not be read; they are listed when you quit",
                severity="warning",
                markup=False,
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "scan" and event.state == WorkerState.ERROR:
            message = Text(f"dedupe: error: {printable(str(event.worker.error))}")
            # After a frame: a scan can fail before the screen has finished mounting.
            self.call_after_refresh(self.exit, return_code=EXIT_ERROR, message=message)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        entries = help_entries(self.screen.active_bindings.values())
        if self._help is None:
            self._help = HelpScreen(entries)
            self.install_screen(self._help, name="help")  # kept when closed: composed once
        else:
            self._help.show(entries)
        self.push_screen("help")

    def action_interrupt(self) -> None:
        self.exit(return_code=EXIT_INTERRUPTED)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then every keyed action in force on ``screen``: the palette and keys agree."""
        yield from super().get_system_commands(screen)
        seen = {"app.quit", "app.interrupt"}  # Textual's own Quit is listed above
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.id is None or binding.id in seen:
                continue
            seen.add(binding.id)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({binding.key_display or binding.key})",
                partial(self.run_action, binding.action, active.node),
            )


def run_app(paths: list[str], options: ScanOptions) -> int:
    """Run the UI until the editor quits: 0, or 130 on ctrl+c, 2 when the scan cannot run."""
    app = DedupeApp(paths=paths, options=options)
    try:
        app.run()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    if app.result is not None:
        for error in app.result.errors:
            print(f"dedupe: error: {printable(error.path)}: {printable(error.reason)}", file=sys.stderr)
    return app.return_code or EXIT_OK
