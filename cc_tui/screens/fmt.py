"""Small display helpers shared by screens (kept apart so the home screen imports no forms)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable


def due_text(day: date | None, today: date) -> Text:
    if day is None:
        return Text("—", style="dim")
    label = day.isoformat()
    if day < today:
        return Text(f"{label}!", style="bold red")
    if day == today:
        return Text(label, style="bold yellow")
    return Text(label)


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
