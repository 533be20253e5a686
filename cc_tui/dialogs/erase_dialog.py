"""Erase a person from the app: what goes, in numbers, and their name typed to confirm (``E`` on home)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..text import counted, one_line
from ..textual_compat import PaintedOnce, StyledOnce


@dataclass(frozen=True)
class EraseCounts:
    """What erasing a person removes, counted before the dialog opens (in a worker)."""

    name: str
    one_to_ones: int
    team_sessions: int
    backups: int


def name_matches(typed: str, name: str) -> bool:
    """The typed confirmation: their name, in any case, spaces around it aside (as ``cc-tui people erase`` asks)."""
    return bool(name.strip()) and typed.strip().casefold() == name.strip().casefold()


class EraseDialog(PaintedOnce, StyledOnce, ModalScreen[bool]):
    """True only when the manager typed the person's name and pressed Enter or the Erase button."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="erase.cancel")]

    def __init__(self, counts: EraseCounts) -> None:
        super().__init__()
        self.counts = counts

    def compose(self) -> ComposeResult:
        c = self.counts
        name = one_line(c.name, 60)
        copies = f" and their copies in {counted(c.backups, 'backup folder')}" if c.backups else ""
        lines = [f"Goes: their entry and file (goals, items, notes, succession), "
                 f"{counted(c.one_to_ones, 'one-to-one')}, every .bak{copies}."]
        if c.team_sessions:
            lines.append(f"Stays for the others: {counted(c.team_sessions, 'team session')}, without them (their "
                         "name becomes \"a former attendee\").")
        lines.append("Files already exported or handed over are not touched.")
        with Vertical(classes="dialog", id="erase-dialog"):
            yield Label(Text(f"Erase {name}? This cannot be undone."), classes="dialog-title")
            yield Static(Text("\n".join(lines)), classes="dialog-message")
            yield Label(Text("Type their name to confirm:"))
            yield Input(placeholder=name, id="erase-name")
            yield Label("", id="erase-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Erase (enter)"), id="erase", variant="error", disabled=True)
                yield Button(Text("Cancel (escape)"), id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#erase-name", Input), scroll_visible=False)  # now: in the first frame

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#erase", Button).disabled = not name_matches(event.value, self.counts.name)
        self.query_one("#erase-error", Label).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._erase_if_typed()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "erase":
            self._erase_if_typed()
        else:
            self.dismiss(False)

    def _erase_if_typed(self) -> None:
        if name_matches(self.query_one("#erase-name", Input).value, self.counts.name):
            self.dismiss(True)
            return
        self.query_one("#erase-error", Label).update(Text("That is not their name: nothing was erased."))

    def action_cancel(self) -> None:
        self.dismiss(False)
