"""What ``dedupe check`` and ``dedupe index query`` print: a short report per finding, or one JSON document.

JSON (``dedupe.duplicates/1``)::

    {"schema": "dedupe.duplicates/1", "checked": 5,
     "findings": [{"path", "id", "title", "relation", "score", "verified",
                   "duplicates": {"path", "id", "title", "source", "published"},
                   "shared": [{"text", "indexed"}]}],
     "errors": [{"path", "error"}]}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dedupe.errors import SourceError
from dedupe.store.lookup import Finding
from dedupe.text import normalize, printable

DUPLICATES_SCHEMA = "dedupe.duplicates/1"
SHOWN_PER_ARTICLE = 5
SENTENCE_WIDTH = 150

_MEANING = {
    "exact": "exact copy (the same text once normalised)",
    "near": "near copy (5-shingle Jaccard {score:.2f})",
    "contained": "trimmed or extended copy ({score:.0%} of the shorter text inside the longer)",
    "rewrite": "rewrite ({score:.0%} of the narrative sentences reworded)",
}


def _one_line(text: str, width: int) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(finding: Finding) -> str:
    """The relation and what its score measures, in words."""
    meaning = _MEANING[finding.relation].format(score=finding.score)
    if finding.verified:
        return meaning
    return f"{meaning}, estimated: {finding.existing.file} is not readable here as it was indexed"


def findings_text(findings: Sequence[Finding], checked: int, *, against: str, hint: str = "") -> str:
    """Per checked article: each indexed article it copies, how, and the sentences both tell."""
    if not findings:
        return ""
    lines: list[str] = []
    by_article: dict[str, list[Finding]] = {}
    for finding in findings:
        by_article.setdefault(finding.article.key, []).append(finding)
    for key, found in by_article.items():
        lines.append(f"{_one_line(key, 200)}: duplicates {_one_line(found[0].existing.key, 200)}")
        for number, finding in enumerate(found[:SHOWN_PER_ARTICLE]):
            if number:
                lines.append(f"  also duplicates {_one_line(finding.existing.key, 200)}")
            title = f" “{_one_line(finding.existing.title, 80)}”" if finding.existing.title else ""
            lines.append(f"    {describe(finding)}{title}")
            for text, indexed in finding.shared:
                if normalize(text) == normalize(indexed):
                    lines.append(f"    = {_one_line(text, SENTENCE_WIDTH)}")
                else:
                    lines.append(f"    ~ {_one_line(text, SENTENCE_WIDTH)}")
                    lines.append(f"      was: {_one_line(indexed, SENTENCE_WIDTH)}")
        if len(found) > SHOWN_PER_ARTICLE:
            rest = ", ".join(_one_line(f.existing.key, 80) for f in found[SHOWN_PER_ARTICLE:][:5])
            more = len(found) - SHOWN_PER_ARTICLE
            lines.append(f"  and {more} more: {rest}{', …' if more > 5 else ''}")
        lines.append("")
    lines.append(f"{len(by_article)} of {checked} checked articles copy {against} articles.")
    if hint:
        lines.append(hint)
    return "\n".join(lines) + "\n"


def findings_json(findings: Sequence[Finding], checked: int, errors: Sequence[SourceError]) -> dict[str, Any]:
    return {
        "schema": DUPLICATES_SCHEMA,
        "checked": checked,
        "findings": [
            {
                "path": f.article.key,
                "id": f.article.id,
                "title": f.article.title,
                "relation": f.relation,
                "score": f.score,
                "verified": f.verified,
                "duplicates": {
                    "path": f.existing.key,
                    "id": f.existing.id,
                    "title": f.existing.title,
                    "source": f.existing.source,
                    "published": f.existing.published,
                },
                "shared": [{"text": text, "indexed": indexed} for text, indexed in f.shared],
            }
            for f in findings
        ],
        "errors": [{"path": e.path, "error": e.reason} for e in errors],
    }
