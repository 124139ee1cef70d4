"""Fuzz the input parsers (``dedupe.sources.parse_bytes``, every format and the sniffer) with hypothesis.

Run by hand, for as long as you like (``nice`` it on a shared machine):

    nice -n 10 python bench/fuzz_sources.py --minutes 12 [--findings fuzz-findings.txt] [--seed N]

Inputs come from five generators: raw bytes; Unicode text (controls, bidi, escapes, lone surrogates in JSON
escapes); the fixtures of ``tests/data`` and ``tests/hostile`` cut, spliced, repeated and sprinkled with each
format's syntax; whole documents built per format (ninjs and generic JSON records, JSON Lines, NewsML-G2,
HTML, Markdown with YAML front matter) with hostile values; and one syntax fragment repeated thousands of
times inside a format's skeleton, which is where super-linear parsing shows. Each input must satisfy:

- ``parse_bytes`` returns articles and errors and never raises; no error says a parser crashed
  (``cannot read (SomeError: ...)``); every reason is one printable line;
- an article's text is stripped and holds no control character but newline and tab, no escape sequence
  and no lone surrogate; title, source and id are one line; every field encodes as UTF-8 and ``meta``
  dumps as JSON; ``printable`` of the text holds no Cc/Cf character but newline and tab;
- ``normalize`` is idempotent on the text (a fold that needs two passes is an evasion);
- parsing takes at most ``--budget`` seconds (default 1.0) per 8 KB of input (inputs are at most ~60 KB):
  a linear allowance far below every parser's speed, so a slower input is a super-linear path.

Each round is one hypothesis run of ``--examples`` inputs with a fresh seed; a failing input is shrunk,
written to the findings file with the check it broke, and the run goes on. The summary gives the time, the
number of inputs and the findings. Findings become regression tests in ``tests/test_hostile.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dedupe.errors import SourceError  # noqa: E402
from dedupe.model import Article  # noqa: E402
from dedupe.sources import parse_bytes  # noqa: E402
from dedupe.text import normalize, printable  # noqa: E402

FORMATS = [None, "text", "markdown", "json", "jsonl", "newsml", "html"]
SEED_FILES = sorted(
    path
    for folder in (
        REPO / "tests" / "data" / "formats",
        REPO / "tests" / "data" / "bad",
        REPO / "tests" / "hostile",
    )
    if folder.is_dir()
    for path in folder.iterdir()
    if path.is_file() and path.stat().st_size < 100_000
)
SYNTAX = [
    "<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<!DOCTYPE x [", "<!ENTITY e 'x'>", "&e;",
    "&amp;", "&#0;", "&#x110000;", "<p>", "</p>", "<a href='", "<script>", "</script>", "<div hidden>",
    '<span style="display:none">', "<br>", "<newsItem guid='g'>", "<inlineXML>", "</inlineXML>",
    "{", "}", "[", "]", '"', ":", ",", "\\", "\\u", "\\ud800", "null", "true", "1e999", "-0",
    "---\n", "...\n", "\n", "\r", "\r\n", "\t", " ", "*", "**", "_", "__", "~~", "`", "```", "![", "](", ")",
    "[", "]:", "#", "> ", "- ", "1. ", "&", "!", "&a [1]", "*a", "? ", "key: ", "- [", "{a: ",
    "!!python/object ",
    "\x1b[31m", "\x1b]0;title\x07", "\x1b", "\u202e", "\u200b", "\ufeff", "\x00", "\x85", "\u2028", "\u2029",
    "\uff21", "\u0430", "\u0391", "\U0001f600", "\udcff",
]  # fmt: skip
FIELDS = [
    "id", "uri", "guid", "title", "headline", "headlines", "text", "body", "body_text", "body_html",
    "bodies", "content", "source", "copyrightholder", "infosources", "provider", "by", "byline",
    "versioncreated", "versionCreated", "firstcreated", "published", "date", "updates", "language", "value",
    "role", "contenttype", "contentType", "name", "literal",
]  # fmt: skip

hostile_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            ["\x1b", "[", "]", "\u202e", "\u200b", "\x00", "\x07", "\n", "\r", " ", "<", ">", "&"]
        ),
    ),
    max_size=120,
)
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        hostile_text,
        st.sampled_from(["2024-03-05T10:00:00Z", "2024-13-45", "Tue, 05 Mar 2024", "yesterday", "<p>x</p>"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS) | hostile_text, inner, max_size=5),
    ),
    max_leaves=20,
)


def _json_document(records: list[object], lines: bool) -> bytes:
    text = (
        "\n".join(json.dumps(r) for r in records)
        if lines
        else json.dumps(records[0] if len(records) == 1 else records)
    )
    return text.encode("utf-8", "surrogatepass")


@st.composite
def json_inputs(draw: st.DrawFn) -> tuple[bytes, str | None]:
    records = draw(
        st.lists(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8), min_size=1, max_size=4)
    )
    lines = draw(st.booleans())
    data = _json_document(records, lines)
    if draw(st.booleans()):  # lone surrogates and other escapes JSON allows but UTF-8 does not
        data = data.replace(b"a", b"\\ud800", draw(st.integers(0, 3)))
    return data, draw(st.sampled_from(["jsonl" if lines else "json", None]))


@st.composite
def markup_inputs(draw: st.DrawFn) -> tuple[bytes, str | None]:
    parts = draw(st.lists(st.one_of(st.sampled_from(SYNTAX), hostile_text), max_size=30))
    inner = "".join(parts)
    kind = draw(st.sampled_from(["newsml", "html", "markdown"]))
    if kind == "newsml":
        doc = (
            '<?xml version="1.0"?>\n<newsItem guid="urn:x" xmlns="http://iptc.org/std/nar/2006-10-01/">'
            f"<itemMeta><versionCreated>{draw(hostile_text)}</versionCreated></itemMeta>"
            f"<contentMeta><headline>{draw(hostile_text)}</headline></contentMeta>"
            f"<contentSet><inlineXML><p>{inner}</p></inlineXML></contentSet></newsItem>"
        )
    elif kind == "html":
        title = draw(hostile_text)
        doc = (
            f"<html><head><title>{title}</title></head><body><article><p>{inner}</p></article></body></html>"
        )
    else:
        front = "\n".join(
            f"{k}: {v}"
            for k, v in draw(st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=4)).items()
        )
        doc = f"---\n{front}\n---\n# {draw(hostile_text)}\n\n{inner}\n"
    return doc.encode("utf-8", "surrogatepass"), draw(st.sampled_from([kind, None]))


@st.composite
def mutated_seeds(draw: st.DrawFn) -> tuple[bytes, str | None]:
    data = (
        bytearray(SEED_FILES[draw(st.integers(0, len(SEED_FILES) - 1))].read_bytes())
        if SEED_FILES
        else bytearray()
    )
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["cut", "insert", "flip", "repeat", "splice"]))
        at = draw(st.integers(0, len(data)))
        if op == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(SYNTAX)).encode("utf-8", "surrogatepass")
        elif op == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "repeat":
            data[at:at] = bytes(data[at : at + draw(st.integers(1, 16))]) * draw(st.integers(2, 200))
        elif op == "splice":
            data[at:] = data[draw(st.integers(0, len(data))) :]
    return bytes(data), draw(st.sampled_from(FORMATS))


@st.composite
def repeated_fragments(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """One fragment thousands of times inside a skeleton: the shape that exposes super-linear parsing."""
    fragment = "".join(draw(st.lists(st.sampled_from([*SYNTAX, "a", " ", "x y"]), min_size=1, max_size=4)))
    body = fragment * draw(st.integers(100, max(100, 40_000 // len(fragment))))
    fmt = draw(st.sampled_from(FORMATS))
    skeleton = {
        "json": '{"title": "t", "body_html": %s}',
        "jsonl": '{"text": %s}\n{"text": "second"}\n',
        "newsml": '<newsItem guid="g"><contentSet><inlineXML><p>%s</p></inlineXML></contentSet></newsItem>',
        "html": "<html><body><article><p>%s</p></article></body></html>",
        "markdown": "---\ntitle: t\n---\n# t\n\n%s\n",
    }.get(fmt or "", "Title\n\n%s\n")
    value = json.dumps(body) if fmt in ("json", "jsonl") else body
    return (skeleton % value).encode("utf-8", "surrogatepass"), fmt


inputs = st.one_of(
    st.tuples(st.binary(max_size=2000), st.sampled_from(FORMATS)),
    st.tuples(hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")), st.sampled_from(FORMATS)),
    mutated_seeds(),
    json_inputs(),
    markup_inputs(),
    repeated_fragments(),
)

_VISIBLE_CONTROLS = "\n\t"
BUDGET_BYTES = 8_000
"""``--budget`` seconds are allowed per this many bytes of input: a linear allowance (125 KB/s with the
default budget, far below every parser's real speed), so only a super-linear path runs over it."""


def _one_line(value: str, what: str) -> None:
    assert "\n" not in value and "\r" not in value, f"{what} spans lines: {value[:80]!r}"


def _no_controls(value: str, what: str) -> None:
    bad = [ch for ch in value if unicodedata.category(ch) in ("Cc", "Cs") and ch not in _VISIBLE_CONTROLS]
    assert not bad, f"{what} holds control characters or lone surrogates {sorted(set(bad))[:5]!r}"


def check(data: bytes, fmt: str | None, budget: float) -> None:
    """Every property the module docstring lists, for one input."""
    started = time.perf_counter()
    items = list(parse_bytes(data, "fuzz", fmt))  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    allowed = budget * max(1.0, len(data) / BUDGET_BYTES)
    assert elapsed <= allowed, f"parsing {len(data):,} bytes as {fmt} took {elapsed:.2f}s"
    assert items, "no article and no error"
    for item in items:
        if isinstance(item, SourceError):
            assert item.reason, "an empty reason"
            assert not item.reason.startswith("cannot read ("), f"a parser crashed: {item.reason}"
            _one_line(item.reason, "a reason")
            assert printable(item.reason) == item.reason, f"a reason with escapes: {item.reason!r}"
            continue
        assert isinstance(item, Article)
        assert item.text and item.text == item.text.strip(), "text empty or not stripped"
        _no_controls(item.text, "text")
        for name in ("title", "source", "id"):
            value = getattr(item, name)
            _one_line(value, name)
            _no_controls(value, name)
        for value in (item.text, item.title, item.source, item.id, item.path):
            value.encode("utf-8")
        json.dumps(dict(item.meta), ensure_ascii=False, allow_nan=False).encode("utf-8")
        assert item.published is None or item.published.tzinfo is not None
        shown = printable(item.text)
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" for ch in shown)
        once = normalize(item.text)
        assert normalize(once) == once, f"normalize is not idempotent on {item.text[:60]!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--examples", type=int, default=500, help="inputs per hypothesis round")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds allowed per 8 KB of input")
    parser.add_argument("--findings", type=Path, default=Path("fuzz-findings.txt"))
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    import trafilatura  # noqa: F401  (imported by the first page parsed: not a parser's time)

    counted = {"inputs": 0}
    findings: dict[str, str] = {}
    stop = time.monotonic() + args.minutes * 60

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
        report_multiple_bugs=False,
    )
    @given(case=inputs)
    def round_(case: tuple[bytes, str | None]) -> None:
        counted["inputs"] += 1
        check(case[0], case[1], args.budget)

    rounds = 0
    started = time.monotonic()
    while time.monotonic() < stop:
        rounds += 1
        seeded = round_
        seeded._hypothesis_internal_use_seed = rng.getrandbits(64)  # type: ignore[attr-defined]
        try:
            seeded()
        except Exception as failure:  # a finding: hypothesis has shrunk it; note it and carry on
            message = str(failure).strip().split("\n")[0][:200] or type(failure).__name__
            key = f"{type(failure).__name__}: {message}"
            if key not in findings:
                notes = "\n".join(getattr(failure, "__notes__", []))
                findings[key] = f"{key}\n{notes}\n" + "".join(traceback.format_exception(failure))[-3000:]
                print(f"finding {len(findings)}: {key}\n{notes}", file=sys.stderr, flush=True)
                args.findings.write_text("\n\n".join(findings.values()) + "\n")
        print(
            f"round {rounds}: {counted['inputs']:,} inputs, {len(findings)} findings, "
            f"{time.monotonic() - started:,.0f}s",
            file=sys.stderr,
            flush=True,
        )
    elapsed = time.monotonic() - started
    summary = (
        f"{elapsed / 60:.1f} minutes, {rounds} rounds, {counted['inputs']:,} inputs, {len(findings)} findings"
    )
    args.findings.write_text(summary + "\n\n" + "\n\n".join(findings.values()) + "\n")
    print(summary)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
