"""The Dask engine (``dedupe group --engine dask``): the local engine's results, byte for byte, from a
cluster of two worker processes; a worker killed mid-run costs nothing; dask loads only when chosen.

The corpus is built at test time from Reuters-21578 beside the repository (real stories plus lightly
edited re-sends of some, as ``bench/corpus.py`` builds its benchmark corpora); skipped where it is absent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
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
    stats: dict[str, int] = {}
    on_cluster = engine.scan(
        [str(corpus)],
        options,
        lambda stage, done, total: stages.append(stage),
        client=client,
        partition_rows=256,
        stats=stats,
    )
    assert _json(on_cluster) == local
    stages_run = {
        "read", "sign", "candidates", "estimates", "near", "term candidates", "term estimates",
        "copy components", "copies", "rewrites", "link",
    }  # fmt: skip
    assert stages_run <= set(stages)
    # rewrites were tried and found across partitions, and the groups linked were cut at the rewrite
    # candidates that did not verify: the components linked are smaller than the candidates' components
    assert stats["rewrites"] > 0 and stats["representatives"] > stats["rewrites"]
    assert stats["largest_component"] < stats["largest_candidate_component"]


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["sign", "rewrites"])
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    corpus: Path, local_runs: dict[bool, tuple[int, str]], kill_at: str
) -> None:
    """SIGKILL one of two workers while signatures are computed, or rewrites verified (some tasks done and
    held, some running): the nanny restarts it, the scheduler recomputes what it held and reruns what it
    was running, and the result is the local engine's."""
    options = ScanOptions(jobs=2)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as connected,
    ):
        before = connected.run(os.getpid)
        victim = sorted(before.values())[0]
        killed: list[int] = []

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage == kill_at and done == 2 and not killed:
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


# -- reading on the workers: URLs, ids, boilerplate --------------------------------------------------------


def _local_json(paths: list[str], **options) -> str:
    return _json(scan(paths, ScanOptions(jobs=1, **options)))


def _local_copy_for(url: str, cwd: Path) -> Path:
    """Where the local engine, run in ``cwd``, opens ``url`` when given it as a path: ``memory://x/a.txt``
    is the relative path ``memory:/x/a.txt`` to it. A copy of the files there lets the local engine read
    the very same names (and so give the same path-derived ids) as the URLs the workers read."""
    return cwd / url.replace("://", ":/", 1).lstrip("/")


