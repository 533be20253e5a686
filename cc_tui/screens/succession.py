"""The succession view: who is high-potential, and how ready each person is for which named role."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from ..models import Employee, Readiness
from ..reports import succession_rows
from ..services import Services
from ..text import one_line
from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.keybar import KeyBar
from ..widgets.row_table import Column, RowTable, table_with_header
from ..widgets.worker_errors import report_errors

COLUMNS = [Column("name", "Person", shrink=1, min_width=12), Column("role", "Role", shrink=2, min_width=12),
           Column("ready", "Readiness"), Column("hipo", "High potential"), Column("updated", "Updated")]


class SuccessionScreen(PaintedOnce, StyledOnce, Screen[None]):

    SHARE_SAFE = False  # it shows what a shared screen must not: closed by the share-safe view (F12)
    BINDINGS = [Binding("escape", "back", "Back", id="succession.back")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Change readiness during a conversation with F9."), classes="hint")
        yield from table_with_header(COLUMNS, id="succession-table")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Succession"
        self.load()

    @work(thread=True, exclusive=True, group="succession-load")
    @report_errors
    def load(self) -> None:
        self.app.call_from_thread(self.show, self.services.store.employees())

    def show(self, people: list[Employee]) -> None:
        table = self.query_one(RowTable)
        cells: list[tuple[str, list[Text]]] = []
        for index, (person, role, readiness, updated) in enumerate(succession_rows(people)):
            style = "bold $cc-done" if readiness is Readiness.READY_NOW else ""
            cells.append((str(index), [
                Text(one_line(person.name, 60), style="bold"),
                Text(one_line(role, 60) or "—"),
                Content.styled(readiness.label if readiness else "—", style),
                Text("★ yes" if person.high_potential else ""),
                Text(updated),
            ]))
        if not cells:
            cells.append(("none", [Text("Nobody yet."), Text(""), Text(""), Text(""), Text("")]))
        table.set_rows(cells)
        table.focus()

    def action_back(self) -> None:
        self.app.pop_screen()

