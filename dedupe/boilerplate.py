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
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
    stripping it at once gives (``dedupe.engines.dask`` sums the parts' counts on its workers)."""
    keyed = [
        [(line, folded, _key(folded)) for line in lines(text) for folded in (normalize(line),)]
        for text in texts
    ]
    if frequency is None:
        frequency = Counter(key for article in keyed for key in {k for _, _, k in article})
    stripped = []
    for text, article in zip(texts, keyed, strict=True):
        if not article:
            stripped.append(text)
            continue
        typical = statistics.median(frequency[key] for _, _, key in article)
        floor = max(params.min_articles, params.ratio * typical)
        kept = [
            line
            for line, folded, key in article
            if frequency[key] < floor and not (len(line) <= 240 and _furniture_shape(folded))
        ]
        stripped.append("\n".join(kept) if kept else text)
    return stripped
