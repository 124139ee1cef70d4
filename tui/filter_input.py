"""A one-line query box; ``escape`` clears it and hands focus back, instead of leaving the screen."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not in the footer: a footer that keeps its keys is not rebuilt each time the box takes the focus.
        Binding(
            "escape",
            "done",
            "Done",
            show=False,
            id="input.done",
            tooltip="Clear the query and go back to the list",
        ),
    ]

    class Done(Message):
        """The editor left the box with ``escape``."""

        def __init__(self, box: FilterInput) -> None:
            super().__init__()
            self.box = box

        @property
        def control(self) -> FilterInput:
            return self.box

    def action_done(self) -> None:
        self.value = ""
        self.post_message(self.Done(self))
