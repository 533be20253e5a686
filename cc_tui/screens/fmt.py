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
    """Make a DataTable measure the rows just added.

    DataTable sizes its columns for new rows on its next Idle event, and Idle comes only after the table handles a
    message. Rows added from a worker's callback may arrive when nothing else is queued for the table: its columns then
    stay as wide as their labels ("Amar" for "Amara Okafor") until something else happens. A no-op call queued on the
    table guarantees the Idle.
    """
    table.call_later(lambda: None)
