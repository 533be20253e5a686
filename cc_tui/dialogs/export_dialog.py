"""The wrap-up export dialog: action items (and the shared summary) to a Markdown, CSV, JSON or iCalendar file, or the
Markdown to the clipboard.

The caller builds the :class:`~cc_tui.export.ExportBundle` (in a worker: it reads the store) and pushes
``ExportDialog(bundle, default_dir=Path.cwd())``. The dialog dismisses with the path written (``str``), or ``None``
when cancelled. Writing happens in a thread worker; every problem shows as one line inside the dialog.

Keys: ctrl+s write the file · ctrl+y copy the Markdown · escape cancel · tab moves between the fields.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from ..dates import show
from ..errors import UserError
from ..export import (
    FORMAT_LABELS,
    FORMATS,
    ExportBundle,
    TargetExistsError,
    default_filename,
    render,
    write_export,
)
from ..text import one_line, printable
from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.keybar import KeyBar
from .basic import ConfirmScreen

__all__ = ["ExportDialog"]

WRITE_GROUP = "export-write"


class ExportDialog(PaintedOnce, StyledOnce, ModalScreen[str | None]):
    """Choose a format and a file, then write it (ctrl+s) or copy the Markdown (ctrl+y)."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
    }
    ExportDialog > #export-dialog {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 100%;
        padding: 0 2;
        border: thick $primary;
        background: $surface;
    }
    ExportDialog #export-title {
        text-style: bold;
    }
    ExportDialog #export-what {
        color: $text-muted;
        height: auto;
    }
    ExportDialog .export-label {
        margin-top: 1;
    }
    ExportDialog #export-format {
        layout: horizontal;
        width: auto;
        height: auto;
    }
    ExportDialog #export-error {
        color: $error;
        height: auto;
        min-height: 1;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "write", "Write file", id="export.write", priority=True,
                tooltip="Write the export to the file shown"),
        Binding("ctrl+y", "copy", "Copy Markdown", id="export.copy", priority=True,
                tooltip="Copy the action items as Markdown to the clipboard"),
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without exporting"),
    ]

    def __init__(self, bundle: ExportBundle, *, default_dir: Path | None = None, fmt: str = "md") -> None:
        super().__init__()
        self.bundle = bundle
        self.default_dir = Path(default_dir) if default_dir is not None else Path.cwd()
        self.fmt = fmt if fmt in FORMATS else "md"
        self._auto_path = str(self.default_dir / default_filename(bundle, self.fmt))
        self._path_edited = False
        self._busy = False
        self._finished = False

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        b = self.bundle
        n = len(b.items)
        names = ", ".join(p.name for p in b.people.values()) or "nobody"
        what = f"{n} {'open ' if b.open_only else ''}action item{'' if n == 1 else 's'} · {names}"
        if b.conversation is not None:
            what += f" · conversation of {show(b.date)}"
        with Vertical(id="export-dialog"):
            yield Label(Text("Export action items"), id="export-title")
            yield Static(Text(one_line(what, 300)), id="export-what")
            yield Label(Text("Format (←/→ then space)"), classes="export-label")
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(Text(FORMAT_LABELS[fmt]), value=fmt == self.fmt, id=f"fmt-{fmt}")
            yield Checkbox(
                Text("Include the shared summary"),
                value=b.include_summary and b.conversation is not None,
                id="export-summary",
            )
            yield Checkbox(Text("All-day events instead of to-dos (iCalendar)"), value=False, id="export-allday")
            yield Label(Text("Write to"), classes="export-label")
            yield Input(self._auto_path, id="export-path", placeholder="file name or path")
            yield Label("", id="export-error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._sync_options()
        self.set_focus(self.query_one("#export-format", RadioSet), scroll_visible=False)  # now: in the first frame

    # ---------------------------------------------------------------- state

    @property
    def include_summary(self) -> bool:
        box = self.query_one("#export-summary", Checkbox)
        return box.value and not box.disabled

    @property
    def all_day_events(self) -> bool:
        box = self.query_one("#export-allday", Checkbox)
        return box.value and not box.disabled

    @property
    def path_text(self) -> str:
        return self.query_one("#export-path", Input).value

    def target_path(self) -> Path:
        raw = self.path_text.strip()
        if not raw:
            raise UserError("Give a file name to write to.")
        path = Path(raw).expanduser()
        return path if path.is_absolute() else self.default_dir / path

    def _sync_options(self) -> None:
        # CSV has no place for the summary; only iCalendar has events.
        self.query_one("#export-summary", Checkbox).disabled = self.fmt == "csv" or self.bundle.conversation is None
        self.query_one("#export-allday", Checkbox).disabled = self.fmt != "ics"

    def _show_error(self, message: str) -> None:
        self.query_one("#export-error", Label).update(Text(one_line(message, 500)))

    # ---------------------------------------------------------------- events

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        button_id = event.pressed.id or ""
        fmt = button_id.removeprefix("fmt-")
        if fmt not in FORMATS:
            return
        self.fmt = fmt
        self._sync_options()
        self._show_error("")
        path_input = self.query_one("#export-path", Input)
        if not self._path_edited:
            self._auto_path = str(self.default_dir / default_filename(self.bundle, fmt))
            path_input.value = self._auto_path
        else:
            # A name the user typed is kept; only an export extension (.md .csv .json .ics) follows the format.
            path = Path(self.path_text)
            if path.suffix.lower().lstrip(".") in FORMATS and path.suffix.lower() != f".{fmt}":
                path_input.value = str(path.with_suffix(f".{fmt}"))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "export-path":
            return
        event.stop()
        if event.value != self._auto_path:
            self._path_edited = True
        self._show_error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "export-path":
            event.stop()
            self.action_write()

    # ---------------------------------------------------------------- actions

    def action_cancel(self) -> None:
        self._finished = True
        self.dismiss(None)

    def action_copy(self) -> None:
        text = render(self.bundle.with_summary(self.include_summary), "md")
        self.app.copy_to_clipboard(text)
        n = len(self.bundle.items)
        self.app.notify(
            f"Copied {n} action item{'' if n == 1 else 's'} as Markdown. If your terminal does not pass the "
            "clipboard on (OSC 52), write a file instead (ctrl+s).",
            title="Copied",
            markup=False,
        )

    def action_write(self) -> None:
        if self._busy:
            return
        try:
            path = self.target_path()
        except UserError as exc:
            self._show_error(str(exc))
            return
        self._start_write(path, overwrite=False)

    def _start_write(self, path: Path, *, overwrite: bool) -> None:
        self._busy = True
        self._show_error("")
        self._write(path, self.fmt, self.include_summary, self.all_day_events, overwrite)

    @work(thread=True, exclusive=True, group=WRITE_GROUP, exit_on_error=False)
    def _write(
        self, path: Path, fmt: str, include_summary: bool, all_day: bool, overwrite: bool
    ) -> tuple[str, Path, str]:
        """Render and write off the UI thread. Returns (outcome, path, detail); :meth:`on_worker_state_changed`
        handles it on the UI thread (a thread worker must not wait on the UI: dismissing the screen waits for it)."""
        try:
            text = render(self.bundle.with_summary(include_summary), fmt, all_day_events=all_day)
            write_export(path, text, overwrite=overwrite)
        except TargetExistsError:
            return ("exists", path, "")
        except UserError as exc:
            return ("error", path, str(exc))
        except Exception as exc:  # noqa: BLE001 - one line in the dialog, never a traceback
            return ("error", path, f"Could not write {path}: {type(exc).__name__}.")
        return ("written", path, fmt)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != WRITE_GROUP:
            return
        event.stop()
        if event.state is WorkerState.SUCCESS:
            outcome, path, detail = worker.result
            if outcome == "written":
                self._written(path, detail)
            elif outcome == "exists":
                self._ask_overwrite(path)
            else:
                self._failed(detail)
        elif event.state is WorkerState.ERROR:
            self._failed(f"Could not write the file: {type(worker.error).__name__}.")
        elif event.state is WorkerState.CANCELLED:
            self._busy = False

    def _ask_overwrite(self, path: Path) -> None:
        if self._finished:
            return

        def answer(replace: bool | None) -> None:
            if replace:
                self._start_write(path, overwrite=True)
            else:
                self._busy = False
                self._show_error(f"Not written: {printable(str(path))} already exists. Change the file name.")
                self.query_one("#export-path", Input).focus()

        self.app.push_screen(
            ConfirmScreen(f"{printable(str(path))} already exists. Replace it?", yes="Replace", no="Keep it"),
            answer,
        )

    def _failed(self, message: str) -> None:
        self._busy = False
        if not self._finished:
            self._show_error(message)

    def _written(self, path: Path, fmt: str) -> None:
        self._busy = False
        n = len(self.bundle.items)
        self.app.notify(
            f"Wrote {n} action item{'' if n == 1 else 's'} ({FORMAT_LABELS[fmt]}) to {printable(str(path))}.",
            title="Exported",
            markup=False,
        )
        if not self._finished:
            self._finished = True
            self.dismiss(str(path))
