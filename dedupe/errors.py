"""Errors the tool reports to users: each names what is wrong and where, never as a traceback."""

from __future__ import annotations


class DedupeError(Exception):
    """Base of every error dedupe reports to a user."""


class SourceError(DedupeError):
    """An input that cannot be read as an article; the run goes on without it.

    ``path`` names the file (``file.jsonl:12`` for one line of it), ``reason`` is one line for a human: a
    message quoted from a parser (YAML's span lines) is folded onto one.
    """

    def __init__(self, path: str, reason: str) -> None:
        reason = " ".join(reason.split())
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str]]:
        """Pickled by path and reason: errors found by worker processes travel back to the one reporting."""
        return (SourceError, (self.path, self.reason))


class ConfigError(DedupeError):
    """Bad configuration or options: the run cannot start."""


class StoreError(DedupeError):
    """A cache or index store that cannot be used."""
