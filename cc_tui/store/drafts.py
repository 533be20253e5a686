"""Drafts: what is typed into an open dialog (a new goal, an action item, a status reason, a quote) before it is
saved. They live in ``drafts.json`` beside the index, owner-only and written atomically like every data file, so that
a kill, a closed terminal or a crash with a dialog open loses nothing: the next time the conversation opens, the
dialog is offered back with its text. A draft is never exported, handed over or searched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB, where

from ..errors import DamagedDataError
from .storage import open_db, put_row

# the drafts of home's dialogs (the person form: "person:new", "person:<id>"), kept under this name in the place of a
# conversation's id (never a conversation's: those are 32 hex digits, ``models.new_id``)
HOME_DRAFTS = "home-dialogs"
MAX_DRAFT_CHARS = 200_000  # a dialog's fields together; more is a paste that belongs in the notes


def _clean(values: object) -> dict[str, str | bool | None] | None:
    """The values of a draft row, or None when they are not what a dialog writes (a hand-edited file)."""
    if not isinstance(values, dict):
        return None
    out: dict[str, str | bool | None] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not (value is None or isinstance(value, str | bool)):
            return None
        out[key] = value
    return out


class DraftBox:
    """The drafts file of one data folder (used under the store's lock and mutex)."""

    def __init__(self, folder: Path, cipher: Any = None) -> None:
        self.path = folder / "drafts.json"
        self.cipher = cipher
        self._db: TinyDB | None = None

    def _table(self) -> Any:
        if self._db is None:
            # DamagedDataError names the file; it is never overwritten
            self._db = open_db(self.path, "drafts", self.cipher)
        return self._db.table("drafts")

    def of(self, conversation_id: str) -> dict[str, dict[str, str | bool | None]]:
        """``{kind: values}`` of one conversation's drafts, oldest first."""
        rows = self._table().search(where("conversation_id") == conversation_id)
        rows.sort(key=lambda r: str(r.get("at", "")))  # (a hand-edited "at" may not be text: never a crash)
        drafts = {}
        for row in rows:
            values = _clean(row.get("values"))
            if isinstance(row.get("kind"), str) and values is not None:
                drafts[row["kind"]] = values
        return drafts

    def put(self, conversation_id: str, kind: str, values: dict[str, Any] | None, at: datetime) -> None:
        """Keep ``values`` as the draft of ``kind`` (None: the dialog closed, forget it)."""
        table = self._table()
        match = (where("conversation_id") == conversation_id) & (where("kind") == kind)
        if values is None:
            if table.contains(match):
                table.remove(match)
            return
        clean = _clean(values)
        if clean is None:
            raise ValueError("a draft holds text, ticks and choices only")
        size = sum(len(v) for v in clean.values() if isinstance(v, str))
        if size > MAX_DRAFT_CHARS:
            clean = {k: (v[:MAX_DRAFT_CHARS] if isinstance(v, str) else v) for k, v in clean.items()}
        put_row(table, {"conversation_id": conversation_id, "kind": kind, "values": clean, "at": at.isoformat()}, match)

    def flush(self) -> None:
        if self._db is not None:
            self._db.storage.flush()  # type: ignore[attr-defined]

    def close(self) -> None:
        self._db = None


__all__ = ["DamagedDataError", "DraftBox", "MAX_DRAFT_CHARS"]
