"""The keys, in the app: every binding with an id, its key now, where it works and what it does (``?`` on home).

The rows are handed in (the app reads them from the code with ``cc_tui.keymap``, the same list ``cc-tui keys``
prints), so this dialog cannot drift from the bindings either.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList

from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.row_table import Column, RowTable, table_with_header

__all__ = ["KeysScreen"]

# what it does gives way first (the line under the table shows the highlighted key whole), then where; the binding
# id (what the config file needs) is left out of a narrow table whole rather than cut to "prep.…"
COLUMNS = [
    Column("key", "Key", max_width=14),
    Column("where", "Where", max_width=24, shrink=1, min_width=12),
    Column("does", "What it does", max_width=90, shrink=2, min_width=20),
    Column("id", "Binding id", max_width=26, shrink=3, optional=True),
]


class KeysScreen(PaintedOnce, StyledOnce, ModalScreen[None]):
    """``rows``: (binding id, key shown, remapped, where, what it does)."""

    # its box (wider and taller than a dialog's) and its table's height are in screens.tcss: the app's own rules for
    # dialogs and tables outrank a screen's default CSS
    BINDINGS = [Binding("escape", "close", "Close", id="keys.close")]

    def __init__(self, rows: Sequence[tuple[str, str, bool, str, str]], config_note: str) -> None:
        super().__init__()
        self.rows = list(rows)
        self.config_note = config_note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("Keys"), classes="dialog-title")
            yield from table_with_header(COLUMNS, id="keys")
            yield Label(id="keys-detail", markup=False)
            yield Label(Text(self.config_note), classes="dialog-help")

    def on_mount(self) -> None:
        table = self.query_one("#keys", RowTable)
        table.set_rows([
            (binding_id, [Content.styled(key, "bold $cc-changed" if remapped else "bold"), Content(where),
                          Content(does), Content.styled(binding_id, "dim")])
            for binding_id, key, remapped, where, does in self.rows
        ])
        table.focus()
        self._show_detail(table.cursor_row)

    @on(OptionList.OptionHighlighted, "#keys")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)

    def _show_detail(self, index: int | None) -> None:
        """The highlighted key whole, whatever the table had room for: what it does, where, and its binding id (what
        a line of the config file's [keys] table names)."""
        if index is None or not 0 <= index < len(self.rows):
            return
        binding_id, key, _remapped, where, does = self.rows[index]
        self.query_one("#keys-detail", Label).update(
            Content.assemble((key, "bold"), f" — {does} ({where}). Binding id: ", (binding_id, "bold")))

    def action_close(self) -> None:
        self.dismiss(None)
