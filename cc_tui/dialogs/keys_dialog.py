"""The keys, in the app: every binding with an id, its key now, where it works and what it does (``?`` on home).

The rows are handed in (the app reads them from the code with ``cc_tui.keymap``, the same list ``cc-tui keys``
prints), so this dialog cannot drift from the bindings either.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from ..textual_compat import PaintedOnce, StyledOnce
from ..widgets.row_table import Column, table_with_header

__all__ = ["KeysScreen"]

COLUMNS = [
    Column("key", "Key", max_width=14),
    Column("where", "Where", max_width=22, shrink=2),
    Column("does", "What it does", max_width=90, shrink=1),
    Column("id", "Binding id", max_width=22, shrink=3),
]


class KeysScreen(PaintedOnce, StyledOnce, ModalScreen[None]):
    """``rows``: (binding id, key shown, remapped, where, what it does)."""

    DEFAULT_CSS = """
    KeysScreen > .dialog { max-width: 140; width: 95%; height: 90%; }
    KeysScreen #keys { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="keys.close")]

    def __init__(self, rows: Sequence[tuple[str, str, bool, str, str]], config_note: str) -> None:
        super().__init__()
        self.rows = list(rows)
        self.config_note = config_note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("Keys"), classes="dialog-title")
            yield from table_with_header(COLUMNS, id="keys")
            yield Label(Text(self.config_note), classes="dialog-help")

    def on_mount(self) -> None:
        table = self.query_one("#keys")
        table.set_rows([  # type: ignore[attr-defined]
            (binding_id, [Content.styled(key, "bold $cc-changed" if remapped else "bold"), Content(where),
                          Content(does), Content.styled(binding_id, "dim")])
            for binding_id, key, remapped, where, does in self.rows
        ])
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
