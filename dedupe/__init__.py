"""dedupe: group near-duplicate news articles across sources and show what each version changed.

Library first: ``scan`` groups articles found under paths; the CLI (``dedupe``) and the TUI are faces
over the same calls. Heavier parts are imported on first use, so ``import dedupe`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "align": "dedupe.aligner",
    "compare_sentences": "dedupe.aligner",
    "scan": "dedupe.pipeline",
    "ScanOptions": "dedupe.pipeline",
    "ScanResult": "dedupe.pipeline",
    "Article": "dedupe.model",
    "Group": "dedupe.model",
    "Link": "dedupe.model",
    "Member": "dedupe.model",
    "GroupingParams": "dedupe.grouping",
    "SignatureParams": "dedupe.signature",
    "DedupeError": "dedupe.errors",
    "SourceError": "dedupe.errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'dedupe' has no attribute {name!r}")
