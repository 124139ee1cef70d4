"""The Dask engine's scaling curve on this machine: wall time per stage by corpus size and worker count.

Usage (from the repository root, in the project's virtualenv with the ``dask`` extra)::

    python bench/bench_dask.py --sizes 1x,5x --workers 1,2 --repeat 1
    python bench/bench_dask.py --sizes 1x --workers 1,2 --repeat 3 --local 1,2 --check

Corpora are ``bench/corpus.py``'s (Reuters-21578 stories, ``Nx`` = each story N times: 1x = 19,043
articles, 5x = 95,215, 50x = 952,150 as JSON Lines). Each run gets a ``LocalCluster`` of W single-threaded
worker processes, restarted before the run (no evidence kept from an earlier one); cluster start-up is
timed apart. ``--local J`` also times ``pipeline.scan`` with ``--jobs J`` (no cache), and ``--check``
asserts the Dask run's JSON equals the local engine's. Medians of ``--repeat``; the 1-minute load
average is printed with every row, since the machine may be shared. ``docs/scale.md`` reads this table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import corpus as corpora

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STAGES = (
    "read", "boilerplate", "sign", "candidates", "estimates", "near", "term candidates", "term estimates",
    "copy components", "copies", "rewrites", "components", "link",
)  # fmt: skip


class StageClock:
    """Seconds per stage, from its first progress report to its last."""

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        self.first.setdefault(stage, now)
        self.last[stage] = now

    def seconds(self, stage: str) -> float:
        return self.last.get(stage, 0.0) - self.first.get(stage, 0.0)


def run_dask(paths: Sequence[str], workers: int, repeat: int) -> list[dict[str, object]]:
    from distributed import Client, LocalCluster

    from dedupe.engines import dask as engine
    from dedupe.pipeline import ScanOptions

    options = ScanOptions(jobs=workers, cache_dir=None)
    runs = []
    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        startup = time.perf_counter() - start
        for _ in range(repeat):
            client.restart()
            clock, stats = StageClock(), {}
            began = time.perf_counter()
            result = engine.scan(paths, options, clock, client=client, stats=stats)
            wall = time.perf_counter() - began
            runs.append(
                {
                    "wall": wall,
                    "startup": startup,
                    "stages": {stage: clock.seconds(stage) for stage in STAGES},
                    "stats": stats,
                    "groups": sum(len(g.members) > 1 for g in result.groups),
                    "load": os.getloadavg()[0],
                    "result": result,
                }
            )
    return runs


def run_local(paths: Sequence[str], jobs: int, repeat: int) -> list[dict[str, object]]:
    from dedupe.pipeline import ScanOptions, scan

    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = scan(paths, ScanOptions(jobs=jobs, cache_dir=None))
        runs.append(
            {
                "wall": time.perf_counter() - began,
                "groups": sum(len(g.members) > 1 for g in result.groups),
                "load": os.getloadavg()[0],
                "result": result,
            }
        )
    return runs


def _json(result: object) -> str:
    from dedupe import report

    return report.dumps(report.groups_json(result))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1x,5x", help="corpora: Nx = each story N times (1x,5x,50x)")
    parser.add_argument("--workers", default="1,2", help="Dask worker processes per run, comma-separated")
    parser.add_argument("--local", default="", help="also time the local engine with these --jobs values")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="assert the Dask JSON equals the local engine's")
    parser.add_argument("--work", type=Path, default=corpora.DEFAULT_WORK, help="where corpora are built")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}; repeat {args.repeat}", flush=True)
    header = (
        "| corpus | docs | engine | wall s (median) | docs/s | docs/s per core | start-up s | "
        + " | ".join(f"{s} s" for s in STAGES)
        + " | candidates | plausible | largest component | 1-min load |"
    )
    rows = [header, "|" + "---|" * (header.count("|") - 1)]
    for size in args.sizes.split(","):
        corpus = corpora.build(size, args.work)
        paths = [str(corpus.path)]
        reference: str | None = None
        for jobs in [int(j) for j in args.local.split(",") if j]:
            runs = run_local(paths, jobs, args.repeat)
            wall = statistics.median(r["wall"] for r in runs)
            reference = reference or _json(runs[0]["result"])
            blanks = " | ".join("" for _ in STAGES)
            rows.append(
                f"| {size} | {corpus.docs:,} | local -j{jobs} | {wall:.1f} | {corpus.docs / wall:,.0f} | "
                f"{corpus.docs / wall / jobs:,.0f} | - | {blanks} | | | | {runs[-1]['load']:.1f} |"
            )
            print(rows[-1], flush=True)
        for workers in [int(w) for w in args.workers.split(",")]:
            runs = run_dask(paths, workers, args.repeat)
            wall = statistics.median(r["wall"] for r in runs)
            stages = " | ".join(f"{statistics.median(r['stages'][s] for r in runs):.1f}" for s in STAGES)
            stats = runs[-1]["stats"]
            label = f"dask {workers} worker{'s' if workers > 1 else ''}"
            rate = corpus.docs / wall
            sizes = f"{stats['candidates']:,} | {stats['plausible']:,} | {stats['largest_component']:,}"
            rows.append(
                f"| {size} | {corpus.docs:,} | {label} | {wall:.1f} | {rate:,.0f} | {rate / workers:,.0f} | "
                f"{runs[-1]['startup']:.1f} | {stages} | {sizes} | {runs[-1]['load']:.1f} |"
            )
            print(rows[-1], flush=True)
            print(f"{size} {label}: {stats}", flush=True)  # every size the engine reported
            if args.check:
                reference = reference or _json(run_local(paths, 2, 1)[0]["result"])
                same = all(_json(r["result"]) == reference for r in runs)
                print(f"{size} dask {workers}: JSON identical to the local engine's: {same}", flush=True)
                if not same:
                    return 1
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
