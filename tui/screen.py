"""The base of the app's two screens: Textual's ``Screen``, minus a whole-screen repaint at each focus change.

Textual's ``Screen.focused`` is a reactive that repaints: every move of the focus (``/`` into a box,
``escape`` out of it, the first focus on a pushed screen) redrew every widget on the screen, a full frame of
compositing (a quarter of the work of ``/`` on the group screen). The widgets concerned redraw themselves
already: the blurred and the focused one are restyled (``:focus``, ``:focus-within``) and redraw what
changed (the box its cursor, a table its cursor row).
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class QuietFocusScreen(Screen[None]):
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """The focused widget, as Textual's, without the repaint."""
