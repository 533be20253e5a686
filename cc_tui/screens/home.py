"""Home: the manager's people, when each conversation is due, and who owes what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ..widgets.keybar import KeyBar

from ..errors import CCError
from ..models import Conversation, Employee
from ..store import HomeRow
from ..text import one_line
from .fmt import due_text

if TYPE_CHECKING:
    from ..app import CCApp

EMPTY_TEXT = (
    "Welcome to cc-tui.\n\n"
    "Nobody is on your list yet. Press  a  to add the first person you hold career conversations with,\n"
    "or import your team from a CSV file (columns: name, role, team, cadence_days, email):\n\n"
    "    cc-tui people import team.csv\n\n"
    "To look around first, quit (ctrl+q) and run  cc-tui --demo."
)


HOME_COLUMNS = [("name", "Name"), ("role", "Role"), ("team", "Team"), ("last", "Last talk"), ("next", "Next due"),
                ("theirs", "They owe"), ("mine", "I owe"), ("state", "")]


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("s,enter", "start", "Start conversation", id="home.start", tooltip="Start (or continue) a conversation"),
        Binding("a", "add_person", "Add person", id="home.add"),
        Binding("e", "edit_person", "Edit person", id="home.edit"),
        Binding("t", "team_session", "Team session", id="home.team", tooltip="A session with several people"),
        Binding("h", "history", "History", id="home.history", tooltip="Past conversations, timeline and compare"),
        Binding("slash", "app.search", "Search", id="home.search", tooltip="Search every conversation"),
        Binding("p", "succession", "Succession", id="home.succession",
                tooltip="High-potential people and readiness for named roles"),
        Binding("n", "new_conversation", "New conversation", id="home.new", show=False,
                tooltip="Start a new conversation even if one is unfinished"),
    ]

    app: CCApp

    def __init__(self) -> None:
        super().__init__(id="home")
        self.rows: list[HomeRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-summary", markup=False)
        table: DataTable[Any] = DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(Text(EMPTY_TEXT), id="empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#empty").display = False
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    @work(thread=True, exclusive=True, group="home-load")
    def refresh_rows(self) -> None:
        try:
            rows = self.app.store.home_rows(self.app.today)
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False, timeout=15)
            return
        self.app.call_from_thread(self.show_rows, rows)

    def show_rows(self, rows: list[HomeRow]) -> None:
        self.rows = rows
        table = self.query_one("#people", DataTable)
        keep = max(table.cursor_row, 0)
        today = self.app.today
        due_now = 0
        owed = 0
        cells: list[tuple[str, list[Text]]] = []
        for row in rows:
            e = row.employee
            if row.is_due(today):
                due_now += 1
            owed += row.open_manager
            cells.append((e.id, [
                Text(one_line(e.name, 200), style="bold"),
                Text(one_line(e.role, 200)),
                Text(one_line(e.team, 200)),
                Text(row.last_conversation.isoformat() if row.last_conversation else "never"),
                due_text(row.next_due, today) if row.next_due else Text("now", style="bold yellow"),
                _owed(row.open_employee, row.overdue_employee),
                _owed(row.open_manager, row.overdue_manager),
                Text("● unfinished", style="yellow") if row.unfinished_conversation_id else Text(""),
            ]))
        # Explicit column widths, measured here: DataTable's own measuring waits for an Idle event that, for rows
        # added from a worker's callback, sometimes never came in a real terminal (columns stayed label-wide).
        table.clear(columns=True)
        for index, (key, label) in enumerate(HOME_COLUMNS):
            width = max([len(label)] + [c[index].cell_len for _, c in cells])
            table.add_column(label, key=key, width=min(width, 60))
        for key, row_cells in cells:
            table.add_row(*row_cells, key=key)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        empty = not rows
        self.query_one("#empty").display = empty
        table.display = not empty
        summary = self.query_one("#home-summary", Static)
        summary.display = not empty
        summary.update(
            Text(f"{len(rows)} people · {due_now} due for a conversation · you owe {owed} open action item(s)")
        )
        if not empty:
            table.focus()

    # ---------------------------------------------------------------- helpers

    def selected(self) -> HomeRow | None:
        table = self.query_one("#people", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "edit_person", "new_conversation", "history") and not self.rows:
            return None
        if action == "team_session" and len(self.rows) < 2:
            return None
        return True

    # ---------------------------------------------------------------- actions

    @on(DataTable.RowSelected, "#people")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_add_person(self) -> None:
        from .forms import PersonForm

        self.app.push_screen(PersonForm(), self._person_saved)

    def action_edit_person(self) -> None:
        from .forms import PersonForm

        row = self.selected()
        if row is not None:
            self.app.push_screen(PersonForm(row.employee), self._person_saved)

    def _person_saved(self, employee: Employee | None) -> None:
        if employee is None:
            return
        self.save_person(employee)

    @work(thread=True, group="store")
    def save_person(self, employee: Employee) -> None:
        try:
            self.app.store.save_employee(employee)
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.app.notify, f"Saved {employee.name}.", markup=False)
        self.refresh_rows()

    def action_start(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.unfinished_conversation_id:
            self.open_conversation(row.unfinished_conversation_id)
        else:
            self.start_conversation([row.employee.id])

    def action_succession(self) -> None:
        from .succession import SuccessionScreen

        self.app.push_screen(SuccessionScreen())

    def action_history(self) -> None:
        row = self.selected()
        if row is not None:
            from .history import HistoryScreen

            self.app.push_screen(HistoryScreen(row.employee.id))

    def action_new_conversation(self) -> None:
        row = self.selected()
        if row is not None:
            self.start_conversation([row.employee.id])

    def action_team_session(self) -> None:
        from .dialogs import PickManyScreen

        choices = [(f"{r.employee.name} — {r.employee.role}", r.employee.id) for r in self.rows]

        def chosen(ids: list[Any] | None) -> None:
            if ids:
                self.start_conversation(list(ids))

        self.app.push_screen(
            PickManyScreen("Team session: who attends? (space to tick, enter to start)", choices, minimum=2), chosen
        )

    @work(thread=True, exclusive=True, group="open")
    def start_conversation(self, employee_ids: list[str]) -> None:
        from ..flow import start_conversation

        try:
            conversation = start_conversation(self.app.store, employee_ids, self.app.clock)
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._push_conversation, conversation)

    @work(thread=True, exclusive=True, group="open")
    def open_conversation(self, conversation_id: str) -> None:
        try:
            conversation = self.app.store.conversation(conversation_id)
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False, timeout=15)
            return
        self.app.call_from_thread(self._push_conversation, conversation)

    def _push_conversation(self, conversation: Conversation) -> None:
        from .conversation import ConversationScreen

        self.app.push_screen(ConversationScreen(conversation))


def _owed(count: int, overdue: int) -> Text:
    if not count:
        return Text("—", style="dim")
    text = Text(str(count))
    if overdue:
        text.append(f" ({overdue} overdue)", style="bold red")
    return text
