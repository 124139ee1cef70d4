"""``scan`` on a Dask cluster: the same stages as ``dedupe.pipeline.scan``, mapped over partitions.

The engine moves data; every computation is a function of the local engine run on a part of it:

1. **read**: the client lists the inputs (names only: folders walked, ``fsspec`` URLs listed by
   ``sources.remote``); workers read and parse partitions of the list with the local engine's readers,
   and keep what they read. Paths and URLs must be reachable from the workers.
2. **ids, boilerplate**: the client receives each article's (id, path) and runs ``unique_ids`` on
   those alone, which gives every article its row and final id. Boilerplate line frequencies are a
   map-reduce: each read partition counts its line keys, reducers sum them by key and send each partition
   the totals of its own keys, with which it strips its texts (``boilerplate``'s rule); the articles are
   then shuffled by row into the signature partitions.
3. **sign**: partitions of consecutive rows, each signed on a worker (``signature.signatures``);
   signatures stay on the workers.
4. **candidates**: each partition's band keys (``index.band_keys``, the shingle banding) are shuffled by
   key into buckets, so every bucket lands whole on one task, which pairs its members
   (``index.bucket_pairs``). Pair codes are shuffled again by code to drop repeats.
5. **estimates**: a pair is routed to the partition holding its first row, then to the one holding its
   second, picking up both signatures (a two-step join); there ``estimated_similarity`` and
   ``plausible_pairs`` keep the pairs that could verify.
   **near, term candidates**: the components of the near-duplicate pairs (as in 6) give the client each
   article's group, from which it picks the rows of the content-term index (``term_index_rows``); steps
   4 and 5 run again on the term banding for those rows, leaving out the pairs the shingle index found.
6. **components**: connected components of the plausible pairs by a tree reduction of spanning forests
   on the workers: each edge partition is reduced to a star forest (every node pointing at the smallest
   node of its component), and forests are merged eight at a time. What reaches the client is one
   (node, root) pair per article that has a candidate, never the edges.
7. **link**: components are packed into batches; a batch's pairs, signature rows and articles meet on
   one worker, which runs ``pipeline.link`` (the local engine's linking, verification and group building)
   on it. Linking is order-sensitive, but no pair, sample or base choice crosses a component, so a
   component linked alone gives exactly what the whole corpus linked at once gives. A large component's
   rewrite verification is fanned out to the cluster in chunks from inside its task.
8. The client orders the groups as ``build_groups`` does (largest first, then base id) and numbers them.

Results are the local engine's, byte for byte. Every task is a pure function of its inputs, so a worker
lost mid-run costs only the recomputation of what it held: the scheduler reruns those tasks.

Not distributed yet (see ``docs/scale.md``): the unique ids are computed on the client from every
article's (id, path); the articles are gathered on the client at the end, for the ``ScanResult``; the
signature cache is not used.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from dedupe.arrays import distinct
from dedupe.boilerplate import BoilerplateParams, line_key, lines, strip_boilerplate
from dedupe.errors import ConfigError, SourceError
from dedupe.grouping import (
    RELATION_RANK,
    TERM_INDEX_NEAR,
    GroupingParams,
    Verifier,
    build_groups,
    copy_plausible,
    estimated_similarity,
    rewrite_plausible,
    term_index_rows,
)
from dedupe.index import Banding, band_keys, bucket_pairs
from dedupe.model import Article, Group, Relation
from dedupe.pipeline import (
    SIGN_BATCH,
    VERIFY_CHUNK,
    Progress,
    ScanOptions,
    ScanResult,
    SignatureTables,
    best_across_groups,
    link,
    link_copies,
    unique_ids,
    verify_chunk,
)
from dedupe.signature import SignatureParams, signatures
from dedupe.sources import ReadOptions
from dedupe.sources.remote import RemoteFile
from dedupe.text import normalize

if TYPE_CHECKING:
    from distributed import Client, Future

SCHEDULER_TIMEOUT = "20s"
"""How long to try reaching a named scheduler before the run fails with a usage error."""
READ_BATCH = 256
"""Fewest files a worker reads per task (about four read partitions per worker, at least this many)."""
MIN_PARTITION, MAX_PARTITION = 512, 16384
"""Rows per signature partition: about four partitions per worker, within these bounds."""
LINK_BATCH = 2000
"""Articles linked per task (a component larger than this is a task of its own)."""
FOREST_FANIN = 8
"""Star forests merged per task in the components' tree reduction."""


def scan(
    paths: Iterable[str],
    options: ScanOptions | None = None,
    progress: Progress | None = None,
    *,
    scheduler: str | None = None,
    client: Client | None = None,
    partition_rows: int | None = None,
    stats: dict[str, Any] | None = None,
) -> ScanResult:
    """``pipeline.scan`` on a Dask cluster: the scheduler at ``scheduler`` (``tcp://host:8786``), a
    ``client`` already connected, or else a ``LocalCluster`` of ``options.jobs`` workers (0: one per core)
    started for this run and closed after it. ``stats``, when given, receives the run's sizes (rows per
    partition, candidate and plausible pairs, the largest component of all candidates (one reduction
    more), of the copies and of what is linked, rewrite pairs tried and verified, link batches) for
    ``bench/bench_dask.py``."""
    options = options or ScanOptions()
    report = progress or (lambda stage, done, total: None)
    paths = list_inputs(paths, options.read)  # a URL that cannot be read fails here, before a cluster starts
    if client is not None:
        return _Run(client, options, report, partition_rows, stats).scan(paths)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "--engine dask needs dask and distributed: pip install 'wire-dedupe[dask]'"
        ) from None
    if scheduler:
        try:
            with Client(scheduler, timeout=SCHEDULER_TIMEOUT) as connected:
                return _Run(connected, options, report, partition_rows, stats).scan(paths)
        except OSError as error:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    workers = options.jobs or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as local,
    ):
        return _Run(local, options, report, partition_rows, stats).scan(paths)


