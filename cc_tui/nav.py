"""Navigation requests: what a screen asks the app for (messages up; the app decides which screen shows).

Screens never import the app or another screen. A screen that wants another one posts one of these; it bubbles from
the screen to the app, whose handler pushes the screen asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the models (pydantic) are not imported at start-up
    from textual.widget import Widget

    from .models import Conversation
    from .session import Loaded


@dataclass
class OpenConversation(Message):
    """Show this (new or unfinished) conversation. ``data``: its people, goals and items, read already (off the UI
    thread, by whoever asks), so that the screen is built with them: one layout and one frame, not two."""

    conversation: Conversation
    data: Loaded | None = None


@dataclass
class OpenHistory(Message):
    """A person's past conversations; ``select``/``field``/``start``: open one at a search hit."""

    employee_id: str
    select: str | None = None
    field: str | None = None
    start: int = 0


@dataclass
class ReadAheadHistory(Message):
    """The cursor rests on this person: read their history now, so that opening it shows it at once."""

    employee_id: str


@dataclass
class OpenTimeline(Message):
    employee_id: str


@dataclass
class OpenSearch(Message):
    query: str = ""


@dataclass
class NeedSearchIndex(Message):
    """Search is about to be used: build the index in the background if it is not built yet."""


@dataclass
class OpenSuccession(Message):
    pass


@dataclass
class ScreenClosed(Message):
    """A screen with many widgets closed (a conversation): the app lets go of what Textual still holds of them.
    ``widgets``: the screen's widgets, captured as it was dismissed (Textual detaches them as it closes)."""

    widgets: tuple[Widget, ...] = ()
