"""``e`` on the group screen: the group's aligned diff as ``dedupe.diff/1`` JSON, in the current folder."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from dedupe.diffreport import diff_to_json
from dedupe.model import Alignment, Article

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def export_path(group_id: str, base: str, folder: Path) -> Path:
    """``<group>-diff.json``, or ``<group>-<base>-diff.json`` once the editor chose another base."""
    stem = group_id if not base else f"{group_id}-{base}"
    return folder / f"{_UNSAFE_NAME.sub('_', stem).strip('._') or 'group'}-diff.json"


def export_diff(
    alignment: Alignment, articles: Mapping[str, Article], group_id: str, folder: Path, *, rebased: bool
) -> Path:
    path = export_path(group_id, alignment.base if rebased else "", folder)
    members = [articles[alignment.base], *(articles[v] for v in alignment.versions)]
    document = diff_to_json(alignment, members)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
