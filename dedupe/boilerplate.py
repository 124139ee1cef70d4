"""Page furniture and boilerplate: learnt from what recurs across a corpus, then left out of matching.

Newsletter blurbs, "Advertisement", share buttons, copyright footers and edition notes must neither make
two different stories look alike nor hide a copy. Like passim's filter, the evidence is document
frequency: a line (paragraph) that appears in far more articles than the rest of its article's lines is
furniture, not story. A wire story copied 20 times has every line at frequency ~20, so its own lines are
never mistaken for furniture; a footer in 200 articles is. A few universal furniture lines are also
known by their shape, so a corpus too small to learn from is still cleaned.

Cost: one hash per line, one counting pass; O(total lines).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

from dedupe.text import normalize

_FURNITURE = re.compile(
    r"""^(
        advertisement | advertising | sponsored(\ content)? | ad
      | (share|tweet|email|print|save|copy\ link)(\ (this|the))?(\ (article|story|page|link))?
      | (share|follow\ us)\ on\ .{1,40}
      | (sign\ up|subscribe)\b.{0,120}(newsletter|inbox|updates|email).{0,80}
      | this\ (story|article)\ (is|was)\ (from|published\ in|part\ of)\ .{1,80}
      | (image|photo|picture|video)(\ (caption|credit))?\s*[:|].{0,200}
      | (read\ more|related(\ (stories|articles|coverage))?|recommended|most\ read|more\ on\ this\ story)
        (\s*:.{0,80})?
      | (©|\(c\)|copyright)\s*(\d{4}).{0,120}
      | click\ here\b.{0,120}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class BoilerplateParams:
    min_articles: int = 3
    """A line must appear in at least this many articles to be learnt as boilerplate."""
    ratio: float = 3.0
    """...and in at least this many times more articles than its article's median line."""


def lines(text: str) -> list[str]:
    return [line for line in (raw.strip() for raw in text.splitlines()) if line]


_RIGHTS_RESERVED = ("all rights reserved", "all rights reserved.")
"""Furniture by its end: a leading ``.{0,120}`` in ``_FURNITURE`` would cost every line a backtrack."""


def line_key(line: str) -> int:
    return _key(normalize(line))


def _key(normalized: str) -> int:
    return xxhash.xxh3_64_intdigest(normalized.encode("utf-8"))


def is_furniture(line: str) -> bool:
    """A line whose shape alone says it is page furniture (short, and of a known kind)."""
    return len(line) <= 240 and _furniture_shape(normalize(line))


_FURNITURE_STARTS = (
    *("ad", "sponsored", "share", "tweet", "email", "print", "save", "copy link", "follow us", "sign up"),
    *("subscribe", "this story", "this article", "image", "photo", "picture", "video", "read more"),
    *("related", "recommended", "most read", "more on this story", "©", "(c)", "copyright", "click here"),
)
"""How every ``_FURNITURE`` alternative begins: most lines are ruled out by one ``startswith``."""


def _furniture_shape(normalized: str) -> bool:
    for ending in _RIGHTS_RESERVED:
        if normalized.endswith(ending) and len(normalized) - len(ending) <= 120:
            return True
    return normalized.startswith(_FURNITURE_STARTS) and bool(_FURNITURE.match(normalized))


def strip_boilerplate(
    texts: Sequence[str],
    params: BoilerplateParams = BoilerplateParams(),
    frequency: Mapping[int, int] | None = None,
) -> list[str]:
    """Each text without its boilerplate lines (a text that is nothing but boilerplate is kept whole).

    ``frequency`` (articles per ``line_key``, for every line of ``texts``) replaces the counts over
    ``texts`` themselves: a corpus stripped part by part with the whole corpus' counts gives what
    stripping it at once gives (``dedupe.engines.dask`` sums the parts' counts on its workers).

    Lines are kept as 8-byte keys and a furniture flag between the two passes, not as strings: on Reuters 5x
    (95k articles, 108 MB of process before the call) the peak was 535 MB holding every line's text and
    normalised text, and 269 MB this way.
    """
    keys: list[np.ndarray] = []
    shaped: list[np.ndarray] = []
    for text in texts:
        profile = [
            (_key(folded), len(line) <= 240 and _furniture_shape(folded)) for line, folded in _folded(text)
        ]
        keys.append(np.fromiter((key for key, _ in profile), dtype=np.uint64, count=len(profile)))
        shaped.append(np.fromiter((shape for _, shape in profile), dtype=bool, count=len(profile)))
    counts = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    flat = np.concatenate([np.empty(0, dtype=np.uint64), *keys])
    owner = np.repeat(np.arange(len(keys)), counts)
    if frequency is None:
        times = _articles_per_key(flat, owner)
    else:
        times = np.fromiter((frequency[key] for key in flat.tolist()), dtype=np.int64, count=len(flat))
    kept = (times < _floors(times, owner, counts, params)[owner]) & ~np.concatenate(
        [np.empty(0, bool), *shaped]
    )
    stripped = []
    end = 0
    for text, count in zip(texts, counts.tolist(), strict=True):
        start, end = end, end + count
        chosen = [line for line, keep in zip(lines(text), kept[start:end].tolist(), strict=True) if keep]
        stripped.append("\n".join(chosen) if chosen else text)
    return stripped


def _folded(text: str) -> list[tuple[str, str]]:
    return [(line, normalize(line)) for line in lines(text)]


def _articles_per_key(flat: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """For each line (of ``flat`` keys, each in article ``owner``), the number of articles holding its key."""
    order = np.lexsort((flat, owner))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (flat[order][1:] != flat[order][:-1]) | (owner[order][1:] != owner[order][:-1])
    distinct, times = np.unique(flat[order][first], return_counts=True)
    return times[np.searchsorted(distinct, flat)] if len(flat) else np.empty(0, dtype=np.int64)


def _floors(
    times: np.ndarray, owner: np.ndarray, counts: np.ndarray, params: BoilerplateParams
) -> np.ndarray:
    """Per article: how many articles a line must be in to be boilerplate there (``ratio`` times the
    median of its lines' counts, and at least ``min_articles``); the median as ``statistics.median``."""
    ranked = times[np.lexsort((times, owner))].astype(np.float64)
    starts = np.cumsum(counts) - counts
    low = np.minimum(starts + (counts - 1) // 2, max(len(ranked) - 1, 0))
    high = np.minimum(starts + counts // 2, max(len(ranked) - 1, 0))
    median = (ranked[low] + ranked[high]) / 2 if len(ranked) else np.zeros(len(counts))
    return np.maximum(params.min_articles, params.ratio * median)
