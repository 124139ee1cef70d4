"""Time the TUI: first useful screen on ``seeds/`` and on 10,000 articles (warm cache), and key latency.

Run by hand: ``python bench/bench_tui.py [--stories 2000] [--presses 100] [--repeat 3] [--calls]``.
Targets (issue 6): the groups list on screen within 1 s on ``seeds/`` and 3 s on 10,000 articles with a
warm cache; a key press answered within 50 ms (median). The same kinds of key on a bare Textual app (a
7-column ``DataTable``, a second screen, a translucent modal screen like the help, a theme toggle) are timed
too, as the floor this machine sets. Every figure is the median of its runs
(start-up: ``--repeat`` runs; keys: every press), with the fastest and slowest run beside it: on a shared
machine the spread says how far to trust the median. ``--calls`` adds the Python function calls per press
(cProfile, in a pass of its own): a count the machine's load does not change, to compare two versions by.

"Warm cache" means what an editor gets the second time they open the same folder: the library has scanned the
corpus once with the options the app scans with (``singletons=True``: the app scans them always and hides
them on screen) into the same cache folder, so every cache answers, the whole scan's result cache too. (A scan
with other options, such as the library's default ``singletons=False``, is cached under another key: warming
with those left the app's first run to group the corpus anew.) The caches are keyed by a hash of the
library's code too: a row says so when that code changed during the warm runs (on a shared working tree).

"First useful screen" is measured in process, from building the app to the first frame with the groups
listed (the scan runs in the app's worker, as ``dedupe tui`` does). It is split in two: the library's
``scan`` (read, sign, group: timed around the call the app's worker makes), and the UI's own share (the
rest: painting the first frame, starting the worker, building and drawing the list). The cost of
importing the library in a fresh process is printed apart, as it is paid once per launch and is not the UI's.
A key press is timed from posting it to the frame that shows its effect (``_answer``: ``Pilot.press`` itself
sleeps 40 ms). The articles are generated: ``--stories`` stories of 12 sentences, each in 5 versions (the
original, an exact copy, a copy with a changed figure, a trimmed copy, and an update with two sentences added
and one reworded).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import BindingType  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import ModalScreen, Screen  # noqa: E402
from textual.widgets import DataTable, Footer, Static  # noqa: E402

from dedupe.cache import code_fingerprint  # noqa: E402
from dedupe.pipeline import ScanOptions, ScanResult, scan  # noqa: E402
from tui.app import DedupeApp  # noqa: E402
from tui.groups_table import GroupTable  # noqa: E402

SIZE = (120, 36)
VERSIONS = ("original", "exact", "figure", "trimmed", "update")
SOURCES = ("Meridian News Agency", "Atlas Press", "Tri-State Daily", "Ohio Valley Herald", "Bluegrass Ledger")


def _sentence(rng: random.Random, vocabulary: Sequence[str]) -> str:
    words = rng.choices(vocabulary, k=rng.randint(12, 22))
    words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 900)))
    return " ".join(words).capitalize() + "."


def write_corpus(folder: Path, stories: int, seed: int = 7) -> int:
    """``stories`` x 5 versions as JSON Lines, 500 articles a file; returns the number of articles."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mer", "tan", "vi", "do", "sen", "ra", "pol", "ith", "un", "gar", "bel", "os"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(6000)})
    start = datetime(2026, 3, 1, tzinfo=UTC)
    records = []
    for story in range(stories):
        sentences = [_sentence(rng, vocabulary) for _ in range(12)]
        title = " ".join(rng.choices(vocabulary, k=7)).capitalize()
        published = start + timedelta(minutes=7 * story)
        for n, kind in enumerate(VERSIONS):
            text = list(sentences)
            if kind == "figure":
                text[1] = text[1].replace(next(w for w in text[1].split() if w.isdigit()), "999", 1)
            elif kind == "trimmed":
                text = text[:8]
            elif kind == "update":
                text[3] = text[3].replace(" ", " indeed ", 1)
                text += [_sentence(rng, vocabulary), _sentence(rng, vocabulary)]
            records.append(
                {
                    "id": f"s{story:05d}-{kind}",
                    "title": title,
                    "text": "\n\n".join(text),
                    "source": SOURCES[n],
                    "published": (published + timedelta(minutes=30 * n)).isoformat(),
                }
            )
    for part in range(0, len(records), 500):
        lines = "".join(json.dumps(r) + "\n" for r in records[part : part + 500])
        (folder / f"wire-{part // 500:03d}.jsonl").write_text(lines, encoding="utf-8")
    return len(records)


