"""A read-only, scrollable, selectable document (never parsed as markup): a past conversation, a timeline, a diff."""

from __future__ import annotations

from typing import Any

from .safe_text_area import SafeTextArea


class DocumentView(SafeTextArea):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", read_only=True, soft_wrap=True, show_line_numbers=False, **kwargs)
