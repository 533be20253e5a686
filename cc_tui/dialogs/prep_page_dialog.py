"""The prep page in the app: write this person's page to a file, and paste their filled-in page back.

:class:`PrepPageWriteDialog` writes the page (the one ``cc-tui prep send`` writes) owner-only to the path in its field
(ctrl+s or enter), in a thread; it dismisses with the path written, or ``None``. :class:`PrepAnswersDialog` takes the
filled-in page pasted into a text area, shows what goes where (after a short pause in the typing) and dismisses with
the answers to store (topic → text; only those that change), asking first when an answer already there would be
replaced; ``None`` when cancelled. The caller stores them through the session. See docs/prep-format.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from ..errors import UserError
from ..export import TargetExistsError, write_export
from ..models import TOPIC_LABELS, ActionItem, Conversation, Employee, Goal
from ..prep_page import PrepAnswers, default_filename, parse_prep_page, plan_import, preview_lines, render_prep_page
from ..text import one_line, printable
from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.keybar import KeyBar
from ..widgets.safe_text_area import SafeTextArea
from .basic import ConfirmScreen
from .draft import DraftDialog

__all__ = ["PrepAnswersDialog", "PrepPageWriteDialog"]

WRITE_GROUP = "prep-page-write"

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 90%;
    max-width: 110;
    height: auto;
    max-height: 100%;
    padding: 0 2;
    border: thick $primary;
    background: $surface;
}}
{name} .prep-dialog-title {{
    text-style: bold;
}}
{name} .prep-dialog-help {{
    color: $text-muted;
    height: auto;
}}
{name} .prep-dialog-error {{
    color: $error;
    height: auto;
    min-height: 1;
}}
"""


