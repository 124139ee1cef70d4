"""Reading and boilerplate stripping (the CPU a run spends before grouping starts), and a digest of both.

Usage (in the project's virtualenv; point ``PYTHONPATH`` at another checkout's tree to measure that one)::

    python bench/bench_read.py /tmp/dedupe-bench/reuters-5x-txt-s1987-v1/docs --per-file --jobs 2 --strip
    python bench/bench_read.py /tmp/dedupe-bench/reuters-50x-jsonl-s1987-v1/docs --digest

* ``--per-file``: CPU per file read and parsed in this process (a sample of ``--sample`` files spread over
  the corpus, ``--repeat`` rounds, the median round); the work each worker does.
* ``--jobs N``: ``iter_articles(..., jobs=N)`` over the whole corpus: wall, CPU of this process (receiving
  the workers' articles) and of the workers.
* ``--strip``: CPU of ``strip_boilerplate`` over every article's text (median of ``--repeat``).
* ``--digest``: SHA-256 of every field of every article and error read (one process, streamed), and with
  ``--strip`` of every stripped text; two trees that print the same digests read the same.

CPU times, not wall alone: the machine may be busy with other work.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import time
from collections.abc import Iterable

from dedupe.boilerplate import strip_boilerplate
from dedupe.errors import SourceError
from dedupe.model import Article
from dedupe.sources import iter_articles


def item_record(item: Article | SourceError) -> bytes:
    """Every field of an article or error, unambiguously (``repr`` keeps types, tzinfo and meta order)."""
    if isinstance(item, SourceError):
        fields: tuple[object, ...] = ("error", item.path, item.reason)
    else:
        meta = dict(item.meta)
        fields = (item.id, item.text, item.title, item.source, item.published, item.path, meta)
    return repr(fields).encode("utf-8", "surrogatepass") + b"\0"


def files_of(root: str) -> list[str]:
    return sorted(
        os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names if "." in name
    )


def per_file_cpu(files: list[str], sample: int, repeat: int) -> float:
    """Median over rounds of CPU seconds per file, reading ``sample`` files spread over ``files``."""
    chosen = files[:: max(1, len(files) // sample)][:sample]
    rounds = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in iter_articles(chosen):
            pass
        rounds.append((time.process_time() - start) / len(chosen))
    return statistics.median(rounds)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_parallel(root: str, jobs: int) -> tuple[list[Article | SourceError], float, float, float]:
    """Everything read with ``jobs`` workers: the items, wall, this process' CPU and the workers' CPU."""
    wall, cpu, workers = time.perf_counter(), time.process_time(), children_cpu()
    items = list(iter_articles([root], jobs=jobs))
    return items, time.perf_counter() - wall, time.process_time() - cpu, children_cpu() - workers


def strip_cpu(texts: list[str], repeat: int) -> tuple[list[str], float]:
    rounds, stripped = [], []
    for _ in range(repeat):
        start = time.process_time()
        stripped = strip_boilerplate(texts)
        rounds.append(time.process_time() - start)
    return stripped, statistics.median(rounds)


def digest(records: Iterable[bytes]) -> tuple[str, int]:
    hasher, count = hashlib.sha256(), 0
    for record in records:
        hasher.update(record)
        count += 1
    return hasher.hexdigest()[:16], count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a folder of articles")
    parser.add_argument("--per-file", action="store_true")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=0, help="time reading the corpus on this many workers")
    parser.add_argument("--strip", action="store_true")
    parser.add_argument("--digest", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import dedupe

    print(f"tree: {os.path.dirname(os.path.dirname(dedupe.__file__))}  corpus: {args.corpus}", flush=True)
    if args.per_file:
        cpu = per_file_cpu(files_of(args.corpus), args.sample, args.repeat)
        print(f"per file, one process: {cpu * 1000:.4f} ms CPU (median of {args.repeat})", flush=True)
    items: list[Article | SourceError] = []
    if args.jobs:
        items, wall, main_cpu, workers = read_parallel(args.corpus, args.jobs)
        print(
            f"iter_articles jobs={args.jobs}: {len(items)} items, {wall:.2f} s wall, "
            f"main {main_cpu:.2f} s CPU, workers {workers:.2f} s CPU",
            flush=True,
        )
    if args.digest:
        found, count = digest(map(item_record, items or iter_articles([args.corpus])))
        print(f"read digest: {found} ({count} items)", flush=True)
    if args.strip:
        texts = [item.text for item in items or iter_articles([args.corpus]) if isinstance(item, Article)]
        del items
        stripped, cpu = strip_cpu(texts, 1 if args.digest else args.repeat)
        print(f"strip_boilerplate: {len(texts)} texts, {cpu:.2f} s CPU", flush=True)
        if args.digest:
            found, count = digest(text.encode("utf-8", "surrogatepass") + b"\0" for text in stripped)
            print(f"strip digest: {found} ({count} texts)", flush=True)


if __name__ == "__main__":
    main()
