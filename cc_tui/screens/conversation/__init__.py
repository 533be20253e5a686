"""The conversation screen in parts: ``screen`` composes the stage panes (``prep``, ``discussion``, ``goals``,
``actions``, ``wrapup``) and the side panel (``side``: the guide or a past conversation); ``common`` holds what the
panes share. The records and every change to them live in the core session (``cc_tui.session``)."""

from .screen import ConversationScreen
from .wrapup import PREVIEW_DELAY

__all__ = ["ConversationScreen", "PREVIEW_DELAY"]
