"""The aligned diff as JSON (``dedupe.diff/1``, DESIGN.md section 6) and as a readable text report.

The JSON is a plain dict with ordered keys and rounded scores, so the same input dumps to the same bytes.
The text report is safe to print on a terminal whatever the articles contain: every piece of article text
is stripped of control characters, escape sequences and bidi overrides before it is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from dedupe.aligner import provenance
from dedupe.model import Alignment, Article, Cell

__all__ = ["SCHEMA", "diff_to_json", "render_diff_text", "sanitize"]

SCHEMA = "dedupe.diff/1"


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {
        "status": cell.status,
        "text": cell.text,
        "score": round(cell.score, 4),
        "ops": [[op, text] for op, text in cell.ops],
        "claims": [{"kind": c.kind, "before": c.before, "after": c.after} for c in cell.claims],
        "cosmetic": cell.cosmetic,
        "sources": list(cell.sources),
    }


def diff_to_json(alignment: Alignment, articles: Sequence[Article]) -> dict[str, Any]:
    """The ``dedupe.diff/1`` document: base, versions, and per row the base sentence and a cell per version.

    Extra fields (documented in ``schema/diff.schema.json``): per cell ``cosmetic`` and ``sources`` (the
    version's sentence indexes), per row ``first_seen`` (the earliest article carrying the sentence).
    """
    first_seen = provenance(alignment, articles)
    rows = []
    for i, row in enumerate(alignment.rows):
        rows.append(
            {
                "base": None if row.base is None else {"index": row.base.index, "text": row.base.text},
                "cells": {vid: _cell_json(row.cells[vid]) for vid in alignment.versions if vid in row.cells},
                "first_seen": first_seen.get(i),
            }
        )
    return {"schema": SCHEMA, "base": alignment.base, "versions": list(alignment.versions), "rows": rows}


# --- text --------------------------------------------------------------------------------------------------

_UNSAFE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI sequences (colours, cursor moves)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC sequences (titles, hyperlinks)
    r"|\x1b[@-_]?"  # any other escape
    r"|[\x00-\x09\x0b-\x1f\x7f-\x9f]"  # C0 and C1 controls but newline
    r"|[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"  # bidi marks, embeddings, overrides, isolates
)


def sanitize(text: str) -> str:
    """Article text made safe for a terminal: no escape sequences, controls (but newline), bidi overrides."""
    return _UNSAFE.sub("", text)


_STYLES = {"-": "\x1b[31m", "+": "\x1b[32m", "claim": "\x1b[1;33m", "dim": "\x1b[2m", "head": "\x1b[1m"}
_RESET = "\x1b[0m"
_MARK = {
    "same": "=",
    "reworded": "~",
    "moved": ">",
    "split": "<",
    "merged": "^",
    "added": "+",
    "removed": "-",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color and text else text


def _ops_text(cell: Cell, color: bool) -> str:
    """Inline word changes: ``[-old-]{+new+}`` markers, coloured as well when asked."""
    parts = []
    for op, text in cell.ops:
        clean = sanitize(text)
        if op == "=":
            parts.append(clean)
        elif op == "-":
            parts.append(_paint(f"[-{clean}-]", "-", color))
        else:
            parts.append(_paint(f"{{+{clean}+}}", "+", color))
    return "".join(parts)


def _cell_lines(vid: str, cell: Cell, *, color: bool, show_cosmetic: bool) -> list[str]:
    name = sanitize(vid)
    mark = _MARK[cell.status]
    if cell.status == "same" and not (cell.cosmetic and show_cosmetic):
        return []
    label = f"  {mark} {name}: {cell.status}" + (" (cosmetic)" if cell.cosmetic else "")
    if cell.status == "removed":
        return [_paint(label, "-", color)]
    if cell.status == "merged" and not cell.text:
        return [f"{label} (into the sentence above)"]
    if cell.status == "added":
        return [_paint(f"{label}: {sanitize(cell.text)}", "+", color)]
    lines = [f"{label} ({cell.score:.2f}): {_ops_text(cell, color)}"]
    for claim in cell.claims:
        before, after = sanitize(claim.before) or "(none)", sanitize(claim.after) or "(none)"
        flag = f"    !! {claim.kind.upper()}: {before} -> {after}"
        lines.append(_paint(flag, "claim", color))
    return lines


def render_diff_text(
    alignment: Alignment, articles: Sequence[Article], *, color: bool, show_cosmetic: bool = False
) -> str:
    """A readable aligned report: each base sentence, then what each version did with it.

    Unchanged cells are left out (cosmetic ones too unless ``show_cosmetic``); claim flags are loud
    (``!! NUMBER: 12 dead -> 14 dead``); ``[-...-]`` and ``{+...+}`` mark word changes, so the report
    reads without colour. ANSI colour only when ``color`` is true.
    """
    first_seen = provenance(alignment, articles)
    out = [_paint(f"base: {sanitize(alignment.base)}", "head", color)]
    out.append("versions: " + ", ".join(sanitize(v) for v in alignment.versions))
    for i, row in enumerate(alignment.rows):
        out.append("")
        origin = f"  (first seen: {sanitize(first_seen[i])})" if i in first_seen else ""
        if row.base is None:
            out.append(_paint(f"[new]{origin}", "head", color))
        else:
            out.append(_paint(f"[{row.base.index}] ", "head", color) + sanitize(row.base.text) + origin)
        cells = [
            line
            for vid in alignment.versions
            if vid in row.cells
            for line in _cell_lines(vid, row.cells[vid], color=color, show_cosmetic=show_cosmetic)
        ]
        out += cells or [_paint("  = all versions the same", "dim", color)]
    return "\n".join(out) + "\n"
