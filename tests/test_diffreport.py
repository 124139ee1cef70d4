"""Diff JSON against its published schema, byte-stable output, and a text report safe for terminals."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from dedupe.aligner import align
from dedupe.diffreport import diff_to_json, render_diff_text, sanitize
from dedupe.model import Article

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schema" / "diff.schema.json").read_text())

BASE = Article(
    "wire",
    "SPRINGFIELD (Wire) — The council approved the budget on Monday. It raises school spending by 4 percent. "
    "“This budget ignores our parks,” council member Ana Ortiz said. The mayor will sign it this week. "
    "Property taxes will stay the same.",
    published=datetime(2024, 3, 4, 9, tzinfo=UTC),
)
V1 = Article(
    "daily",
    "The council approved the budget on Monday. It raises school spending by 6 percent. "
    "“This budget ignores our libraries,” council member Ana Ortiz said. Property taxes will stay the same. "
    "The mayor will sign it this week. Teachers welcomed the plan.",
    published=datetime(2024, 3, 4, 12, tzinfo=UTC),
)
V2 = Article(
    "weekly",
    "The council approved the budget on monday. It raises school spending by 4 percent, officials said. "
    "The mayor will sign it this week.",
)
ARTICLES = [BASE, V1, V2]


def test_json_validates_and_has_the_stable_fields() -> None:
    doc = diff_to_json(align(ARTICLES), ARTICLES)
    jsonschema.validate(doc, SCHEMA)
    assert doc["schema"] == "dedupe.diff/1"
    assert (doc["base"], doc["versions"]) == ("wire", ["daily", "weekly"])
    statuses = {cell["status"] for row in doc["rows"] for cell in row["cells"].values()}
    assert {"same", "reworded", "moved", "added", "removed"} <= statuses
    flagged = [claim for row in doc["rows"] for cell in row["cells"].values() for claim in cell["claims"]]
    assert {"kind": "number", "before": "4 percent", "after": "6 percent"} in flagged
    assert {c["kind"] for c in flagged} >= {"number", "quote"}
    added = [row for row in doc["rows"] if row["base"] is None]
    assert [row["first_seen"] for row in added] == ["daily"]


def test_json_is_byte_stable() -> None:
    first = json.dumps(diff_to_json(align(ARTICLES), ARTICLES), ensure_ascii=False)
    again = json.dumps(diff_to_json(align(list(ARTICLES)), list(ARTICLES)), ensure_ascii=False)
    assert first == again


def test_schema_rejects_a_wrong_status() -> None:
    doc = diff_to_json(align(ARTICLES), ARTICLES)
    doc["rows"][0]["cells"]["daily"]["status"] = "changed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def test_text_report_reads_without_colour() -> None:
    text = render_diff_text(align(ARTICLES), ARTICLES, color=False)
    assert "\x1b" not in text
    assert "!! NUMBER: 4 percent -> 6 percent" in text
    assert "[-4-]{+6+}" in text
    assert "+ daily: added: Teachers welcomed the plan." in text
    assert "- weekly: removed" in text
    assert "(cosmetic)" not in text
    assert "(cosmetic)" in render_diff_text(align(ARTICLES), ARTICLES, color=False, show_cosmetic=True)


def test_colour_only_when_asked() -> None:
    text = render_diff_text(align(ARTICLES), ARTICLES, color=True)
    assert "\x1b[31m" in text and "\x1b[1;33m" in text


HOSTILE = (
    "The council met.\x1b]0;pwned\x07 It voted \x1b[2J\x1b[31mno\x1b[0m on the budget.\x07 "
    "Evil \u202eeman\u202c here.\x9b31m Done\x00."
)


def test_text_never_carries_escapes_from_articles() -> None:
    articles = [Article("a\x1b[5m", "The council met. It voted yes on the budget."), Article("b", HOSTILE)]
    for color in (False, True):
        text = render_diff_text(align(articles), articles, color=color)
        stripped = text.replace("\x1b[31m", "").replace("\x1b[32m", "").replace("\x1b[1;33m", "")
        stripped = stripped.replace("\x1b[2m", "").replace("\x1b[1m", "").replace("\x1b[0m", "")
        assert "\x1b" not in stripped
        assert not any(ch in stripped for ch in "\x00\x07\x9b\u202e\u202c")
        assert "pwned" not in text


def test_sanitize_keeps_newlines_and_text() -> None:
    assert sanitize("a\nb\tc\x1b[1mD\u202eE") == "a\nbcDE"
