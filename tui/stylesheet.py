"""Textual's stylesheet, with the rules parsed for each theme kept: ``t`` parses the app's CSS once per theme.

A theme change makes Textual parse every CSS source again with the new theme's variables (ours and the
default CSS of every widget class in use: a quarter of the time ``t`` took). The rules parsed from the same
sources with the same variables are the same, so ``reparse`` keeps them by both and hands them back.
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

KEEP = 4
"""Parsed rule sets kept: the dark and the light theme, and one or two stale ones after new CSS arrived."""


class ThemeStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parsed: dict[tuple[object, ...], list[RuleSet]] = {}

    def reparse(self) -> None:
        """Textual's ``reparse``, skipped when these sources were parsed with these variables before."""
        key = (tuple(self._variables.items()), tuple(self.source.items()))
        rules = self._parsed.get(key)
        if rules is None:
            super().reparse()
            self._parsed[key] = self._rules  # what Textual's reparse leaves parsed
            while len(self._parsed) > KEEP:
                del self._parsed[next(iter(self._parsed))]
            return
        # As Textual's reparse ends: the rules in place, the selector map to be built from them.
        self._rules = rules
        self._rules_map = None
        self._require_parse = False
