"""What the stage panes share: the pane base class, the notes field that knows what it edits, and the news a pane
sends up when the records it changed are shown elsewhere too."""

from __future__ import annotations

from textual import on
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import TextArea

from ...dialogs.draft import DraftKeeper, DraftValues
from ...dialogs.forms import GoalForm
from ...errors import UserError
from ...models import Conversation, Goal, Stage
from ...session import ConversationSession, get_path
from ...text import one_line
from ...widgets.row_table import RowTable
from ...widgets.safe_text_area import SafeTextArea


class NotesArea(SafeTextArea):
    """A text field of the conversation; ``field`` is the model path it edits (``manager_prep.strengths``)."""

    def __init__(self, conversation: Conversation, field: str, *, classes: str = "", title: str = "") -> None:
        value = get_path(conversation, field)
        assert isinstance(value, str)
        # the id is for styles and tests only: what the field edits is ``self.field``
        super().__init__(value, id="f-" + field.replace(".", "--"), classes=classes, soft_wrap=True)
        self.field = field
        if title:
            self.border_title = title

    def on_mount(self) -> None:
        # notes typed in an earlier part of the meeting (reopened, or after a crash) go on at their end: at the start,
        # the first word typed landed in front of them
        self.move_cursor(self.document.end)

    def show_stored(self, text: str) -> None:
        """Show ``text`` (what the session holds) again, the cursor kept where it was as far as it can be."""
        row, column = self.cursor_location
        self.load_text(text)
        last = self.document.line_count - 1
        row = min(row, last)
        self.move_cursor((row, min(column, len(self.document.get_line(row)))))


class ItemsChanged(Message):
    """A pane changed goals, action items or last time's statuses: every pane that lists them shows them again
    (``shown``: the pane that did so already)."""

    def __init__(self, shown: StagePane | None = None) -> None:
        super().__init__()
        self.shown = shown


def draft_keeper(widget: Widget, session: ConversationSession, kind: str) -> DraftKeeper:
    """``session.keep_draft`` for one kind of dialog, remembering on the conversation screen what was typed: a dialog
    F12 closed (neither saved nor dropped) comes back with it when one of its kind opens again."""
    memory = getattr(widget.screen, "typed_drafts", None)
    return DraftKeeper(session.keep_draft, kind, memory if memory is not None else {})


def write_replacement(pane: StagePane, old: Goal, restored: DraftValues | None = None) -> None:
    """A goal was marked changed: offer, in the same step, to write the goal that replaces it (escape: none)."""
    session = pane.session

    def saved(new: Goal | None) -> None:
        if new is None:
            return
        session.replace_goal(old, new)
        pane.notify(f"“{one_line(new.title, 50)}” replaces “{one_line(old.title, 50)}”.", markup=False)
        pane.post_message(ItemsChanged())

    form = GoalForm(None, employee_choices=session.employee_choices(), conversation_id=session.conv.id,
                    clock=session.clock, replacing=old)
    keep = draft_keeper(pane, session, f"goal:replaces:{old.id}")
    pane.app.push_screen(form.keeping_draft(keep, restored), saved)


def select_row(table: RowTable, key: str) -> None:
    """Put the cursor on the row ``key`` if the table shows it."""
    try:
        table.move_cursor(row=table.get_row_index(key))
    except Exception:  # noqa: BLE001 - the row may be filtered out
        pass


class StagePane(VerticalScroll):
    """One stage of the conversation. It edits the session it is given; it never reaches into the screen."""

    stage: Stage

    def __init__(self, session: ConversationSession, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session

    def focus_target(self) -> str:
        """The selector of what has the focus when the stage is entered."""
        return "*"

    def fill(self) -> None:
        """The session is loaded: show its records."""

    def refresh_items(self) -> None:
        """Goals or items changed (here or in another pane): show them again."""

    def offer_draft(self, kind: str, values: DraftValues) -> bool:
        """Open the dialog of ``kind`` again with the values it held when cc-tui stopped; False if not this pane's
        (or its record is gone)."""
        return False

    @on(TextArea.Changed)
    def _notes_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if not isinstance(area, NotesArea):
            return
        try:
            changed = self.session.set_text(area.field, area.text)
        except UserError as exc:
            # beyond the field's limit: the change is refused in the field itself (it shows what is stored again), so
            # what is typed next is saved as usual; the manager is told what was not kept
            refused = len(area.text) - len(self.session.text(area.field))
            self.notify(f"{exc} ({refused:,} characters were not kept.)", severity="error", markup=False, timeout=15)
            area.show_stored(self.session.text(area.field))
            return
        if changed:
            self.text_changed(area.field)

    def text_changed(self, field: str) -> None:
        """A notes field of this pane changed (and was marked for saving)."""
