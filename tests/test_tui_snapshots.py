"""SVG snapshots of the groups, group and help screens at 120 x 36, built from ``seeds/``.

A small helper of our own instead of pytest-textual-snapshot: its 1.1.0 pins syrupy 4.8.0, which caps pytest
below 9, and the project stays on pytest 9. ``App.export_screenshot()`` gives the SVG; Rich names its CSS
classes and clip paths after a hash of the screen (``terminal-2417356870-r5``), so those ids are normalised
before comparing, and a failing diff shows the cells that changed rather than every line. Run with
``DEDUPE_UPDATE_SNAPSHOTS=1`` to rewrite the stored files (``tests/snapshots/``) and the screenshots in
``docs/`` after an intended change; review the SVGs in a browser before committing them.
"""

from __future__ import annotations

import asyncio
import difflib
import html
import os
import re
from pathlib import Path

import pytest

from dedupe.pipeline import ScanOptions, ScanResult, scan
from tui.app import DedupeApp

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = REPO / "tests" / "snapshots"
DOCS = REPO / "docs"
SIZE = (120, 36)
UPDATE = os.environ.get("DEDUPE_UPDATE_SNAPSHOTS") == "1"
_HASHED_ID = re.compile(r"terminal-\d+")
_CELL_TEXT = re.compile(r">([^<]*)</text>")


def normalise(svg: str) -> str:
    """The SVG with Rich's content-hash ids replaced and line ends trimmed."""
    return "\n".join(line.rstrip() for line in _HASHED_ID.sub("terminal", svg).splitlines())


def assert_snapshot(name: str, svg: str, tmp_path: Path) -> None:
    """Compare with ``tests/snapshots/<name>.svg`` (rewrite it, and ``docs/tui-<name>.svg``, when updating)."""
    stored = SNAPSHOTS / f"{name}.svg"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        stored.write_text(svg, encoding="utf-8")
        (DOCS / f"tui-{name}.svg").write_text(svg, encoding="utf-8")
        return
    if not stored.exists():
        pytest.fail(
            f"no snapshot {stored.relative_to(REPO)}: run with DEDUPE_UPDATE_SNAPSHOTS=1 and review it"
        )
    expected, actual = normalise(stored.read_text(encoding="utf-8")), normalise(svg)
    if expected != actual:
        (tmp_path / f"{name}.svg").write_text(svg, encoding="utf-8")
        changed = [
            line[0] + html.unescape("".join(_CELL_TEXT.findall(line)))[:150]
            for line in difflib.unified_diff(expected.splitlines(), actual.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        ]
        shown = "\n".join(changed[:12])
        pytest.fail(f"{name}: {len(changed)} SVG lines differ; this run's is {tmp_path / name}.svg\n{shown}")


@pytest.fixture(scope="module")
def seeds() -> ScanResult:
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        return scan(["seeds"], ScanOptions(cache_dir=None, jobs=1, singletons=True))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def screenshots(seeds: ScanResult) -> dict[str, str]:
    """The three screens, in one session: groups (singletons shown), the wire update of the flood story
    at its first change (a changed figure, words struck and added, new sentences), and the help over it."""

    async def run() -> dict[str, str]:
        shots: dict[str, str] = {}
        app = DedupeApp(seeds)
        async with app.run_test(size=SIZE) as pilot:

            async def press(*keys: str) -> None:
                for key in keys:
                    await pilot.press(key)
                    await app.workers.wait_for_complete()
                await pilot.pause()

            await press("a")
            shots["groups"] = app.export_screenshot()
            await press("enter", "tab", "tab", "n")
            shots["group"] = app.export_screenshot()
            await press("question_mark")
            shots["help"] = app.export_screenshot()
        return shots

    for name in ("NO_COLOR", "TEXTUAL_THEME"):  # colours as on a fresh terminal
        os.environ.pop(name, None)
    return asyncio.run(run())


@pytest.mark.parametrize("name", ["groups", "group", "help"])
def test_screen(name: str, screenshots: dict[str, str], tmp_path: Path) -> None:
    assert_snapshot(name, screenshots[name], tmp_path)
