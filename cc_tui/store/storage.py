"""The TinyDB storage of every data file: read once, kept in memory, every change written atomically.

A file that cannot be read as cc-tui tables raises :class:`~cc_tui.errors.DamagedDataError` naming it and its
``.bak``; a damaged file is never overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

from ..errors import DamagedDataError, SaveError, StoreError
from .crypto import SealError, is_sealed
from .files import atomic_write, backup_path

if TYPE_CHECKING:
    from .crypto import Cipher

# The tables each kind of file holds, and the keys of a row where they are fixed. cc-tui never writes a file without
# one of its tables, nor a table of another name (TinyDB's "_default" included): valid JSON of any other shape is
# damage, never an empty file (reading it as empty and saving would throw away the person's data and, a write later,
# its good .bak too).
TABLES = {
    "index": {"meta", "employees"},
    "person": {"goals", "actions", "conversations"},
    "conversation": {"conversation"},
    "drafts": {"drafts"},
}
ROW_KEYS = {
    ("index", "employees"): {"id", "employee", "stats"},
    ("drafts", "drafts"): {"conversation_id", "kind", "values", "at"},
}
MAX_SCHEMA_VERSION = 1000


def check_shape(data: dict[str, Any], kind: str) -> str | None:
    """Why ``data`` is not a cc-tui file of ``kind``, or None if it is."""
    allowed = TABLES[kind]
    if not data:
        return "it holds no cc-tui table"
    strange = sorted(set(data) - allowed)
    if strange:
        return f"it holds tables a {kind} file never has ({', '.join(repr(t)[:40] for t in strange[:3])})"
    for (row_kind, table), keys in ROW_KEYS.items():
        if row_kind != kind:
            continue
        for row in data.get(table, {}).values():
            if not set(row) <= keys:
                extra = ", ".join(repr(k)[:40] for k in sorted(set(row) - keys)[:3])
                return f"a row of its {table!r} table has keys cc-tui never writes ({extra})"
    if kind == "index":
        meta = list(data.get("meta", {}).values())
        version = meta[0].get("schema_version") if meta else None
        if type(version) is not int or not 0 <= version < MAX_SCHEMA_VERSION:
            return "its schema_version is not a small whole number"
    return None


def holds_tables(data: Any) -> bool:
    """TinyDB's shape: an object of tables, each an object of numbered rows, each row an object."""
    return isinstance(data, dict) and all(
        isinstance(table, dict)
        and all(isinstance(doc, dict) and doc_id.isascii() and doc_id.isdigit() for doc_id, doc in table.items())
        for table in data.values()
    )


def read_json_file(path: Path, kind: str | None = None, cipher: Cipher | None = None) -> dict[str, Any] | None:
    """Read a JSON object; ``None`` if the file does not exist; :class:`DamagedDataError` if it is not usable (with
    ``kind``, also when it is valid JSON of another shape than that kind of file, see :data:`TABLES`). With a
    ``cipher`` the file must be sealed under its own name by this folder's key (else it is damaged, named)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from None
    bak = backup_path(path)
    backup = str(bak) if bak.exists() else None
    if not raw.strip():
        raise DamagedDataError(str(path), "the file is empty", backup)
    if cipher is not None:
        try:
            raw = cipher.open(path, raw)
        except SealError as exc:
            raise DamagedDataError(str(path), str(exc), backup) from None
    elif is_sealed(raw):
        raise StoreError(f"{path} is encrypted; cc-tui opens it only with its folder's passphrase or key.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedDataError(str(path), "it is not UTF-8 text", backup) from None
    except json.JSONDecodeError as exc:
        raise DamagedDataError(str(path), f"not valid JSON at line {exc.lineno}", backup) from None
    except RecursionError:
        raise DamagedDataError(str(path), "it is nested far deeper than any cc-tui file", backup) from None
    if not holds_tables(data):
        raise DamagedDataError(str(path), "it does not hold cc-tui tables", backup)
    if kind is not None:
        reason = check_shape(data, kind)
        if reason is not None:
            raise DamagedDataError(str(path), reason, backup)
    return data


def put_row(table: Table, row: dict[str, Any], match: QueryLike) -> None:
    """Update the row ``match`` finds, or insert ``row``: TinyDB's ``upsert`` writes its update step first even when
    nothing matched, and when that write fails (a full disk) its insert never runs, so a new goal, item or draft was
    not even kept in memory for the next write. Here the one write that fails leaves the row in memory (dirty)."""
    if table.contains(match):
        table.update(row, match)
    else:
        table.insert(row)


class AtomicJSONStorage(Storage):
    """TinyDB storage: reads once, keeps the tables in memory, writes every change atomically.

    The data folder is locked against a second writer, so the in-memory copy is the truth. When a write fails the
    in-memory copy keeps the change and the next write carries it to disk.
    """

    def __init__(self, path: str | Path, kind: str | None = None, cipher: Cipher | None = None, **_: Any) -> None:
        self.path = Path(path)
        self.kind = kind
        self.cipher = cipher
        self._data: dict[str, Any] | None = None
        self.dirty = False  # the in-memory tables hold changes a failed write did not put on disk

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self._data = read_json_file(self.path, self.kind, self.cipher)
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write(self.path, payload, cipher=self.cipher)
        except SaveError:
            self.dirty = True
            raise
        self.dirty = False

    def flush(self) -> None:
        """Write again what a failed write left only in memory."""
        if self.dirty and self._data is not None:
            self.write(self._data)

    def close(self) -> None:
        self._data = None


def open_db(path: Path, kind: str | None = None, cipher: Cipher | None = None) -> TinyDB:
    """The TinyDB of one data file; ``kind`` ("index", "person", "conversation") is the shape it must have;
    ``cipher``: the folder is encrypted (None: plain JSON)."""
    db = TinyDB(path, storage=AtomicJSONStorage, kind=kind, cipher=cipher)
    db.storage.read()  # fail now, with the file's name, if it is damaged
    return db
