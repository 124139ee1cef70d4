"""The ``dedupe`` command: a thin face over ``dedupe.pipeline``. Data goes to stdout, messages to stderr."""

from __future__ import annotations

import sys

try:  # Ctrl-C while Python's modules, numpy and the rest load: one line and exit 130, as later
    import argparse
    import os
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
except KeyboardInterrupt:
    print("dedupe: interrupted", file=sys.stderr)
    eval("None")  # resets CPython's unhandled-interrupt flag: see ``main``
    raise SystemExit(130) from None

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
    group.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where the work runs: this machine's processes (default), or a Dask cluster (the 'dask' extra)",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the cluster's scheduler, e.g. tcp://host:8786 "
        "(default: a local cluster of --jobs workers for this run)",
    )
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

    check = commands.add_parser(
        "check",
        help="the pre-commit hook: stop staged articles that copy the repository's tracked ones",
        description="Check the given (staged) articles against every other tracked article of this git "
        "repository, through an index kept in the git directory. Exit 1 with a report per copy found.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths", nargs="+", metavar="FILE", help="article files (pre-commit passes the staged ones)"
    )
    add_setting_arguments(check)
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.set_defaults(handler=run_check)

    index = commands.add_parser(
        "index",
        help="a persistent index of articles (SQLite file or Redis): add, remove, query, stats",
        description="Keep articles' signatures in a persistent index and look new articles up in it.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_index_actions(index.add_subparsers(dest="action", metavar="ACTION", required=True))
    return parser


def add_index_actions(actions: Any) -> None:
    """``dedupe index add|remove|query|stats``."""

    def action(name: str, summary: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return parser

    add = action("add", "index articles (a file already indexed with the same content is skipped)")
    add.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_setting_arguments(add)
    add_store_argument(add)
    add.set_defaults(handler=run_index_add)
    remove = action("remove", "forget files (a folder: every indexed file under it)")
    remove.add_argument("paths", nargs="+", metavar="PATH", help="indexed files or folders")
    add_store_argument(remove)
    add_config_argument(remove)
    remove.set_defaults(handler=run_index_remove)
    query = action("query", "find the indexed articles the given ones copy (exit 1 when there are some)")
    query.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders; '-' reads stdin")
    add_setting_arguments(query)
    add_store_argument(query)
    query.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    query.set_defaults(handler=run_index_query)
    stats = action("stats", "what the index holds, how it was built, and whether this run can use it")
    add_store_argument(stats)
    add_config_argument(stats)
    stats.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    stats.set_defaults(handler=run_index_stats)


def add_scan_arguments(command: argparse.ArgumentParser) -> None:
    """The inputs and settings every scanning command shares."""
    command.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders; '-' reads stdin")
    add_setting_arguments(command)
    command.add_argument("--singletons", action="store_true", help="also list articles that have no copy")


def add_setting_arguments(command: argparse.ArgumentParser) -> None:
    """Thresholds, workers, cache, size limit and config file: the settings of every command that signs."""
    command.add_argument(
        "--threshold", type=_fraction, help="minimum 5-shingle Jaccard for a near copy (0.7)"
    )
    command.add_argument("--containment", type=_fraction, help="minimum containment for a trimmed copy (0.7)")
    command.add_argument(
        "--rewrite", type=_fraction, help="minimum matched narrative share for a rewrite (0.5)"
    )
    command.add_argument(
        "--jobs", "-j", type=_positive, help="worker processes; 0 = one per core (default 0)"
    )
    command.add_argument(
        "--no-cache",
        action="store_true",
        help="read, sign and verify everything afresh (no cache read or written)",
    )
    command.add_argument(
        "--cache-dir",
        type=Path,
        help=f"files read, signatures, verdicts, results (default {default_cache_dir()})",
    )
    command.add_argument("--max-bytes", type=_positive, help="largest input file read (default 50 MB)")
    add_config_argument(command)


def add_config_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config", type=Path, help="config file (default: nearest .dedupe.toml/pyproject.toml)"
    )


def add_store_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--store",
        metavar="S",
        help="the index: a SQLite file, or redis://host:port/db[?prefix=NAME] "
        "(default: `store` in the config, else a file in the user data folder)",
    )


