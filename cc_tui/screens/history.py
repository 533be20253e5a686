"""A person's past conversations (read-only), their change over time, and the difference between two."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList

from .. import nav
from ..dialogs.basic import PickScreen
from ..errors import CCError
from ..history import Document, conversation_document, diff_conversations, diff_text
from ..models import ActionItem, Conversation, ConversationSummary, Employee, Goal
from ..reports import HistoryData, load_timeline, summary_label
from ..services import Services
from ..text import counted, one_line
from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.document_view import DocumentView
from ..widgets.keybar import KeyBar
from ..widgets.row_table import Column, Prepared, RowTable, prepare_rows
from ..widgets.settle import paint_when_settled
from ..widgets.worker_errors import report_errors

LIST_COLUMNS = [Column("when", "Conversation"), Column("stage", "Stage", shrink=1)]


def history_rows(summaries: list[ConversationSummary]) -> Prepared:
    """The conversation list's rows, laid out (any thread)."""
    return prepare_rows(LIST_COLUMNS, [
        (s.id, [Content(summary_label(s)), Content(s.stage.label if not s.finished_at else "done")])
        for s in summaries])


class HistoryScreen(PaintedOnce, StyledOnce, Screen[None]):
    """Past conversations of one person on the left, the highlighted one read-only on the right."""

    SHARE_SAFE = False  # it shows what a shared screen must not: closed by the share-safe view (F12)

    BINDINGS = [
        Binding("enter", "read", "Read", id="history.read", tooltip="Move into the conversation to scroll it"),
        Binding("t", "timeline", "Timeline", id="history.timeline", tooltip="Goals and motivations over time"),
        Binding("d", "diff", "Compare", id="history.diff", tooltip="What changed between this and another one"),
        Binding("escape", "back", "Back", id="history.back", priority=True),  # one escape, from any pane
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(id="history")
        self.services = services
        self._rows: dict[int, Prepared] = {}  # the list's rows of a HistoryData, laid out in the worker that read it
        self.employee_id = ""
        self.select: str | None = None
        self.jump: tuple[str, int] | None = None
        self.employee: Employee | None = None
        self.summaries: list[ConversationSummary] = []
        self.goals: list[Goal] = []
        self.actions: list[ActionItem] = []
        self.names: dict[str, str] = {}
        self.cache: dict[str, Conversation] = {}
        self._docs: dict[str, Document] = {}  # documents built in the worker, used once
        self._prefilled: HistoryData | None = None  # what prefill() put on the (hidden) screen
        self.displayed: str | None = None

    def open_for(self, employee_id: str, *, select: str | None = None, field: str | None = None,
                 start: int = 0) -> HistoryScreen:
        """Set whose history to show (the app keeps one HistoryScreen and pushes it again: composing and styling a
        new screen cost more than the whole budget for opening it). Loads when the screen is shown."""
        ready = self.services.history.fresh(employee_id) if self.is_mounted else None
        if ready is not None and ready is self._prefilled and select is None and not field:
            return self  # filled in already, while the cursor rested on the person: nothing left to do
        self._prefilled = None
        self.employee_id = employee_id
        self.select = select
        self.jump = (field, start) if field else None
        self.employee, self.summaries, self.goals, self.actions, self.names = None, [], [], [], {}
        self.cache = {}
        self._docs = {}
        self.displayed = None
        if self.is_mounted:
            if ready is not None:  # read ahead at home: filled in before the screen is shown, in its first frame
                self._loaded(ready)
            else:  # nothing of the last person may show, not even for one frame
                self.query_one("#conv-list", RowTable).set_rows([])
                self.query_one(DocumentView).load_text("")
                self.title, self.sub_title = "History", ""
        return self

    def read_ahead(self, employee_id: str) -> HistoryData | None:
        """Read a person's history ahead (any thread; the cursor rests on them at home) and lay out its list, so
        that :meth:`prefill` can fill this screen while it is hidden and ``h`` shows it in its first frame. None if
        it cannot be read (the screen reads it again when shown, and says what is wrong)."""
        data = self.services.history.fresh(employee_id)
        if data is not None:
            return data
        try:
            data = self.services.history.read(employee_id)
        except CCError:
            self.services.history.forget()
            return None
        self._rows = {id(data): history_rows(data.summaries)}
        return data

    def prefill(self, data: HistoryData) -> None:
        """While the screen is not shown (the cursor rests on someone at home): fill it with their history, so that
        ``h`` only has to show it."""
        stack = self.app.screen_stack
        if not stack or not self.is_mounted or self in stack or data is self._prefilled:
            return  # no screen at all: the app is closing; on the stack: it is (or will be) shown, never refilled
        self.open_for(data.employee_id)
        if self.employee is not None:
            self._prefilled = data

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-body"):
            yield RowTable(LIST_COLUMNS, id="conv-list")
            yield DocumentView(id="doc")
        yield KeyBar()

    def on_screen_suspend(self) -> None:
        self._prefilled = None  # shown: the next visit starts afresh (the newest conversation, at the top)

    def on_screen_resume(self) -> None:
        # Textual restyles a screen that is shown again: every scroll bar and list asks for a repaint; one frame
        paint_when_settled(self.query("*").results(Widget))
        if self.employee is None and self.employee_id:
            ready = self.services.history.fresh(self.employee_id)
            if ready is not None:  # read while the cursor rested on the person at home: shown in the first frame
                self._loaded(ready)
            else:
                self.load()

    @work(thread=True, exclusive=True, group="history-load")
    @report_errors
    def load(self) -> None:
        data = self.services.history.read(self.employee_id, self.select)
        self._rows = {id(data): history_rows(data.summaries)}
        self.app.call_from_thread(self._loaded, data)

    def _loaded(self, data: HistoryData) -> None:
        if data.employee_id != self.employee_id:
            return  # the screen was set to someone else meanwhile
        self.employee, self.summaries, self.goals, self.actions, self.names = (
            data.employee, data.summaries, data.goals, data.actions, data.names)
        if data.first is not None:
            self.cache[data.first.id] = data.first
            if data.first_doc is not None:
                self._docs[data.first.id] = data.first_doc
        summaries = self.summaries
        self.title = one_line(f"History — {data.employee.name}", 80)
        self.sub_title = counted(len(summaries), "conversation")
        table = self.query_one("#conv-list", RowTable)
        rows = self._rows.get(id(data))
        table.set_rows(rows if rows is not None else history_rows(summaries))
        if not summaries:
            self.query_one(DocumentView).load_text("No conversations with this person yet.")
            return
        index = next((i for i, s in enumerate(summaries) if s.id == self.select), 0)
        table.move_cursor(row=index)
        if self.is_current:
            self.set_focus(table)
        else:
            self.focused = table  # not shown yet: the focus it will have (no Focus event to a hidden screen)
        self.show(summaries[index].id)

    @on(OptionList.OptionHighlighted, "#conv-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and self.summaries:
            self.show(event.option.id)

    @on(OptionList.OptionSelected, "#conv-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_read()

    def show(self, conversation_id: str) -> None:
        if conversation_id in self.cache:
            self.render_conversation(self.cache[conversation_id])
        else:
            self._fetch(conversation_id)

    @work(thread=True, exclusive=True, group="history-conversation")
    @report_errors
    def _fetch(self, conversation_id: str) -> None:
        self.app.call_from_thread(self._fetched, self.services.store.conversation(conversation_id))

    def _fetched(self, conversation: Conversation) -> None:
        self.cache[conversation.id] = conversation
        current = self.current_id()
        if current == conversation.id:
            self.render_conversation(conversation)

    def current_id(self) -> str | None:
        table = self.query_one("#conv-list", RowTable)
        if not self.summaries or table.cursor_row < 0:
            return None
        return self.summaries[min(table.cursor_row, len(self.summaries) - 1)].id

    def render_conversation(self, conversation: Conversation) -> None:
        if self.displayed == conversation.id and self.jump is None:
            return  # already shown: keep the reader's place
        self.displayed = conversation.id
        doc = self._docs.pop(conversation.id, None) or conversation_document(
            conversation, self.names, self.goals, self.actions)
        view = self.query_one(DocumentView)
        view.load_text(doc.text)
        if self.jump and conversation.id == self.select:
            field, start = self.jump
            self.jump = None
            row, col = doc.position(field or "", start)
            view.focus()
            view.move_cursor((row, col), center=True)
        else:
            view.scroll_home(animate=False)

    def action_read(self) -> None:
        self.query_one(DocumentView).focus()

    def action_back(self) -> None:
        view = self.query_one(DocumentView)
        if view.has_focus:
            self.query_one("#conv-list", RowTable).focus()
            return
        self.app.pop_screen()

    def action_timeline(self) -> None:
        self.post_message(nav.OpenTimeline(self.employee_id))

    def action_diff(self) -> None:
        current = self.current_id()
        if current is None or len(self.summaries) < 2:
            self.notify("Two conversations are needed to compare.", markup=False)
            return
        others = [(summary_label(s), s.id) for s in self.summaries if s.id != current]

        def chosen(other: str | None) -> None:
            if other:
                self._diff(current, other)

        self.app.push_screen(PickScreen("Compare with which conversation?", others), chosen)

    @work(thread=True, exclusive=True, group="history-diff")
    @report_errors
    def _diff(self, a: str, b: str) -> None:
        ca, cb = self.services.store.conversation(a), self.services.store.conversation(b)
        older, newer = sorted((ca, cb), key=lambda c: c.created_at)
        text = diff_text(diff_conversations(older, newer, self.goals, self.actions), older, newer)
        self.app.call_from_thread(self._show_text, text)

    def _show_text(self, text: str) -> None:
        self.displayed = None
        view = self.query_one(DocumentView)
        view.load_text(text)
        view.focus()


class TimelineScreen(PaintedOnce, StyledOnce, Screen[None]):
    """Goals added, changed, achieved and dropped, and each motivator's rating per conversation."""

    SHARE_SAFE = False  # it shows what a shared screen must not: closed by the share-safe view (F12)

    BINDINGS = [Binding("escape", "back", "Back", id="timeline.back")]

    def __init__(self, services: Services, employee_id: str) -> None:
        super().__init__(id="timeline")
        self.services = services
        self.employee_id = employee_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id="timeline-doc")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DocumentView).load_text("Loading…")
        self.load()

    @work(thread=True, exclusive=True, group="timeline-load")
    @report_errors
    def load(self) -> None:
        self.app.call_from_thread(self._show, *load_timeline(self.services.store, self.employee_id))

    def _show(self, employee: Employee, text: str) -> None:
        self.title = one_line(f"Timeline — {employee.name}", 80)
        view = self.query_one(DocumentView)
        view.load_text(text)
        view.focus()

    def action_back(self) -> None:
        self.app.pop_screen()