class PrepPageWriteDialog(PaintedOnce, StyledOnce, ModalScreen[str | None]):
    """Write the prep page to a file (owner-only; an existing file is never replaced)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PrepPageWriteDialog")
    BINDINGS = [
        Binding("ctrl+s", "write", "Write file", id="prep_page.write", priority=True),
        Binding("escape", "cancel", "Cancel", id="prep_page.cancel"),
    ]

    def __init__(self, person: Employee, goals: list[Goal], actions: list[ActionItem], *, default_dir: Path,
                 day: date, last: Conversation | None = None) -> None:
        super().__init__()
        self.person = person
        self.text = render_prep_page(person, goals, actions, day=day, last=last)
        self.default_dir = Path(default_dir)
        self.default_path = self.default_dir / default_filename(person, day)
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Prep page for {one_line(self.person.name, 80)}"), classes="prep-dialog-title")
            yield Static(Text("Their open goals and items and the five prep questions, to send them (no private "
                              "notes, no manager prep). Paste their filled-in page back with i."),
                         classes="prep-dialog-help")
            yield Label(Text("Write to"))
            yield Input(str(self.default_path), id="prep-page-path", placeholder="file name or path")
            yield Label("", id="prep-page-error", classes="prep-dialog-error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#prep-page-path", Input), scroll_visible=False)  # now: in the first frame

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_error("")

    def _show_error(self, message: str) -> None:
        self.query_one("#prep-page-error", Label).update(Text(one_line(message, 500)))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_write(self) -> None:
        if self._busy:
            return
        raw = self.query_one("#prep-page-path", Input).value.strip()
        if not raw:
            self._show_error("Give a file name to write to.")
            return
        path = Path(raw).expanduser()
        self._busy = True
        self._write(path if path.is_absolute() else self.default_dir / path)

    @work(thread=True, exclusive=True, group=WRITE_GROUP, exit_on_error=False)
    def _write(self, path: Path) -> tuple[bool, str]:
        try:
            write_export(path, self.text)
        except TargetExistsError:
            return False, f"{path} already exists; choose another name (it is never replaced from here)."
        except UserError as exc:
            return False, str(exc)
        except Exception as exc:  # noqa: BLE001 - one line in the dialog, never a traceback
            return False, f"Could not write {path}: {type(exc).__name__}."
        return True, str(path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != WRITE_GROUP:
            return
        event.stop()
        if event.state is WorkerState.SUCCESS:
            ok, detail = event.worker.result
            self._busy = False
            if ok:
                self.dismiss(detail)
            else:
                self._show_error(detail)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._busy = False
            self._show_error("Could not write the file.")


class PrepAnswersDialog(DraftDialog[dict[str, str] | None]):
    """Paste the filled-in page; see what goes where; import it into this conversation's employee prep. What is
    pasted is kept as a draft while the dialog is open (``keeping_draft``), like a goal's dialog."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PrepAnswersDialog") + """
    PrepAnswersDialog #prep-paste {
        height: 12;
    }
    PrepAnswersDialog #prep-preview-box {
        height: auto;
        max-height: 14;
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "import", "Import", id="prep_answers.import", priority=True,
                tooltip="Put the answers into what they sent beforehand"),
        Binding("escape", "cancel", "Cancel", id="prep_answers.cancel"),
    ]
    PREVIEW_DELAY = 0.3

    def __init__(self, conversation: Conversation, person: Employee) -> None:
        super().__init__()
        self.conversation = conversation
        self.person = person
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="prep-answers-box"):
            yield Label(Text(f"Their prep page: {one_line(self.person.name, 80)}"), classes="prep-dialog-title")
            yield Static(Text("Paste the page they filled in (ctrl+v or your terminal's paste), check the preview, "
                              "then ctrl+s to import. Topics they left empty are not touched."),
                         classes="prep-dialog-help")
            yield SafeTextArea("", id="prep-paste", soft_wrap=True)
            with VerticalScroll(id="prep-preview-box"):
                yield Static(Text("Nothing pasted yet.", style="dim"), id="prep-preview")
            yield Label("", id="prep-answers-error", classes="prep-dialog-error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#prep-paste", SafeTextArea), scroll_visible=False)  # now: in the first frame

    def draft_note_box(self) -> Widget:
        return self.query_one("#prep-answers-box")

    @property
    def pasted(self) -> str:
        return self.query_one("#prep-paste", SafeTextArea).text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.query_one("#prep-answers-error", Label).update("")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.PREVIEW_DELAY, self.show_preview)

    def _read(self) -> PrepAnswers:
        page = parse_prep_page(self.pasted, source="The pasted text")
        if page.person_id != self.person.id:
            raise UserError(f"This is someone else's prep page, not {one_line(self.person.name, 60)}'s; "
                            "nothing imported.")
        return page

    def show_preview(self) -> None:
        preview = self.query_one("#prep-preview", Static)
        if not self.pasted.strip():
            preview.update(Text("Nothing pasted yet.", style="dim"))
            return
        try:
            page = self._read()
        except UserError as exc:
            preview.update(Content.styled(one_line(str(exc), 400), "bold $error"))
            return
        plan = plan_import(self.conversation, page)
        text = Text()
        for line in preview_lines(page, plan, max_lines=6):
            style = "bold" if not line.startswith("    ") else ""
            text.append(printable(line, keep_newlines=False) + "\n", style=style)
        text.rstrip()
        preview.update(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_import(self) -> None:
        error = self.query_one("#prep-answers-error", Label)
        try:
            page = self._read()
        except UserError as exc:
            error.update(Text(one_line(str(exc), 400)))
            return
        plan = plan_import(self.conversation, page)
        answers = {t: page.answers[t] for t in plan.changes}
        if not answers:
            error.update(Text("The conversation already holds exactly these answers; nothing to import."))
            return
        if not plan.replacing:
            self.dismiss(answers)
            return
        names = ", ".join(TOPIC_LABELS[t] for t in plan.replacing)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(answers)

        self.app.push_screen(ConfirmScreen(f"Replace what is there for {names}?", yes="Replace", no="Keep"),
                             confirmed)
