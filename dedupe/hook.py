"""``dedupe check FILE...``: the pre-commit hook. A staged story that copies one the repository already has
stops the commit, with a short report of what it copies and how.

The repository's tracked articles live in a local index inside the git directory
(``$(git rev-parse --git-common-dir)/dedupe/index.sqlite3``, shared by worktrees, never committed). Each
run first brings it up to date with ``git ls-files --stage``: a file is read (from git's object store, so
what is checked is what is staged) and signed only when its blob id changed, and files no longer tracked
are dropped. The staged files given are then looked up in the index, and each candidate is verified
against the text the index keeps of it, taken from the same read of the same blob as its signatures:
nothing stale can be compared. Cost of a warm run: one ``ls-files``, a read of the ``files`` table (the
``articles`` patterns are asked only about files the index does not have), the given files (through one
``git cat-file`` process), and the candidates out of the index; the first run indexes the repository at
``dedupe group`` speed.

Allowed: a story whose front matter says ``updates: <id or path>`` of the article it copies, articles
(paths, folders or globs) and ids listed under ``allow``, and relations left out of ``fail_on``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dedupe.errors import ConfigError, SourceError
from dedupe.model import RELATIONS
from dedupe.pipeline import ScanOptions
from dedupe.sources import FORMAT_BY_EXTENSION
from dedupe.store import IndexStore, Item, Warn, chunks, write_session
from dedupe.store.indexing import (
    BATCH,
    Source,
    header_of,
    index_items,
    read_file,
    read_source,
    too_large,
    unreadable,
)
from dedupe.store.lookup import Finding, find_duplicates
from dedupe.text import printable

STORE = Path("dedupe") / "index.sqlite3"
"""The hook's index, under the git common directory."""
REPORTED = 3
"""Copies reported per checked article: the closest ones (verification stops there)."""
DEFAULT_ARTICLES = (
    *(f"*{extension}" for extension in FORMAT_BY_EXTENSION),
    *("!.*", "!package.json", "!package-lock.json", "!composer.json", "!tsconfig*.json"),
)
"""Every file of an article format, but hidden ones and the package files a site repository has."""
HINT = (
    "A story that updates an earlier one says so in its front matter (updates: <id or path>); deliberate\n"
    "copies can be listed under allow in [tool.dedupe] (pyproject.toml or .dedupe.toml)."
)


@dataclass(frozen=True, slots=True)
class Repository:
    top: Path
    git_dir: Path
    """The common git directory (worktrees share it, and so share the index)."""


def find_repository(start: Path) -> Repository:
    """The repository ``start`` is in; ``ConfigError`` outside one (the hook compares against one)."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--git-common-dir"],
            cwd=start,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise ConfigError(f"dedupe check needs git: {error.strerror or error}") from None
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) != 2:
        reason = result.stderr.strip().splitlines()[-1:] or ["no work tree"]
        raise ConfigError(f"dedupe check works inside a git work tree ({start}: {reason[0]})")
    top = Path(lines[0])
    return Repository(top, (start / lines[1]).resolve())


_STAGED = re.compile(r"(?<![^\0])(?:100644|100755) ([0-9a-f]+) 0\t([^\0]*)\0")
"""A regular file's entry in ``git ls-files --stage -z`` (mode, blob id, stage 0, path), from its start."""


def tracked_files(repository: Repository) -> dict[str, str]:
    """Every regular file in git's index (what is staged), path -> blob id; conflicted entries left out."""
    result = subprocess.run(
        ["git", "ls-files", "--stage", "-z"], cwd=repository.top, capture_output=True, check=False
    )
    if result.returncode != 0:
        raise ConfigError(f"git ls-files failed: {result.stderr.decode(errors='replace').strip()}")
    # One regex over the whole listing: a warm run pays this for every tracked file.
    listing = result.stdout.decode("utf-8", "surrogateescape")
    return {path: oid for oid, path in _STAGED.findall(listing)}


