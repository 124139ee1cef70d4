"""One story: its versions, the n-way overview and the side-by-side diff of the selected version.

The alignment is computed in a worker (it can take a while for a long story with many versions); the
screen keeps which alignment row the cursor is on, so switching version, base or filter keeps the place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from dedupe.model import Alignment, Group, Row
from dedupe.text import printable
from tui.alignments import Alignments
from tui.diff_view import DiffTable
from tui.export import export_diff
from tui.filter_input import FilterInput
from tui.footer import KeyFooter
from tui.literal import literal_line, one_line
from tui.overview import OverviewTable
from tui.screen import QuietFocusScreen
from tui.summary import changed_in, headline, published_text, row_changed
from tui.tables import LineTable
from tui.versions_table import VersionsTable


class Columns(Horizontal):
    """The overview and the side-by-side, side by side. The container has no content of its own: it is drawn
    as blank lines (Textual's ``BLANK``), not rendered, under the tables that cover it; Textual draws a
    container's every line, each through its rendering pipeline, at every theme change."""

    BLANK = True


class GroupScreen(QuietFocusScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="group.back", tooltip="Back to the list of stories"),
        Binding("n", "next_change", "Next", id="group.next-change", tooltip="Next change in this version"),
        Binding(
            "p",
            "previous_change",
            "Prev",
            id="group.previous-change",
            tooltip="Previous change in this version",
        ),
        Binding(
            "c", "next_claim", "Claim", id="group.next-claim", tooltip="Next claim change in any version"
        ),
        Binding(
            "tab", "next_version", "Version", id="group.next-version", tooltip="Compare the next version"
        ),
        Binding(
            "shift+tab",
            "previous_version",
            "Prev version",
            show=False,
            id="group.previous-version",
            tooltip="Compare the previous version",
        ),
        Binding(
            "b",
            "make_base",
            "Base",
            id="group.make-base",
            tooltip="Make the selected version the base and re-align",
        ),
        Binding(
            "slash", "search", "Search", key_display="/", id="group.search", tooltip="Search the sentences"
        ),
        Binding(
            "f",
            "toggle_changed",
            "Changed",
            id="group.changed-only",
            tooltip="Show changed sentences only, or all",
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="group.export",
            tooltip="Export this diff as JSON to the current folder",
        ),
    ]

    def __init__(self, alignments: Alignments, group: Group) -> None:
        super().__init__()
        self.alignments = alignments
        self.group = group
        self._reset()

    def _reset(self) -> None:
        self.alignment: Alignment | None = None
        self.version: str | None = None
        self.changed_only = False
        self.rows: list[int] = []
        """Alignment row indexes the overview shows (all, or those where some version changed)."""
        self.diff_rows: list[int] = []
        """Alignment row indexes the side-by-side shows (all, or those the selected version changed)."""
        self.at = 0
        """The alignment row the cursor is on."""

    def open(self, group: Group) -> None:
        """Show ``group``: the list keeps one group screen and hands it each story the editor opens (building
        the screen's widgets anew for every story was most of the time ``enter`` took)."""
        self.group = group
        self._reset()
        if self.is_mounted:
            self._start()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="title")
        yield VersionsTable(id="versions")
        with Columns(id="diff"):
            yield OverviewTable(id="overview")
            yield DiffTable(id="side-by-side")
        yield FilterInput(placeholder="search the sentences (enter: next match, escape: close)", id="search")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._start()

    def _start(self) -> None:
        """The alignment at once when it is kept, else empty tables and the title, then the alignment from a
        worker. A kept alignment shown again (the story opened last) keeps the rows its tables laid out."""
        search = self.query_one("#search", FilterInput)
        search.visible = False
        search.value = ""
        self.query_one(OverviewTable).focus()
        kept = self.alignments.kept(self.group, self.group.base)
        if kept is not None:
            self._aligned(self.group, kept)
            return
        for table in self.query(LineTable):
            table.clear()
        self._show_title()
        self._align(self.group.base)

    @work(thread=True, exclusive=True, group="align", exit_on_error=False)
    def _align(self, base: str) -> None:
        group = self.group
        alignment = self.alignments.get(group, base)
        self.app.call_from_thread(self._aligned, group, alignment)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "align" and event.state == WorkerState.ERROR:
            reason = printable(str(event.worker.error))
            self.notify(f"This story could not be aligned: {reason}", severity="error", markup=False)

    def _aligned(self, group: Group, alignment: Alignment) -> None:
        if group is not self.group:
            return  # the editor went on to another story while this one was aligning
        previous = self.alignment.base if self.alignment else None
        self.alignment = alignment
        if previous in alignment.versions:
            self.version = previous
        elif self.version not in alignment.versions:
            self.version = alignment.versions[0] if alignment.versions else None
        self._show_title()
        articles = self.alignments.articles
        self.query_one(VersionsTable).show(self.group, alignment, articles, self.version)
        self._refresh_diff()

    def _show_title(self) -> None:
        base = self.alignments.articles[self.alignment.base if self.alignment else self.group.base]
        why = self.group.base_reason if base.id == self.group.base else "chosen by you (b)"
        title = Text(one_line(headline(base)), style="bold", no_wrap=True, overflow="ellipsis")
        title.append("\n")
        source = one_line(base.source) or "—"
        title.append_text(literal_line(f"Base: {source} · {published_text(base.published)} · {why}"))
        self.query_one("#title", Static).update(title, layout=False)  # two lines, full width: same size

    def _refresh_diff(self, *, overview: bool = True) -> None:
        """Rebuild the side-by-side, and the overview unless only the version changed (it shows them all)."""
        alignment, version = self.alignment, self.version
        if alignment is None:
            return
        every = range(len(alignment.rows))
        if overview:
            self.rows = [i for i in every if not self.changed_only or row_changed(alignment.rows[i])]
            self.query_one(OverviewTable).show(alignment, self.rows)
        if version is not None:
            self.diff_rows = [
                i for i in every if not self.changed_only or changed_in(alignment.rows[i], version)
            ]
            self.query_one(DiffTable).show(alignment, self.diff_rows, version, self.alignments.articles)
        self.go_to(self.at)

    # --- the cursor -----------------------------------------------------------------------------------

    def _tables(self) -> list[tuple[LineTable, list[int]]]:
        return [(self.query_one(OverviewTable), self.rows), (self.query_one(DiffTable), self.diff_rows)]

    def go_to(self, index: int) -> None:
        """Put the cursor on alignment row ``index``; a table not showing it goes to the next row it shows."""
        self.at = index
        for table, rows in self._tables():
            if rows and table.row_count == len(rows):
                position = next((p for p, i in enumerate(rows) if i >= index), len(rows) - 1)
                if table.cursor_row != position:
                    table.move_cursor(row=position, animate=False)

    @on(LineTable.Highlighted, "#overview, #side-by-side")
    def _row_highlighted(self, event: LineTable.Highlighted) -> None:
        """Follow the table the editor moves (the focused one), reading its cursor now: a refill leaves stale
        events behind."""
        table = event.table
        if not table.has_focus:
            return
        rows = next(r for t, r in self._tables() if t is table)
        if table.row_count == len(rows) and 0 <= table.cursor_row < len(rows):
            self.go_to(rows[table.cursor_row])

    def _find(self, wanted: Callable[[Row], bool], step: int, *, start: int | None = None) -> int | None:
        """The next overview row (wrapping around) from the cursor in direction ``step`` that is wanted."""
        if not self.rows or self.alignment is None:
            return None
        here = next((p for p, i in enumerate(self.rows) if i >= self.at), 0)
        first = here + step if start is None else start
        for k in range(len(self.rows)):
            index = self.rows[(first + step * k) % len(self.rows)]
            if wanted(self.alignment.rows[index]):
                return index
        return None

    # --- actions -----------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def _jump_to_change(self, step: int) -> None:
        version = self.version
        found = self._find(lambda row: changed_in(row, version), step) if version else None
        if found is None:
            self.notify("No changes in this version", markup=False)
        else:
            self.go_to(found)

    def action_next_change(self) -> None:
        self._jump_to_change(+1)

    def action_previous_change(self) -> None:
        self._jump_to_change(-1)

    def action_next_claim(self) -> None:
        found = self._find(lambda row: any(c.claims for c in row.cells.values()), +1)
        if found is None or self.alignment is None:
            self.notify("No claim changes in this story", markup=False)
            return
        cells = self.alignment.rows[found].cells
        if self.version not in cells or not cells[self.version].claims:
            self._select_version(next(v for v in self.alignment.versions if v in cells and cells[v].claims))
        self.go_to(found)

    def _select_version(self, version: str) -> None:
        if self.alignment is None or version == self.version:
            return
        self.version = version
        table = self.query_one(VersionsTable)
        table.move_cursor(row=self.alignment.versions.index(version), animate=False)
        self._refresh_diff(overview=False)

    def _step_version(self, step: int) -> None:
        if self.alignment is None or not self.alignment.versions:
            return
        versions = self.alignment.versions
        here = versions.index(self.version) if self.version in versions else -step
        self._select_version(versions[(here + step) % len(versions)])

    def action_next_version(self) -> None:
        self._step_version(+1)

    def action_previous_version(self) -> None:
        self._step_version(-1)

    @on(LineTable.Highlighted, "#versions")
    @on(LineTable.Selected, "#versions")
    def _version_clicked(self, event: LineTable.Highlighted | LineTable.Selected) -> None:
        self._select_version(event.key)

    def action_make_base(self) -> None:
        if self.version is None:
            return
        source = self.alignments.articles[self.version].source or self.version
        self.notify(f"Re-aligning against {printable(source)}", markup=False)
        self._align(self.version)

    def action_toggle_changed(self) -> None:
        self.changed_only = not self.changed_only
        self._refresh_diff()

    def action_export(self) -> None:
        if self.alignment is None:
            return
        rebased = self.alignment.base != self.group.base
        path = export_diff(
            self.alignment, self.alignments.articles, self.group.id, Path.cwd(), rebased=rebased
        )
        self.notify(f"Exported {path}", title="Export", markup=False)

    # --- search ------------------------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", FilterInput)
        search.visible = True
        search.focus()

    @staticmethod
    def _matches(query: str) -> Callable[[Row], bool]:
        needle = query.lower()

        def wanted(row: Row) -> bool:
            texts = [row.base.text if row.base else "", *(c.text for c in row.cells.values())]
            return any(needle in printable(t).lower() for t in texts)

        return wanted

    @on(FilterInput.Changed, "#search")
    def _search_changed(self, event: FilterInput.Changed) -> None:
        if event.value.strip():
            here = next((p for p, i in enumerate(self.rows) if i >= self.at), 0)
            found = self._find(self._matches(event.value.strip()), +1, start=here)
            if found is not None:
                self.go_to(found)

    @on(FilterInput.Submitted, "#search")
    def _search_next(self, event: FilterInput.Submitted) -> None:
        if event.value.strip():
            found = self._find(self._matches(event.value.strip()), +1)
            if found is None:
                self.notify("No match", markup=False)
            else:
                self.go_to(found)

    @on(FilterInput.Done, "#search")
    def _search_done(self) -> None:
        self.query_one("#search").visible = False
        self.query_one(OverviewTable).focus()
