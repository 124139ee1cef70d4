"""Alignments computed on demand and kept for the groups the editor opens.

Shared by the claim-count worker and the group screens, which run in threads: the lock guards the
cache, the alignment itself is a pure function, so two threads computing the same one is only wasted work.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from dedupe.model import Alignment, Article, Group

KEEP = 64
"""Alignments kept (least recently used go first): a day's desk opens far fewer groups than this."""


class Alignments:
    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles = {a.id: a for a in articles}
        self._cache: OrderedDict[tuple[str, str], Alignment] = OrderedDict()
        self._lock = threading.Lock()

    def members(self, group: Group) -> list[Article]:
        return [self.articles[m.id] for m in group.members]

    def kept(self, group: Group, base: str | None = None) -> Alignment | None:
        """The alignment ``get`` would return, if it is kept; never aligns."""
        with self._lock:
            return self._cache.get((group.id, base or group.base))

    def get(self, group: Group, base: str | None = None, *, keep: bool = True) -> Alignment:
        """The alignment of ``group`` against ``base`` (default: the group's base); blocks while aligning.

        ``keep=False`` (the claim counter's sweep over every group) does not crowd out what editors opened.
        """
        key = (group.id, base or group.base)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        from dedupe import align  # rapidfuzz and scipy load here, off the first screen's path

        alignment = align(self.members(group), key[1])
        if keep:
            with self._lock:
                self._cache[key] = alignment
                while len(self._cache) > KEEP:
                    self._cache.popitem(last=False)
        return alignment
