"""Configuration: ``[tool.dedupe]`` in ``pyproject.toml`` or a ``.dedupe.toml``; flags override both.

The nearest directory (from the working directory up) holding either file decides; ``.dedupe.toml``
wins over ``pyproject.toml`` in the same directory. A ``.dedupe.toml`` may use a ``[tool.dedupe]`` table or
top-level keys.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dedupe.errors import ConfigError
from dedupe.model import RELATIONS

# key -> (type, description) of every setting a config file may hold.
SETTINGS: dict[str, tuple[type, str]] = {
    "near": (float, "minimum 5-shingle Jaccard for a near copy"),
    "containment": (float, "minimum share of the smaller text inside the larger for a trimmed/extended copy"),
    "rewrite": (float, "minimum share of narrative sentences matched for a rewrite"),
    "sentence_match": (float, "rapidfuzz score (0-100) for two narrative sentences to match"),
    "shingle_lsh": (float, "LSH threshold of the 5-shingle signature"),
    "term_lsh": (float, "LSH threshold of the content-term signature"),
    "num_perm": (int, "MinHash permutations"),
    "shingle_size": (int, "words per shingle"),
    "jobs": (int, "worker processes (0: one per core)"),
    "cache_dir": (str, "signature cache directory"),
    "max_bytes": (int, "largest input file read, in bytes"),
    "articles": (
        list,
        "check: repository paths that are articles (globs; `!glob` excludes; last match wins)",
    ),
    "fail_on": (list, "check: relations that fail a commit (exact, near, contained, rewrite)"),
    "allow": (list, "check: paths, folders, globs or ids whose copies are allowed"),
    "store": (str, "index: the store of `dedupe index` (a SQLite file path, or redis://host:port/db)"),
}
CHOICES: dict[str, tuple[str, ...]] = {"fail_on": RELATIONS}
"""Settings whose values must come from a fixed list."""


@dataclass(frozen=True, slots=True)
class Config:
    values: dict[str, Any]
    path: Path | None


def find_config_file(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        for name in (".dedupe.toml", "pyproject.toml"):
            candidate = directory / name
            if candidate.is_file() and (name == ".dedupe.toml" or _has_dedupe_table(candidate)):
                return candidate
    return None


def _has_dedupe_table(pyproject: Path) -> bool:
    try:
        return "dedupe" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """The settings of ``explicit`` or of the nearest config file; unknown keys and wrong types are errors."""
    path = explicit if explicit is not None else find_config_file((start or Path.cwd()).resolve())
    if path is None:
        return Config({}, None)
    document = _read_toml(path)
    table = document.get("tool", {}).get("dedupe")
    if table is None:
        table = {} if path.name == "pyproject.toml" else document
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.dedupe] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "tool":
            continue
        if key not in SETTINGS:
            known = ", ".join(sorted(SETTINGS))
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {known})")
        kind = SETTINGS[key][0]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ConfigError(f"{path}: {key} must be a {kind.__name__}, got {value!r}")
        if kind is list and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{path}: {key} must be a list of strings, got {value!r}")
        unknown = [item for item in value if item not in CHOICES[key]] if key in CHOICES else []
        if unknown:
            raise ConfigError(
                f"{path}: {key}: unknown value {unknown[0]!r} (known: {', '.join(CHOICES[key])})"
            )
        values[key] = value
    return Config(values, path)