async def first_screen(
    paths: list[str], options: ScanOptions
) -> tuple[float, float, float, float, ScanResult]:
    """Seconds to the first frame, to the groups listed, spent in the library's ``scan`` (in the app's worker
    thread), and of CPU in the UI's thread till the groups were listed; and the scan result."""
    import dedupe.pipeline

    scanned: list[float] = []
    real_scan = dedupe.pipeline.scan

    def timed_scan(*args: object, **kwargs: object) -> ScanResult:
        began = time.perf_counter()
        try:
            return real_scan(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            scanned.append(time.perf_counter() - began)

    dedupe.pipeline.scan = timed_scan  # the app's worker imports it from there when it starts
    try:
        started, cpu = time.perf_counter(), time.thread_time()
        app = DedupeApp(paths=paths, options=options)
        painted = listed = 0.0
        async with app.run_test(size=SIZE) as pilot:
            table = app.groups_screen.query_one(GroupTable)
            painted = time.perf_counter() - started
            while app.groups_screen.result is None:
                await asyncio.sleep(0.005)
            await pilot._wait_for_screen()  # the list is built; lay it out and draw it
            app.screen._on_timer_update()
            listed, cpu = time.perf_counter() - started, time.thread_time() - cpu
            assert table.row_count
            app.workers.cancel_all()
    finally:
        dedupe.pipeline.scan = real_scan
    assert app.result is not None
    return painted, listed, scanned[0], cpu, app.result


async def listed_from_result(result: ScanResult) -> tuple[float, float]:
    """The UI's own share of start-up: from an app given a finished scan to the first frame with the list
    (seconds of wall clock, and of CPU in the UI's thread)."""
    started, cpu = time.perf_counter(), time.thread_time()
    app = DedupeApp(result)
    async with app.run_test(size=SIZE) as pilot:
        await pilot._wait_for_screen()
        app.screen._on_timer_update()
        assert app.groups_screen.query_one(GroupTable).row_count
        listed, cpu = time.perf_counter() - started, time.thread_time() - cpu
        app.workers.cancel_all()
    return listed, cpu


Timings = dict[str, list[tuple[float, float, int]]]
"""Per measure, per press: milliseconds of wall clock, of UI-thread CPU, and Python function calls (or 0)."""


async def _answer(
    app: App[None], pilot: Pilot[None], key: str, *, profile: bool = False
) -> tuple[float, float, int]:
    """Milliseconds from a key event to the frame that shows its effect: wall clock, and CPU of the UI thread;
    and with ``profile``, the number of Python function calls made meanwhile (cProfile; 0 without).

    ``Pilot.press`` sleeps at least 2 x 20 ms per key to detect idleness, so the key is posted the way the
    driver posts it, the screen's queues are drained (three rounds: the key, the messages its action posts,
    and theirs), and the frame is laid out and rendered as the screen's refresh timer would. The CPU time is
    the event loop's thread's own (``time.thread_time``): on a shared machine the wall clock also counts the
    time other processes held the cores, the CPU time only the UI's work. The number of calls does not
    depend on the machine's load (though a notification still on screen, or gone, can change it), but
    profiling slows the press: calls are counted in a pass of their own.
    """
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.thread_time()
    if profiler is not None:
        profiler.enable()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(3):
        await pilot._wait_for_screen()
    app.screen._on_timer_update()
    if profiler is not None:
        profiler.disable()
    wall, cpu = (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000
    calls = pstats.Stats(profiler).total_calls if profiler is not None else 0  # type: ignore[attr-defined]
    return wall, cpu, calls


async def key_latency(result: ScanResult, presses: int, *, profile: bool = False) -> Timings:
    """Milliseconds per press of each key, on the groups screen and on the group screen of the first group."""
    app = DedupeApp(result)
    timings: Timings = {}

    async def press(name: str, *keys: str, wait: bool = True) -> None:
        for key in keys:
            timings.setdefault(name, []).append(await _answer(app, pilot, key, profile=profile))
            if wait:
                await app.workers.wait_for_complete()

    async with app.run_test(size=SIZE) as pilot:
        await pilot._wait_for_screen()
        # The claim counter aligns every group in a thread: the list must stay quick while it runs.
        await press("groups: j while claim changes are counted", *["j"] * 20, wait=False)
        await press("groups: k while claim changes are counted", *["k"] * 20, wait=False)
        await app.workers.wait_for_complete()  # claim counts done: time the keys, not the counting
        await pilot.pause()
        await press("groups: j (next row)", *["j"] * presses)
        await press("groups: k (previous row)", *["k"] * presses)
        await press("groups: pagedown", *["pagedown"] * 20)
        await press("groups: pageup", *["pageup"] * 20)
        for _ in range(5):
            await press("groups: / (focus the filter box)", "slash")
            await press("groups: a letter in the filter box (filters the list)", "k")
            await press("groups: escape (clears the filter: all rows again)", "escape")
        for key in ("s", "c", "d"):
            await press(f"groups: {key} (sort; again: reversed)", *[key] * 10)
        await press("groups: a (singletons shown or hidden)", *["a"] * 10)
        for _ in range(10):
            await press("groups: enter (open the group, align it)", "enter")
            await press("group: escape (back to the list)", "escape")
        await press("groups: enter (open the group, align it)", "enter")
        await press("group: j (next sentence)", *["j"] * presses)
        await press("group: k (previous sentence)", *["k"] * presses)
        await press("group: n (next change)", *["n"] * presses)
        await press("group: p (previous change)", *["p"] * presses)
        await press("group: c (next claim change)", *["c"] * 20)
        await press("group: tab (next version)", *["tab"] * 20)
        await press("group: f (changed only, or all)", *["f"] * 20)
        for _ in range(5):
            await press("group: / (search box)", "slash")
            await press("group: a letter in the search box (jumps to a match)", "e")
            await press("group: escape (closes the search box)", "escape")
        for _ in range(5):
            await press("group: ? (help)", "question_mark")
            await press("help: escape (back)", "escape")
        await press("group: t (dark/light theme)", *["t"] * 6)
        # Re-aligns in a worker; the press is timed to the frame after the first drain rounds, which with a
        # kept alignment (the second b and on: the two bases alternate) shows the re-aligned diff.
        await press("group: b (make the version the base)", *["b"] * 6)
    return timings


class _Plain(App[None]):
    """Textual's floor on this machine: a bare 7-column DataTable, a second screen to switch to, a translucent
    modal screen over it (as the help is), and the theme toggle."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("o", "push_screen('other')"),
        ("question_mark", "push_screen('modal')"),
        ("escape", "pop_screen"),
        ("t", "toggle_dark"),
    ]
    SCREENS: ClassVar[dict[str, Callable[[], Screen[None]]]] = {
        "other": lambda: _Other(),
        "modal": lambda: _Modal(),
    }

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*"abcdefg")
        table.add_rows([[f"cell {r}.{c} with some words" for c in range(7)] for r in range(self.rows)])


class _Other(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("another screen " * 200)
        yield Footer()


class _Modal(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.pop_screen")]  # a modal screen sees no app keys
    DEFAULT_CSS = """
    _Modal { align: center middle; background: $background 60%; }
    _Modal Static { width: 100; height: 30; border: round $accent; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        yield Static("a modal screen " * 150)


async def baseline_latency(rows: int, presses: int, *, profile: bool = False) -> Timings:
    app = _Plain(rows)
    timings: Timings = {}
    async with app.run_test(size=SIZE) as pilot:

        async def answer(key: str) -> tuple[float, float, int]:
            return await _answer(app, pilot, key, profile=profile)

        await pilot.pause()
        for _ in range(presses):
            timings.setdefault("down", []).append(await answer("down"))
        for _ in range(10):
            there, back = await answer("o"), await answer("escape")
            both = (there[0] + back[0], there[1] + back[1], there[2] + back[2])
            timings.setdefault("switch screen and back", []).append(both)
        for _ in range(5):
            timings.setdefault("translucent modal screen (as ?)", []).append(await answer("question_mark"))
            timings.setdefault("its escape (back)", []).append(await answer("escape"))
        for _ in range(6):
            timings.setdefault("t (dark/light theme)", []).append(await answer("t"))
        await answer("o")
        for _ in range(6):
            timings.setdefault("t on the second screen (the table under it)", []).append(await answer("t"))
    return timings


def import_seconds() -> float:
    """Seconds a fresh interpreter takes to import the library's scan and the app."""
    code = (
        "import time; t = time.perf_counter(); import dedupe.pipeline, tui.app; print(time.perf_counter()-t)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


Row = tuple[str, str, str, str, str, str]
"""(measure, median, fastest–slowest, median CPU time of the UI thread, median Python calls, target)"""


def row(
    name: str,
    values: Sequence[float],
    unit: str,
    target: str = "",
    cpu: Sequence[float] = (),
    calls: Sequence[int] = (),
) -> Row:
    """One line of the table: the median of ``values`` and their spread, in seconds (``s``) or ``ms``."""
    digits = 2 if unit == "s" else 1
    median = f"{statistics.median(values):.{digits}f} {unit}"
    spread = f"{min(values):.{digits}f}–{max(values):.{digits}f}" if len(values) > 1 else ""
    cpu_median = f"{statistics.median(cpu):.{digits}f} {unit}" if cpu else ""
    calls_median = f"{statistics.median(calls) / 1000:.1f}k" if calls else ""
    return name, median, spread, cpu_median, calls_median, target


def key_rows(prefix: str, timings: Timings, target: str = "", counted: Timings | None = None) -> list[Row]:
    """Rows of key presses; ``counted``: a profiled pass over the same keys, for the calls column."""
    return [
        row(
            f"{prefix}{name}",
            [t[0] for t in values],
            "ms",
            target,
            [t[1] for t in values],
            [t[2] for t in (counted or {}).get(name, [])],
        )
        for name, values in timings.items()
    ]


def start_rows(
    corpus: str, runs: Sequence[tuple[float, float, float, float, ScanResult]], target: str
) -> list[Row]:
    return [
        row(f"{corpus}: first frame (progress bar)", [r[0] for r in runs], "s"),
        row(f"{corpus}: groups listed, warm cache", [r[1] for r in runs], "s", target, [r[3] for r in runs]),
        row("  of which the library's scan (worker thread)", [r[2] for r in runs], "s"),
        row("  of which the UI (the rest)", [r[1] - r[2] for r in runs], "s"),
    ]


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stories", type=int, default=2000, help="stories generated (5 articles each)")
    parser.add_argument("--presses", type=int, default=100, help="presses per navigation key")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each start-up measure")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="also count Python function calls per press (cProfile, in a pass of its own: 10 presses a key)",
    )
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        options = ScanOptions(cache_dir=Path(tmp) / "cache", jobs=0)
        scanned = replace(options, singletons=True)  # what the app's worker scans with
        seeds = [str(REPO / "seeds")]
        scan(seeds, scanned)  # warm the caches
        runs = [asyncio.run(first_screen(seeds, options)) for _ in range(args.repeat)]
        rows += start_rows(f"seeds/ ({len(runs[0][4].articles)} articles)", runs, "<= 1 s")

        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n = write_corpus(corpus, args.stories)
        code = code_fingerprint()
        cold = [timed(lambda: scan([str(corpus)], scanned))]
        rows.append(row(f"{n} articles: scan, cold cache (library alone)", cold, "s"))
        warm = [timed(lambda: scan([str(corpus)], scanned)) for _ in range(args.repeat)]
        rows.append(row(f"{n} articles: scan, warm cache (library alone)", warm, "s"))
        runs = [asyncio.run(first_screen([str(corpus)], options)) for _ in range(args.repeat)]
        rows += start_rows(f"{n} articles", runs, "<= 3 s")
        if code_fingerprint() != code:
            rows.append(
                ("  NOT WARM: the library's code changed during these runs (its caches missed)", *[""] * 5)
            )
        result = runs[-1][4]
        alone = [asyncio.run(listed_from_result(result)) for _ in range(args.repeat)]
        rows.append(
            row(
                f"{n} articles: groups listed from a scan result (UI alone)",
                [a[0] for a in alone],
                "s",
                cpu=[a[1] for a in alone],
            )
        )
        latency = asyncio.run(key_latency(result, args.presses))
        floor = asyncio.run(baseline_latency(len(result.groups), args.presses))
        counted = counted_floor = None
        if args.calls:
            presses = min(args.presses, 10)
            counted = asyncio.run(key_latency(result, presses, profile=True))
            counted_floor = asyncio.run(baseline_latency(len(result.groups), presses, profile=True))
        rows += key_rows("key, ", latency, "<= 50 ms", counted)
        rows += key_rows("Textual floor (bare DataTable app): ", floor, "", counted_floor)
    rows.append(row("import dedupe.pipeline + tui.app, fresh process", [import_seconds()], "s"))
    header = ("measure", "median", "spread", "UI CPU", "calls" if args.calls else "", "target")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for name, median, spread, cpu, calls, target in [header, *rows]:
        print(
            f"{name:<{widths[0]}}  {median:>{widths[1]}}  {spread:>{widths[2]}}  {cpu:>{widths[3]}}"
            f"  {calls:>{widths[4]}}  {target}".rstrip()
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
