"""Time the TUI: first useful screen on ``seeds/`` and on 10,000 articles (warm cache), and key latency.

Run by hand: ``python bench/bench_tui.py [--stories 2000] [--presses 100]``. Targets (issue 6): the groups
list on screen within 1 s on ``seeds/`` and 3 s on 10,000 articles with a warm signature cache; a key press
answered within 50 ms (median). The same keys on a bare Textual app (a 7-column ``DataTable`` and a second
screen) are timed too, as the floor this machine sets.

"First useful screen" is measured in process, from building the app to the first frame with the groups
listed (the scan runs in the app's worker, as ``dedupe tui`` does); the cost of importing the library in a
fresh process is printed apart, as it is paid once per launch and is not the UI's. A key press is timed from
posting it to the frame that shows its effect (``_answer``: ``Pilot.press`` itself sleeps 40 ms). The articles
are generated: ``--stories`` stories of 12 sentences, each in 5 versions (the original, an exact copy, a
copy with a changed figure, a trimmed copy, and an update with two sentences added and one reworded).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import BindingType  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable, Footer, Static  # noqa: E402

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


async def first_screen(paths: list[str], options: ScanOptions) -> tuple[float, float, ScanResult]:
    """Seconds to the first frame, seconds to the groups listed, and the scan result."""
    started = time.perf_counter()
    app = DedupeApp(paths=paths, options=options)
    painted = listed = 0.0
    async with app.run_test(size=SIZE) as pilot:
        table = app.groups_screen.query_one(GroupTable)
        painted = time.perf_counter() - started
        while app.groups_screen.result is None:
            await asyncio.sleep(0.005)
        await pilot._wait_for_screen()  # the list is built; lay it out and draw it
        app.screen._on_timer_update()
        listed = time.perf_counter() - started
        assert table.row_count
        app.workers.cancel_all()
    assert app.result is not None
    return painted, listed, app.result


async def listed_from_result(result: ScanResult) -> None:
    """The UI's own share of start-up: from an app given a finished scan to the first frame with the list."""
    app = DedupeApp(result)
    async with app.run_test(size=SIZE) as pilot:
        await pilot._wait_for_screen()
        app.screen._on_timer_update()
        assert app.groups_screen.query_one(GroupTable).row_count
        app.workers.cancel_all()


async def _answer(app: DedupeApp, pilot: Pilot[None], key: str) -> float:
    """Milliseconds from a key event to the frame that shows its effect.

    ``Pilot.press`` sleeps at least 2 x 20 ms per key to detect idleness, so the key is posted the way the
    driver posts it, the screen's queues are drained (three rounds: the key, the messages its action posts,
    and theirs), and the frame is laid out and rendered as the screen's refresh timer would.
    """
    started = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(3):
        await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return (time.perf_counter() - started) * 1000


async def key_latency(result: ScanResult, presses: int) -> dict[str, float]:
    """Median milliseconds per key, on the groups screen and on the group screen of the largest group."""
    app = DedupeApp(result)
    timings: dict[str, list[float]] = {}

    async def press(name: str, *keys: str) -> None:
        for key in keys:
            timings.setdefault(name, []).append(await _answer(app, pilot, key))
            await app.workers.wait_for_complete()

    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # claim counts done: time the keys, not the counting
        await pilot.pause()
        await press("groups: j (next row)", *["j"] * presses)
        await press("groups: k (previous row)", *["k"] * presses)
        for _ in range(5):
            await press("groups: / then a letter (filters the list)", "slash", "k")
            await press("groups: escape (clears the filter: all rows again)", "escape")
        await press("groups: s (sort by size, again: reversed)", *["s"] * 10)
        for _ in range(10):
            await press("groups: enter (open a group, align it)", "enter")
            await press("group: escape (back to the list)", "escape")
        await press("groups: enter (open a group, align it)", "enter")
        await press("group: j (next sentence)", *["j"] * presses)
        await press("group: n (next change)", *["n"] * presses)
        await press("group: c (next claim change)", *["c"] * 20)
        await press("group: tab (next version)", *["tab"] * 20)
        await press("group: f (changed only)", *["f"] * 20)
    return {name: statistics.median(values) for name, values in timings.items()}


class _Plain(App[None]):
    """Textual's floor on this machine: a bare 7-column DataTable, and a second screen to switch to."""

    BINDINGS: ClassVar[list[BindingType]] = [("o", "push_screen('other')"), ("escape", "pop_screen")]
    SCREENS: ClassVar[dict[str, Callable[[], Screen[None]]]] = {"other": lambda: _Other()}

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


async def baseline_latency(rows: int, presses: int) -> dict[str, float]:
    app = _Plain(rows)
    timings: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(presses):
            timings.setdefault("down", []).append(await _answer(app, pilot, "down"))
        for _ in range(10):
            timings.setdefault("switch screen and back", []).append(
                await _answer(app, pilot, "o") + await _answer(app, pilot, "escape")
            )
    return {name: statistics.median(values) for name, values in timings.items()}


def import_seconds() -> float:
    """Seconds a fresh interpreter takes to import the library's scan and the app."""
    code = (
        "import time; t = time.perf_counter(); import dedupe.pipeline, tui.app; print(time.perf_counter()-t)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def seconds_since(started: float) -> str:
    return f"{time.perf_counter() - started:.2f} s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stories", type=int, default=2000, help="stories generated (5 articles each)")
    parser.add_argument("--presses", type=int, default=100, help="presses per navigation key")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        options = ScanOptions(cache_dir=Path(tmp) / "cache", jobs=0)
        seeds = [str(REPO / "seeds")]
        scan(seeds, options)  # warm the signature cache
        painted, listed, result = asyncio.run(first_screen(seeds, options))
        rows.append((f"seeds/: first frame ({len(result.articles)} articles)", f"{painted:.2f} s", ""))
        rows.append(("seeds/: groups listed, warm cache", f"{listed:.2f} s", "<= 1 s"))

        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n = write_corpus(corpus, args.stories)
        started = time.perf_counter()
        scan([str(corpus)], options)
        rows.append((f"{n} articles: scan, cold cache (library alone)", seconds_since(started), ""))
        started = time.perf_counter()
        scan([str(corpus)], options)
        rows.append((f"{n} articles: scan, warm cache (library alone)", seconds_since(started), ""))
        painted, listed, result = asyncio.run(first_screen([str(corpus)], options))
        rows.append((f"{n} articles: first frame", f"{painted:.2f} s", ""))
        rows.append((f"{n} articles: groups listed, warm cache", f"{listed:.2f} s", "<= 3 s"))
        started = time.perf_counter()
        asyncio.run(listed_from_result(result))
        rows.append(
            (f"{n} articles: groups listed from a scan result (UI alone)", seconds_since(started), "")
        )
        latency = asyncio.run(key_latency(result, args.presses))
        rows += [(f"key, {name}", f"{ms:.1f} ms", "<= 50 ms") for name, ms in latency.items()]
        floor = asyncio.run(baseline_latency(len(result.groups), args.presses))
        rows += [
            (f"Textual floor (bare DataTable app): {name}", f"{ms:.1f} ms", "") for name, ms in floor.items()
        ]
    rows.append(("import dedupe.pipeline + tui.app, fresh process", f"{import_seconds():.2f} s", ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'time':>9}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>9}  {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