Listed = Article | SourceError | RemoteFile | Any
"""An input as the client lists it: a file or URL to read (``reading._FileToRead``, ``RemoteFile``), or
what the listing itself found (an article read from stdin, an unreadable folder)."""


def list_inputs(paths: Iterable[str], options: ReadOptions) -> list[Listed]:
    """The inputs, in the local engine's order: folders walked and URLs listed, no file opened (stdin is
    read here, where it is). A URL needs ``fsspec`` (else a ``ConfigError``)."""
    from dedupe.sources.reading import _iter_path
    from dedupe.sources.remote import is_url, list_url

    visited: set[str] = set()
    return [
        item
        for path in paths
        for item in (list_url(path) if is_url(path) else _iter_path(path, options, visited))
    ]


class _Run:
    """One scan's state on the client: futures of the partitions, and each article's (id, path)."""

    def __init__(
        self,
        client: Client,
        options: ScanOptions,
        report: Progress,
        partition_rows: int | None,
        stats: dict[str, Any] | None = None,
    ) -> None:
        self.stats = stats if stats is not None else {}
        self.measuring = stats is not None
        """A caller asking for figures also gets the components of all candidates (a reduction more)."""
        self.client = client
        self.options = options
        self.report = report
        self.partition_rows = partition_rows

    # -- orchestration -------------------------------------------------------------------------------

    def scan(self, paths: Iterable[str]) -> ScanResult:
        import dask

        # Link tasks carry their articles in the graph (not scattered): a lost worker's share can then be
        # recomputed from the graph alone, which scattered data cannot be.
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "2GiB"}):
            return self._scan(paths)

    def _scan(self, items: list[Listed]) -> ScanResult:
        parts, errors, placement = self.read(items)
        count = sum(len(rows) for rows, _ in placement)
        groups: list[Group] = []
        articles: list[Article] = []
        if count:
            arranged, starts, rows = self.arrange(parts, placement, count)
            del parts  # each stage's futures are let go once its successors hold them: a worker keeps
            # only what is still to be read (the read partitions are ~2 KB an article at 1M articles)
            groups = self.group(arranged, starts, rows, count)
            gathered = self.client.gather([self.client.submit(_articles_of, part) for part in arranged])
            articles = [article for part in gathered for article in part]
        self.report("group", count, count)
        return ScanResult(
            articles=tuple(articles),
            groups=tuple(groups),
            errors=tuple(sorted(errors, key=lambda e: (e.path, e.reason))),
            warnings=(),
            options=self.options,
        )

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def read(
        self, items: list[Listed]
    ) -> tuple[list[Future], list[SourceError], list[tuple[np.ndarray, dict[int, str]]]]:
        """Workers read and parse partitions of the listed inputs and keep the articles; the client gets
        errors and each article's (id, path), and runs ``unique_ids`` on those alone: for each read
        partition, its articles' rows (their place in the local engine's order) and changed ids."""
        per = self.partition_rows or max(READ_BATCH, math.ceil(len(items) / (4 * self.workers())))
        chunks = [items[start : start + per] for start in range(0, len(items), per)]
        read = self.options.read
        parts = [self.client.submit(_read_partition, chunk, read, pure=False) for chunk in chunks]
        self.wait(parts, "read")
        summaries = self.client.gather([self.client.submit(_identities, part) for part in parts])
        errors = [error for found, _, _ in summaries for error in found]
        ids = [ident for _, idents, _ in summaries for ident in idents]
        where = [path for _, _, paths in summaries for path in paths]
        # unique_ids itself, on stand-ins that carry their place in the read order as their text
        stand_ins = [
            Article(id=i, text=str(k), path=p) for k, (i, p) in enumerate(zip(ids, where, strict=True))
        ]
        row_of = np.empty(len(ids), dtype=np.int64)
        renamed: dict[int, str] = {}
        for row, article in enumerate(unique_ids(stand_ins)):
            k = int(article.text)
            row_of[k] = row
            if article.id != ids[k]:
                renamed[k] = article.id
        bounds = np.cumsum([0, *(len(idents) for _, idents, _ in summaries)])
        placement = [
            (
                row_of[bounds[p] : bounds[p + 1]],
                {k - int(bounds[p]): ident for k, ident in renamed.items() if bounds[p] <= k < bounds[p + 1]},
            )
            for p in range(len(parts))
        ]
        return parts, errors, placement

    def arrange(
        self, parts: list[Future], placement: list[tuple[np.ndarray, dict[int, str]]], count: int
    ) -> tuple[list[Future], list[int], int]:
        """Boilerplate stripped with the corpus' line frequencies (counted per read partition, summed by
        key on reducers, each partition sent the totals of its own keys), final ids given, and the
        articles shuffled by row into signature partitions of consecutive rows."""
        workers = self.workers()
        rows = self.partition_rows or min(MAX_PARTITION, max(MIN_PARTITION, math.ceil(count / (4 * workers))))
        starts = list(range(0, count, rows))
        keyed = [self.client.submit(_line_keys, part) for part in parts]
        counted = [self.client.submit(_line_counts, keys, len(parts)) for keys in keyed]
        summed = [self.client.submit(_sum_counts, *pieces) for pieces in self.spread(counted)]
        placed = [
            self.client.submit(_place, part, counts, rows_of, renamed, rows, len(starts), *totals)
            for part, counts, (rows_of, renamed), totals in zip(
                parts, counted, placement, self.spread(summed), strict=True
            )
        ]
        arranged = [
            self.client.submit(_assemble, start, *pieces)
            for start, pieces in zip(starts, self.spread(placed, len(starts)), strict=True)
        ]
        self.wait(arranged, "boilerplate")
        self.stats.update(
            articles=count, partition_rows=rows, partitions=len(starts), read_partitions=len(parts)
        )
        return arranged, starts, rows

    def group(self, arranged: list[Future], starts: list[int], rows: int, count: int) -> list[Group]:
        params, grouping = self.options.signature, self.options.grouping
        shingle_banding = Banding.for_threshold(grouping.shingle_lsh, params.num_perm)
        term_banding = Banding.for_threshold(grouping.term_lsh, params.num_perm)
        signed = [self.client.submit(_sign_partition, part, params) for part in arranged]
        self.wait(signed, "sign")
        shingled = self.candidates(signed, starts, rows, count, shingle_banding, "shingles", None, [])
        self.wait(shingled, "estimates")
        # the term index holds one text per group of near-duplicates (``pipeline.group``'s choice)
        near = self.components(
            [self.client.submit(_near_edges, part, TERM_INDEX_NEAR) for part in shingled], count, "near"
        )
        term_counts = np.concatenate(
            self.client.gather([self.client.submit(_term_counts, sig) for sig in signed])
        )
        indexed = np.zeros(count, dtype=bool)
        indexed[term_index_rows(near, term_counts)] = True
        del near, term_counts
        self.stats["term_index_rows"] = int(indexed.sum())
        indexed_held = self.client.submit(_value, indexed, pure=False)
        termed = self.candidates(signed, starts, rows, count, term_banding, "terms", indexed_held, shingled)
        self.wait(termed, "term estimates")
        self.stats["bands"] = shingle_banding.bands + term_banding.bands
        plausible = shingled + termed
        self.stats["plausible"] = sum(self.client.gather([self.client.submit(_sizes, p) for p in plausible]))
        if self.measuring:  # what linking would face without the cut at failed rewrite candidates
            whole = self.components(plausible, count, "candidate components")
            self.stats["largest_candidate_component"] = int(np.bincount(whole, minlength=count).max())
        copy_edges = [self.client.submit(_select, part, "copy") for part in plausible]
        copy_label, copy_batches = self.link_copies(copy_edges, signed, arranged, starts, count)
        verified = self.verify_rewrites(plausible, copy_label, arranged, starts, rows, count)
        label = self.components(copy_edges + verified, count, "components")
        del copy_edges, verified
        batch_of, batches = _link_batches(label)
        sizes = np.bincount(label, minlength=count)
        self.stats.update(components=int((sizes > 1).sum()), largest_component=int(sizes.max()))
        self.stats["link_batches"] = len(batches)
        # batch_of is in the graph once (one task's argument), not once per task that reads it
        batch_of_held = self.client.submit(_value, batch_of, pure=False)
        routed = [self.client.submit(_route_pairs, part, batch_of_held, len(batches)) for part in plausible]
        rows_routed = [
            self.client.submit(_route_rows, sig, part, start, batch_of_held, len(batches))
            for sig, part, start in zip(signed, arranged, starts, strict=True)
        ]
        verdicts = [self.client.submit(_route_verdicts, f, batch_of_held, len(batches)) for f in copy_batches]
        del plausible, signed, copy_batches
        linking = self.options
        linked = [
            self.client.submit(
                _link_batch,
                members,
                linking,
                [self.client.submit(_piece, part, number) for part in routed],
                [self.client.submit(_piece, part, number) for part in rows_routed],
                [self.client.submit(_piece, part, number) for part in verdicts],
                pure=False,
            )
            for number, members in enumerate(batches)
        ]
        del routed, rows_routed, verdicts
        if self.options.singletons:
            linked += [
                self.client.submit(_singletons, part, start, batch_of_held, linking)
                for part, start in zip(arranged, starts, strict=True)
            ]
        self.wait(linked, "link")
        groups = [group for future in linked for group in future.result()]
        groups.sort(key=lambda g: (-len(g.members), g.base))
        return [replace(g, id=f"g{number}") for number, g in enumerate(groups, start=1)]

    def candidates(
        self,
        signed: list[Future],
        starts: list[int],
        rows: int,
        count: int,
        banding: Banding,
        table: str,
        indexed: Future | None,
        known: list[Future],
    ) -> list[Future]:
        """The plausible candidate pairs of one signature table (``index.candidate_pairs``, then
        ``estimated_similarity`` and ``plausible_pairs``), one part per signature partition (of the pairs'
        second rows). ``indexed``: the rows that take part (all if None); ``known``: parts of pairs found
        already, left out (the term index meets some pairs the shingle index found)."""
        parts = len(signed)
        keyed = [
            self.client.submit(_band_pieces, sig, start, banding, table, parts, indexed)
            for sig, start in zip(signed, starts, strict=True)
        ]
        bucketed = [self.client.submit(_bucket_pairs, count, parts, *pieces) for pieces in self.spread(keyed)]
        del keyed
        distinct = [
            self.client.submit(_distinct_codes, count, rows, parts, *ps) for ps in self.spread(bucketed)
        ]
        del bucketed
        self.wait(distinct, "candidates" if table == "shingles" else "term candidates")
        self.stats[f"candidates_{table}"] = sum(
            self.client.gather([self.client.submit(_sizes, p) for p in distinct])
        )
        self.stats["candidates"] = self.stats.get("candidates", 0) + self.stats[f"candidates_{table}"]
        halves = [
            self.client.submit(_attach_left, sig, start, count, rows, parts, *pieces)
            for sig, start, pieces in zip(signed, starts, self.spread(distinct), strict=True)
        ]
        del distinct
        grouping = self.options.grouping
        return [
            self.client.submit(_attach_right, sig, start, grouping, known[k] if known else None, *pieces)
            for k, (sig, start, pieces) in enumerate(zip(signed, starts, self.spread(halves), strict=True))
        ]

    def link_copies(
        self,
        copy_edges: list[Future],
        signed: list[Future],
        arranged: list[Future],
        starts: list[int],
        count: int,
    ) -> tuple[np.ndarray, list[Future]]:
        """Each article's group of copies (``pipeline.link_copies`` on the components of the pairs that
        could be copies), as the smallest row of the group: one integer per article to the client; and
        the batches' futures, which hold their verdicts for the final link."""
        label = self.components(copy_edges, count, "copy components")
        batch_of, batches = _link_batches(label)
        self.stats["largest_copy_component"] = int(np.bincount(label, minlength=count).max())
        batch_of_held = self.client.submit(_value, batch_of, pure=False)
        routed = [self.client.submit(_route_pairs, part, batch_of_held, len(batches)) for part in copy_edges]
        rows_routed = [
            self.client.submit(_route_rows, sig, part, start, batch_of_held, len(batches))
            for sig, part, start in zip(signed, arranged, starts, strict=True)
        ]
        linked = [
            self.client.submit(
                _copy_batch,
                members,
                self.options,
                [self.client.submit(_piece, part, number) for part in routed],
                [self.client.submit(_piece, part, number) for part in rows_routed],
                pure=False,
            )
            for number, members in enumerate(batches)
        ]
        del routed, rows_routed
        self.wait(linked, "copies")
        copy_label = np.arange(count, dtype=np.int64)
        for members, labels in self.client.gather([self.client.submit(_copy_labels, f) for f in linked]):
            copy_label[members] = labels
        return copy_label, linked

    def verify_rewrites(
        self,
        plausible: list[Future],
        copy_label: np.ndarray,
        arranged: list[Future],
        starts: list[int],
        rows: int,
        count: int,
    ) -> list[Future]:
        """``pipeline.representative_pairs`` and their rewrite test, across the cluster: each partition's
        best pair per two groups of copies, the best of those by reducers, then each chosen pair taken to
        its first and second rows' partitions for their texts. Returns the pairs that verified."""
        parts = len(arranged)
        label_held = self.client.submit(_value, copy_label, pure=False)
        local = [self.client.submit(_local_best, part, label_held, count, parts) for part in plausible]
        chosen = [
            self.client.submit(_global_best, label_held, count, *pieces)
            for pieces in self.spread(local, parts)  # plausible pairs come in two parts per partition
        ]
        del local
        by_left = [self.client.submit(_route_by_row, part, 0, rows, parts) for part in chosen]
        del chosen
        with_left = [
            self.client.submit(_attach_left_texts, part, start, rows, parts, *pieces)
            for part, start, pieces in zip(arranged, starts, self.spread(by_left), strict=True)
        ]
        del by_left
        verified = [
            self.client.submit(_verify_at_right, part, start, self.options, *pieces)
            for part, start, pieces in zip(arranged, starts, self.spread(with_left), strict=True)
        ]
        del with_left
        self.wait(verified, "rewrites")
        counts = self.client.gather([self.client.submit(_verified_counts, part) for part in verified])
        self.stats["representatives"] = sum(tried for tried, _ in counts)
        self.stats["rewrites"] = sum(found for _, found in counts)
        return verified

    def components(self, plausible: list[Future], count: int, stage: str) -> np.ndarray:
        """Each article's component label (the smallest row of its component), from star forests merged
        on the workers: the client receives one (row, root) pair per article that has a candidate."""
        level = [self.client.submit(_star_forest, part) for part in plausible]
        while len(level) > 1:
            level = [
                self.client.submit(_star_forest, *level[start : start + FOREST_FANIN])
                for start in range(0, len(level), FOREST_FANIN)
            ]
        self.wait(level, stage)
        nodes, roots = level[0].result()
        label = np.arange(count, dtype=np.int64)
        label[nodes] = roots
        return label

    # -- moving data ---------------------------------------------------------------------------------

    def spread(self, futures: list[Future], parts: int | None = None) -> list[list[Future]]:
        """All-to-all: each future holds one piece per destination (``parts`` of them, else as many as
        there are futures); destination d gets its piece of each."""
        import operator

        parts = len(futures) if parts is None else parts
        return [
            [self.client.submit(operator.getitem, future, destination) for future in futures]
            for destination in range(parts)
        ]

    def wait(self, futures: list[Future], stage: str) -> None:
        """Until every future is done, reporting progress; a task's error is raised here."""
        from distributed import as_completed

        self.report(stage, 0, len(futures))
        for done, future in enumerate(as_completed(futures), start=1):
            if future.status == "error":
                future.result()
            self.report(stage, done, len(futures))


