"""``dedupe group`` side by side with what a user would otherwise write: datasketch and rensa pipelines.

Usage (from the repository root, in the project's virtualenv; ``pip install rensa`` for the benchmark)::

    python bench/bench_group.py --sizes 1x,5x --repeat 3
    python bench/bench_group.py --sizes 1x --repeat 1 --skip-references --jobs 1,2

Every timed run is its own subprocess, so wall time includes interpreter start-up and imports (what a
user waits for) and peak memory is per pipeline: the summed proportional set size of the process and its
workers (a page the workers share with the parent since the fork counts once) beside the summed RSS (it
counts such a page in every process, so it overstates a forking pipeline). Runs are interleaved (A B C
A B C) so drift on a shared machine hits every pipeline alike; the table gives the best and the median
of ``--repeat`` runs.

* dedupe: ``python -m dedupe group --no-cache --format json --jobs J CORPUS``.
* datasketch: read, lower-case, ``\\w+`` words, 5-word shingles, ``MinHash(num_perm=128).update_batch``,
  a ``MinHashLSH(threshold=0.5)`` insertion session, then one ``query`` per document; one core.
* rensa: the same shingles into ``RMinHash`` and ``RMinHashLSH``; one core.
* dedupe warm: ``--cache-dir`` filled by one run, then the same files again (unchanged), then runs that
  each edit a fresh 1% of the documents.

Groups (connected components of what each pipeline links) are scored against the planted groups (each
story and its re-sends): a sanity check that the pipelines find comparable duplicates, not a quality score.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import corpus as corpora

REPO = Path(__file__).resolve().parents[1]
NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.5
RENSA_BANDS = 32
"""rensa needs bands dividing 128: 32x4 puts the S-curve's midpoint at (1/32)^(1/4) = 0.42, nearest 0.5
(16x8 would be 0.71). datasketch's optimiser picks 25x5 (0.53) for the same threshold."""
SAMPLE_SECONDS = 0.05
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
_WORD = re.compile(r"\w+")


# --- the reference pipelines (run in a child: ``--reference NAME``) -------------------------------------


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Word ``size``-grams of lower-cased text, as a datasketch or rensa user would write them."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def datasketch_pipeline(documents: Iterable[tuple[str, str]]) -> tuple[list[str], list[list[int]]]:
    """Keys and, per document, the indices its LSH query returned (itself included)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    keys: list[str] = []
    signatures: list[MinHash] = []
    with lsh.insertion_session() as session:
        for key, text in documents:
            minhash = MinHash(num_perm=NUM_PERM)
            minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
            session.insert(key, minhash)
            keys.append(key)
            signatures.append(minhash)
    index = {key: i for i, key in enumerate(keys)}
    return keys, [[index[k] for k in lsh.query(m)] for m in signatures]


def rensa_pipeline(documents: Iterable[tuple[str, str]]) -> tuple[list[str], list[list[int]]]:
    """As ``datasketch_pipeline``, with rensa's Rust MinHash and LSH (integer keys, as rensa wants)."""
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=RENSA_BANDS)
    keys: list[str] = []
    signatures: list[RMinHash] = []
    for key, text in documents:
        minhash = RMinHash(num_perm=NUM_PERM, seed=1)
        minhash.update(list(shingles(text)))
        lsh.insert(len(keys), minhash)
        keys.append(key)
        signatures.append(minhash)
    return keys, [list(lsh.query(m)) for m in signatures]


REFERENCES: dict[str, Callable[[Iterable[tuple[str, str]]], tuple[list[str], list[list[int]]]]] = {
    "datasketch": datasketch_pipeline,
    "rensa": rensa_pipeline,
}


