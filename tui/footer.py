"""The footer every screen shows: Textual's, redrawn only when the keys it shows change.

Textual's ``Footer`` mounts a new widget per key whenever the screen's bindings are updated: on every focus
change and every return to a screen, even when the same keys come back. Mounting and styling them took
100-500 ms on a busy machine, at every ``/`` and ``escape``. This one keeps its keys when they are the same,
and while a text box has the focus: Textual would show an empty footer there (the box takes the letters),
then rebuild the old one when the editor leaves the box; the box's placeholder says what ``enter`` and
``escape`` do.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer, Input


class KeyFooter(Footer):
    _shown: Hashable = None

    def _keys(self, screen: Screen[object]) -> Hashable:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (binding.key, binding.key_display, binding.action, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show or binding.key == palette
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._bindings_ready and isinstance(screen.focused, Input):
            return
        keys = self._keys(screen)
        if self._bindings_ready and keys == self._shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = keys
