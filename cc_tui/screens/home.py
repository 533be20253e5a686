"""Home: the manager's people, when each conversation is due, and who owes what."""

from __future__ import annotations

from datetime import date
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from .. import nav
from ..dates import show
from ..errors import CCError
from ..services import Services
from ..store import HomeRow
from ..text import counted, one_line
from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.fmt import due_content
from ..widgets.keybar import KeyBar
from ..widgets.row_table import Column, RowHeader, RowTable
from ..widgets.share_safe import ShareSafeBanner, apply_share_safe
from ..widgets.worker_errors import report_errors

if TYPE_CHECKING:
    from ..dialogs.draft import DraftValues
    from ..dialogs.erase_dialog import EraseCounts
    from ..dialogs.person_drafts import PersonFormDrafts
    from ..models import Employee

EMPTY_TEXT = (
    "Welcome to cc-tui.\n\n"
    "Nobody is on your list yet. Press  a  to add the first person you hold career conversations with,\n"
    "or import your team from a CSV file (columns: name, role, team, cadence_days, email):\n\n"
    "    cc-tui people import team.csv\n\n"
    "To look around first, quit (ctrl+q) and run  cc-tui --demo."
)


# On a narrow terminal whole columns give way (team, then role, then the last talk), never a count cut to "3 (1…":
# at 80 columns name, next due, both counts and the unfinished mark stay whole
HOME_COLUMNS = [
    Column("name", "Name", shrink=1, min_width=12),
    Column("role", "Role", max_width=40, shrink=2, min_width=12, optional=True),
    Column("team", "Team", max_width=30, shrink=3, min_width=10, optional=True),
    Column("last", "Last talk", shrink=1, optional=True),
    Column("next", "Next due"),
    Column("theirs", "They owe"),
    Column("mine", "I owe"),
    Column("state", ""),
]


HOME_ACTIONS = frozenset({"start", "add_person", "edit_person", "team_session", "history", "succession",
                          "new_conversation", "archive_person", "restore_person", "show_archived", "hide_archived",
                          "erase_person"})


