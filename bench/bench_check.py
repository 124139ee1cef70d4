"""``dedupe check`` (the pre-commit hook) of 5 staged files against 20,000 committed articles.

Usage (from the repository root, in the project's virtualenv)::

    python bench/bench_check.py --repeat 5

A temporary git repository gets ``--articles`` committed ``.txt`` articles from Reuters-21578 (the real
stories, then lightly edited re-sends of the first ones until the count is reached; see ``corpus.py``).
Each round stages 5 new files, 2 re-sends of committed stories (which must be caught) and 3 stories held
out of the commit that ``dedupe group`` finds no copy of (which should pass), and times ``python -m dedupe
check --no-cache`` on them as pre-commit would call it, in a fresh process (start-up and imports included):

* first run: no index yet (``.git/dedupe`` removed): it indexes every tracked article, then checks;
* warm run: the index is there; the round's 5 files are new to it (the round before was unstaged);
* warm re-run: the same staged files again (a second ``git commit`` attempt).

``dedupe group --no-cache`` over the same articles (and the 100 held out) is timed once for reference: the
first run should cost about that. The table gives the median and best of ``--repeat`` runs, wall clock and
CPU time (user + system of the run and the git processes it starts: on a machine shared with other work,
the CPU time says what the run costs when the wall clock also says how long it waited); child processes
write bytecode as an installed package has it (``PYTHONDONTWRITEBYTECODE`` is dropped). A run that
reports other files than the staged re-sends has the end of its output printed to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import corpus as corpora

STAGED_COPIES = 2
STAGED_FRESH = 3
"""Each round stages 5 files: re-sends of committed stories, and stories held out of the commit."""
POOL = 100
"""Stories held out of the commit, to stage as fresh ones (those Reuters itself re-sent are skipped)."""


@dataclass(slots=True)
class Row:
    run: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """User + system seconds of the run and its child processes."""
    codes: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Per run: "ok" when the report named exactly the staged re-sends."""

    @property
    def note(self) -> str:
        wrong = [note for note in self.notes if note != "ok"]
        return f"{len(self.notes) - len(wrong)}/{len(self.notes)} ok" + "".join(f"; {w}" for w in wrong)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


def build_repository(work: Path, count: int) -> tuple[Path, Path, list[corpora.Story]]:
    """The repository with ``count`` committed articles (built once, then reused), the folder of stories held
    out of it, and the committed stories in order."""
    stories = corpora.load_stories()
    held_out, committed = stories[:POOL], stories[POOL:]
    documents = [(corpora.doc_id(s.id, 0), s) for s in committed[:count]]
    copy = 1
    while len(documents) < count:
        need = count - len(documents)
        documents += [(corpora.doc_id(s.id, copy), corpora.resend(s, copy, 1987)) for s in committed[:need]]
        copy += 1
    repo, pool = work / f"check-repo-{count}", work / f"check-pool-{count}"
    manifest = repo / ".git" / "bench-manifest.json"
    if manifest.exists() and json.loads(manifest.read_text()) == {"count": count, "pool": POOL}:
        return repo, pool, committed
    shutil.rmtree(repo, ignore_errors=True)
    shutil.rmtree(pool, ignore_errors=True)
    pool.mkdir(parents=True)
    for story in held_out:
        (pool / f"{corpora.doc_id(story.id, 0)}.txt").write_text(
            corpora.txt_document(story), encoding="utf-8"
        )
    for name, story in documents:
        folder = repo / "wire" / name[1:3]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(corpora.txt_document(story), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "bench@example.org")
    git(repo, "config", "user.name", "bench")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{count} articles")
    manifest.write_text(json.dumps({"count": count, "pool": POOL}))
    return repo, pool, committed


def reference_group(repo: Path, pool: Path, jobs: int, row: Row) -> list[Path]:
    """Times ``dedupe group`` over the committed articles and the held-out pool; returns the pool stories it
    grouped with nothing (Reuters re-sent some stories itself: those would rightly be caught)."""
    command = [sys.executable, "-m", "dedupe", "group", "--no-cache", "--format", "json", "--jobs", str(jobs)]
    cpu, start = children_cpu(), time.perf_counter()
    result = subprocess.run(
        [*command, "wire", str(pool)], cwd=repo, capture_output=True, check=False, env=child_env()
    )
    row.times.append(time.perf_counter() - start)
    row.cpu.append(children_cpu() - cpu)
    row.codes.append(result.returncode)
    grouped = {m["path"] for g in json.loads(result.stdout)["groups"] for m in g["members"]}
    return [path for path in sorted(pool.iterdir()) if str(path) not in grouped]


def rounds_of(fresh: list[Path], committed: list[corpora.Story], rounds: int) -> list[list[tuple[str, str]]]:
    """Per round, the 5 (name, text) files to stage: re-sends of committed stories, and fresh stories."""
    staged = []
    for round_ in range(rounds):
        copies = committed[round_ * STAGED_COPIES : (round_ + 1) * STAGED_COPIES]
        files = [
            (f"new/r{round_}-copy-{s.id}.txt", corpora.txt_document(corpora.resend(s, 9, 7))) for s in copies
        ]
        for path in fresh[round_ * STAGED_FRESH : (round_ + 1) * STAGED_FRESH]:
            files.append((f"new/r{round_}-fresh-{path.stem}.txt", path.read_text(encoding="utf-8")))
        staged.append(files)
    return staged


