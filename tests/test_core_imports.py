"""Import boundaries, each checked in a fresh interpreter: the core never loads a UI package; the index
stores are storage only; and the commands a pre-commit hook or a terminal starts load nothing slow."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "dedupe"
CORE = sorted(
    ".".join(("dedupe", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
    if path.stem != "__main__"
)
STORE_BACKENDS = ("dedupe.store", "dedupe.store.sqlitestore", "dedupe.store.redisstore")
"""Storage only: band keys, signatures and metadata in, candidates out (DESIGN: the index may import
signature and model); reading, signing and verifying live in ``indexing`` and ``lookup``."""
SEEDS = PACKAGE.parent / "seeds"


def loaded(code: str, *, cwd: Path | None = None) -> set[str]:
    """The modules (full names) loaded after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(','.join(sorted(sys.modules)), file=sys.stderr)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.strip().splitlines()[-1].split(","))


def test_every_module_is_probed():
    assert {"dedupe.cli", "dedupe.hook", "dedupe.store", "dedupe.store.sqlitestore"} <= set(CORE)
    assert {"dedupe.store.redisstore", "dedupe.store.lookup", "dedupe.sources.formats"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_ui(module):
    modules = loaded(f"import {module}")
    bad = sorted(m for m in modules if m.split(".")[0] in ("textual", "rich", "tui"))
    assert bad == [], f"{module} loaded {bad}"


@pytest.mark.parametrize("module", [m for m in CORE if m not in ("dedupe.cli", "dedupe.hook")])
def test_the_core_does_not_import_its_faces(module):
    assert not {"dedupe.cli", "dedupe.hook"} & loaded(f"import {module}")


@pytest.mark.parametrize("module", STORE_BACKENDS)
def test_index_stores_are_storage_only(module):
    above = {"dedupe.pipeline", "dedupe.grouping", "dedupe.sources", "dedupe.store.indexing"}
    modules = loaded(f"import {module}")
    assert not above & modules, sorted(above & modules)
    assert "redis" not in modules  # the redis package is optional: loaded only for a redis:// store


def test_starting_the_cli_loads_neither_scipy_nor_datasketch():
    """Both cost most of a second to import; `dedupe` in a pre-commit hook or a TUI should start fast."""
    modules = {m.split(".")[0] for m in loaded("import dedupe.cli")}
    assert not modules & {"scipy", "datasketch", "redis"}


def test_a_warm_dedupe_check_loads_nothing_slow(tmp_path):
    """The hook's warm path (index there, a rewrite verified, the report written) without scipy,
    datasketch or redis: each costs a good part of the one second a commit may wait."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    identity = ["-c", "user.name=Desk", "-c", "user.email=desk@example.org"]

    def git(*args: str) -> None:
        subprocess.run(["git", *identity, *args], cwd=tmp_path, check=True, capture_output=True, env=env)

    git("init", "-q")
    (tmp_path / "original.xml").write_bytes((SEEDS / "meridian-kentucky-floods.xml").read_bytes())
    git("add", "-A")
    git("commit", "-q", "-m", "archive")
    (tmp_path / "rewrite.txt").write_bytes((SEEDS / "cumberland-observer-floods.txt").read_bytes())
    git("add", "rewrite.txt")
    run = "from dedupe.cli import main\nassert main(['check', '--no-cache', 'rewrite.txt']) == 1"
    loaded(run, cwd=tmp_path)  # the first run builds the index (choosing its banding with datasketch)
    modules = {m.split(".")[0] for m in loaded(run, cwd=tmp_path)}
    assert not modules & {"scipy", "datasketch", "redis"}, sorted(modules & {"scipy", "datasketch", "redis"})