class HomeScreen(PaintedOnce, StyledOnce, Screen[None]):
    BINDINGS = [
        Binding(
            "s,enter", "start", "Start conversation", id="home.start", tooltip="Start (or continue) a conversation"
        ),
        Binding("a", "add_person", "Add person", id="home.add"),
        Binding("e", "edit_person", "Edit person", id="home.edit"),
        Binding("t", "team_session", "Team session", id="home.team", tooltip="A session with several people"),
        Binding("h", "history", "History", id="home.history", tooltip="Past conversations, timeline and compare"),
        Binding("slash", "app.search", "Search", id="home.search", tooltip="Search every conversation"),
        Binding("p", "succession", "Succession", id="home.succession",
                tooltip="High-potential people and readiness for named roles"),
        Binding("n", "new_conversation", "New conversation", id="home.new", show=False,
                tooltip="Start a new conversation even if one is unfinished"),
        # one key each, two meanings: check_action leaves exactly one of each pair active (the key bar shows it).
        # v is named in the summary line while someone is archived (the key bar is full at 120 columns)
        Binding("x", "archive_person", "Archive", id="home.archive",
                tooltip="Archive someone who left the team: off the list; history and exports stay"),
        Binding("x", "restore_person", "Restore", id="home.restore", tooltip="Bring the archived person back"),
        Binding("v", "show_archived", "Show archived", id="home.show_archived", show=False,
                tooltip="List the archived people too (dimmed, after everyone else)"),
        Binding("v", "hide_archived", "Hide archived", id="home.hide_archived", show=False,
                tooltip="List active people only"),
        Binding("question_mark,f1", "app.show_keys", "Keys", id="home.keys", show=False,
                tooltip="Every key: what it does, and the keys your config file changed"),
        # rare and final: in the palette and on E, not in the key bar (full at 120 columns; ctrl+q would give way)
        Binding("E", "erase_person", "Erase person…", id="home.erase", show=False,
                tooltip="Remove every trace of the person, backups included (type their name; cannot be undone)"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(id="home")
        self.services = services
        self.rows: list[HomeRow] = []  # the rows on screen, in the table's order
        self._everyone: list[HomeRow] = []  # the archived people too, shown or not
        self.show_archived = False
        self._follow: str | None = None  # the person the cursor goes to at the next show_rows (if listed)
        self._first_rows = True
        self._shown: tuple[int, object] | None = None  # (store generation, day) of the rows on screen
        self._ahead: Any = None  # the timer that reads ahead the history of the person under the cursor
        self._forms: PersonFormDrafts | None = None  # the person form's drafts, once home shows its rows
        self._open_when_read: tuple[Employee | None] | None = None  # a form asked for before they were read

    def compose(self) -> ComposeResult:
        yield Header()
        yield ShareSafeBanner()
        yield Static(Text("The list of people is hidden while your screen is shared. F12 leaves the share-safe view "
                          "(it asks first)."), id="home-shared", classes="share-safe-only hint")
        with Vertical(id="home-list", classes="private-view"):  # hidden, whatever its parts say, when shared
            yield Static(id="home-summary", markup=False)
            header = RowHeader(id="people-header")
            yield header
            yield RowTable(HOME_COLUMNS, header=header, id="people")
            yield Static(Text(EMPTY_TEXT), id="empty")
        yield KeyBar()

    def on_mount(self) -> None:
        apply_share_safe(self, self.services.share_safe)
        self.query_one("#empty").display = False
        if self.services.store.unlocking:  # an encrypted folder whose key is being unlocked (the rows follow)
            self.query_one("#home-summary", Static).update(Text("Unlocking the encrypted data folder…"))
        if not self._show_rows_now():
            self.refresh_rows()

    def _show_rows_now(self) -> bool:
        """The list in the screen's first frame when the store is free (it is at start-up): the rows come from memory,
        and the trip through a worker cost a frame of an empty list, then a second layout. False: the worker reads
        them (a save is under way, or the index needs the models, which may be damaged)."""
        store, today = self.services.store, self.services.today
        if self.services.saver.pending:
            return False
        seen = (store.generation, today)
        try:
            rows = store.home_rows_now(today, include_archived=True)
        except CCError:
            return False  # the worker reads them again and says what is wrong
        if rows is None:
            return False
        self._shown = seen
        self.show_rows(rows)
        return True

    def on_screen_resume(self) -> None:
        self.refresh_rows()
        self._read_ahead_soon()

    @on(OptionList.OptionHighlighted, "#people")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.show_archived:
            self.refresh_bindings()  # x archives or restores, start is off on an archived person
        self._read_ahead_soon()

    def _read_ahead_soon(self) -> None:
        """Once the cursor rests on someone (0.15 s), read their history in the background: ``h`` then shows it in
        its first frame."""
        if self._ahead is not None:
            self._ahead.stop()
        self._ahead = self.set_timer(0.15, self._read_ahead)

    def _read_ahead(self) -> None:
        self._ahead = None
        row = self.selected()
        if row is not None and self.is_current:
            self.post_message(nav.ReadAheadHistory(row.employee.id))

    @work(thread=True, exclusive=True, group="home-load")
    @report_errors
    def refresh_rows(self) -> None:
        # what a closing conversation handed to the saver (finished, next date, items) lands before the list is read
        self.services.saver.flush(5.0)
        store = self.services.store
        seen = (store.generation, self.services.today)
        if seen == self._shown:
            return  # back from a screen that saved nothing: the list on screen is current
        rows = store.home_rows(self.services.today, include_archived=True)
        same_day = self._shown is not None and self._shown[1] == seen[1]
        self._shown = seen
        if same_day and rows == self._everyone:
            return  # a save that changed nothing the list shows (notes typed): no refill, no repaint of ~40 rows
        self.app.call_from_thread(self.show_rows, rows)

    def show_rows(self, rows: list[HomeRow]) -> None:
        """Show ``rows`` (everyone, archived people included: they are listed only while ``show_archived``)."""
        self._everyone = rows
        active = [row for row in rows if not row.employee.archived]
        archived = [row for row in rows if row.employee.archived]
        self.rows = active + archived if self.show_archived else active
        table = self.query_one("#people", RowTable)
        today = self.services.today
        due_now = sum(1 for row in active if row.is_due(today))
        owed = sum(row.open_manager for row in active)
        table.set_rows([(row.employee.id, _cells(row, today)) for row in self.rows])
        if self._follow is not None:
            try:
                table.move_cursor(row=table.get_row_index(self._follow))
            except KeyError:
                pass  # not listed (archived while they are hidden): the cursor stays where it was
            self._follow = None
        empty = not self.rows
        self.query_one("#empty").display = empty
        table.display = not empty
        self.query_one("#people-header").display = not empty
        summary = self.query_one("#home-summary", Static)
        summary.display = bool(rows)
        line = (f"{counted(len(active), 'person', 'people')} · {counted(due_now, 'conversation')} due · "
                f"you owe {counted(owed, 'open action item')}")
        others = sum(row.open_others for row in active)
        if others:
            line += f" · {counted(others, 'open item')} with others (named people, a team)"
        if archived:
            line += f" · {len(archived)} archived ({'v hides them' if self.show_archived else 'v shows them'})"
        summary.update(Text(line))
        if not empty:
            table.focus()
        self.refresh_bindings()  # start/edit/history/team depend on the rows (check_action): the key bar follows
        if self._first_rows:
            self._first_rows = False
            self.call_after_refresh(self.services.gc.request_freeze)  # (next to no garbage yet: no full pass)
            self.call_after_refresh(self._read_drafts)  # the kept person forms, after the first frame
        self._read_ahead_soon()

    # ---------------------------------------------------------------- helpers

    def selected(self) -> HomeRow | None:
        if not self.rows:
            return None
        table = self.query_one("#people", RowTable)
        if table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def share_safe_changed(self) -> None:
        apply_share_safe(self, self.services.share_safe)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.services.share_safe:
            return False  # the list is hidden on a shared screen: nothing to act on (F12 and ctrl+q are the app's)
        row = self.selected()
        on_archived = row is not None and row.employee.archived
        if action in ("show_archived", "hide_archived"):
            if action == "hide_archived":
                return self.show_archived
            return not self.show_archived and any(r.employee.archived for r in self._everyone)
        if action == "restore_person":
            return on_archived
        if action == "archive_person":
            return row is not None and not on_archived  # not on an empty list: nothing to archive on a first run
        if action in ("start", "edit_person", "new_conversation", "history", "erase_person") and not self.rows:
            return None
        if action in ("start", "new_conversation") and on_archived:
            return None  # restore them first
        if action == "team_session" and len(self._active()) < 2:
            return None
        return True

    def why_not(self, action: str) -> str | None:
        """Why a key of this screen cannot act now, in words (None: it can, or it says so itself)."""
        if self.services.share_safe and action in HOME_ACTIONS:
            return "The list is hidden while your screen is shared; F12 leaves the share-safe view."
        row = self.selected()
        if action in ("start", "edit_person", "new_conversation", "history", "archive_person",
                      "erase_person") and not self.rows:
            return "Nobody on the list yet: press a to add a person first."
        if action in ("start", "new_conversation") and row is not None and row.employee.archived:
            return f"{one_line(row.employee.name, 80)} is archived: press x to restore them first."
        if action == "team_session" and len(self._active()) < 2:
            return "A team session needs at least two people on the list (a adds one)."
        return None

    def on_key(self, event: events.Key) -> None:
        """A key whose action is off (shown dimmed in the key bar) says why instead of doing nothing."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        reason = self.why_not(active.binding.action)
        if reason:
            event.stop()
            event.prevent_default()
            self.app.notify(reason, markup=False)

    def _active(self) -> list[HomeRow]:
        return [row for row in self.rows if not row.employee.archived]

    # ---------------------------------------------------------------- actions

    @on(OptionList.OptionSelected, "#people")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def action_add_person(self) -> None:
        self._push_form(None)

    def action_edit_person(self) -> None:
        row = self.selected()
        if row is not None:
            self._edit(row.employee.id)

    @work(thread=True, exclusive=True, group="open")
    @report_errors
    def _edit(self, employee_id: str) -> None:
        self.app.call_from_thread(self._push_form, self.services.store.employee(employee_id))

    def _push_form(self, employee: Employee | None) -> None:
        """The person form (a new person: ``employee`` None), kept as a draft while it is open, and opened with what
        was kept of it (see ``dialogs/person_drafts.py``): never before the kept forms are read."""
        from ..dialogs.forms import PersonForm  # pydantic: not at start-up

        if self.services.share_safe:  # (the edit's read may come back after F12: its private notes never show)
            return
        if self._forms is None or self._forms.readable is None:
            self._open_when_read = (employee,)
            if self._forms is None and not self.services.store.unlocking:
                self._read_drafts()
            return
        kind = f"person:{employee.id if employee else 'new'}"
        form = PersonForm(employee, clock=self.services.clock,
                          default_cadence=self.services.settings.default_cadence_days)
        form.keeping_draft(self._forms.keeper(kind), forget_on_close=False)
        self.app.push_screen(form, partial(self._person_saved, kind))

    # ---------------------------------------------------------------- the person form's drafts

    def _read_drafts(self) -> None:
        from ..dialogs.person_drafts import PersonFormDrafts

        if self._forms is None:
            self._forms = PersonFormDrafts(self.services.store, self.services.saver)
            self._read_kept_forms(self._forms)

    @work(thread=True, group="home-drafts")
    def _read_kept_forms(self, forms: PersonFormDrafts) -> None:
        """The person forms that were open when cc-tui last stopped: home says where each opens (a, or e on that
        person) with what was typed. Never opened by itself: a key meant for home (enter starts a conversation)
        would land in it."""
        try:
            where = forms.read()
        except CCError as exc:  # a damaged drafts file: left as it is; the forms are kept in memory only
            self.app.call_from_thread(self.notify, f"Unsaved forms are not kept on disk: {exc}",
                                      severity="warning", timeout=12, markup=False)
            where = []
        self.app.call_from_thread(self._kept_forms_read, where)

    def _kept_forms_read(self, where: list[str]) -> None:
        if where and not self.services.share_safe:  # (no name on a shared screen)
            self.notify(f"A person form was open when cc-tui stopped: {'; '.join(where)}. It opens with your text.",
                        title="Kept", timeout=10, markup=False)
        elif where:
            self.notify("A person form was open when cc-tui stopped: it opens with your text once the share-safe view "
                        "is off.", title="Kept", timeout=10, markup=False)
        asked, self._open_when_read = self._open_when_read, None
        if asked is not None:
            self._push_form(*asked)

    def _person_saved(self, kind: str, employee: Employee | None) -> None:
        forms = self._forms
        assert forms is not None  # a person form opens only once the kept ones are read
        if employee is None:
            forms.dropped(kind)  # escape: what was typed goes
            return
        name = employee.name.casefold()
        if any(r.employee.id != employee.id and r.employee.name.casefold() == name for r in self._everyone):
            # two people of one name: told apart by their ids (cc-tui people list), and an erase of one of them
            # keeps every mention of the name (it cannot be told whose it is)
            self.notify(f"{one_line(employee.name, 60)}: someone of that name is already listed. The command line "
                        "tells them apart by their ids (cc-tui people list); a role or a team helps here.",
                        title="Same name", severity="warning", timeout=12, markup=False)
        self.save_person(employee, kind, *forms.saving(kind))

    @work(thread=True, group="store")
    @report_errors
    def save_person(self, employee: Employee, kind: str = "", typed: DraftValues | None = None,
                    generation: int = 0) -> None:
        forms = self._forms if kind else None  # (kind: saved from the person form)
        try:
            self.services.store.save_employee(employee)
        except CCError:
            if forms is not None:
                forms.save_failed(kind, typed)  # the next form of its kind opens with what it held
            raise
        if forms is not None:  # saved: the form's draft can go (never before: a failed save or a kill would lose both)
            forms.saved(kind, generation)
        self.app.call_from_thread(self.app.notify, f"Saved {employee.name}.", markup=False)
        self.refresh_rows()

    def action_start(self) -> None:
        row = self.selected()
        if row is None or self._refuse_archived(row):
            return
        if row.unfinished_conversation_id:
            self.open_conversation(row.unfinished_conversation_id)
        else:
            self.start_conversation([row.employee.id])

    def action_succession(self) -> None:
        self.post_message(nav.OpenSuccession())

    def action_history(self) -> None:
        row = self.selected()
        if row is not None:
            self.post_message(nav.OpenHistory(row.employee.id))

    def action_new_conversation(self) -> None:
        row = self.selected()
        if row is not None and not self._refuse_archived(row):
            self.start_conversation([row.employee.id])

    def _refuse_archived(self, row: HomeRow) -> bool:
        """True (and says so) when ``row`` is an archived person: no conversation until they are restored."""
        if row.employee.archived:
            self.app.notify(f"{one_line(row.employee.name, 80)} is archived: press x to restore them first.",
                            markup=False)
        return row.employee.archived

    # ---------------------------------------------------------------- archive / restore

    def action_archive_person(self) -> None:
        from ..dialogs.basic import ConfirmScreen  # not needed at start-up

        row = self.selected()
        if row is None or row.employee.archived:
            return
        person = row.employee
        name = one_line(person.name, 80)
        unfinished = " Their unfinished conversation stays as it is." if row.unfinished_conversation_id else ""
        message = (f"Archive {name}? They leave this list and 'cc-tui people list'; their history and exports "
                   f"stay.{unfinished} v shows archived people; x on one restores them.")

        def decided(yes: bool | None) -> None:
            if yes:
                self._follow = person.id
                self.set_archived(person.id, True)

        self.app.push_screen(ConfirmScreen(message, yes="Archive", no="Keep"), decided)

    def action_restore_person(self) -> None:
        row = self.selected()
        if row is not None and row.employee.archived:
            self._follow = row.employee.id
            self.set_archived(row.employee.id, False)

    def action_show_archived(self) -> None:
        self._toggle_archived(True)

    def action_hide_archived(self) -> None:
        self._toggle_archived(False)

    def _toggle_archived(self, show: bool) -> None:
        row = self.selected()
        self._follow = row.employee.id if row is not None else None
        self.show_archived = show
        self.show_rows(self._everyone)

    @work(thread=True, group="store")
    @report_errors
    def set_archived(self, employee_id: str, archived: bool) -> None:
        # a conversation's save of this person (succession, style hints) lands first, never after, over the flag
        self.services.saver.flush(5.0)
        employee = self.services.store.set_archived(employee_id, archived)
        name = one_line(employee.name, 80)
        done = (f"Archived {name}: history and exports stay; v shows archived people." if archived
                else f"Restored {name}.")
        self.app.call_from_thread(self.app.notify, done, markup=False)
        self.refresh_rows()

    # ---------------------------------------------------------------- erase

    def action_erase_person(self) -> None:
        row = self.selected()
        if row is not None and not self._refuse_erase(row.employee.id):
            self._count_for_erase(row.employee.id)

    def _refuse_erase(self, employee_id: str) -> bool:
        """True (and says why) when erasing now is refused: the screen is shared, or their conversation is open."""
        if self.services.share_safe:
            self.app.notify("Not while the screen is shared (F12 leaves the share-safe view).", markup=False)
            return True
        for screen in self.app.screen_stack:
            session = getattr(screen, "session", None)
            if employee_id in getattr(getattr(session, "conv", None), "employee_ids", ()):
                self.app.notify("Their conversation is open: close it first (escape).", markup=False)
                return True
        return False

    @work(thread=True, exclusive=True, group="erase")  # its own group: an exclusive "open" would cancel a start
    @report_errors
    def _count_for_erase(self, employee_id: str) -> None:
        from ..dialogs.erase_dialog import EraseCounts

        self.services.saver.flush(5.0)  # what a closed conversation handed over is counted (and then erased)
        store = self.services.store
        person = store.employee(employee_id)
        history = store.history(employee_id)
        team = sum(1 for s in history if len(s.employee_ids) > 1)
        backups = store.folder / "backups"
        copies = sum(1 for p in backups.iterdir() if p.is_dir()) if backups.is_dir() else 0
        counts = EraseCounts(person.name, len(history) - team, team, copies)
        self.app.call_from_thread(self._ask_erase, employee_id, counts)

    def _ask_erase(self, employee_id: str, counts: EraseCounts) -> None:
        from ..dialogs.erase_dialog import EraseDialog

        if self._refuse_erase(employee_id):
            return

        def decided(yes: bool | None) -> None:
            if yes and not self._refuse_erase(employee_id):
                self.erase_person(employee_id, counts)

        self.app.push_screen(EraseDialog(counts), decided)

    @work(thread=True, group="store")
    @report_errors
    def erase_person(self, employee_id: str, counts: EraseCounts) -> None:
        self.services.saver.flush(5.0)
        report = self.services.store.erase_person(employee_id)  # the search index hears it (a store listener)
        self.services.history.forget()
        # the forms' drafts as the erase left them (their form's gone, their name out of the others), not as typed
        if self._forms is not None:
            self._forms.read_again()
        copies = sum(1 for line in report if line.startswith("backup "))
        done = (f"Erased {one_line(counts.name, 80)}: {counted(counts.one_to_ones, 'one-to-one')} removed, "
                f"{counted(counts.team_sessions, 'team session')} kept for the others without them"
                + (f", their copies in {counted(copies, 'backup folder')} too." if copies else "."))
        self.app.call_from_thread(self.app.notify, done, markup=False)
        self.refresh_rows()

    def action_team_session(self) -> None:
        from ..dialogs.basic import PickManyScreen  # its widgets (SelectionList, ...) are not needed at start-up

        people = [r.employee for r in self._active()]
        choices: list[tuple[str, Any]] = [(f"{e.name} — {e.role}", e.id) for e in people]
        teams: dict[str, list[str]] = {}
        for e in people:
            if e.team.strip():
                teams.setdefault(e.team.strip(), []).append(e.id)
        # a team as a whole: everyone (not archived) who has that team name today
        choices += [(f"Whole team: {team} ({len(ids)} people)", ("team", team)) for team, ids in sorted(teams.items())
                    if len(ids) > 1]

        def chosen(picked: list[Any] | None) -> None:
            if not picked:
                return
            ids: list[str] = []
            for value in picked:
                for employee_id in teams.get(value[1], []) if isinstance(value, tuple) else [value]:
                    if employee_id not in ids:
                        ids.append(employee_id)
            if len(ids) < 2:
                self.notify("A team session needs at least two people.", markup=False)
                return
            self.start_conversation(ids)

        self.app.push_screen(
            PickManyScreen("Team session: who attends? (space to tick people or a whole team, enter to start)",
                           choices, minimum=1), chosen
        )

    @work(thread=True, exclusive=True, group="open")
    @report_errors
    def start_conversation(self, employee_ids: list[str]) -> None:
        """A new conversation, shown before it is written: its file and the carried items it counts go to the saver
        (in order, ahead of every edit typed into it, retried and reported the same way), so a slow disk never holds
        the screen back (benchmarks/README.md, "a fourth pass", has what it changed in time)."""
        from ..flow import plan_conversation  # the models: imported after start-up, here in the worker
        from ..session import planned_loaded

        store, saver = self.services.store, self.services.saver
        planned = plan_conversation(store, employee_ids, self.services.clock)
        loaded = planned_loaded(store, planned)
        conversation = planned.conversation
        names = ", ".join(one_line(p.name, 40) for p in planned.people.values())
        try:
            saver.submit(f"conversation:{conversation.id}",
                         partial(store.save_conversation, conversation.model_copy(deep=True), touch=False),
                         f"the new conversation with {names}")
            if planned.carried_actions:
                saver.submit(f"carried:{conversation.id}",
                             partial(store.save_actions, [a.model_copy(deep=True) for a in planned.carried_actions]),
                             f"the action items carried into the conversation with {names}")
        except RuntimeError:  # the saver has stopped: the app is closing, there is nothing to show it on
            return
        self.post_message(nav.OpenConversation(conversation, loaded))

    @work(thread=True, exclusive=True, group="open")
    @report_errors
    def open_conversation(self, conversation_id: str) -> None:
        from ..session import read_loaded

        conversation = self.services.store.conversation(conversation_id)
        self.post_message(nav.OpenConversation(conversation, read_loaded(self.services.store, conversation)))


def _cells(row: HomeRow, today: date) -> list[Content]:
    """One row's cells; an archived person's are dimmed, marked "archived" and never due."""
    e = row.employee
    if e.archived:
        last = show(row.last_conversation, "never")
        plain = [one_line(e.name, 200), one_line(e.role, 200), one_line(e.team, 200), last, "—",
                 str(row.open_employee or "—"), str(row.open_manager or "—")]
        return [Content.styled(text, "dim") for text in plain] + [Content.styled("archived", "dim italic")]
    return [
        Content.styled(one_line(e.name, 200), "bold"),
        Content(one_line(e.role, 200)),
        Content(one_line(e.team, 200)),
        Content(show(row.last_conversation, "never")),
        due_content(row.next_due, today) if row.next_due else _NOW,
        _owed(row.open_employee, row.overdue_employee),
        _owed(row.open_manager, row.overdue_manager),
        _UNFINISHED if row.unfinished_conversation_id else _NOTHING,
    ]


# the cells most rows share, made once (Content is immutable): the first frame builds every row's cells (#25)
_NOW = Content.styled("now", "bold $cc-due-today")
_UNFINISHED = Content.styled("● unfinished", "$cc-unfinished")
_NOTHING = Content("")


@lru_cache(maxsize=512)
def _owed(count: int, overdue: int) -> Content:
    if not count:
        return Content.styled("—", "dim")
    content = Content(str(count))
    if overdue:
        content = content.append_text(f" ({overdue} overdue)", "bold $cc-overdue")
    return content