def test_articles_at_urls_are_read_by_the_workers(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """memory:// files that exist only in the workers' processes (the client's memory file system is
    empty), named one by one: the workers read and parse them, and the JSON is the local engine's."""
    fsspec = pytest.importorskip("fsspec")
    seeds = sorted(p for p in (REPO / "seeds").iterdir() if p.is_file())
    contents = {f"memory://workers-only/{p.name}": p.read_bytes() for p in seeds}

    def plant(files: dict[str, bytes]) -> None:
        import fsspec

        for url, data in files.items():
            fsspec.filesystem("memory").pipe(url, data)

    client.run(plant, contents)
    try:
        assert not fsspec.filesystem("memory").exists("/workers-only")  # not in the client's process
        on_cluster = engine.scan(list(contents), ScanOptions(jobs=2), client=client, partition_rows=3)
    finally:
        client.run(lambda: fsspec.filesystem("memory").rm("/workers-only", recursive=True))
    monkeypatch.chdir(tmp_path)
    for url, data in contents.items():
        _local_copy_for(url, tmp_path).parent.mkdir(parents=True, exist_ok=True)
        _local_copy_for(url, tmp_path).write_bytes(data)
    assert _json(on_cluster) == _local_json(list(contents))
    assert {a.path for a in on_cluster.articles} >= {url for url in contents if url.endswith(".txt")}


def test_a_folder_url_is_walked_like_a_folder(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file:// URL of a folder (subfolders walked; hidden names and unknown extensions skipped): the
    local engine's JSON on a copy of the folder at the same name."""
    pytest.importorskip("fsspec")
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "seeds", folder / "sub")
    (folder / "sub" / ".hidden.txt").write_text("A hidden file is not an article.\n")
    (folder / "notes.bin").write_bytes(b"\x00\x01")
    url = f"file://{folder}"
    shutil.copytree(folder, _local_copy_for(url, tmp_path))
    monkeypatch.chdir(tmp_path)
    on_cluster = engine.scan([url], ScanOptions(jobs=2), client=client, partition_rows=4)
    assert _json(on_cluster) == _local_json([url])
    assert len(on_cluster.articles) >= len(list(REPO.glob("seeds/*")))
    assert all(a.path.startswith(f"{url}/sub/") for a in on_cluster.articles)
    assert not any(".hidden" in a.path or "notes.bin" in a.path for a in on_cluster.articles)


def test_ids_made_unique_across_partitions_as_the_local_engine_does(client: Client, tmp_path: Path) -> None:
    """Versions sharing an id (and an id that collides with a made-up ``id@path``) spread over many read
    partitions, with a furniture line learnt from the whole corpus: the local engine's ids and JSON."""
    footer = "Subscribe to the Morning Wire newsletter for updates in your inbox every day."
    story = (
        "Floodwaters rose across the valley on Tuesday, forcing hundreds of families from their homes.\n"
        "The river crested at 31 feet, officials said, the highest level since 1997.\n"
        "Emergency crews used boats to reach people stranded on rooftops in the lower districts.\n"
    )
    for number in range(12):
        ident = "story-1" if number % 3 else f"story-1@{tmp_path / f'a{number - 1:02}.md'}"
        body = story.replace("Tuesday", ("Tuesday", "Wednesday", "Monday")[number % 3])
        (tmp_path / f"a{number:02}.md").write_text(f"---\nid: {ident}\n---\n{body}{footer}\n")
    for number in range(6):
        other = f"Council approved budget number {number} after a long debate about roads and schools.\n"
        (tmp_path / f"b{number:02}.txt").write_text(f"{other * 3}{footer}\n")
    local = _local_json([str(tmp_path)], singletons=True)
    on_cluster = engine.scan(
        [str(tmp_path)], ScanOptions(jobs=2, singletons=True), client=client, partition_rows=2
    )
    assert _json(on_cluster) == local
    assert any("@" in a.id for a in on_cluster.articles)


def test_boilerplate_counted_per_partition_and_summed_is_strip_boilerplate() -> None:
    """The engine's boilerplate: line counts per read partition, summed by key on reducers, each
    partition stripped with the sums: what ``strip_boilerplate`` gives on the whole corpus."""
    from dedupe.boilerplate import strip_boilerplate
    from dedupe.model import Article

    furniture = ["Advertisement", "Sign up for our newsletter to get updates in your email.", "© 2024 Wire"]
    texts = []
    for number in range(60):
        body = [f"Story {number % 17} line {k} about the harbour and the ferries." for k in range(number % 5)]
        texts.append("\n".join([*body, *furniture[: number % 4]]) or "Advertisement")
    texts += ["Only furniture here.\n" * 3, "", "Repeated line.\nRepeated line.\nOther line."]
    articles = [Article(id=f"a{i}", text=t or " ") for i, t in enumerate(texts)]
    parts = [{"articles": articles[start : start + 7], "errors": []} for start in range(0, len(articles), 7)]
    reducers = 3
    keyed = [engine._line_keys(part) for part in parts]
    counted = [engine._line_counts(keys, reducers) for keys in keyed]
    summed = [engine._sum_counts(*[pieces[r] for pieces in counted]) for r in range(reducers)]
    stripped = [
        text
        for p, part in enumerate(parts)
        for text in engine._strip_partition(part, counted[p], [summed[r][p] for r in range(reducers)])
    ]
    assert stripped == strip_boilerplate([a.text for a in articles])


def test_a_url_without_fsspec_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    assert main(["group", "s3://bucket/archive/", "--engine", "dask", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "fsspec" in err and "Traceback" not in err


def test_a_protocol_without_its_package_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("fsspec")
    assert main(["group", "nosuchprotocol://bucket/x", "--engine", "dask", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "nosuchprotocol://bucket/x: Protocol not known" in err and "Traceback" not in err


# -- components: a tree of star forests, never the edge list on one process --------------------------------


def test_components_from_merged_star_forests_are_the_graphs_components(client: Client) -> None:
    """Random edges in many partitions: the labels equal scipy's components of all the edges at once, and
    no forest handed up the tree has more than one edge per node."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(8)
    count = 3000
    edges = rng.integers(0, count, size=(2500, 2))
    edges = np.sort(edges[edges[:, 0] != edges[:, 1]], axis=1)
    parts = [{"pairs": chunk} for chunk in np.array_split(edges, 40)]
    run = engine._Run(client, ScanOptions(), lambda *a: None, None)
    label = run.components([client.submit(lambda p: p, part) for part in parts], count, "components")
    graph = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(count, count))
    _, expected = connected_components(graph, directed=False)
    first = {}
    for node, component in enumerate(expected.tolist()):
        first.setdefault(component, node)
    assert label.tolist() == [first[c] for c in expected.tolist()]
    for chunk in range(0, len(parts), engine.FOREST_FANIN):
        nodes, roots = engine._star_forest(*parts[chunk : chunk + engine.FOREST_FANIN])
        assert len(nodes) == len(np.unique(nodes)) and np.all(roots <= nodes)
