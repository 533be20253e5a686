"""Small display helpers shared by screens (kept apart so the home screen imports no forms)."""

from __future__ import annotations

from datetime import date

from rich.text import Text


def due_text(day: date | None, today: date) -> Text:
    if day is None:
        return Text("—", style="dim")
    label = day.isoformat()
    if day < today:
        return Text(f"{label}!", style="bold red")
    if day == today:
        return Text(label, style="bold yellow")
    return Text(label)
