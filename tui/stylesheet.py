"""Textual's stylesheet, with what a theme toggle works out kept for the next toggle, and fewer redraws.

A theme change makes Textual parse every CSS source again with the new theme's variables (ours and the
default CSS of every widget class in use: a quarter of the time ``t`` took), then restyle every node of the
screen. Three parts of that are the same at every toggle between the same two themes, and are kept:

- the rules parsed from the same sources with the same variables (``reparse``);
- the variables read as CSS tokens, which Textual reads again for the first style drawn after each change
  (a tenth of the calls of ``t``);
- each widget's component styles (a table's cursor and header, the footer's keys): Textual works them out
  at every restyle of the widget by styling a new node per component class (19 on the group screen), from
  the same rules and the same state of the widget and its ancestors as the last time.

And restyling a node set its rules one by one, each colour redrawing the node and every node under it
(for one ``t``, each widget on the group screen 15 to 33 times): a node's redraws are gathered into one
(``replace_rules``), and those of a batch of nodes restyled together into one per widget (``update_nodes``).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from inspect import Parameter, signature
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

from textual.css.model import RuleSet
from textual.css.styles import Styles
from textual.css.stylesheet import Stylesheet
from textual.css.tokenize import tokenize_values
from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.css.styles import RenderStyles, RulesMap
    from textual.css.tokenizer import Token

KEEP = 4
"""Parsed rule sets (and variables read as tokens) kept: the dark and the light theme, and one or two stale
ones after new CSS arrived."""
KEEP_COMPONENTS = 8
"""Component styles kept per widget: a few states (focused or not, hovered or not) in each of two themes."""
REFRESH_KINDS: dict[str, bool] = {
    name: parameter.default
    for name, parameter in signature(Styles.refresh).parameters.items()
    if parameter.kind is Parameter.KEYWORD_ONLY
}
"""The kinds of redraw ``Styles.refresh`` is asked for (``layout``, ``children``, ``parent``, ``repaint``),
and their defaults."""


class ThemeStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parsed: dict[tuple[object, ...], list[RuleSet]] = {}
        self._tokens: dict[tuple[tuple[str, str], ...], dict[str, list[Token]]] = {}
        self._tokens_now: tuple[dict[str, str], dict[str, list[Token]]] | None = None
        """The variables in force and their tokens: ``_variable_tokens`` is read for every style parsed."""
        self._components: WeakKeyDictionary[DOMNode, dict[tuple[int, tuple[object, ...]], Components]]
        self._components = WeakKeyDictionary()
        self._pseudo_classes: dict[tuple[frozenset[str], int], Tested] = {}

    def reparse(self) -> None:
        """Textual's ``reparse``, skipped when these sources were parsed with these variables before."""
        key = (tuple(self._variables.items()), tuple(self.source.items()))
        rules = self._parsed.get(key)
        if rules is None:
            super().reparse()
            self._parsed[key] = self._rules  # what Textual's reparse leaves parsed
            _trim(self._parsed, KEEP)
            return
        # As Textual's reparse ends: the rules in place, the selector map to be built from them.
        self._rules = rules
        self._rules_map = None
        self._require_parse = False

    @property
    def _variable_tokens(self) -> dict[str, list[Token]]:
        """Textual's (a private property: the variables as CSS tokens, to parse a style or rule with), kept by
        variables: Textual reads them all again after every ``set_variables``."""
        now = self._tokens_now
        if now is not None and now[0] is self._variables:
            return now[1]
        key = tuple(self._variables.items())
        tokens = self._tokens.get(key)
        if tokens is None:
            tokens = self._tokens[key] = tokenize_values(self._variables)
            _trim(self._tokens, KEEP)
        self._tokens_now = (self._variables, tokens)
        return tokens

    def update_nodes(self, nodes: Iterable[DOMNode], animate: bool = False) -> None:
        """Textual's, with the redraws of the nodes restyled gathered into one per widget, made at the end: a
        widget was redrawn for its own restyle and again for each restyled container holding it."""
        if _GATHERED.get() is not None:  # restyled within a batch being gathered: redrawn at its end
            super().update_nodes(nodes, animate=animate)
            return
        gathered: dict[DOMNode, Redraw] = {}
        token = _GATHERED.set(gathered)
        try:
            super().update_nodes(nodes, animate=animate)
        finally:
            _GATHERED.reset(token)
            for redrawn, (layout, repaint) in gathered.items():
                redrawn.refresh(layout=layout, repaint=repaint)

    @classmethod
    def replace_rules(cls, node: DOMNode, rules: RulesMap, animate: bool = False) -> None:
        """Textual's, with the redraws its rules ask for gathered into one per node (or per widget, in
        ``update_nodes``).

        Textual sets the rules one by one, and each changed rule asks the node's ``Styles.refresh`` to redraw
        (a colour: the node and every node under it). Those requests are collected (a ``refresh`` set on the
        node's ``Styles`` object shadows the method while the rules are set) and made once, with every kind
        of redraw any of them asked for: Textual's own code sets the rules, so they keep their effects (an
        animated rule redraws as it changes, from Textual's animator, later).
        """
        base = node.styles.base
        asked: list[dict[str, bool]] = []
        base.refresh = lambda **kinds: asked.append(kinds)  # type: ignore[method-assign]
        try:
            super().replace_rules(node, rules, animate=animate)
        finally:
            del base.refresh
        if not asked:
            return
        kinds = {kind: any(a.get(kind, default) for a in asked) for kind, default in REFRESH_KINDS.items()}
        gathered = _GATHERED.get()
        if gathered is None:
            base.refresh(**kinds)
        elif node._is_mounted:  # as ``Styles.refresh`` does, to each node it would redraw
            repaint = kinds["repaint"]
            if kinds["parent"] and isinstance(node._parent, DOMNode):
                _gather(gathered, node._parent, layout=False, repaint=repaint)
            _gather(gathered, node, layout=kinds["layout"], repaint=True)
            if kinds["children"]:
                for child in node.walk_children(with_self=False):
                    _gather(gathered, child, layout=kinds["layout"], repaint=repaint)

    def _process_component_classes(self, node: DOMNode) -> None:
        """Textual's (a private method, called for each node styled), kept by rules and by what the rules for
        the node's component classes test: the classes of the node and its ancestors, and their
        pseudo-classes among those the rules name (a table's cursor: ``:focus``, ``:dark``, ``:ansi``)."""
        components = node._get_component_classes()
        if not components:
            return
        rules = self.rules
        tested = self._tested(components)
        state = tuple((n.classes, *map(n.has_pseudo_class, tested)) for n in node.css_path_nodes)
        key = (id(rules), state)
        kept = self._components.setdefault(node, {})
        found = kept.get(key)
        if found is None or found.rules is not rules:  # (an id can be reused once the rules are gone)
            super()._process_component_classes(node)
            kept[key] = Components(rules, dict(node._component_styles))
            _trim(kept, KEEP_COMPONENTS)
            return
        current = node._component_styles
        if current.keys() != found.styles.keys() or any(
            current[name] is not styles for name, styles in found.styles.items()
        ):
            current.clear()
            current.update(found.styles)
            node.refresh()  # as Textual's, when the styles changed

    def _tested(self, components: frozenset[str]) -> tuple[str, ...]:
        """The pseudo-classes named in the rules that can style ``components`` (by any part of a selector)."""
        rules = self.rules
        key = (components, id(rules))
        found = self._pseudo_classes.get(key)
        if found is None or found.rules is not rules:
            # The rules Textual's ``apply`` considers for a component's node: by the node's selector names.
            names = DOMNode(classes=" ".join(components))._selector_names
            rules_map = self.rules_map
            named = (rule for name in names & rules_map.keys() for rule in rules_map[name])
            tested = tuple(sorted({pseudo for rule in named for pseudo in rule.pseudo_classes}))
            found = self._pseudo_classes[key] = Tested(rules, tested)
            _trim(self._pseudo_classes, KEEP * KEEP_COMPONENTS)
        return found.pseudo_classes


class Components(NamedTuple):
    """A node's component styles, by component class, and the rules they were worked out from."""

    rules: list[RuleSet]
    styles: dict[str, RenderStyles]


class Tested(NamedTuple):
    """The pseudo-classes that the rules for some component classes name, and those rules."""

    rules: list[RuleSet]
    pseudo_classes: tuple[str, ...]


class Redraw(NamedTuple):
    """A node's redraw: ``refresh``'s arguments."""

    layout: bool
    repaint: bool


_GATHERED: ContextVar[dict[DOMNode, Redraw] | None] = ContextVar("_GATHERED", default=None)
"""The redraws asked for by the nodes ``update_nodes`` is restyling, by node redrawn; ``None`` outside."""


def _gather(gathered: dict[DOMNode, Redraw], node: DOMNode, *, layout: bool, repaint: bool) -> None:
    was = gathered.get(node)
    if was is not None:
        layout, repaint = was.layout or layout, was.repaint or repaint
    gathered[node] = Redraw(layout, repaint)


def _trim(kept: dict[Any, Any], size: int) -> None:
    """Forget the oldest entries of ``kept`` beyond ``size``."""
    while len(kept) > size:
        del kept[next(iter(kept))]
