"""``dedupe tui seeds/`` in a real terminal (tmux): keys in, screen text out, exit code back.

A private tmux server (``-L``) keeps the test away from any session the developer has open.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
TIMEOUT = 20.0


class Terminal:
    def __init__(self) -> None:
        self.server = f"dedupe-test-{os.getpid()}"

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            [TMUX or "tmux", "-L", self.server, *args], capture_output=True, text=True, check=check
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "tui", check=False)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        pytest.fail(f"{text!r} never showed; the screen was:\n{self.screen()}")

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "tui", *keys)


def test_dedupe_tui_in_tmux(tmp_path: Path) -> None:
    exit_file = tmp_path / "exit-code"
    # tmux started without a terminal exports COLUMNS=80 and LINES=24 to the pane; Python would believe them.
    python, exit_path = shlex.quote(sys.executable), shlex.quote(str(exit_file))
    command = f"unset COLUMNS LINES; {python} -m dedupe tui seeds/ --no-cache; echo $? > {exit_path}"
    terminal = Terminal()
    terminal.tmux("new-session", "-d", "-s", "tui", "-x", "120", "-y", "36", "-c", str(REPO), command)
    try:
        terminal.tmux("set-option", "-g", "escape-time", "0", check=False)
        screen = terminal.wait_for("Flash floods kill 12 in eastern Kentucky")
        assert "7 singletons hidden" in screen, screen
        terminal.press("Enter")
        screen = terminal.wait_for("#1 · Ohio Valley Herald")
        assert "Base: Meridian News Agency" in screen, screen
        terminal.press("Tab")
        terminal.wait_for("#2 · Bluegrass Ledger")
        terminal.press("Escape")
        terminal.wait_for("singletons hidden")
        terminal.press("q")
        deadline = time.monotonic() + TIMEOUT
        while not exit_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert exit_file.exists(), f"dedupe tui did not exit on q; the screen was:\n{terminal.screen()}"
        assert exit_file.read_text().strip() == "0", terminal.screen()
    finally:
        terminal.tmux("kill-server", check=False)
