"""Bytes to clean text: the checks and clean-up every reader shares.

Readers raise ``Unreadable(reason)`` from these pure helpers; the dispatcher adds the path and turns it into a
``SourceError``, so a helper never needs to know where its input came from.
"""

from __future__ import annotations

import codecs
import re

BINARY_SAMPLE_BYTES = 8192
BINARY_CONTROL_SHARE = 0.3
"""A sample with more than this share of control bytes is binary, not text with a stray escape."""

_BINARY_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in b"\t\n\r\f\x1b")
"""Control bytes that text does not carry (tab, line breaks, form feed and ESC it may)."""
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters except tab, newline and carriage return (a line break to normalise)."""
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
_TO_FOLD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""Every character ``without_controls`` or the line-break folding of ``clean_text`` changes: C0 and C1
controls (ESC, which starts every ANSI escape, and carriage return among them), U+2028, U+2029, lone
surrogates. A text without any is left as it is by both."""
_ASCII_TO_FOLD = bytes([*range(0x20), 0x7F]).translate(None, b"\t\n")
"""``_TO_FOLD`` within ASCII, for a test about four times faster than the regex on ASCII text."""


class Unreadable(ValueError):
    """An input (or one record of it) that cannot become an article; ``reason`` is one line for a human."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_readable(data: bytes) -> None:
    """Refuse empty and binary input before any format looks at it."""
    if not data:
        raise Unreadable("empty file")
    if data.startswith(_UTF16_BOMS):
        return
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise Unreadable("empty file (only whitespace)")
    sample = data[:BINARY_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROL_BYTES))
    if b"\x00" in sample or controls > BINARY_CONTROL_SHARE * len(sample):
        raise Unreadable("binary file")


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), or UTF-16 when a BOM says so; other bytes are an error naming the offset."""
    if data.startswith(_UTF16_BOMS):
        return _decode(data, "utf-16", "UTF-16", skipped=0)
    body = data.removeprefix(codecs.BOM_UTF8)
    return _decode(body, "utf-8", "UTF-8", skipped=len(data) - len(body))


def _decode(data: bytes, codec: str, label: str, skipped: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        offset = err.start + skipped
        raise Unreadable(f"not {label} text (byte 0x{data[err.start]:02x} at offset {offset})") from None


def without_controls(text: str) -> str:
    """``text`` without ANSI escape sequences (whole), C0/C1 control characters (but tab, newline and carriage
    return) and lone surrogates (JSON's ``"\\ud800"``, which no output encoding accepts) as U+FFFD."""
    if not _needs_folding(text):  # the usual case: three regex passes saved
        return text
    text = _CONTROL.sub("", _ANSI_ESCAPE.sub("", text))
    return _LONE_SURROGATE.sub("\ufffd", text)


def clean_text(text: str) -> str:
    """Lines stripped, paragraphs one blank line apart, no control characters (ANSI escapes go whole).

    Each step runs only when a quick test shows it would change something (most text has no control
    character, carriage return or run of blank lines): reading spends most of its time here.
    """
    if _needs_folding(text):
        text = without_controls(text)
        text = (
            text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
        )
    lines = "\n".join(map(str.strip, text.split("\n")))
    if "\n\n\n" in lines:
        lines = _BLANK_LINE_RUNS.sub("\n\n", lines)
    return lines.strip()


def _needs_folding(text: str) -> bool:
    """Whether ``text`` holds a character of ``_TO_FOLD``."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_TO_FOLD)) != len(data)
    return _TO_FOLD.search(text) is not None


def clean_line(text: str) -> str:
    """``clean_text`` folded onto one line, for titles, sources and other single values (whitespace runs,
    as ``str.split`` finds them, become one space)."""
    return " ".join(clean_text(text).split())


def without_leading_title(text: str, title: str) -> str:
    """The text without a first line that repeats the title (a page's ``<h1>``, a Markdown ``# heading``).

    The title is never part of an article's text, so a copy that drops or changes the headline still compares
    equal on its text.
    """
    first, _, rest = text.partition("\n")
    return rest.strip() if title and first.casefold() == title.casefold() else text
