"""Small modal dialogs: confirm, one-line prompt, pick one or several from a list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from ..errors import UserError
from ..text import one_line
from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.keybar import KeyBar
from .draft import DraftDialog

T = TypeVar("T")


class ConfirmScreen(PaintedOnce, StyledOnce, ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, message: str, *, yes: str = "Yes", no: str = "No", safe_default: bool = False) -> None:
        """``safe_default``: Enter answers no (the yes loses something: unsaved notes, the share-safe view)."""
        super().__init__()
        self.message = message
        self.yes = yes
        self.no = no
        self.safe_default = safe_default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(f"{self.yes} (y)"), id="yes", variant="error" if self.safe_default else "primary")
                yield Button(Text(f"{self.no} (n)"), id="no", variant="primary" if self.safe_default else "default")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.safe_default:  # one reflexive Enter on "Quit anyway" lost the notes a failing disk still held
            self.set_focus(self.query_one("#no", Button), scroll_visible=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptScreen(DraftDialog[T | None], Generic[T]):
    """One line of input, checked by ``parse`` (which raises UserError with a readable message)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        parse: Callable[[str], T] = lambda s: s,  # type: ignore[assignment, return-value]
        help_text: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.parse = parse
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error", classes="field-error", markup=False)
            if self.help_text:
                yield Static(Text(self.help_text), classes="dialog-help")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            result = self.parse(event.value)
        except UserError as exc:
            self.query_one("#prompt-error", Label).update(Text(str(exc)))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickScreen(PaintedOnce, StyledOnce, ModalScreen[T | None], Generic[T]):
    """Pick one option: ``choices`` are (label, value) pairs; labels are plain text."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick.cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, T]], *, highlighted: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(
                *[Option(Text(one_line(label, 120)), id=str(i)) for i, (label, _) in enumerate(self.choices)]
            )
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.choices:
            options.highlighted = min(self.highlighted, len(self.choices) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickManyScreen(PaintedOnce, StyledOnce, ModalScreen[list[Any] | None]):
    """Pick several (space to tick, enter to confirm)."""

    BINDINGS = [
        Binding("enter", "done", "Done", id="pickmany.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="pickmany.cancel"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, Any]], *, minimum: int = 1,
                 ticked: Sequence[int] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.minimum = minimum
        self.ticked = set(ticked)  # the indices ticked when the dialog opens

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield SelectionList[int](
                *[(Text(one_line(label, 120)), i, i in self.ticked) for i, (label, _) in enumerate(self.choices)]
            )
            yield Label("", id="pick-error", classes="field-error", markup=False)
            yield Static(Text("space: tick · enter: done · escape: cancel"), classes="dialog-help")
        yield KeyBar()

    def action_done(self) -> None:
        picked = sorted(self.query_one(SelectionList).selected)
        if len(picked) < self.minimum:
            self.query_one("#pick-error", Label).update(Text(f"Tick at least {self.minimum} (space)."))
            return
        self.dismiss([self.choices[i][1] for i in picked])

    def action_cancel(self) -> None:
        self.dismiss(None)
