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
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress

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
    return [line for line in map(str.strip, text.splitlines()) if line]


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
_STARTS_BY_FIRST = {
    first: tuple(start for start in _FURNITURE_STARTS if start[0] == first)
    for first in {start[0] for start in _FURNITURE_STARTS}
}
"""``_FURNITURE_STARTS`` by their first character: a line is tried against the few that begin as it does
(a ``startswith`` over all 26 was half the time of the first pass of ``strip_boilerplate``)."""


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
    keys = array("Q")
    shaped = bytearray()
    counts_of: list[int] = []
    for text in texts:
        stripped, folded = _folded(text)
        keys.extend([xxhash.xxh3_64_intdigest(line.encode("utf-8")) for line in folded])  # _key, inlined
        shaped.extend(
            [
                (line.startswith(_STARTS_BY_FIRST.get(line[:1], ())) or line.endswith(_RIGHTS_RESERVED))
                and len(raw) <= 240
                and _furniture_shape(line)
                for raw, line in zip(stripped, folded, strict=True)
            ]
        )
        counts_of.append(len(folded))
    counts = np.array(counts_of, dtype=np.int64)
    flat = np.frombuffer(keys, dtype=np.uint64) if keys else np.empty(0, dtype=np.uint64)
    owner = np.repeat(np.arange(len(counts)), counts)
    if frequency is None:
        times = _articles_per_key(flat, owner)
    else:
        times = np.fromiter((frequency[key] for key in flat.tolist()), dtype=np.int64, count=len(flat))
    kept = (times < _floors(times, owner, counts, params)[owner]) & ~np.frombuffer(shaped, dtype=bool)
    selected = kept.tolist()
    stripped_texts = []
    end = 0
    for text, count in zip(texts, counts_of, strict=True):
        start, end = end, end + count
        chosen = list(compress(lines(text), selected[start:end]))
        stripped_texts.append("\n".join(chosen) if chosen else text)
    return stripped_texts


def _folded(text: str) -> tuple[list[str], list[str]]:
    """``text``'s lines as ``lines`` gives them (lowered when ASCII, which keeps their lengths) and each
    one ``normalize``d.

    ASCII text is lowered once as a whole (which moves no character, line breaks included), and a line's
    whitespace is folded only when the text holds a run of it: inside an ASCII line, ``str.split`` finds
    only space, tab and U+001F, so without a double space, tab or U+001F a line is already folded. That is
    what ``normalize`` does to ASCII, line by line, in a third of the time.
    """
    if not text.isascii():
        stripped = lines(text)
        return stripped, [normalize(line) for line in stripped]
    stripped = lines(text.lower())
    if "  " in text or "\t" in text or "\x1f" in text:
        return stripped, [" ".join(line.split()) for line in stripped]
    return stripped, stripped


def _articles_per_key(flat: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """For each line (of ``flat`` keys, each in article ``owner``), the number of articles holding its key.

    One stable sort by key: ``owner`` never decreases, so within a key its articles stay in order and an
    article's repeats of a line are neighbours (a third of the time of sorting by article and key, then
    counting the distinct pairs by key, then looking each line's key up again).
    """
    order = np.argsort(flat, kind="stable")
    keys, owners = flat[order], owner[order]
    new_key = np.ones(len(keys), dtype=bool)
    new_key[1:] = keys[1:] != keys[:-1]
    new_article = new_key.copy()
    new_article[1:] |= owners[1:] != owners[:-1]
    group = np.cumsum(new_key) - 1
    times = np.empty(len(flat), dtype=np.int64)
    times[order] = np.bincount(group[new_article], minlength=int(new_key.sum()))[group]
    return times


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
