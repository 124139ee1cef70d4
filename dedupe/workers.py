"""Worker processes that Ctrl-C stops: the one way the library starts a process pool.

A terminal's Ctrl-C sends SIGINT to every process of the group. With a bare ``ProcessPoolExecutor`` the
workers die of ``KeyboardInterrupt`` in the middle of the queue's protocol, and the pool's shutdown can then
wait forever for a worker that will never answer: ``dedupe group -j 2`` interrupted while reading hung for
half an hour. Here the workers ignore SIGINT (the main process alone decides), and leaving the block by an
exception cancels the queued work: the workers finish the batch each holds (a fraction of a second) and
stop, and the main process prints its one line and exits 130. (Terminating them instead can cut a result
in half in the pipe, where the pool's own thread then waits for the rest forever.)
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@contextmanager
def process_pool(
    jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A ``ProcessPoolExecutor`` of ``jobs`` workers, each started by ``initializer(*initargs)``."""
    from concurrent.futures import ProcessPoolExecutor  # ~40 ms to import: only when a pool is started

    # A Ctrl-C between a worker's birth and its ``_start`` would still kill it mid-protocol, so SIGINT is
    # blocked while the workers are forked (they are all forked by the first submit under the fork
    # start method) and they inherit the block; ``_start`` ignores SIGINT, then unblocks it. The main
    # process gets its deferred Ctrl-C as soon as the workers exist.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pool = None
    try:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start, initargs=(initializer, initargs))
        pool.submit(_nothing)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a deferred Ctrl-C arrives here: inside the try
        yield pool
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # what a worker holds ends; nothing more starts
        raise
    pool.shutdown(wait=True)


def _nothing() -> None:
    return None


def _start(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True, name="dedupe-orphan-watch").start()
    if initializer is not None:
        initializer(*initargs)


ORPHAN_CHECK_SECONDS = 1.0


def _end_with(parent: int) -> None:
    """End this worker once its parent is gone. A parent killed outright (a second Ctrl-C while Python
    exits, ``kill -9``) cannot stop its workers, and a forked worker holds both ends of its task pipe, so
    it would wait for work forever: one such worker was found idle 40 minutes after its run."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(0)
