"""Markdown inline markup (emphasis, code, links, images, autolinks, tags) removed in linear time.

The obvious regular expressions (``\\*\\*(.+?)\\*\\*``, ``\\[([^\\]]+)\\]\\(...\\)``) try every opening
delimiter against the rest of the line, so a line of unclosed openers (``**a **a **a ...``, ``[[[[...``) costs
time quadratic in its length: 20 KB of them took ten seconds. Here every delimiter position is found once
(one linear regex scan), and each opener is paired with the first closer after it by binary search, or by a
search whose result is remembered for the openers that follow. Cost: O(n log n) in the line's length.

The rules and their order are those of a CommonMark reading for prose: images go, links keep their text,
autolinks keep their address, inline HTML tags go, code spans, strong, emphasis and strikethrough keep their
content. A delimiter without a partner stays as it is (``2 * 3``, ``snake_case``).
"""

from __future__ import annotations

import re
from bisect import bisect_left


class _Finder:
    """``str.find`` over one line for openers met left to right: each stretch of the line is scanned once.

    The answer for a start ``s`` holds for every start up to the position found, and "none after ``s``" holds
    for every later start, so both are remembered per pattern.
    """

    def __init__(self, line: str) -> None:
        self.line = line
        self._last: dict[str, tuple[int, int]] = {}  # pattern -> (start asked, position found or -1)

    def find(self, pattern: re.Pattern[str], start: int) -> int:
        known = self._last.get(pattern.pattern)
        if known is not None and known[0] <= start and (known[1] == -1 or start <= known[1]):
            return known[1]
        found = pattern.search(self.line, start)
        position = found.start() if found else -1
        self._last[pattern.pattern] = (start, position)
        return position


_CLOSE_BRACKET = re.compile(r"\]")
_CLOSE_PAREN = re.compile(r"\)")
_AUTOLINK_END = re.compile(r"[>\s]")
_IMAGE_OR_LINK_START = re.compile(r"!?\[")
_AUTOLINK_START = re.compile(r"<(?:https?|mailto):")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")  # linear: [^<>]* stops at the next tag's '<'
_BACKTICKS = re.compile(r"`+")


def strip_inline_markup(line: str) -> str:
    """One Markdown line as prose (see the module docstring for what goes and what stays)."""
    if not any(mark in line for mark in "[<`*_~"):
        return line
    line = _links_and_images(line)
    line = _autolinks(line)
    line = _TAG.sub("", line)
    line = _code_spans(line)
    for opener, closer in _EMPHASIS:
        line = _pairs(line, opener, closer)
    return line


def _links_and_images(line: str) -> str:
    """``![alt](src)`` and ``![alt][ref]`` go (the suffix is optional); ``[text](href)`` / ``[text][ref]``
    keep ``text``. Images first, then links, as two passes over the line."""
    line = _bracketed(line, image=True)
    return _bracketed(line, image=False)


def _bracketed(line: str, image: bool) -> str:
    finder = _Finder(line)
    out: list[str] = []
    done = 0
    for start in _IMAGE_OR_LINK_START.finditer(line):
        position = start.start()
        is_image = start.group().startswith("!")
        if position < done or is_image != image:
            continue
        text_start = start.end()
        close = finder.find(_CLOSE_BRACKET, text_start)
        if close == -1:
            break  # no ']' after here: no later opener closes either
        end = _suffix_end(line, close + 1, finder)
        if image:
            end = close + 1 if end == -1 else end
            out.append(line[done:position])
        else:
            if end == -1 or close == text_start:  # a link needs text and a target
                continue
            out.append(line[done:position] + line[text_start:close])
        done = end
    out.append(line[done:])
    return "".join(out)


def _suffix_end(line: str, at: int, finder: _Finder) -> int:
    """The end of ``(target)`` or ``[ref]`` starting at ``at``, or -1 when there is none."""
    if line.startswith("(", at):
        close = finder.find(_CLOSE_PAREN, at + 1)
    elif line.startswith("[", at):
        close = finder.find(_CLOSE_BRACKET, at + 1)
    else:
        return -1
    return -1 if close == -1 else close + 1


def _autolinks(line: str) -> str:
    finder = _Finder(line)
    out: list[str] = []
    done = 0
    for start in _AUTOLINK_START.finditer(line):
        if start.start() < done:
            continue
        end = finder.find(_AUTOLINK_END, start.end())
        if end == -1:
            break
        if line[end] != ">" or end == start.end():
            continue
        out.append(line[done : start.start()] + line[start.start() + 1 : end])
        done = end + 1
    out.append(line[done:])
    return "".join(out)


def _code_spans(line: str) -> str:
    """A run of N backticks pairs with the next run of exactly N; the text between stays."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    out: list[str] = []
    done = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        partner = bisect_left(same, index + 1)
        if partner == len(same):
            index += 1
            continue
        close_start, close_end = runs[same[partner]]
        out.append(line[done:start] + line[end:close_start])
        done = close_end
        index = same[partner] + 1
    out.append(line[done:])
    return "".join(out)


# (opener, closer) patterns, each matching the delimiter itself; applied in this order.
_EMPHASIS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"(?=(\*\*|__)\S)"), re.compile(r"(?<=\S)(?=(\*\*|__))")),  # strong
    (re.compile(r"(?<![\w*])(?=(\*)\S)"), re.compile(r"(?<=\S)(?=(\*)(?![\w*]))")),  # emphasis
    (re.compile(r"(?<![\w_])(?=(_)\S)"), re.compile(r"(?<=\S)(?=(_)(?![\w_]))")),
    (re.compile(r"(?=(~~)\S)"), re.compile(r"(?<=\S)(?=(~~))")),  # strikethrough
)


def _pairs(line: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> str:
    """Each opener paired with the first closer of the same delimiter at least one character after it.

    Openers and closers are every position their (zero-width) patterns match, overlapping ones included, so
    the pairing is the one a lazy ``open(.+?)close`` regex substitution makes, without its quadratic failures.
    """
    closers: dict[str, list[int]] = {}
    for match in closer.finditer(line):
        closers.setdefault(match.group(1), []).append(match.start())
    if not closers:
        return line
    out: list[str] = []
    done = 0
    exhausted: set[str] = set()
    for match in opener.finditer(line):
        start, delimiter = match.start(), match.group(1)
        if start < done or delimiter in exhausted:
            continue
        positions = closers.get(delimiter, [])
        content = start + len(delimiter)
        found = bisect_left(positions, content + 1)
        if found == len(positions):
            exhausted.add(delimiter)  # a later opener of this delimiter has no closer either
            continue
        close = positions[found]
        out.append(line[done:start] + line[content:close])
        done = close + len(delimiter)
    out.append(line[done:])
    return "".join(out)
