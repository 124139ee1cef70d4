"""The Dask engine (``dedupe group --engine dask``): the local engine's results, byte for byte, from a
cluster of two worker processes; a worker killed mid-run costs nothing; dask loads only when chosen.

The corpus is built at test time from Reuters-21578 beside the repository (real stories plus lightly
edited re-sends of some, as ``bench/corpus.py`` builds its benchmark corpora); skipped where it is absent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the Dask engine's extra is not installed: pip install '.[dask]'")

from distributed import Client, LocalCluster, get_task_stream

from dedupe import report
from dedupe.cli import main
from dedupe.engines import dask as engine
from dedupe.pipeline import ScanOptions, scan

REPO = Path(__file__).resolve().parent.parent
STORIES, RESENT = 2000, 1200
"""Articles in the corpus: the first STORIES stories with a body, plus a re-send of the first RESENT."""


def _bench_corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = REPO.parent / "shared" / "data" / "reuters21578"
    if not (data / "reuters21578_parsed.json.gz").is_file():
        pytest.skip(f"Reuters-21578 not found at {data} (it sits beside the repository in CI)")
    builder = _bench_corpus()
    stories = builder.load_stories(data)[:STORIES]
    root = tmp_path_factory.mktemp("reuters")
    for copy, chosen in ((0, stories), (1, stories[:RESENT])):
        folder = root / f"c{copy}"
        folder.mkdir()
        for story in chosen:
            name = builder.doc_id(story.id, copy)
            (folder / f"{name}.txt").write_text(builder.txt_document(builder.resend(story, copy, 1987)))
    return root


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def _json(result) -> str:
    return report.dumps(report.groups_json(result))


@pytest.fixture(scope="module")
def local_runs(corpus: Path) -> dict[bool, tuple[int, str]]:
    """The local engine's result on the corpus (articles read, JSON), without and with singletons."""
    runs = {}
    for singletons in (False, True):
        result = scan([str(corpus)], ScanOptions(jobs=2, singletons=singletons))
        assert sum(len(g.members) > 1 for g in result.groups) > 500  # planted copies, and Reuters' own
        runs[singletons] = (len(result.articles), _json(result))
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("singletons", [False, True], ids=["groups", "singletons"])
def test_dask_engine_gives_the_local_engines_json(
    corpus: Path, client: Client, local_runs: dict[bool, tuple[int, str]], singletons: bool
) -> None:
    """Thousands of articles, small partitions (so every shuffle crosses workers): the same JSON."""
    options = ScanOptions(jobs=2, singletons=singletons)
    articles, local = local_runs[singletons]
    assert articles == STORIES + RESENT
    stages: list[str] = []
    on_cluster = engine.scan(
        [str(corpus)],
        options,
        lambda stage, done, total: stages.append(stage),
        client=client,
        partition_rows=256,
    )
    assert _json(on_cluster) == local
    assert {"read", "sign", "candidates", "estimates", "components", "link"} <= set(stages)


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    corpus: Path, local_runs: dict[bool, tuple[int, str]]
) -> None:
    """SIGKILL one of two workers while signatures are computed (some done and held, some running): the
    nanny restarts it, the scheduler recomputes what it held and reruns what it was running, and the
    result is the local engine's."""
    options = ScanOptions(jobs=2)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as connected,
    ):
        before = connected.run(os.getpid)
        victim = sorted(before.values())[0]
        killed: list[int] = []

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage == "sign" and done == 2 and not killed:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        on_cluster = engine.scan([str(corpus)], options, progress, client=connected, partition_rows=256)
        assert killed
        after = connected.run(os.getpid)
    assert victim not in after.values()  # the worker really died (and its nanny started another)
    assert _json(on_cluster) == local_runs[False][1]
    members = [m.id for g in on_cluster.groups for m in g.members]
    assert len(members) == len(set(members))


def test_cli_engine_dask_on_the_samples(capsys: pytest.CaptureFixture[str]) -> None:
    """The command with a local cluster started for the run: the local engine's JSON; progress on stderr."""
    args = ["group", str(REPO / "seeds"), "--format", "json", "--no-cache", "--jobs", "2"]
    assert main(args) in (0, 2)
    local = capsys.readouterr().out
    assert main([*args, "--engine", "dask"]) in (0, 2)
    captured = capsys.readouterr()
    assert json.loads(captured.out) == json.loads(local)
    assert captured.out == local
    assert "dedupe: dask: sign" in captured.err


def test_cli_uses_the_cluster_at_scheduler(client: Client, capsys: pytest.CaptureFixture[str]) -> None:
    """--scheduler tcp://...: the run uses that cluster (its workers see the tasks) and gives the same JSON."""
    args = ["group", str(REPO / "seeds"), "--format", "json", "--no-cache", "--jobs", "1"]
    assert main(args) in (0, 2)
    local = capsys.readouterr().out
    with get_task_stream(client) as stream:
        assert main([*args, "--engine", "dask", "--scheduler", client.scheduler.address]) in (0, 2)
    assert capsys.readouterr().out == local
    assert any(str(task["key"]).startswith("_sign_partition") for task in stream.data)


def test_scheduler_without_the_dask_engine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["group", str(REPO / "seeds"), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "SCHEDULER_TIMEOUT", "1s")
    args = ["group", str(REPO / "seeds"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    assert main(args) == 2
    assert "scheduler" in capsys.readouterr().err


def test_dask_loads_only_when_the_engine_is_chosen() -> None:
    code = (
        "import sys\nfrom dedupe.cli import main\nimport dedupe.engines.dask\n"
        f"main(['group', {str(REPO / 'seeds')!r}, '--no-cache', '--jobs', '1'])\n"
        "print(','.join(sorted(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    modules = {m.split(".")[0] for m in done.stderr.strip().splitlines()[-1].split(",")}
    assert not modules & {"dask", "distributed"}
