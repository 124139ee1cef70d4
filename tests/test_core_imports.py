"""The core never loads a UI package: each core module is imported in a fresh interpreter and checked."""

import subprocess
import sys
from pathlib import Path

import pytest

CORE = sorted(
    f"dedupe.{p.stem}" for p in (Path(__file__).parent.parent / "dedupe").glob("*.py") if p.stem != "__main__"
)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_ui(module):
    probe = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui')); "
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} loaded {result.stdout.strip()}"


def test_starting_the_cli_loads_neither_scipy_nor_datasketch():
    """Both cost most of a second to import; `dedupe` in a pre-commit hook or a TUI should start fast."""
    probe = (
        "import sys, dedupe.cli; "
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'datasketch'})))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