def components(neighbours: Sequence[Sequence[int]]) -> list[list[int]]:
    """Connected components of two or more members (union-find with path halving)."""
    parent = list(range(len(neighbours)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, found in enumerate(neighbours):
        for j in found:
            root_i, root_j = find(i), find(j)
            if root_i != root_j:
                parent[max(root_i, root_j)] = min(root_i, root_j)
    members: dict[int, list[int]] = {}
    for i in range(len(neighbours)):
        members.setdefault(find(i), []).append(i)
    return [group for group in members.values() if len(group) > 1]


def run_reference(name: str, input_path: Path, out_path: Path) -> None:
    """One reference pipeline over a corpus; its groups (as ids) go to ``out_path`` like dedupe's JSON."""
    keys, neighbours = REFERENCES[name](corpora.documents(input_path))
    groups = [[keys[i] for i in group] for group in components(neighbours)]
    out_path.write_text(json.dumps({"articles": len(keys), "groups": groups}))


# --- measuring one child process ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    wall: float
    cpu: float
    """User plus system seconds of the process and its waited-for workers: less sensitive to load."""
    rss_mb: float
    """Peak of the whole process tree: sampled sum over parent and workers, never below ``maxrss_mb``."""
    maxrss_mb: float
    """The kernel's ``ru_maxrss``: the peak of the largest single process in the tree."""
    returncode: int
    load: float
    """The 1-minute load average at the end: above the core count, other work shared the machine."""
    fingerprint: str = ""
    """The dedupe sources as they were when the run started."""
    note: str = ""
    pss_mb: float = math.nan
    """Peak of the tree's summed proportional set size: each page shared by forked workers counted once,
    so this is the memory the machine gave the run (``rss_mb`` counts a shared page once per process)."""


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident pages), from ``/proc/*/stat`` (no ``children`` file on this kernel)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        table[int(entry)] = (int(fields[1]), int(fields[21]))
    return table


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_memory(root: int) -> tuple[int, int]:
    """Resident bytes and proportional set size of ``root`` and all its descendants now."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    rss = pss = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        rss += table.get(pid, (0, 0))[1] * PAGE_BYTES
        pss += _pss(pid)
        pending.extend(children.get(pid, ()))
    return rss, pss


def measure(
    command: Sequence[str], stdout: Path, stderr: Path, source: Path, timeout: float | None = None
) -> Run:
    """Wall time and peak memory of one command run to completion (killed with its workers at ``timeout``).

    The child runs in ``stdout``'s folder (no config file above it) with ``source`` (the folder holding
    the ``dedupe`` package to measure) first on its path.
    """
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0", "PYTHONPATH": str(source)}
    code = fingerprint(source)
    cwd = stdout.parent
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        peak = peak_pss = 0
        done = threading.Event()
        timed_out = threading.Event()

        def sample() -> None:
            nonlocal peak, peak_pss
            while not done.wait(SAMPLE_SECONDS):
                rss, pss = _tree_memory(child.pid)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)
                if timeout is not None and time.perf_counter() - start > timeout and not timed_out.is_set():
                    timed_out.set()
                    os.killpg(child.pid, signal.SIGKILL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss * 1024  # kilobytes on Linux
    note = f"killed at the {timeout:.0f} s timeout" if timed_out.is_set() else ""
    if child.returncode != 0 and not note:
        note = stderr.read_text(errors="replace").strip()[-300:]
    load = os.getloadavg()[0]
    cpu = usage.ru_utime + usage.ru_stime
    rss, maxrss_mb, pss = max(peak, maxrss) / 2**20, maxrss / 2**20, max(peak_pss, maxrss) / 2**20
    return Run(wall, cpu, rss, maxrss_mb, child.returncode, load, fingerprint=code, note=note, pss_mb=pss)


# --- scoring groups against the planted ones ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    groups: int
    grouped_docs: int
    recovered: int
    """Planted groups whose every copy landed in one found group."""
    mixed: int
    """Found groups holding more than one story (real Reuters re-sends, or false merges)."""
    largest: int


def score(groups: Iterable[Iterable[str]], corpus: corpora.Corpus) -> Found:
    per_group_story: Counter[tuple[int, int]] = Counter()
    count = grouped = largest = mixed = 0
    for number, group in enumerate(groups):
        stories = [corpora.story_of(identifier) for identifier in group]
        count += 1
        grouped += len(stories)
        largest = max(largest, len(stories))
        mixed += len(set(stories)) > 1
        per_group_story.update((number, s) for s in stories if s is not None)
    recovered = sum(1 for n in per_group_story.values() if n == corpus.copies) if corpus.copies > 1 else 0
    return Found(count, grouped, recovered, mixed, largest)


def dedupe_groups(output: Path) -> Iterator[list[str]]:
    """Member ids of each group of a ``dedupe.groups/1`` document (ids carry the story)."""
    document = json.loads(output.read_text())
    for group in document["groups"]:
        yield [
            member["id"] if corpora.DOC_ID.search(member["id"]) else member["path"]
            for member in group["members"]
        ]


def reference_groups(output: Path) -> Iterator[list[str]]:
    yield from json.loads(output.read_text())["groups"]


# --- the benchmark --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    corpus: str
    docs: int
    pipeline: str
    planted: int
    runs: list[Run] = field(default_factory=list)
    found: Found | None = None

    @property
    def ok(self) -> list[Run]:
        return [r for r in self.runs if r.returncode == 0]

    @property
    def best(self) -> float:
        return min((r.wall for r in self.ok), default=math.nan)

    @property
    def median(self) -> float:
        return statistics.median([r.wall for r in self.ok]) if self.ok else math.nan

    @property
    def cpu(self) -> float:
        return min((r.cpu for r in self.ok), default=math.nan)

    @property
    def rss(self) -> float:
        return max((r.rss_mb for r in self.runs), default=math.nan)

    @property
    def pss(self) -> float:
        return max((r.pss_mb for r in self.runs), default=math.nan)


@dataclass(frozen=True, slots=True)
class Pipeline:
    name: str
    command: Callable[[corpora.Corpus, Path], list[str]]
    """The command line, given the corpus and the file its groups must end up in."""
    groups: Callable[[Path], Iterator[list[str]]]
    output_on_stdout: bool


def dedupe_pipeline(jobs: int, label: str) -> Pipeline:
    def command(corpus: corpora.Corpus, _out: Path) -> list[str]:
        group = ["group", "--no-cache", "--format", "json", "--jobs", str(jobs)]
        return [sys.executable, "-m", "dedupe", *group, str(corpus.path)]

    return Pipeline(label, command, dedupe_groups, output_on_stdout=True)


def reference_pipeline(name: str) -> Pipeline:
    def command(corpus: corpora.Corpus, out: Path) -> list[str]:
        script = str(Path(__file__).resolve())
        return [sys.executable, script, "--reference", name, "--input", str(corpus.path), "--out", str(out)]

    return Pipeline(name, command, reference_groups, output_on_stdout=False)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bench_corpus(
    corpus: corpora.Corpus, pipelines: Sequence[Pipeline], args: argparse.Namespace, scratch: Path
) -> list[Row]:
    """Interleaved runs (A B C A B C) of every pipeline on one corpus; groups scored from the first run."""
    rows = [Row(corpus.name, corpus.docs, p.name, corpus.planted_groups) for p in pipelines]
    for repeat in range(args.repeat):
        for pipeline, row in zip(pipelines, rows, strict=True):
            slug = re.sub(r"\W+", "_", pipeline.name)
            out = scratch / f"{corpus.name}-{slug}.json"
            stdout = out if pipeline.output_on_stdout else out.with_suffix(".stdout")
            run = measure(
                pipeline.command(corpus, out), stdout, out.with_suffix(".stderr"), args.source, args.timeout
            )
            row.runs.append(run)
            log(
                f"{corpus.name} {pipeline.name} run {repeat + 1}: {run.wall:.1f} s, {run.pss_mb:.0f} MB PSS "
                f"({run.rss_mb:.0f} MB RSS), "
                f"load {run.load:.1f}"
            )
            if run.note:
                log(run.note)
            if run.returncode == 0 and row.found is None:
                row.found = score(pipeline.groups(out), corpus)
    return rows


def bench_warm(corpus: corpora.Corpus, jobs: int, args: argparse.Namespace, scratch: Path) -> list[Row]:
    """A cache filled by one run, then re-runs that each meet a fresh ``--changed`` share of edits."""
    work = scratch / f"warm-{corpus.name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy, cache = work / "docs", work / "cache"
    corpora.linked_copy(corpus, copy)
    group = ["group", "--cache-dir", str(cache), "--format", "json", "--jobs", str(jobs), str(copy)]
    command = [sys.executable, "-m", "dedupe", *group]
    out, err = work / "out.json", work / "out.stderr"
    fill = Row(corpus.name, corpus.docs, "dedupe cache fill", corpus.planted_groups)
    warm = Row(corpus.name, corpus.docs, f"dedupe warm ({args.changed:.0%} new)", corpus.planted_groups)
    same = Row(corpus.name, corpus.docs, "dedupe warm (unchanged)", corpus.planted_groups)
    fill.runs.append(measure(command, out, err, args.source, args.timeout))
    log(f"{corpus.name} cache fill: {fill.runs[-1].wall:.1f} s {fill.runs[-1].note}")
    for round_ in range(1, args.warm_repeat + 1):  # the same files again: an editor re-opening the desk
        same.runs.append(measure(command, out, err, args.source, args.timeout))
        log(f"{corpus.name} unchanged re-run {round_}: {same.runs[-1].wall:.1f} s {same.runs[-1].note}")
    for round_ in range(1, args.warm_repeat + 1):
        edited = corpora.perturb(copy, corpus.layout, args.changed, round_)
        run = measure(command, out, err, args.source, args.timeout)
        warm.runs.append(run)
        log(f"{corpus.name} warm run {round_} ({edited} documents edited): {run.wall:.1f} s {run.note}")
        if run.returncode == 0 and warm.found is None:
            warm.found = score(dedupe_groups(out), corpus)
    shutil.rmtree(work, ignore_errors=True)
    return [fill, same, warm]


# --- reporting ------------------------------------------------------------------------------------------


def _ratio(value: float, against: float) -> str:
    return f"{value / against:.2f}x" if value == value and against == against and against > 0 else "-"


COLUMNS = (
    "corpus", "docs", "pipeline", "wall s best", "wall s median", "cpu s", "docs/s", "peak MB (PSS)",
    "peak RSS MB", "vs datasketch", "vs rensa", "groups", "planted recovered",
)  # fmt: skip


def table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table; ratios are best wall time over the reference's best, same corpus."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    best = {(r.corpus, r.pipeline): r.best for r in rows}
    for row in rows:
        found = row.found
        recovered = f"{found.recovered:,}/{row.planted:,}" if found and row.planted else "-"
        cells = [
            row.corpus,
            f"{row.docs:,}",
            row.pipeline + (" (code changed between runs)" if _mixed_code(row) else ""),
            f"{row.best:.2f}" if row.ok else f"failed ({len(row.runs)} runs)",
            f"{row.median:.2f}" if row.ok else "-",
            f"{row.cpu:.1f}" if row.ok else "-",
            f"{row.docs / row.best:,.0f}" if row.ok else "-",
            f"{row.pss:,.0f}",
            f"{row.rss:,.0f}",
            _ratio(row.best, best.get((row.corpus, "datasketch"), math.nan)),
            _ratio(row.best, best.get((row.corpus, "rensa"), math.nan)),
            f"{found.groups:,}" if found else "-",
            recovered,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _mixed_code(row: Row) -> bool:
    """A dedupe row whose runs measured different dedupe sources (the references do not import them)."""
    return row.pipeline.startswith("dedupe") and len({r.fingerprint for r in row.runs}) > 1


def fingerprint(source: Path = REPO) -> str:
    """A short hash of the ``dedupe`` sources measured: the core changes under a benchmark's feet."""
    digest = hashlib.sha256()
    for path in sorted((source / "dedupe").rglob("*.py")):
        digest.update(path.relative_to(source).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def snapshot(scratch: Path) -> Path:
    """A copy of ``dedupe/`` as it is now, so every run measures the same code while others edit it."""
    target = scratch / f"src-{fingerprint(REPO)}"
    if not (target / "dedupe").exists():
        staging = scratch / f".src-staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(REPO / "dedupe", staging / "dedupe", ignore=shutil.ignore_patterns("__pycache__"))
        staging.rename(target)
    return target


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def extrapolate(rows: Sequence[Row], docs: int) -> tuple[float, float] | None:
    """dedupe's expected wall time at ``docs``: linear in documents, and on the measured power law."""
    points = sorted((r.docs, r.best) for r in rows if r.pipeline.startswith("dedupe -j") and r.ok)
    if not points:
        return None
    largest_docs, largest_wall = points[-1]
    linear = largest_wall * docs / largest_docs
    power = linear
    if len(points) >= 2 and points[0][0] != largest_docs:
        exponent = math.log(largest_wall / points[0][1]) / math.log(largest_docs / points[0][0])
        power = largest_wall * (docs / largest_docs) ** exponent
    return linear, power


# --- the command ----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1x,5x", help="corpora: Nx = each story N times (1x,5x,50x)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each pipeline (best and median)")
    parser.add_argument("--jobs", default="0", help="dedupe --jobs values, comma-separated (0: one per core)")
    parser.add_argument("--skip-references", action="store_true", help="time dedupe only")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm-cache runs")
    parser.add_argument("--warm-repeat", type=int, help="warm-cache runs (default: --repeat)")
    parser.add_argument("--changed", type=float, default=0.01, help="share of documents edited per warm run")
    parser.add_argument(
        "--timeout", type=float, help="seconds after which a run is killed and reported failed"
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=10.0,
        help="skip a corpus when dedupe's wall time extrapolated from the smaller ones exceeds this",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="measure the working tree as it is at each run, not a copy of dedupe/ taken at the start",
    )
    parser.add_argument("--work", type=Path, default=corpora.DEFAULT_WORK, help="corpora and scratch files")
    parser.add_argument("--results", type=Path, help="also write the results as JSON here")
    parser.add_argument("--reference", choices=sorted(REFERENCES), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.reference:
        run_reference(args.reference, args.input, args.out)
        return 0
    args.warm_repeat = args.repeat if args.warm_repeat is None else args.warm_repeat
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    jobs = [int(j) for j in str(args.jobs).split(",")]
    pipelines = [dedupe_pipeline(j, f"dedupe -j{j}") for j in jobs]
    if not args.skip_references:
        pipelines += [reference_pipeline("datasketch"), reference_pipeline("rensa")]
    scratch = args.work / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    args.source = REPO if args.live else snapshot(scratch)
    code = fingerprint(args.source)
    rows: list[Row] = []
    notes: list[str] = []
    stories = 19_043  # Reuters-21578 stories with a body; the first corpus built says for sure
    for size in sizes:
        expected_docs = corpora.parse_size(size) * stories
        estimate = extrapolate(rows, expected_docs)
        if estimate and min(estimate) > args.max_minutes * 60:
            notes.append(
                f"skipped {size} (~{expected_docs:,} docs): dedupe extrapolates to "
                f"{estimate[0] / 60:.0f} min (linear) / {estimate[1] / 60:.0f} min (measured growth) "
                f"> --max-minutes {args.max_minutes:g}"
            )
            log(notes[-1])
            continue
        log(f"corpus {size}: building or reusing under {args.work}")
        corpus = corpora.build(size, args.work)
        stories = corpus.stories
        log(f"corpus {size}: {corpus.docs:,} docs ({corpus.layout}) at {corpus.path}")
        rows += bench_corpus(corpus, pipelines, args, scratch)
        if not args.no_warm:
            rows += bench_warm(corpus, jobs[-1], args, scratch)
    measured = "the live working tree" if args.live else str(args.source)
    print(
        f"dedupe sources {code} ({measured}); python {platform.python_version()}; "
        f"datasketch {_version('datasketch')}; rensa {_version('rensa')}; {os.cpu_count()} cores; "
        f"started {started}; repeat {args.repeat}"
    )
    print(table(rows))
    loads = [run.load for row in rows for run in row.runs]
    if loads and max(loads) > (os.cpu_count() or 1):
        print(
            f"machine shared: 1-min load average {min(loads):.1f}-{max(loads):.1f} at the end of runs "
            f"on {os.cpu_count()} cores (median {statistics.median(loads):.1f}); walls include waiting"
        )
    for row in rows:
        if row.pipeline.startswith("dedupe warm"):
            cold = [
                r.best for r in rows if r.corpus == row.corpus and r.pipeline.startswith("dedupe -j") and r.ok
            ]
            if cold and row.ok:
                share = row.best / min(cold)
                print(f"{row.corpus}: {row.pipeline} = {share:.0%} of the cold run (target <= 10%)")
        if row.found and row.found.mixed:
            print(
                f"{row.corpus} {row.pipeline}: {row.found.mixed:,} groups hold more than one story "
                f"(largest group {row.found.largest:,} docs)"
            )
        for run in row.runs:
            if run.returncode != 0:
                print(f"{row.corpus} {row.pipeline}: exit {run.returncode}: {run.note}")
    versions = {run.fingerprint for row in rows if row.pipeline.startswith("dedupe") for run in row.runs}
    versions -= {code}
    if versions:
        print(f"WARNING: the dedupe sources changed during the benchmark ({len(versions) + 1} versions ran)")
    for note in notes:
        print(note)
    if args.results:
        document = {"fingerprint": code, "started": started, "args": vars(args) | {"work": str(args.work)}}
        document["rows"] = [asdict(row) for row in rows]
        args.results.write_text(json.dumps(document, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