def options_from(args: argparse.Namespace) -> ScanOptions:
    """Scan options from defaults, then the config file, then flags (each overriding the one before)."""
    settings: dict[str, Any] = dict(load_config(args.config).values)
    flags = {
        "near": getattr(args, "threshold", None),
        "containment": getattr(args, "containment", None),
        "rewrite": getattr(args, "rewrite", None),
        "jobs": getattr(args, "jobs", None),
        "cache_dir": getattr(args, "cache_dir", None),
        "max_bytes": getattr(args, "max_bytes", None),
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
    no_cache = getattr(args, "no_cache", False)
    cache_dir = None if no_cache else Path(settings.get("cache_dir") or default_cache_dir())
    return ScanOptions(
        signature=signature,
        grouping=grouping,
        read=read,
        jobs=settings.get("jobs", 0),
        cache_dir=cache_dir,
        singletons=getattr(args, "singletons", False),
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
    if args.scheduler and args.engine != "dask":
        raise ConfigError("--scheduler names a Dask scheduler: use it with --engine dask")
    try:
        if args.engine == "dask":
            from dedupe.engines import dask as engine  # dask loads only when chosen

            shown = progress if progress.enabled else engine.stderr_progress()
            result = engine.scan(args.paths, options, shown, scheduler=args.scheduler)
        else:
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


def run_check(args: argparse.Namespace) -> int:
    from dedupe.hook import HINT
    from dedupe.hook import run_check as check
    from dedupe.report import dumps
    from dedupe.store.render import findings_json, findings_text

    options = options_from(args)
    findings, checked, errors = check(args.paths, options, load_config(args.config).values)
    if args.format == "json":
        sys.stdout.write(dumps(findings_json(findings, checked, errors)))
    else:
        sys.stdout.write(findings_text(findings, checked, against="tracked", hint=HINT))
    sys.stdout.flush()
    print_errors(errors)
    if errors:
        say("a file that is not a story can be left out with `articles` in [tool.dedupe]")
    return EXIT_ERROR if errors else EXIT_FOUND if findings else EXIT_OK


def store_location(args: argparse.Namespace) -> str:
    """``--store``, else ``store`` in the config, else the user's default index."""
    from dedupe.store import default_store

    return args.store or load_config(args.config).values.get("store") or default_store()


def say(message: str) -> None:
    print(f"dedupe: {printable(message)}", file=sys.stderr)


def print_errors(errors: Sequence[SourceError]) -> None:
    for error in errors:
        print(f"dedupe: error: {printable(error.path)}: {printable(error.reason)}", file=sys.stderr)


def run_index_add(args: argparse.Namespace) -> int:
    from dedupe.store import write_session
    from dedupe.store.indexing import add_files, header_of

    if "-" in args.paths:
        raise ConfigError("index add reads files, not stdin: an indexed article is known by its path")
    options = options_from(args)
    location = store_location(args)
    warnings: list[str] = []
    added = write_session(
        location, header_of(options), lambda s: add_files(s, args.paths, options, warnings), say
    )
    for warning in warnings:
        say(f"warning: {warning}")
    print_errors(added.errors)
    say(
        f"indexed {added.items:,} articles from {added.files:,} files into {location} "
        f"({added.unchanged:,} files unchanged)"
    )
    return EXIT_ERROR if added.errors else EXIT_OK


def run_index_remove(args: argparse.Namespace) -> int:
    from dedupe.store import write_session
    from dedupe.store.indexing import header_of, remove_files

    location = store_location(args)
    removed, unknown = write_session(
        location, header_of(options_from(args)), lambda s: remove_files(s, args.paths), say
    )
    for path in unknown:
        print(f"dedupe: error: {printable(path)}: not in the index {location}", file=sys.stderr)
    say(f"removed {len(removed):,} files from {location}")
    return EXIT_ERROR if unknown else EXIT_OK


def run_index_query(args: argparse.Namespace) -> int:
    from dedupe.report import dumps
    from dedupe.store import open_store
    from dedupe.store.indexing import article_files, header_of, index_items, read_file, read_stream
    from dedupe.store.lookup import find_duplicates
    from dedupe.store.render import findings_json, findings_text

    options = options_from(args)
    sources = [
        read_stream("-", sys.stdin.buffer, options.read) if path == "-" else read_file(path, options.read)
        for path in article_files(args.paths)
    ]
    warnings: list[str] = []
    items = index_items(sources, options, warnings)
    queries = list(zip(items, (text for source in sources for text in source.texts), strict=True))
    with open_store(store_location(args), header_of(options)) as store:
        findings = find_duplicates(
            store, queries, options.grouping, options.signature.shingle_size, store.texts
        )
    errors = [error for source in sources for error in source.errors]
    if args.format == "json":
        sys.stdout.write(dumps(findings_json(findings, len(items), errors)))
    else:
        sys.stdout.write(findings_text(findings, len(items), against="indexed"))
    sys.stdout.flush()
    for warning in warnings:
        say(f"warning: {warning}")
    print_errors(errors)
    return EXIT_ERROR if errors else EXIT_FOUND if findings else EXIT_OK


def run_index_stats(args: argparse.Namespace) -> int:
    from dedupe.report import dumps
    from dedupe.store import mismatch, open_store
    from dedupe.store.indexing import header_of

    with open_store(store_location(args), None) as store:
        stats = store.stats()
    problem = mismatch(stats.header, header_of(options_from(args)))
    if args.format == "json":
        document = {
            "schema": "dedupe.index-stats/1",
            "location": stats.location,
            "header": dict(stats.header),
            "files": stats.files,
            "articles": stats.items,
            "band_entries": stats.band_entries,
            "size_bytes": stats.size_bytes,
            "usable": problem is None,
            "problem": problem,
        }
        sys.stdout.write(dumps(document))
        return EXIT_OK
    rank = {name: i for i, name in enumerate(("format", "signature", "scheme", "lsh", "banding"))}
    header = sorted(stats.header.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))
    rows = [("index", stats.location), *header]
    rows += [
        ("files", f"{stats.files:,}"),
        ("articles", f"{stats.items:,}"),
        ("band keys", f"{stats.band_entries:,}"),
    ]
    if stats.size_bytes is not None:
        rows.append(("size", f"{stats.size_bytes / 2**20:,.1f} MB"))
    rows.append(("usable", "yes, with these settings" if problem is None else f"no: {problem}"))
    sys.stdout.write("".join(f"{name:<10} {value}\n" for name, value in rows))
    return EXIT_OK


def entry() -> int:
    """The ``dedupe`` command: ``main``, then the interpreter's exit with Ctrl-C ignored. Once the result
    is written a Ctrl-C has nothing left to stop; during the exit it could only break into the standard
    library's own clean-up (``concurrent.futures`` joining a pool's manager thread) with a traceback."""
    import signal

    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code


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
        # A Ctrl-C that landed inside code run from a string (namedtuple and dataclass builders eval
        # theirs) leaves CPython's "unhandled KeyboardInterrupt" flag set although it was handled here,
        # and the interpreter then kills itself with SIGINT at exit instead of exiting 130. Evaluating
        # a string resets that flag.
        eval("None")
        return EXIT_INTERRUPTED
    except DedupeError as error:
        print(f"dedupe: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`dedupe group ... | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