class GitBlobs:
    """Blobs out of git's object store through one ``git cat-file --batch`` kept open for the run: a check
    reads the staged files, then candidates a few dozen at a time, and a process (and a feeding thread)
    per read cost more than the reading. Close it when done (it is a context manager)."""

    CHUNK = 500
    """Blob ids written at once (33 KB even as SHA-256 ids): less than a pipe holds, so writing them never
    waits for git, which writes their contents only as fast as they are read."""

    def __init__(self, top: Path) -> None:
        self._top = top
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, oids: Sequence[str], limit: int) -> dict[str, tuple[int, bytes | None]]:
        """blob id -> (size, bytes) of each of ``oids``; the bytes are ``None`` for a blob git lacks (size
        -1) or one larger than ``limit`` (read past, never held)."""
        found: dict[str, tuple[int, bytes | None]] = {}
        if not oids:
            return found
        if self._process is None:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=self._top, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        for chunk in chunks(oids, self.CHUNK):
            try:
                stdin.write("".join(f"{oid}\n" for oid in chunk).encode())
                stdin.flush()
            except OSError:  # git went away: what it did not answer is missing
                pass
            for oid in chunk:
                header = stdout.readline().split()
                if len(header) != 3:
                    found[oid] = (-1, None)
                    continue
                size = int(header[2])
                if size <= limit:
                    data: bytes | None = stdout.read(size)
                else:
                    data, remaining = None, size
                    while remaining and (block := stdout.read(min(remaining, 1 << 20))):
                        remaining -= len(block)
                stdout.read(1)
                found[oid] = (size, data)
        return found

    def close(self) -> None:
        if self._process is not None:
            process, self._process = self._process, None
            with contextlib.suppress(OSError):
                process.stdin.close()  # type: ignore[union-attr]
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()  # type: ignore[union-attr]

    def __enter__(self) -> GitBlobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _glob(pattern: str) -> str:
    """A repository path pattern as a regex: ``*`` and ``?`` within a name, ``**`` across folders; a pattern
    without a ``/`` matches a name at any depth, and a folder matches everything under it."""
    body = pattern.strip("/")
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", body)
    wildcards = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    regex = "".join(wildcards.get(part, re.escape(part)) for part in parts)
    anywhere = "" if "/" in body else "(?:.*/)?"
    return f"{anywhere}{regex}(?:/.*)?"


def _globs(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_glob(p)})" for p in patterns) or "(?!)")


def _article_rules(patterns: Sequence[str]) -> tuple[tuple[bool, re.Pattern[str]], ...]:
    """(excluded, regex) rules, last first, each a run of patterns of one kind joined into one regex (one
    match per path and run, not per pattern: the rules run over every tracked file)."""
    runs: list[tuple[bool, list[str]]] = []
    for pattern in patterns:
        excluded = pattern.startswith("!")
        if not runs or runs[-1][0] != excluded:
            runs.append((excluded, []))
        runs[-1][1].append(pattern.removeprefix("!"))
    return tuple((excluded, _globs(run)) for excluded, run in reversed(runs))


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """Which tracked files are articles, which relations fail a commit, and which copies are allowed."""

    articles: tuple[tuple[bool, re.Pattern[str]], ...]
    """The last pattern that matches a path decides (``!pattern`` excludes); see ``_article_rules``."""
    fail_on: frozenset[str]
    allow: frozenset[str]
    allow_paths: re.Pattern[str]
    article_patterns: str = "[]"
    """The ``articles`` patterns as JSON: the index notes which ones chose its files."""

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> CheckSettings:
        allow = values.get("allow", ())
        patterns = list(values.get("articles", DEFAULT_ARTICLES))
        return cls(
            articles=_article_rules(patterns),
            fail_on=frozenset(values.get("fail_on", RELATIONS)),
            allow=frozenset(allow),
            allow_paths=_globs(allow),
            article_patterns=json.dumps(patterns),
        )

    def is_article(self, path: str) -> bool:
        return next((not excluded for excluded, rule in self.articles if rule.fullmatch(path)), False)

    def fails(self, finding: Finding) -> bool:
        """A finding that stops the commit: a failing relation, no declared update, nothing allowed."""
        return (
            finding.relation in self.fail_on
            and not declares_update(finding)
            and not self.allows(finding.article)
            and not self.allows(finding.existing)
        )

    def allows(self, item: Item) -> bool:
        """An article listed under ``allow`` by id, or by a path, folder or glob matching its file."""
        return item.id in self.allow or bool(
            self.allow_paths.fullmatch(item.file) or self.allow_paths.fullmatch(item.key)
        )


def declares_update(finding: Finding) -> bool:
    """One of the two articles says it updates the other (by id, path, or file)."""
    for article, other in ((finding.article, finding.existing), (finding.existing, finding.article)):
        names = {other.id, other.key, other.file}
        if any(declared in names or os.path.normpath(declared) in names for declared in article.updates):
            return True
    return False


def once_per_pair(findings: Sequence[Finding]) -> list[Finding]:
    """Two checked articles that copy each other are one finding, not two."""
    reported: set[frozenset[str]] = set()
    kept = []
    for finding in findings:
        pair = frozenset((finding.article.key, finding.existing.key))
        if pair not in reported:
            reported.add(pair)
            kept.append(finding)
    return kept


ARTICLES_NOTE = "check.articles"
"""The index's note of the ``articles`` patterns its files were chosen by."""


