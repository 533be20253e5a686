"""Navigation requests: what a screen asks the app for (messages up; the app decides which screen shows).

Screens never import the app or another screen. A screen that wants another one posts one of these; it bubbles from
the screen to the app, whose handler pushes the screen asked for.

Plain message classes, as Textual's own are: eight dataclasses here cost ~1 ms of the first frame to create.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the models (pydantic) are not imported at start-up
    from textual.widget import Widget

    from .models import Conversation
    from .session import Loaded


class OpenConversation(Message):
    """Show this (new or unfinished) conversation. ``data``: its people, goals and items, read already (off the UI
    thread, by whoever asks), so that the screen is built with them: one layout and one frame, not two."""

    def __init__(self, conversation: Conversation, data: Loaded | None = None) -> None:
        self.conversation = conversation
        self.data = data
        super().__init__()


class OpenHistory(Message):
    """A person's past conversations; ``select``/``field``/``start``: open one at a search hit."""

    def __init__(self, employee_id: str, select: str | None = None, field: str | None = None, start: int = 0) -> None:
        self.employee_id = employee_id
        self.select = select
        self.field = field
        self.start = start
        super().__init__()


class ReadAheadHistory(Message):
    """The cursor rests on this person: read their history now, so that opening it shows it at once."""

    def __init__(self, employee_id: str) -> None:
        self.employee_id = employee_id
        super().__init__()


class OpenTimeline(Message):
    def __init__(self, employee_id: str) -> None:
        self.employee_id = employee_id
        super().__init__()


class OpenSearch(Message):
    def __init__(self, query: str = "") -> None:
        self.query = query
        super().__init__()


class NeedSearchIndex(Message):
    """Search is about to be used: build the index in the background if it is not built yet."""


class OpenSuccession(Message):
    pass


class ScreenClosed(Message):
    """A screen with many widgets closed (a conversation): the app lets go of what Textual still holds of them.
    ``widgets``: the screen's widgets, captured as it was dismissed (Textual detaches them as it closes)."""

    def __init__(self, widgets: tuple[Widget, ...] = ()) -> None:
        self.widgets = widgets
        super().__init__()
