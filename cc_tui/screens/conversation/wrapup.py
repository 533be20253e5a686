"""Wrap-up: the shared summary, the next date, a preview of exactly what the employee may receive, export."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, Static

from ...dates import parse_due
from ...errors import UserError
from ...models import Stage
from .common import NotesArea, StagePane

PREVIEW_DELAY = 0.4  # s after the last key in the summary, the preview follows

EXPORT_HELP = ("F10 exports the action items, with the shared summary if you want it, as Markdown, CSV, JSON or "
               "iCalendar — or copies the Markdown to the clipboard. Private notes are never included.")


class WrapupPane(StagePane):
    stage = Stage.WRAPUP

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._preview_shown: str | None = None  # the text the preview shows
        self._preview_timer: Timer | None = None
        self._preview_revision = -1  # the session revision the preview was made at

    def compose(self) -> ComposeResult:
        conv = self.session.conv
        yield NotesArea(
            conv, "summary", classes="short summary", title="Shared summary (what you agreed, in a few lines)"
        )
        with Horizontal(classes="form-row"):
            yield Label("Next conversation", classes="inline-label")
            yield Input(conv.next_date.isoformat() if conv.next_date else "", id="next-date",
                        placeholder="+4w, 2027-01-15")
        yield Label("", id="next-date-error", classes="field-note", markup=False)
        share = Checkbox(Text("Share their motivator ratings in what they receive"), conv.share_motivators,
                         id="share-motivators")
        share.display = not self.session.is_team  # a group rates no motivators: nothing to share
        yield share
        yield Label("Preview of what the employee may see (no private notes)", classes="section-title")
        yield Static(id="preview", classes="preview", markup=False)
        with Vertical(id="export-area"):
            yield Label("Export", classes="section-title")
            yield Static(Text(EXPORT_HELP), id="export-help")

    def focus_target(self) -> str:
        return "#f-summary"

    def fill(self) -> None:
        self.refresh_items()  # the preview is made when wrap-up is shown (~0.1 s with years of items), not at open
        day = self.session.default_next_date()
        if day is not None:
            self.query_one("#next-date", Input).value = day.isoformat()

    def refresh_items(self) -> None:
        if self.session.conv.stage is Stage.WRAPUP:
            self.refresh_preview()

    def text_changed(self, field: str) -> None:
        self.preview_later()

    @on(Checkbox.Changed, "#share-motivators")
    def _share_motivators(self, event: Checkbox.Changed) -> None:
        self.session.share_motivators(event.value)
        self.refresh_preview()

    # ---------------------------------------------------------------- the preview

    def preview_later(self) -> None:
        """The preview follows the summary once typing pauses (0.4 s), not at every key: it re-wraps all of the
        shared notes, and at every key it was a second frame ~50 ms after the one that showed the letter."""
        if self.session.conv.stage is not Stage.WRAPUP:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self.refresh_preview, name="preview")

    def refresh_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if self._preview_revision == self.session.revision:
            return  # nothing the preview shows changed since it was made (a stage switch back to wrap-up)
        self._preview_revision = self.session.revision
        text = self.session.preview_text()
        if text == self._preview_shown:
            return  # wrapping the whole preview again costs a layout of the pane (~10-40 ms with long notes)
        self._preview_shown = text
        self.query_one("#preview", Static).update(Text(text))

    # ---------------------------------------------------------------- next date, export, finish

    def show_note(self, message: str, *, bad: bool) -> None:
        note = self.query_one("#next-date-error", Label)
        note.update(Text(message))
        note.set_class(bad, "bad")

    def read_next_date(self) -> date | None:
        """The next date as typed; raises UserError (shown under the field) if it is not a date or in the past."""
        try:
            day = parse_due(self.query_one("#next-date", Input).value, self.session.today)
            self.session.check_next_date(day)
        except UserError as exc:
            self.show_note(str(exc), bad=True)
            raise
        return day

    @on(Input.Changed, "#next-date")
    def _next_date_changed(self, event: Input.Changed) -> None:
        try:
            day = self.read_next_date()
        except UserError:
            return
        self.show_note(f"→ {day.strftime('%A %d %B %Y')}" if day else "No next date set.", bad=False)
        if self.session.set_next_date(day):
            self.preview_later()

    def show_export(self, path: str) -> None:
        self.query_one("#export-help", Static).update(Text(f"Last export: {path}"))
