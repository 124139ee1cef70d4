"""The base of the app's two screens: Textual's ``Screen``, with less redrawn and restyled per key press.

- Textual's ``Screen.focused`` is a reactive that repaints: every move of the focus (``/`` into a box,
  ``escape`` out of it, the first focus on a pushed screen) redrew every widget on the screen, a full frame of
  compositing (a quarter of the work of ``/`` on the group screen). The widgets concerned redraw themselves
  already: the blurred and the focused one are restyled (``:focus``, ``:focus-within``) and redraw what
  changed (the box its cursor, a table its cursor row).
- A pushed screen restyles every node it holds, in case the styles changed while it was away; the app keeps
  its screens (installed), so most pushes find them styled by the same rules, theme and app state. The
  restyle is skipped then; a theme toggled or CSS parsed meanwhile still restyles the screen, and so does a
  screen coming back from under another (Textual does not restyle those; ``t`` no longer restyles the list
  hidden under a story, which is restyled when shown again).
- A frame that must lay the screen out and repaint it whole (a screen coming back) composited twice: the
  layout draws the regions it changed, then the repaint draws the whole screen. It draws once, whole.
- A screen under an opaque one (the list under a story) made the top screen draw again whatever it redrew
  itself, unseen: ``t`` on a story composited the story twice.
- The screen's background is drawn as blank lines (Textual's ``BLANK``), not rendered as content: Textual
  draws every line of a screen under its widgets, each through its rendering pipeline, at every theme change
  (a twentieth of the calls of ``t``).
"""

from __future__ import annotations

from textual import events
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class QuietFocusScreen(Screen[None]):
    BLANK = True
    """An opaque screen shows nothing of its own but its background: the same cells as Textual's rendering
    (a test compares them in two themes); ``Screen.render`` is needed for a translucent one."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """The focused widget, as Textual's, without the repaint."""

    _styled: tuple[object, ...] | None = None
    """What the screen's styles were last worked out from (see ``_style_state``)."""

    def _style_state(self) -> tuple[object, ...]:
        """What every node's styles depend on beyond its own classes and state (whose changes restyle the node
        at once, suspended or not): the parsed rules (new rules, a new list), the theme, the app's classes and
        pseudo-classes."""
        app = self.app
        return (
            app.stylesheet.rules,
            app.theme,
            frozenset(app.classes),
            frozenset(app.get_pseudo_classes()),
        )

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Restyle the screen when what its styles depend on changed while it was away (the app does not
        restyle a screen hidden under an opaque one: ``DedupeApp.refresh_css``), and only then."""
        if self._styled is not None:
            event.refresh_styles = not _same(self._styled, self._style_state())
        super()._on_screen_resume(event)
        self.styled()

    def styled(self) -> None:
        """Note that the screen's styles were just worked out from the current rules, theme and app state."""
        self._styled = self._style_state()

    @property
    def hidden(self) -> bool:
        """Under an opaque screen in the app's stack: nothing of it shows."""
        stack = self.app.screen_stack
        if self not in stack:
            return True
        return any(above.styles.background.a == 1 for above in stack[stack.index(self) + 1 :])

    def _compositor_refresh(self) -> None:
        """Textual's, except under an opaque screen: a screen below the top one redraws its changed regions
        and makes the top screen redraw them over it, seen through or not; under an opaque screen (the list
        under a story, after ``t``) nothing shows, and the screen repaints whole when it comes back."""
        app = self.app
        top = app.screen
        if (
            self is not top
            and not app.is_inline
            and top.styles.background.a == 1
            and self in app._background_screens
        ):
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            self._repaint_required = True
            return
        super()._compositor_refresh()

    def _on_timer_update(self) -> None:
        if (
            self._layout_required
            and self._repaint_required
            and self.is_current
            and not self.app._batch_count
            and self._compositor.size
        ):
            # Textual would draw the regions the layout changed, then the whole screen: mark it whole at once.
            self._repaint_required = False
            self._compositor._dirty_regions.add(self._compositor.size.region)
        super()._on_timer_update()


def _same(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    """The rules by identity (a list parsed anew is new), the rest by value."""
    return old[0] is new[0] and old[1:] == new[1:]