# -- tasks: each a pure function of its arguments, so a lost worker's share is simply recomputed ----------


def _read_partition(items: list[Listed], options: ReadOptions) -> dict[str, list[Any]]:
    """Articles and errors of listed inputs, read and parsed by the local engine's readers (through
    ``fsspec`` for a URL), in the listing's order."""
    from dedupe.sources.reading import _resolve
    from dedupe.sources.remote import read_url

    articles: list[Article] = []
    errors: list[SourceError] = []
    for item in items:
        for found in read_url(item, options) if isinstance(item, RemoteFile) else _resolve(item, options):
            (errors if isinstance(found, SourceError) else articles).append(found)
    return {"articles": articles, "errors": errors}


def _identities(part: dict[str, list[Any]]) -> tuple[list[SourceError], list[str], list[str]]:
    """What the client needs of a read partition: its errors, and each article's id and path."""
    return part["errors"], [a.id for a in part["articles"]], [a.path for a in part["articles"]]


def _line_keys(part: dict[str, list[Any]]) -> list[np.ndarray]:
    """Each article's line keys (``boilerplate.line_key`` of each of ``boilerplate.lines``), in order."""
    return [np.array([line_key(line) for line in lines(a.text)], dtype=np.uint64) for a in part["articles"]]


def _line_counts(keys: list[np.ndarray], reducers: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Articles of this partition per line key (an article counts a line once), one piece per reducer."""
    per_article = np.concatenate([np.empty(0, dtype=np.uint64), *(distinct(k) for k in keys)])
    found, counts = np.unique(per_article, return_counts=True)
    destination = (found % np.uint64(reducers)).astype(np.int64)
    return [(found[d], counts[d].astype(np.int64)) for d in _by_destination(destination, reducers)]


def _sum_counts(*pieces: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
    """A reducer: the corpus' article count of every key it holds, sent back to each read partition for
    the keys it sent (aligned with its piece)."""
    keys = np.concatenate([piece[0] for piece in pieces])
    unique, inverse = np.unique(keys, return_inverse=True)
    inverse = inverse.reshape(-1)
    totals = np.zeros(len(unique), dtype=np.int64)
    np.add.at(totals, inverse, np.concatenate([piece[1] for piece in pieces]))
    bounds = np.cumsum([0, *(len(piece[0]) for piece in pieces)])
    spread = totals[inverse]
    return [spread[bounds[p] : bounds[p + 1]] for p in range(len(pieces))]


def _strip_partition(
    part: dict[str, list[Any]],
    counted: list[tuple[np.ndarray, np.ndarray]],
    totals: Sequence[np.ndarray],
    params: BoilerplateParams | None = None,
) -> list[str]:
    """Each article's text without its boilerplate lines: ``strip_boilerplate`` itself, given the corpus'
    line frequencies (``totals``, for the keys this partition ``counted``) instead of its own."""
    known = np.concatenate([piece[0] for piece in counted]).tolist()
    frequency = dict(zip(known, np.concatenate(list(totals)).tolist(), strict=True))
    texts = [article.text for article in part["articles"]]
    return strip_boilerplate(texts, params or BoilerplateParams(), frequency=frequency)


def _place(
    part: dict[str, list[Any]],
    counted: list[tuple[np.ndarray, np.ndarray]],
    rows: np.ndarray,
    renamed: dict[int, str],
    partition_rows: int,
    parts: int,
    *totals: np.ndarray,
) -> list[tuple[np.ndarray, list[Article], list[str]]]:
    """A read partition's articles with their final ids and stripped texts, by signature partition."""
    texts = _strip_partition(part, counted, totals)
    articles = [
        replace(article, id=renamed[i]) if i in renamed else article
        for i, article in enumerate(part["articles"])
    ]
    pieces = []
    for d in _by_destination(rows // partition_rows, parts):
        chosen = d.tolist()
        pieces.append((rows[d], [articles[i] for i in chosen], [texts[i] for i in chosen]))
    return pieces


def _assemble(start: int, *pieces: tuple[np.ndarray, list[Article], list[str]]) -> dict[str, list[Any]]:
    """A signature partition: its consecutive rows' articles and stripped texts, in row order."""
    rows = np.concatenate([np.empty(0, dtype=np.int64), *(piece[0] for piece in pieces)])
    articles = [article for piece in pieces for article in piece[1]]
    texts = [text for piece in pieces for text in piece[2]]
    order = np.argsort(rows).tolist()
    if not np.array_equal(rows[order], np.arange(start, start + len(rows))):
        raise RuntimeError("signature partition: rows missing or repeated")
    return {"articles": [articles[i] for i in order], "texts": [texts[i] for i in order]}


def _articles_of(part: dict[str, list[Any]]) -> list[Article]:
    return part["articles"]


def _value(value: Any) -> Any:
    return value


def _sign_partition(part: dict[str, list[Any]], params: SignatureParams) -> dict[str, np.ndarray]:
    """The signature tables of consecutive rows (``pipeline.sign``'s arrays, without the cache)."""
    texts = part["texts"]
    normalized = [normalize(text) for text in texts]
    computed = [
        s
        for start in range(0, len(normalized), SIGN_BATCH)
        for s in signatures(normalized[start : start + SIGN_BATCH], params)
    ]
    return {
        "shingles": np.array([s.shingles for s in computed], dtype=np.uint32).reshape(len(texts), -1),
        "terms": np.array([s.terms for s in computed], dtype=np.uint32).reshape(len(texts), -1),
        "shingle_counts": np.array([s.shingle_count for s in computed], dtype=np.int64),
        "term_counts": np.array([s.term_count for s in computed], dtype=np.int64),
    }


def _band_pieces(
    sig: dict[str, np.ndarray],
    start: int,
    banding: Banding,
    table: str,
    parts: int,
    indexed: np.ndarray | None,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(bucket, key, row) triples of a partition's rows (those ``indexed``, if given), one piece per
    destination of the key shuffle.

    A bucket is one band of ``table``'s signature; its key decides the destination, so every member of a
    bucket reaches the same task."""
    rows = np.arange(start, start + len(sig["shingle_counts"]), dtype=np.int64)
    values = sig[table]
    if indexed is not None:
        chosen = indexed[rows]
        rows, values = rows[chosen], values[chosen]
    keyed = band_keys(values, banding)
    buckets = [np.full(len(rows), band, dtype=np.int32) for band in range(banding.bands)]
    bucket = np.concatenate(buckets)
    key = np.concatenate([keyed[:, band] for band in range(banding.bands)])
    row = np.tile(rows, banding.bands)
    destination = (key ^ (bucket.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))) % np.uint64(parts)
    destination = destination.astype(np.int64)
    return [(bucket[d], key[d], row[d]) for d in _by_destination(destination, parts)]


def _bucket_pairs(
    count: int, parts: int, *pieces: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> list[np.ndarray]:
    """Candidate pair codes (``i * count + j``) of whole buckets, one piece per destination of the
    distinct shuffle (by code)."""
    bucket = np.concatenate([p[0] for p in pieces])
    key = np.concatenate([p[1] for p in pieces])
    row = np.concatenate([p[2] for p in pieces])
    order = np.argsort(bucket, kind="stable")
    bucket, key, row = bucket[order], key[order], row[order]
    starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]]) if len(bucket) else np.empty(0, int)
    ends = np.r_[starts[1:], len(bucket)]
    found = [np.empty(0, dtype=np.int64)]
    for first, last in zip(starts.tolist(), ends.tolist(), strict=True):
        pairs = bucket_pairs(key[first:last], row[first:last])
        found.append(pairs[:, 0] * count + pairs[:, 1])
    codes = distinct(np.concatenate(found))
    return [codes[d] for d in _by_destination(codes % parts, parts)]


def _distinct_codes(count: int, rows: int, parts: int, *pieces: np.ndarray) -> list[np.ndarray]:
    """Distinct pair codes, one piece per signature partition holding the pair's first row."""
    codes = distinct(np.concatenate(pieces))
    return [codes[d] for d in _by_destination(codes // count // rows, parts)]


def _attach_left(
    sig: dict[str, np.ndarray], start: int, count: int, rows: int, parts: int, *pieces: np.ndarray
) -> list[dict[str, np.ndarray]]:
    """The pairs whose first row is here, routed by their second row, each piece with the signatures of
    the first rows it names (once per row, ``at`` says which): at most a partition's rows per piece, however
    many pairs name them."""
    codes = np.concatenate(pieces)
    left, right = codes // count, codes % count
    local = left - start
    routed = []
    for d in _by_destination(right // rows, parts):
        needed, at = np.unique(local[d], return_inverse=True)
        piece = {"left": left[d], "right": right[d], "at": at.reshape(-1)}
        routed.append(piece | {name: values[needed] for name, values in sig.items()})
    return routed


def _attach_right(
    sig: dict[str, np.ndarray],
    start: int,
    params: GroupingParams,
    known: dict[str, np.ndarray] | None,
    *pieces: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """The pairs whose second row is here, estimated (``estimated_similarity``) and kept when they could
    verify (``plausible_pairs``): global pairs and their strength. Pairs in ``known`` (this partition's
    plausible pairs of another index) are left out: the local engine takes the union of both indexes'."""
    # One table: each piece's first rows, then this partition's rows; pairs index into it.
    offsets = np.cumsum([0, *(len(p["shingle_counts"]) for p in pieces)])
    tables = {name: np.concatenate([*(p[name] for p in pieces), values]) for name, values in sig.items()}
    first = np.concatenate([p["at"] + offset for p, offset in zip(pieces, offsets, strict=False)])
    left = np.concatenate([p["left"] for p in pieces])
    right = np.concatenate([p["right"] for p in pieces])
    pairs = np.column_stack((first, offsets[-1] + right - start)).astype(np.int64)
    strength = estimated_similarity((tables["shingles"], tables["terms"]), pairs)
    copies = copy_plausible(pairs, strength, tables["shingle_counts"], params)
    rewrites = rewrite_plausible(pairs, strength, tables["term_counts"], params)
    keep = copies | rewrites  # plausible_pairs, with both masks kept for the stages after
    found = np.column_stack((left, right)).astype(np.int64)
    if known is not None and len(known["pairs"]):
        # a pair both indexes found has the same estimate in both, so it is plausible in both or neither
        width = int(max(found[:, 1].max(initial=0), known["pairs"][:, 1].max())) + 1
        seen = known["pairs"][:, 0] * width + known["pairs"][:, 1]
        keep &= ~np.isin(found[:, 0] * width + found[:, 1], seen)
    return {"pairs": found[keep], "strength": strength[keep], "copy": copies[keep], "rewrite": rewrites[keep]}


def _near_edges(part: dict[str, np.ndarray], near: float) -> dict[str, np.ndarray]:
    """The plausible pairs of near-duplicates by estimate (``near_components``' edges): as plausible pairs
    are a superset of them (containment is at least the Jaccard), none is missing here."""
    return {"pairs": part["pairs"][part["strength"][:, 0] >= near]}


def _term_counts(sig: dict[str, np.ndarray]) -> np.ndarray:
    return sig["term_counts"]


def _select(part: dict[str, np.ndarray], mask: str) -> dict[str, np.ndarray]:
    """The plausible pairs (and their strength) that could be copies (``copy``) or rewrites (``rewrite``)."""
    return {"pairs": part["pairs"][part[mask]], "strength": part["strength"][part[mask]]}


def _star_forest(*parts: Any) -> tuple[np.ndarray, np.ndarray]:
    """A star forest of the union of edge partitions or forests: (node, smallest node of its component).

    The input's connectivity is kept exactly, with at most one edge per node: merging forests level by
    level gives the components of all the edges without any task holding them all."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    edges = [
        part["pairs"] if isinstance(part, dict) else np.column_stack(part).astype(np.int64) for part in parts
    ]
    both = np.concatenate([e.reshape(-1, 2) for e in edges])
    if not len(both):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    nodes, local = np.unique(both, return_inverse=True)
    local = local.reshape(-1, 2)
    graph = coo_matrix(
        (np.ones(len(local), dtype=np.int8), (local[:, 0], local[:, 1])), shape=(len(nodes),) * 2
    )
    _, component = connected_components(graph, directed=False)
    root = np.full(component.max() + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(root, component, nodes)
    return nodes, root[component]


def _link_batches(label: np.ndarray) -> tuple[np.ndarray, list[list[int]]]:
    """Components packed into batches of about ``LINK_BATCH`` articles, in order of their smallest row:
    ``batch_of[row]`` (-1 for an article with no candidate) and each batch's rows in order."""
    count = len(label)
    members = np.bincount(label, minlength=count)
    roots = np.flatnonzero(members > 1)
    component_batch = np.full(count, -1, dtype=np.int64)
    number, load = -1, LINK_BATCH
    for root in roots.tolist():
        if load + members[root] > LINK_BATCH:
            number, load = number + 1, 0
        component_batch[root] = number
        load += members[root]
    batch_of = component_batch[label]
    order = np.argsort(batch_of, kind="stable")
    sizes = np.bincount(batch_of[batch_of >= 0], minlength=number + 1)
    held = order[len(order) - sizes.sum() :]
    bounds = np.r_[0, np.cumsum(sizes)]
    return batch_of, [held[bounds[b] : bounds[b + 1]].tolist() for b in range(number + 1)]


def _route_pairs(
    part: dict[str, np.ndarray], batch_of: np.ndarray, batches: int
) -> list[dict[str, np.ndarray]]:
    """A partition's pairs by link batch; a pair whose ends are linked in different batches (a rewrite
    candidate that did not verify between two groups) is dropped: no batch could link it."""
    destination = batch_of[part["pairs"][:, 0]]
    destination[destination != batch_of[part["pairs"][:, 1]]] = -1
    return [{k: v[d] for k, v in part.items()} for d in _by_destination(destination, batches)]


def _route_rows(
    sig: dict[str, np.ndarray], part: dict[str, list[Any]], start: int, batch_of: np.ndarray, batches: int
) -> list[dict[str, Any]]:
    """A partition's rows with their articles, texts and what linking needs of their signatures, by link
    batch."""
    rows = np.arange(start, start + len(sig["shingle_counts"]), dtype=np.int64)
    destination = batch_of[rows]
    kept = {"row": rows, "terms": sig["terms"], "term_counts": sig["term_counts"]}
    kept["shingle_counts"] = sig["shingle_counts"]
    pieces: list[dict[str, Any]] = []
    for d in _by_destination(destination, batches):
        chosen = d.tolist()
        piece: dict[str, Any] = {k: v[d] for k, v in kept.items()}
        piece["articles"] = [part["articles"][i] for i in chosen]
        piece["texts"] = [part["texts"][i] for i in chosen]
        pieces.append(piece)
    return pieces


def _sizes(part: Any) -> int:
    """Pairs in a partition (pair codes by destination, or plausible pairs)."""
    return len(part["pairs"]) if isinstance(part, dict) else sum(len(piece) for piece in part)


def _piece(pieces: list[Any], number: int) -> Any:
    return pieces[number]


def _batch_inputs(
    members: list[int], pair_pieces: list[dict[str, np.ndarray]], row_pieces: list[dict[str, Any]]
) -> tuple[list[Article], list[str], SignatureTables, np.ndarray, np.ndarray]:
    """A batch's articles, texts and signature columns in row order, and its pairs renumbered to match
    (rows renumbered in order, which keeps every tie-break)."""
    arrays = ("row", "terms", "term_counts", "shingle_counts")
    rows = {name: np.concatenate([p[name] for p in row_pieces]) for name in arrays}
    order = np.argsort(rows["row"])
    articles = [a for p in row_pieces for a in p["articles"]]
    texts = [t for p in row_pieces for t in p["texts"]]
    articles, texts = [articles[i] for i in order.tolist()], [texts[i] for i in order.tolist()]
    if not np.array_equal(rows["row"][order], members):
        raise RuntimeError("link batch: signature rows and members disagree")
    tables = SignatureTables(
        shingles=np.empty((len(members), 0), dtype=np.uint32),
        terms=rows["terms"][order],
        shingle_counts=rows["shingle_counts"][order],
        term_counts=rows["term_counts"][order],
    )
    pairs = np.concatenate([p["pairs"] for p in pair_pieces])
    strength = np.concatenate([p["strength"] for p in pair_pieces])
    local = np.searchsorted(np.asarray(members, dtype=np.int64), pairs)
    return articles, texts, tables, local, strength


RELATIONS: tuple[Relation, ...] = tuple(RELATION_RANK)  # type: ignore[arg-type]
"""Relations by number, for verdicts carried as arrays."""


def _copy_batch(
    members: list[int],
    options: ScanOptions,
    pair_pieces: list[dict[str, np.ndarray]],
    row_pieces: list[dict[str, Any]],
) -> dict[str, np.ndarray]:
    """``pipeline.link_copies`` on whole components of copy pairs: each member's row and the smallest row
    of its group of copies, and every verdict it made (global rows; relation -1 for none), so that the
    final link does not verify the same pairs again."""
    _, texts, tables, pairs, strength = _batch_inputs(members, pair_pieces, row_pieces)
    verifier, *_, copy_components = link_copies(texts, tables, pairs, strength, options)
    rows = np.asarray(members, dtype=np.int64)
    label = np.empty(len(rows), dtype=np.int64)
    for component in copy_components:
        label[component] = rows[component].min()
    found = verifier.results()
    verdicts = np.array([key for key, _ in found], dtype=np.int64).reshape(-1, 2)
    relation = [RELATIONS.index(result[0]) if result else -1 for _, result in found]
    return {
        "rows": rows,
        "label": label,
        "pairs": rows[verdicts],
        "relation": np.array(relation, dtype=np.int8),
        "score": np.array([result[1] if result else 0.0 for _, result in found], dtype=np.float64),
    }


def _copy_labels(linked: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return linked["rows"], linked["label"]


def _route_verdicts(
    linked: dict[str, np.ndarray], batch_of: np.ndarray, batches: int
) -> list[dict[str, np.ndarray]]:
    """A copy batch's verdicts by final link batch (both ends in it; a sample across two groups of copies
    that stayed apart may name two batches, and no batch will ask for it)."""
    names = ("pairs", "relation", "score")
    destination = batch_of[linked["pairs"][:, 0]]
    destination[destination != batch_of[linked["pairs"][:, 1]]] = -1
    return [{k: linked[k][d] for k in names} for d in _by_destination(destination, batches)]


def _link_batch(
    members: list[int],
    options: ScanOptions,
    pair_pieces: list[dict[str, np.ndarray]],
    row_pieces: list[dict[str, Any]],
    verdict_pieces: list[dict[str, np.ndarray]],
) -> list[Group]:
    """``pipeline.link`` on whole components of copies and verified rewrites, given the copy stage's
    verdicts on them."""
    articles, texts, tables, pairs, strength = _batch_inputs(members, pair_pieces, row_pieces)
    where = np.asarray(members, dtype=np.int64)
    known = [
        (i, j, (RELATIONS[relation], score) if relation >= 0 else None)
        for piece in verdict_pieces
        for (i, j), relation, score in zip(
            np.searchsorted(where, piece["pairs"]).tolist(),
            piece["relation"].tolist(),
            piece["score"].tolist(),
            strict=True,
        )
    ]
    return link(
        articles, texts, tables, pairs, strength, options, rewrites_verified_by=_verify_rewrites, known=known
    )


def _local_best(
    part: dict[str, np.ndarray], copy_label: np.ndarray, count: int, reducers: int
) -> list[dict[str, np.ndarray]]:
    """A partition's best rewrite-only pair per two groups of copies (``best_across_groups``), by reducer."""
    only = part["rewrite"] & ~part["copy"]
    pairs, strength = part["pairs"][only], part["strength"][only]
    best = best_across_groups(pairs, strength, copy_label, count)
    pairs, strength = pairs[best], strength[best]
    left, right = copy_label[pairs[:, 0]], copy_label[pairs[:, 1]]
    key = np.minimum(left, right) * count + np.maximum(left, right)
    return [{"pairs": pairs[d], "strength": strength[d]} for d in _by_destination(key % reducers, reducers)]


def _global_best(copy_label: np.ndarray, count: int, *pieces: dict[str, np.ndarray]) -> np.ndarray:
    """The best of the partitions' best pairs for each two groups of copies: ``representative_pairs``."""
    pairs = np.concatenate([np.empty((0, 2), dtype=np.int64), *(p["pairs"] for p in pieces)])
    strength = np.concatenate([np.empty((0, 2), dtype=np.float32), *(p["strength"] for p in pieces)])
    return pairs[best_across_groups(pairs, strength, copy_label, count)]


def _route_by_row(pairs: np.ndarray, column: int, rows: int, parts: int) -> list[np.ndarray]:
    """Pairs by the signature partition of their ``column``-th row."""
    return [pairs[d] for d in _by_destination(pairs[:, column] // rows, parts)]


def _attach_left_texts(
    part: dict[str, list[Any]], start: int, rows: int, parts: int, *pieces: np.ndarray
) -> list[tuple[np.ndarray, list[str]]]:
    """The chosen pairs whose first row is here, with that row's text, by their second row's partition."""
    pairs = np.concatenate([np.empty((0, 2), dtype=np.int64), *pieces])
    texts = part["texts"]
    return [
        (pairs[d], [texts[i - start] for i in pairs[d, 0].tolist()])
        for d in _by_destination(pairs[:, 1] // rows, parts)
    ]


def _verify_at_right(
    part: dict[str, list[Any]], start: int, options: ScanOptions, *pieces: tuple[np.ndarray, list[str]]
) -> dict[str, np.ndarray]:
    """The rewrite test (``pipeline.verify_chunk``) of the chosen pairs whose second row is here: the pairs
    that verified, as edges for the final components, and how many were tried."""
    texts: dict[int, str] = {}
    for pairs, left_texts in pieces:
        texts.update(zip(pairs[:, 0].tolist(), left_texts, strict=True))
        texts.update((j, part["texts"][j - start]) for j in pairs[:, 1].tolist())
    pairs = np.concatenate([np.empty((0, 2), dtype=np.int64), *(p[0] for p in pieces)])
    found = verify_chunk(pairs, texts, options.grouping, options.signature.shingle_size)
    linked = np.array([[i, j] for i, j, result in found if result is not None], dtype=np.int64)
    return {"pairs": linked.reshape(-1, 2), "tried": np.array([len(pairs)])}


def _verified_counts(part: dict[str, np.ndarray]) -> tuple[int, int]:
    return int(part["tried"][0]), len(part["pairs"])


def _singletons(
    part: dict[str, list[Any]], start: int, batch_of: np.ndarray, options: ScanOptions
) -> list[Group]:
    """The groups of one of a partition's articles that have no candidate (``build_groups``)."""
    alone = np.flatnonzero(batch_of[start : start + len(part["articles"])] < 0).tolist()
    chosen = [part["articles"][i] for i in alone]
    verifier = Verifier([part["texts"][i] for i in alone], options.grouping, options.signature.shingle_size)
    return build_groups(chosen, [[k] for k in range(len(chosen))], verifier, singletons=True)


def _verify_rewrites(
    pairs: np.ndarray, texts: Sequence[str], options: ScanOptions
) -> list[tuple[int, int, tuple[str, float] | None]]:
    """``pipeline.verify_rewrites`` for a link task: in the task for a few chunks, else fanned out to the
    cluster, each chunk with the texts it names."""
    if not len(pairs):
        return []
    ordered = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    chunks = [ordered[start : start + VERIFY_CHUNK] for start in range(0, len(ordered), VERIFY_CHUNK)]
    params, size = options.grouping, options.signature.shingle_size
    wanted = [{int(i): texts[i] for i in distinct(chunk)} for chunk in chunks]
    if len(chunks) < 2:
        return verify_chunk(chunks[0], wanted[0], params, size)
    from distributed import worker_client

    with worker_client() as client:
        futures = [
            client.submit(verify_chunk, chunk, chunk_texts, params, size, pure=False)
            for chunk, chunk_texts in zip(chunks, wanted, strict=True)
        ]
        return [found for part in client.gather(futures) for found in part]


def _by_destination(destination: np.ndarray, parts: int) -> list[np.ndarray]:
    """Indexes of the rows bound for each of ``parts`` destinations (order kept within each)."""
    order = np.argsort(destination, kind="stable")
    bounds = np.searchsorted(destination[order], np.arange(parts + 1))
    return [order[bounds[d] : bounds[d + 1]] for d in range(parts)]


def stderr_progress(stream: Any = None) -> Callable[[str, int, int | None], None]:
    """Progress on stderr for runs without a terminal: a line per stage when it ends, with its seconds."""
    import time

    out = stream or sys.stderr
    began: dict[str, float] = {}

    def show(stage: str, done: int, total: int | None) -> None:
        began.setdefault(stage, time.monotonic())
        if total and done == total:
            seconds = time.monotonic() - began[stage]
            print(f"dedupe: dask: {stage} {done}/{total} ({seconds:.1f} s)", file=out, flush=True)

    return show
