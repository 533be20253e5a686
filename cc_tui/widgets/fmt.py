"""Small display helpers shared by screens (kept apart so the home screen imports no forms)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.content import Content

from ..dates import show


def due_label(day: date | None, today: date) -> tuple[str, str]:
    """(label, style) of a due date: overdue red with "!", today yellow, none dim."""
    if day is None:
        return "—", "dim"
    label = show(day)
    if day < today:
        return f"{label}!", "bold red"
    if day == today:
        return label, "bold yellow"
    return label, ""


def due_text(day: date | None, today: date) -> Text:
    return Text(*due_label(day, today))


def due_content(day: date | None, today: date) -> Content:
    return Content.styled(*due_label(day, today))
