"""The succession view: who is high-potential, and how ready each person is for which named role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from ..errors import CCError
from ..models import Employee, Readiness
from ..text import one_line
from ..widgets.keybar import KeyBar
from ..widgets.row_table import Column, RowTable, table_with_header

if TYPE_CHECKING:
    from ..app import CCApp

COLUMNS = [Column("name", "Person", shrink=1, min_width=12), Column("role", "Role", shrink=2, min_width=12),
           Column("ready", "Readiness"), Column("hipo", "High potential"), Column("updated", "Updated")]
ORDER = {Readiness.READY_NOW: 0, Readiness.ONE_TWO_YEARS: 1, Readiness.LATER: 2}


def succession_rows(people: list[Employee]) -> list[tuple[Employee, str, Readiness | None, str]]:
    """(person, role, readiness, updated) — ready-now first; high-potential people without a role too."""
    rows: list[tuple[Employee, str, Readiness | None, str]] = []
    for person in people:
        for entry in person.succession:
            rows.append((person, entry.role, entry.readiness, entry.updated_at.date().isoformat()))
        if person.high_potential and not person.succession:
            rows.append((person, "", None, ""))
    return sorted(rows, key=lambda r: (ORDER.get(r[2], 3) if r[2] else 3, r[1].casefold(), r[0].name.casefold()))


class SuccessionScreen(Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back", id="succession.back")]

    app: CCApp

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Change readiness during a conversation with F9."), classes="hint")
        yield from table_with_header(COLUMNS, id="succession-table")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Succession"
        self.load()

    @work(thread=True, exclusive=True, group="succession-load")
    def load(self) -> None:
        try:
            people = self.app.store.employees()
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.show, people)

    def show(self, people: list[Employee]) -> None:
        table = self.query_one(RowTable)
        cells: list[tuple[str, list[Text]]] = []
        for index, (person, role, readiness, updated) in enumerate(succession_rows(people)):
            style = "bold green" if readiness is Readiness.READY_NOW else ""
            cells.append((str(index), [
                Text(one_line(person.name, 60), style="bold"),
                Text(one_line(role, 60) or "—"),
                Text(readiness.label if readiness else "—", style=style),
                Text("★ yes" if person.high_potential else ""),
                Text(updated),
            ]))
        if not cells:
            cells.append(("none", [Text("Nobody yet."), Text(""), Text(""), Text(""), Text("")]))
        table.set_rows(cells)
        table.focus()

    def action_back(self) -> None:
        self.app.pop_screen()


__all__ = ["SuccessionScreen", "succession_rows", "Any"]
