"""Small display helpers shared by screens (kept apart so the home screen imports no forms)."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from ..dates import show


def due_label(day: date | None, today: date) -> tuple[str, str]:
    """(label, style) of a due date: overdue (the theme's error colour) with "!", today (warning), none dim."""
    if day is None:
        return "—", "dim"
    label = show(day)
    if day < today:
        return f"{label}!", "bold $cc-overdue"
    if day == today:
        return label, "bold $cc-due-today"
    return label, ""


def due_text(day: date | None, today: date) -> Content:
    """A table cell (a ``Content``: its colour is a theme variable, which a rich ``Text`` style cannot name)."""
    return Content.styled(*due_label(day, today))


def due_content(day: date | None, today: date) -> Content:
    return Content.styled(*due_label(day, today))
