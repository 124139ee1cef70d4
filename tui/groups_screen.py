"""The first screen: every story found, with its versions, sources, relation mix and claim changes.

The scan result may arrive later (the app scans in a worker and calls ``show_progress`` then
``show_result``); claim counts need an alignment per group, so a worker computes them after the list is up
and the column fills in as they come.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from dedupe.model import Group
from dedupe.text import printable
from tui.alignments import Alignments
from tui.filter_input import FilterInput
from tui.footer import KeyFooter
from tui.group_screen import GroupScreen
from tui.groups_table import GroupTable
from tui.screen import QuietFocusScreen
from tui.summary import GroupSummary, claim_count

if TYPE_CHECKING:
    from dedupe.pipeline import ScanResult

SortKey = Callable[[GroupSummary], tuple[object, ...]]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SORT_LABELS = {"size": "size", "claims": "claim changes", "time": "time"}
STAGE_LABELS = {"read": "Reading", "sign": "Hashing", "group": "Grouping"}
BATCH_SECONDS = 0.5
"""How often the claim counter hands its results to the screen (each hand-over redraws the list)."""
KEEP_OPENED = 16
"""Alignments the claim counter keeps for the group screen: those of the first groups listed."""


class GroupsScreen(QuietFocusScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # On the screen, not the list: the footer then shows the same keys while the editor types a filter,
        # and is not rebuilt on every trip to the filter box (``enter`` there submits the filter).
        Binding("enter", "open", "Open", id="groups.open", tooltip="Open the highlighted group"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="groups.filter",
            tooltip="Filter by headline, source or id",
        ),
        Binding(
            "s",
            "sort('size')",
            "Size",
            id="groups.sort-size",
            tooltip="Sort by number of versions (again: reverse)",
        ),
        Binding(
            "c",
            "sort('claims')",
            "Claims",
            id="groups.sort-claims",
            tooltip="Sort by claim changes (again: reverse)",
        ),
        Binding(
            "d",
            "sort('time')",
            "Time",
            id="groups.sort-time",
            tooltip="Sort by time published (again: reverse)",
        ),
        Binding(
            "a",
            "toggle_singletons",
            "Singletons",
            id="groups.singletons",
            tooltip="Show or hide stories with one version",
        ),
    ]

    def __init__(self, result: ScanResult | None = None, *, singletons: bool = False) -> None:
        super().__init__()
        self.result: ScanResult | None = None
        self.alignments = Alignments(())
        self.groups: dict[str, Group] = {}
        self.summaries: list[GroupSummary] = []
        self.claims: dict[str, int] = {}
        self.sort_by = "size"
        self.reverse = False
        self.singletons = singletons
        self._pending = result
        self._group_screen: GroupScreen | None = None
        self._order: dict[str, int] = {}
        self._multi: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress"):
            yield Label("Starting…", id="progress-label")
            yield ProgressBar(show_eta=False, id="progress-bar")
        yield FilterInput(
            placeholder="/ filter by headline, source or id (enter: to the list, escape: clear)", id="filter"
        )
        yield GroupTable(id="groups")
        yield Static(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(GroupTable).focus()
        if self._pending is not None:
            self.show_result(self._pending)

    # --- data arriving ---------------------------------------------------------------------------------

    def show_progress(self, stage: str, done: int, total: int | None) -> None:
        label = STAGE_LABELS.get(stage, stage.capitalize())
        count = f"{done}/{total}" if total else f"{done}"
        self.query_one("#progress-label", Label).update(f"{label} {count}")
        self.query_one("#progress-bar", ProgressBar).update(total=total, progress=done)

    def show_result(self, result: ScanResult) -> None:
        self.result = result
        self.alignments = Alignments(result.articles)
        self.groups = {g.id: g for g in result.groups}
        self.summaries = [GroupSummary(g, self.alignments.articles) for g in result.groups]
        self.claims = {s.id: 0 for s in self.summaries if s.size == 1}
        self._order = {s.id: i for i, s in enumerate(self.summaries)}
        self._multi = {s.id for s in self.summaries if s.size > 1}
        self.query_one("#progress").display = False
        self.refresh_rows()
        # After the first frame: the counter competes for the interpreter with the first paint.
        uncounted = [self.groups[s.id] for s in self.visible() if s.id not in self.claims]
        self.call_after_refresh(self._count_claims, uncounted)

    # --- the list ------------------------------------------------------------------------------------------

    def visible(self) -> list[GroupSummary]:
        """The summaries the filter, the singleton toggle and the sort order leave, in display order."""
        words = self.query_one(FilterInput).value.lower().split()
        shown = self.summaries if self.singletons else [s for s in self.summaries if s.size > 1]
        if words:
            shown = [s for s in shown if all(w in s.haystack for w in words)]
        return sorted(shown, key=self._sort_key())

    def _sort_key(self) -> SortKey:
        """Biggest, most changed, newest first (reversed: last); groups not counted or not dated go last
        either way."""
        order = self._order
        sign = 1 if self.reverse else -1
        claims = self.claims
        if self.sort_by == "claims":
            return lambda s: (s.id not in claims, sign * claims.get(s.id, 0), -s.size, order[s.id])
        if self.sort_by == "time":
            return lambda s: (s.published is None, sign * (s.published or EPOCH).timestamp(), order[s.id])
        return lambda s: (sign * s.size, order[s.id])

    def refresh_rows(self) -> None:
        self.query_one(GroupTable).show(self.visible(), self.claims)
        self.update_status()

    def update_status(self) -> None:
        if self.result is None:
            return
        shown = self.query_one(GroupTable).row_count
        multi = self._multi
        parts = [f"{shown} of {len(self.summaries)} stories", f"{len(self.result.articles)} articles"]
        if not self.singletons:
            parts.append(f"{len(self.summaries) - len(multi)} singletons hidden (a)")
        arrow = "↑" if self.reverse else "↓"
        parts.append(f"sorted by {SORT_LABELS[self.sort_by]} {arrow}")
        counted = len(multi) + len(self.claims) - len(self.summaries)  # singletons are counted from the start
        if counted < len(multi):
            parts.append(f"counting claim changes {counted}/{len(multi)}")
        if self.result.errors:
            parts.append(f"{len(self.result.errors)} inputs unreadable")
        # One line, full width: its size never changes, so no layout of the screen (Static.update would).
        self.query_one("#status", Static).update(Text(" · ".join(parts)), layout=False)

    # --- claim counts ----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="claims", exit_on_error=False)
    def _count_claims(self, groups: list[Group]) -> None:
        worker = get_current_worker()
        for summary in self.summaries:  # what the filter searches, ready before the editor types
            _ = summary.haystack
        batch: dict[str, int] = {}
        last = monotonic()
        for index, group in enumerate(groups):
            if worker.is_cancelled:
                return
            # The top of the list is what the editor opens first: keep those alignments for the group screen.
            batch[group.id] = claim_count(self.alignments.get(group, keep=index < KEEP_OPENED))
            if monotonic() - last >= BATCH_SECONDS:
                self.app.call_from_thread(self._claims_counted, batch)
                batch, last = {}, monotonic()
        if batch:
            self.app.call_from_thread(self._claims_counted, batch)

    def _claims_counted(self, counts: Mapping[str, int]) -> None:
        self.claims.update(counts)
        self.query_one(GroupTable).update_claims(counts)
        self.update_status()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "claims" and event.state == WorkerState.ERROR:
            reason = printable(str(event.worker.error))
            self.notify(f"Counting claim changes stopped: {reason}", severity="error", markup=False)

    # --- actions -------------------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(FilterInput).focus()

    @on(FilterInput.Changed)
    def _filter_changed(self) -> None:
        """The list follows every letter: filtering and sorting thousands of summaries takes milliseconds."""
        self.refresh_rows()

    @on(FilterInput.Submitted)
    @on(FilterInput.Done)
    def _filter_done(self) -> None:
        self.query_one(GroupTable).focus()

    def action_sort(self, key: str) -> None:
        self.reverse = not self.reverse if key == self.sort_by else False
        self.sort_by = key
        self.query_one(GroupTable).reorder(self.visible())
        self.update_status()

    def action_toggle_singletons(self) -> None:
        self.singletons = not self.singletons
        self.refresh_rows()

    def action_open(self) -> None:
        group = self.query_one(GroupTable).current_group()
        if group is not None:
            self._open(group)

    @on(GroupTable.Selected, "#groups")
    def _clicked(self, event: GroupTable.Selected) -> None:
        self._open(event.key)

    def _open(self, group_id: str) -> None:
        group = self.groups[group_id]
        if self._group_screen is None:
            self._group_screen = GroupScreen(self.alignments, group)
            self.app.install_screen(self._group_screen, name="group")  # installed: kept when popped
        else:
            self._group_screen.open(group)
        self.app.push_screen("group")
