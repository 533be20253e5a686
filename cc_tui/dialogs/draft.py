"""Dialogs whose fields are kept as a draft while they are open.

A dialog given a ``keep`` callback hands it its fields' values (``{widget id: text, tick or choice}``) at every
change, and ``None`` when it closes; the conversation session saves them like notes (within a second), so a kill,
a closed terminal or a crash with the dialog open loses nothing. Given ``restored`` values, the dialog opens with
them and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.text import Text
from textual import on
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, TextArea
from textual.widgets.select import InvalidSelectValueError

from ..textual_compat import PaintedOnce, StyledOnce

R = TypeVar("R")
DraftValues = dict[str, str | bool | None]
KeepDraft = Callable[[DraftValues | None], None]

# one line at 80 columns; the dialog's own keys say how to save (ctrl+s saves, or imports a prep page)
RESTORED_NOTE = "Restored: what you typed before it closed. Esc drops it."


class DraftKeeper:
    """The ``keep`` of one kind of dialog ("goal:new", "person:ID"…) that also remembers what it was last handed, in
    ``memory`` (its screen's). A dialog closed neither saved nor dropped (F12 closes every dialog) leaves its values
    there, and the next dialog of that kind opens with them (:meth:`DraftDialog.keeping_draft` reads ``pending``),
    not empty, to be typed over the draft it would replace."""

    def __init__(self, keep: Callable[[str, DraftValues | None], None], kind: str,
                 memory: dict[str, DraftValues]) -> None:
        self.keep = keep
        self.kind = kind
        self.memory = memory

    def __call__(self, values: DraftValues | None) -> None:
        if values is None:
            self.memory.pop(self.kind, None)
        else:
            self.memory[self.kind] = dict(values)
        self.keep(self.kind, values)

    @property
    def pending(self) -> DraftValues | None:
        return self.memory.get(self.kind)


def _fields(screen: ModalScreen[Any]) -> list[Widget]:
    return [w for w in screen.query("Input, TextArea, Checkbox, Select") if w.id]


def field_values(screen: ModalScreen[Any]) -> DraftValues:
    values: DraftValues = {}
    for widget in _fields(screen):
        assert widget.id is not None
        if isinstance(widget, TextArea):
            values[widget.id] = widget.text
        elif isinstance(widget, Input):
            values[widget.id] = widget.value
        elif isinstance(widget, Checkbox):
            values[widget.id] = widget.value
        elif isinstance(widget, Select):
            value = widget.value
            values[widget.id] = None if value is Select.NULL else str(value)
    return values


def apply_values(screen: ModalScreen[Any], values: DraftValues) -> None:
    """Put ``values`` back into the fields that still exist and take them (a choice no longer offered is skipped)."""
    for widget in _fields(screen):
        if widget.id not in values:
            continue
        value = values[widget.id]
        if isinstance(widget, TextArea) and isinstance(value, str):
            widget.load_text(value)
        elif isinstance(widget, Input) and isinstance(value, str):
            widget.value = value
        elif isinstance(widget, Checkbox) and isinstance(value, bool):
            widget.value = value
        elif isinstance(widget, Select):
            try:
                if value is None:
                    widget.clear()
                else:
                    widget.value = value
            except InvalidSelectValueError:  # the choice is no longer offered (a goal since dropped)
                pass


class DraftDialog(PaintedOnce, StyledOnce, ModalScreen[R]):
    """A modal dialog that can keep its fields as a draft (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._keep: KeepDraft | None = None
        self._restored: DraftValues | None = None
        self._initial: DraftValues | None = None
        self._forget_on_close = True

    def keeping_draft(self, keep: KeepDraft, restored: DraftValues | None = None, *,
                      forget_on_close: bool = True) -> DraftDialog[R]:
        """Hand the fields to ``keep`` at every change (and ``None`` at close); open with ``restored`` if given.
        ``forget_on_close=False``: no ``None`` at close, the owner forgets the draft once the dialog's result is
        saved (home saves a person itself, not through a session that orders the record before the draft)."""
        self._keep = keep
        self._restored = restored
        if restored is None and isinstance(keep, DraftKeeper) and keep.pending:
            self._restored = keep.pending
        self._forget_on_close = forget_on_close
        return self

    @property
    def holds_typing(self) -> bool:
        """Open with a draft kept: restored, or changed since it opened."""
        if self._keep is None:
            return False
        return bool(self._restored) or (self._initial is not None and field_values(self) != self._initial)

    def on_mount(self) -> None:
        if self._restored:
            apply_values(self, self._restored)
            for field in self.query(Input):  # a key typed next goes after the restored text, never over it
                field.select_on_focus = False
                field.cursor_position = len(field.value)
            self.draft_note_box().mount(Label(Text(RESTORED_NOTE), classes="draft-note", markup=False), after=0)
        self.call_after_refresh(self._take_initial)

    def draft_note_box(self) -> Widget:
        """Where "Restored: …" goes, under the title: the dialog's box."""
        return self.query(".dialog").first()

    def _take_initial(self) -> None:
        # the fields as the dialog opened (a restored draft counts as typed: it is kept until the dialog closes)
        self._initial = None if self._restored else field_values(self)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _field_changed(self) -> None:
        if self._keep is None or (self._initial is None and not self._restored):
            return  # still opening: these are the fields being filled, not typing
        values = field_values(self)
        self._keep(None if values == self._initial else values)

    def dismiss(self, result: Any = None) -> Any:
        if self._keep is not None:
            if self._forget_on_close:
                self._keep(None)
            self._keep = None
        return super().dismiss(result)


__all__ = ["DraftDialog", "DraftKeeper", "DraftValues", "KeepDraft", "RESTORED_NOTE", "apply_values", "field_values"]
