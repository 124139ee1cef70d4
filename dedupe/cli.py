"""The ``dedupe`` command: a thin face over ``dedupe.pipeline``. Data goes to stdout, messages to stderr."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from dedupe import __version__
from dedupe.cache import default_cache_dir
from dedupe.config import load_config
from dedupe.errors import ConfigError, DedupeError, SourceError
from dedupe.grouping import GroupingParams
from dedupe.model import Article
from dedupe.pipeline import ScanOptions, ScanResult, scan
from dedupe.signature import SignatureParams
from dedupe.sources import ReadOptions, iter_articles
from dedupe.text import printable

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

EXIT_CODES = """exit codes:
  0    done, every input read
  1    duplicates found (check, index query)
  2    usage error, bad configuration, or an input that could not be read
       (the output is still complete for every other input)
  130  interrupted"""


COLOR_CHOICES = ("auto", "always", "never")


class Progress:
    """A one-line progress display on stderr, only when stderr is a terminal; cleared when done."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and done != total):
            return
        self._last = now
        label = {"read": "reading", "sign": "hashing", "group": "grouping"}.get(stage, stage)
        if total:
            filled = int(30 * done / total)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
        else:
            bar = f"{done}"
        self.stream.write(f"\r\x1b[K{label} {bar}")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dedupe",
        description="Group near-duplicate news articles across sources and show what each version changed.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    group = commands.add_parser(
        "group",
        help="find which articles are versions of the same story",
        description="Read articles (files, folders, '-' for stdin) and group the copies of each story: "
        "exact, near, contained (trimmed or extended) and rewrite.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_arguments(group)
    group.add_argument("--format", choices=("text", "json", "jsonl"), default="text", help="output format")
    group.add_argument("--diff", action="store_true", help="add each group's aligned diff to the JSON output")
    group.add_argument("--color", choices=COLOR_CHOICES, default="auto", help="colour text output")
    group.set_defaults(handler=run_group)

    diff = commands.add_parser(
        "diff",
        help="line up versions of one story and show what each added, removed or reworded",
        description="Align the given versions sentence by sentence against the base (the first article, "
        "or --base) and flag changed claims: numbers, quotes, attributions, names, negation.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("paths", nargs="+", metavar="PATH", help="versions of one story; '-' reads stdin")
    diff.add_argument("--base", metavar="PATH", help="the version to compare against (default: the first)")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    diff.add_argument("--cosmetic", action="store_true", help="also show whitespace, case and typo changes")
    diff.add_argument("--max-bytes", type=_positive, help="largest input file read (default 50 MB)")
    diff.add_argument("--color", choices=COLOR_CHOICES, default="auto", help="colour text output")
    diff.set_defaults(handler=run_diff)

    tui = commands.add_parser(
        "tui",
        help="browse groups and read the aligned diff in a terminal UI",
        description="Open the editors' terminal UI: groups, versions and the aligned diff of each story.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_arguments(tui)
    tui.set_defaults(handler=run_tui)
    return parser


def add_scan_arguments(command: argparse.ArgumentParser) -> None:
    """The inputs and settings every scanning command shares."""
    command.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders; '-' reads stdin")
    command.add_argument(
        "--threshold", type=_fraction, help="minimum 5-shingle Jaccard for a near copy (0.7)"
    )
    command.add_argument("--containment", type=_fraction, help="minimum containment for a trimmed copy (0.7)")
    command.add_argument(
        "--rewrite", type=_fraction, help="minimum matched narrative share for a rewrite (0.5)"
    )
    command.add_argument("--singletons", action="store_true", help="also list articles that have no copy")
    command.add_argument(
        "--jobs", "-j", type=_positive, help="worker processes; 0 = one per core (default 0)"
    )
    command.add_argument("--no-cache", action="store_true", help="compute every signature afresh")
    command.add_argument("--cache-dir", type=Path, help=f"signature cache (default {default_cache_dir()})")
    command.add_argument("--max-bytes", type=_positive, help="largest input file read (default 50 MB)")
    command.add_argument(
        "--config", type=Path, help="config file (default: nearest .dedupe.toml/pyproject.toml)"
    )


def options_from(args: argparse.Namespace) -> ScanOptions:
    """Scan options from defaults, then the config file, then flags (each overriding the one before)."""
    settings: dict[str, Any] = dict(load_config(args.config).values)
    flags = {
        "near": args.threshold,
        "containment": args.containment,
        "rewrite": args.rewrite,
        "jobs": args.jobs,
        "cache_dir": args.cache_dir,
        "max_bytes": args.max_bytes,
    }
    settings.update({key: value for key, value in flags.items() if value is not None})
    grouping_keys = ("near", "containment", "rewrite", "sentence_match", "shingle_lsh", "term_lsh")
    signature_keys = ("num_perm", "shingle_size")
    try:
        grouping = GroupingParams(**{k: settings[k] for k in grouping_keys if k in settings})
        signature = SignatureParams(**{k: settings[k] for k in signature_keys if k in settings})
    except ValueError as error:
        raise ConfigError(str(error)) from None
    read = ReadOptions(max_bytes=settings["max_bytes"]) if "max_bytes" in settings else ReadOptions()
    cache_dir = None if args.no_cache else Path(settings.get("cache_dir") or default_cache_dir())
    return ScanOptions(
        signature=signature,
        grouping=grouping,
        read=read,
        jobs=settings.get("jobs", 0),
        cache_dir=cache_dir,
        singletons=args.singletons,
    )


def use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return "NO_COLOR" not in os.environ and stream.isatty()


def report_problems(result: ScanResult) -> None:
    for warning in result.warnings:
        print(f"dedupe: warning: {printable(warning)}", file=sys.stderr)
    for error in result.errors:
        print(f"dedupe: error: {printable(error.path)}: {printable(error.reason)}", file=sys.stderr)


def run_group(args: argparse.Namespace) -> int:
    from dedupe import report

    options = options_from(args)
    progress = Progress(sys.stderr)
    try:
        result = scan(args.paths, options, progress)
    finally:
        progress.clear()
    if args.diff and args.format == "text":
        raise ConfigError("--diff adds alignments to JSON output: use it with --format json or jsonl")
    if args.format == "json":
        sys.stdout.write(report.dumps(report.groups_json(result, diff=args.diff)))
    elif args.format == "jsonl":
        sys.stdout.write(report.groups_jsonl(result, diff=args.diff))
    else:
        sys.stdout.write(report.groups_text(result, color=use_color(args.color, sys.stdout)))
    sys.stdout.flush()
    report_problems(result)
    return EXIT_ERROR if result.errors else EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from dedupe.aligner import align
    from dedupe.diffreport import diff_to_json, render_diff_text
    from dedupe.pipeline import unique_ids
    from dedupe.report import dumps

    read = ReadOptions(max_bytes=args.max_bytes) if args.max_bytes is not None else ReadOptions()
    paths = [args.base, *(p for p in args.paths if p != args.base)] if args.base else list(args.paths)
    articles: list[Article] = []
    errors: list[SourceError] = []
    for item in iter_articles(paths, read):
        (errors if isinstance(item, SourceError) else articles).append(item)
    for error in errors:
        print(f"dedupe: error: {printable(error.path)}: {printable(error.reason)}", file=sys.stderr)
    if not articles:
        print("dedupe: error: no readable article to compare", file=sys.stderr)
        return EXIT_ERROR
    first = articles[0]
    articles = unique_ids(articles)
    base = next(a for a in articles if a.path == first.path and a.text == first.text)
    ordered = [base, *(a for a in articles if a is not base)]
    alignment = align(ordered, base=base.id)
    if args.format == "json":
        sys.stdout.write(dumps(diff_to_json(alignment, ordered)))
    else:
        color = use_color(args.color, sys.stdout)
        sys.stdout.write(render_diff_text(alignment, ordered, color=color, show_cosmetic=args.cosmetic))
    return EXIT_ERROR if errors else EXIT_OK


def run_tui(args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(args.paths, options_from(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: returns the exit code (so tests and the pre-commit hook can call it directly)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("dedupe: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except DedupeError as error:
        print(f"dedupe: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`dedupe group ... | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
