"""Small display helpers shared by screens (kept apart so the home screen imports no forms)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

if TYPE_CHECKING:
    from textual.widgets import DataTable


def due_label(day: date | None, today: date) -> tuple[str, str]:
    """(label, style) of a due date: overdue red with "!", today yellow, none dim."""
    if day is None:
        return "—", "dim"
    label = day.isoformat()
    if day < today:
        return f"{label}!", "bold red"
    if day == today:
        return label, "bold yellow"
    return label, ""


def due_text(day: date | None, today: date) -> Text:
    return Text(*due_label(day, today))


def due_content(day: date | None, today: date) -> Content:
    return Content.styled(*due_label(day, today))


def settle_columns(table: DataTable) -> None:  # type: ignore[type-arg]
    """Make a DataTable measure the rows just added, now.

    DataTable sizes its columns for new rows on its next Idle event. Rows added from a worker's callback sometimes got
    no Idle in a real terminal, and the columns stayed as wide as their labels ("Amar" for "Amara Okafor"). This does
    the Idle's work at once (Textual 8's ``_update_dimensions``), and still queues a no-op for the Idle as a fallback.
    """
    new_rows = getattr(table, "_new_rows", None)
    update = getattr(table, "_update_dimensions", None)
    if new_rows is not None and callable(update):
        rows = list(new_rows)
        new_rows.clear()
        table._require_update_dimensions = False  # type: ignore[attr-defined]
        update(rows)
        table.refresh(layout=True)
    table.call_later(lambda: None)