def sync(
    store: IndexStore,
    blobs: GitBlobs,
    tracked: Mapping[str, str],
    settings: CheckSettings,
    options: ScanOptions,
    say: Warn,
    ready: Mapping[str, tuple[Source, list[Item]]] = MappingProxyType({}),
) -> None:
    """Bring the index up to date with git's index: read and sign changed files, forget untracked ones.

    ``ready`` holds files already read and signed (the staged files being checked), by path. A file the
    index has at the same blob id is an article without asking the ``articles`` patterns again, when the
    index notes that the same patterns chose it: they are asked only about new and changed files (and
    files that are not articles), not about every tracked file on every run. When the patterns changed,
    the note is dropped before the index changes and written once it is in step again.
    """
    stored = store.files()
    trusted = store.notes().get(ARTICLES_NOTE) == settings.article_patterns
    if trusted:
        wanted = {
            path: oid for path, oid in tracked.items() if stored.get(path) == oid or settings.is_article(path)
        }
    else:
        store.set_notes({ARTICLES_NOTE: None})
        wanted = {path: oid for path, oid in tracked.items() if settings.is_article(path)}
    removed = [path for path in stored if path not in wanted]
    changed = sorted(path for path, oid in wanted.items() if stored.get(path) != oid)
    if len(changed) > BATCH:
        say(f"indexing {len(changed):,} tracked files (later runs read only what changed)")
    if removed and not changed:
        store.update([], {}, removed)
    problems: list[SourceError] = []
    for number, batch in enumerate(chunks(changed, BATCH)):
        sources = _sources_from_git(blobs, [path for path in batch if path not in ready], wanted, options)
        warnings: list[str] = []
        items = index_items(sources, options, warnings)
        problems.extend(error for source in sources for error in source.errors)
        for path in (path for path in batch if path in ready):
            sources.append(ready[path][0])
            items.extend(ready[path][1])
        store.update(items, {s.file: s.origin for s in sources}, removed if number == 0 else ())
        for warning in warnings:
            say(f"warning: {warning}")
    if not trusted:
        store.set_notes({ARTICLES_NOTE: settings.article_patterns})
    if problems:
        first = problems[0]
        say(
            f"note: {len(problems)} tracked article files or records could not be read and are not compared "
            f"(first: {first.path}: {first.reason}); `articles` in [tool.dedupe] says which files are"
            " articles"
        )


def _sources_from_git(
    blobs: GitBlobs, paths: Sequence[str], oids: Mapping[str, str], options: ScanOptions
) -> list[Source]:
    found = blobs.read(list(dict.fromkeys(oids[path] for path in paths)), options.read.max_bytes)
    sources = []
    for path in paths:
        size, data = found[oids[path]]
        if data is not None:
            sources.append(read_source(path, data, oids[path]))
        elif size < 0:
            sources.append(unreadable(path, oids[path], "not in git's object store"))
        else:
            sources.append(too_large(path, oids[path], options.read))
    return sources


def run_check(
    paths: Sequence[str], options: ScanOptions, config: Mapping[str, Any]
) -> tuple[list[Finding], int, list[SourceError]]:
    """Findings that fail the commit, the number of articles checked, and the given files that could not be
    read. Paths may be relative to the working directory; the report names them from the repository's top."""
    repository = find_repository(Path.cwd())
    settings = CheckSettings.from_config(config)
    files = []
    for path in paths:
        relative = os.path.relpath(os.path.abspath(path), repository.top)
        if relative == ".." or relative.startswith(".." + os.sep):
            raise ConfigError(f"{path}: outside the repository {repository.top}")
        files.append(Path(relative).as_posix())
    return _check(repository, [f for f in dict.fromkeys(files) if settings.is_article(f)], settings, options)


def _check(
    repository: Repository, files: Sequence[str], settings: CheckSettings, options: ScanOptions
) -> tuple[list[Finding], int, list[SourceError]]:
    tracked = tracked_files(repository)
    staged = [f for f in files if f in tracked]
    with GitBlobs(repository.top) as blobs:
        sources = _sources_from_git(blobs, staged, tracked, options)
        sources += [read_file(f, options.read, at=repository.top / f) for f in files if f not in tracked]
        warnings: list[str] = []
        items = index_items(sources, options, warnings)
        queries = list(zip(items, (text for source in sources for text in source.texts), strict=True))
        ready = {s.file: (s, [i for i in items if i.file == s.file]) for s in sources if s.file in tracked}

        def work(store: IndexStore) -> list[Finding]:
            sync(store, blobs, tracked, settings, options, _say, ready)
            params, size = options.grouping, options.signature.shingle_size
            return find_duplicates(
                store, queries, params, size, store.texts, keep=settings.fails, limit=REPORTED
            )

        findings = write_session(str(repository.git_dir / STORE), header_of(options), work, _say)
    for warning in warnings:
        _say(f"warning: {warning}")
    errors = [error for source in sources for error in source.errors]
    return once_per_pair(findings), len(items), errors


def _say(message: str) -> None:
    print(f"dedupe: {printable(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """The pre-commit entry point (``dedupe check``), returning its exit code."""
    from dedupe.cli import main as cli_main

    return cli_main(["check", *(sys.argv[1:] if argv is None else argv)])