def child_env() -> dict[str, str]:
    """What a user's shell gives: bytecode written (an installed package has it), no colour."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}


def stage(repo: Path, files: Sequence[tuple[str, str]]) -> list[str]:
    for name, text in files:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", *(name for name, _ in files))
    return [name for name, _ in files]


def unstage(repo: Path, names: Sequence[str]) -> None:
    git(repo, "rm", "-q", "--cached", *names)
    for name in names:
        (repo / name).unlink()


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_check(repo: Path, names: Sequence[str], row: Row, jobs: int) -> str:
    command = [sys.executable, "-m", "dedupe", "check", "--no-cache", "--jobs", str(jobs), *names]
    cpu, start = children_cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=child_env(), check=False)
    row.times.append(time.perf_counter() - start)
    row.cpu.append(children_cpu() - cpu)
    row.codes.append(result.returncode)
    return result.stdout + result.stderr


def judged(row: Row, output: str, names: Sequence[str]) -> None:
    """Notes whether the run reported the staged re-sends (and only them); shows the output when not."""
    row.notes.append(caught(output, names))
    if row.notes[-1] != "ok":
        tail = "\n".join(output.rstrip().splitlines()[-15:])
        print(f"{row.run}, exit {row.codes[-1]}: {row.notes[-1]}; output ends:\n{tail}", file=sys.stderr)


def caught(output: str, names: Sequence[str]) -> str:
    """Which staged files the report names as copies: the re-sends, and only them, is right."""
    reported = {name for name in names if f"{name}: duplicates" in output}
    expected = {name for name in names if "-copy-" in name}
    return "ok" if reported == expected else f"reported {sorted(reported)}, expected {sorted(expected)}"


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| run | runs | median s | best s | median CPU s | exit codes | report |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if not row.times:
            continue
        codes = ",".join(str(c) for c in sorted(set(row.codes)))
        cpu = f"{statistics.median(row.cpu):.2f}" if row.cpu else ""
        lines.append(
            f"| {row.run} | {len(row.times)} | {statistics.median(row.times):.2f} | {min(row.times):.2f} | "
            f"{cpu} | {codes} | {row.note if row.notes else ''} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="committed articles")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each kind (median and best)")
    parser.add_argument(
        "--first-runs", type=int, default=None, help="first runs (index built from scratch); default --repeat"
    )
    parser.add_argument("--jobs", type=int, default=0, help="dedupe --jobs (0: one per core)")
    parser.add_argument(
        "--work", type=Path, default=corpora.DEFAULT_WORK, help="where the repository is built"
    )
    args = parser.parse_args(argv)
    repo, pool, committed = build_repository(args.work, args.articles)
    group = Row("reference: dedupe group --no-cache (+ held-out pool)")
    fresh = reference_group(repo, pool, args.jobs, group)
    if len(fresh) < STAGED_FRESH * (args.repeat + 1):
        raise SystemExit(f"only {len(fresh)} held-out stories have no copy: lower --repeat")
    rounds = rounds_of(fresh, committed, args.repeat + 1)
    first, warm, again = (
        Row("first run (builds the index)"),
        Row("warm: 5 new staged files"),
        Row("warm re-run"),
    )
    loads = [os.getloadavg()[0]]
    first_runs = args.repeat if args.first_runs is None else args.first_runs
    if not first_runs and not (repo / ".git" / "dedupe").is_dir():
        first_runs = 1  # the warm runs need an index
    for repeat in range(first_runs):
        shutil.rmtree(repo / ".git" / "dedupe", ignore_errors=True)
        names = stage(repo, rounds[0])
        judged(first, timed_check(repo, names, first, args.jobs), names)
        unstage(repo, names)
        loads.append(os.getloadavg()[0])
        print(f"first run {repeat + 1}: {first.times[-1]:.2f} s", file=sys.stderr, flush=True)
    for round_ in range(1, args.repeat + 1):
        names = stage(repo, rounds[round_])
        judged(warm, timed_check(repo, names, warm, args.jobs), names)
        judged(again, timed_check(repo, names, again, args.jobs), names)
        unstage(repo, names)
        loads.append(os.getloadavg()[0])
        print(
            f"warm round {round_}: {warm.times[-1]:.2f} s ({warm.cpu[-1]:.2f} s CPU), "
            f"again {again.times[-1]:.2f} s ({again.cpu[-1]:.2f} s CPU)",
            file=sys.stderr,
            flush=True,
        )
    index = repo / ".git" / "dedupe" / "index.sqlite3"
    print(
        f"dedupe check: {args.articles:,} committed articles, 5 staged per run ({STAGED_COPIES} re-sends, "
        f"{STAGED_FRESH} fresh); {os.cpu_count()} cores; 1-min load {min(loads):.1f}-{max(loads):.1f} "
        f"(median {statistics.median(loads):.1f}); index {index.stat().st_size / 2**20:.0f} MB"
    )
    print(table([first, warm, again, group]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
