"""The only module that touches the disk.

Layout of a data folder (0700; every file 0600)::

    DATA/
      .lock                        flock held by the one cc-tui that writes here (released by the kernel on death)
      index.json                   TinyDB: meta (schema_version), employees (+ a few numbers for the home list)
      people/<employee-id>.json    TinyDB: that person's goals, action items and conversation summaries
      conversations/<id>.json      TinyDB: one conversation (notes, prep, motivations, ...)
      backups/                     copies made before a migration
      *.json.bak                   the previous version of each file, kept at every save (a hard link: no copy)

Why this shape: TinyDB rewrites a whole file on every write, so a save costs what its file weighs. Typing in a meeting
rewrites only the open conversation's file (a few KB); goals and action items rewrite that person's file; only
people's details rewrite the index. No save grows with the size of the whole store.

Every write is atomic: temp file in the same folder, fsync, ``os.replace``, fsync of the folder. A damaged file is
never overwritten: reading it raises :class:`DamagedDataError` naming it and its ``.bak``.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB, where
from tinydb.storages import Storage

from . import basics
from .basics import ID_RE, Clock, system_clock
from .errors import DamagedDataError, LockedError, SaveError, StoreError, UserError

# The pydantic models are imported where they are used, not here: opening the store and listing the home rows must
# not pay for importing pydantic and building the models (~90 ms) before the first frame. ``Store.warm_up`` loads
# them in the background right after it.
if TYPE_CHECKING:
    from pydantic import BaseModel

    from .models import ActionItem, Conversation, ConversationSummary, Employee, Goal

APP_NAME = "cc-tui"
ENV_DATA_DIR = "CC_TUI_DATA_DIR"
DIR_MODE = 0o700
FILE_MODE = 0o600

M = TypeVar("M", bound="BaseModel")


def current_schema_version() -> int:
    """The data version this cc-tui writes; read at call time so tests (and one constant) rule it."""
    return basics.SCHEMA_VERSION


# --------------------------------------------------------------------------------------------------------- locations


def default_data_dir() -> Path:
    """``$CC_TUI_DATA_DIR`` if set, else platformdirs' user data dir for cc-tui."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    """The demo folder: never the real data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME + "-demo", appauthor=False))


# --------------------------------------------------------------------------------------------------------- atomic files


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) owner-only; tighten an existing one."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=DIR_MODE, exist_ok=True)
    if folder.stat().st_mode & 0o777 != DIR_MODE:
        os.chmod(folder, DIR_MODE)


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data`` so that any reader, at any moment, sees the old file or the new one.

    The old version stays as ``path.bak`` (a hard link, so it costs no copy). On any failure (disk full, permission)
    the temp file is removed, the old file is untouched, and :class:`SaveError` says what happened.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_backup and path.exists():
            bak_tmp = tmp.with_name(tmp.name + ".bak")
            # a process killed between link and replace leaves this name behind; a later process with the same pid
            # (containers, reboots) would then fail every save of this file with EEXIST
            try:
                os.unlink(bak_tmp)
            except FileNotFoundError:
                pass
            os.link(path, bak_tmp)
            os.replace(bak_tmp, backup_path(path))
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        for leftover in (tmp, tmp.with_name(tmp.name + ".bak")):
            try:
                leftover.unlink()
            except OSError:
                pass
        reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
        raise SaveError(
            f"Could not save {path}: {reason}. The file on disk is unchanged and your text is kept in memory; "
            "it will be saved as soon as a save succeeds."
        ) from None


def remove_stale_temp_files(folder: Path, subfolders: Iterable[str] = ("", "people", "conversations")) -> None:
    """Delete the temp files of writes a killed process never finished (only while holding the lock). This process's
    own temp files (its pid is in their names) are left alone, so the sweep may run while it saves."""
    mine = f".{os.getpid()}."
    for sub in (folder / name for name in subfolders):
        try:
            entries = os.scandir(sub)  # scandir, not glob: 20,000 names cost a few ms
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith(".") and name.endswith((".tmp", ".tmp.bak")) and mine not in name and entry.is_file():
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass


def write_new_file(path: Path, data: bytes, *, overwrite: bool = False, tag: str = "cc-tui") -> None:
    """Write ``data`` to ``path`` owner-only (0600) and atomically (exports, handover files).

    Without ``overwrite`` an existing file is never replaced: the last step is a hard link, which fails if the file
    appeared meanwhile (:class:`FileExistsError`); on a file system without hard links, check then rename. Other
    failures raise :class:`OSError`; callers turn both into one readable line.
    """
    folder = path.parent
    tmp = folder / f".{tag}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                if path.exists():
                    raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
                os.replace(tmp, path)
        try:
            fsync_dir(folder)
        except OSError:
            pass
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def read_json_file(path: Path) -> dict[str, Any] | None:
    """Read a JSON object; ``None`` if the file does not exist; :class:`DamagedDataError` if it is not usable."""
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
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedDataError(str(path), "it is not UTF-8 text", backup) from None
    except json.JSONDecodeError as exc:
        raise DamagedDataError(str(path), f"not valid JSON at line {exc.lineno}", backup) from None
    if not isinstance(data, dict) or not all(
        isinstance(table, dict)
        and all(isinstance(doc, dict) and doc_id.isascii() and doc_id.isdigit() for doc_id, doc in table.items())
        for table in data.values()
    ):
        raise DamagedDataError(str(path), "it does not hold cc-tui tables", backup)
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage: reads once, keeps the tables in memory, writes every change atomically.

    The data folder is locked against a second writer, so the in-memory copy is the truth. When a write fails the
    in-memory copy keeps the change and the next write carries it to disk.
    """

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self.dirty = False  # the in-memory tables hold changes a failed write did not put on disk

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self._data = read_json_file(self.path)
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write(self.path, payload)
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


def open_db(path: Path) -> TinyDB:
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.storage.read()  # fail now, with the file's name, if it is damaged
    return db


# --------------------------------------------------------------------------------------------------------- lock


class DataLock:
    """An exclusive ``flock`` on ``DATA/.lock``. The kernel drops it when the process dies, so a lock left by a killed
    cc-tui never blocks the next start."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        except OSError as exc:
            raise StoreError(f"Cannot lock {self.path.parent}: {exc.strerror}.") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise LockedError(
                f"Another cc-tui (pid {holder}) is already using {self.path.parent}; "
                "close it first, or pass --data-dir for another folder."
            ) from None
        # one write of a fixed width, no ftruncate: truncating is a journal operation that can wait behind the disk's
        # other writes for tens of milliseconds at start-up
        os.pwrite(fd, f"{os.getpid():<20}\n".encode(), 0)
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


# --------------------------------------------------------------------------------------------------------- migrations

# MIGRATIONS[n] turns a folder at schema n into schema n + 1, in place. A backup of the whole folder is written first.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}


def backup_folder(folder: Path, label: str, clock: Clock = system_clock) -> Path:
    """Copy every data file of ``folder`` into ``folder/backups/<stamp>-<label>/`` (owner-only)."""
    stamp = clock().strftime("%Y%m%dT%H%M%S")
    target = folder / "backups" / f"{stamp}-{label}"
    ensure_dir(folder / "backups")
    n = 0
    while target.exists():
        n += 1
        target = folder / "backups" / f"{stamp}-{label}-{n}"
    ensure_dir(target)
    for src in sorted(folder.rglob("*.json")):
        rel = src.relative_to(folder)
        if rel.parts[0] == "backups":
            continue
        dst = target / rel
        ensure_dir(dst.parent)
        shutil.copyfile(src, dst)
        os.chmod(dst, FILE_MODE)
    fsync_dir(target)
    return target


# --------------------------------------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class PersonBrief:
    """What the home list shows of a person, read from the index without the pydantic models."""

    id: str
    name: str
    role: str
    team: str
    email: str
    cadence_days: int
    archived: bool

    @classmethod
    def from_record(cls, record: Any) -> PersonBrief | None:
        """The brief of a stored employee record, or None if it is not one the model would accept."""
        if not isinstance(record, dict):
            return None
        ident, name = record.get("id"), record.get("name")
        role, team, email = record.get("role", ""), record.get("team", ""), record.get("email", "")
        cadence, archived = record.get("cadence_days", 30), record.get("archived", False)
        if not (isinstance(ident, str) and ID_RE.fullmatch(ident) and isinstance(name, str) and name.strip()
                and isinstance(role, str) and isinstance(team, str) and isinstance(email, str)
                and isinstance(archived, bool) and type(cadence) is int and 1 <= cadence <= 366):
            return None
        return cls(ident, name, role, team, email, cadence, archived)

    @classmethod
    def of(cls, employee: Employee) -> PersonBrief:
        return cls(employee.id, employee.name, employee.role, employee.team, employee.email, employee.cadence_days,
                   employee.archived)


@dataclass(frozen=True)
class HomeRow:
    """One line of the home list, computed from the index alone."""

    employee: PersonBrief
    last_conversation: date | None
    next_due: date | None
    open_employee: int
    open_manager: int
    overdue_employee: int
    overdue_manager: int
    unfinished_conversation_id: str | None

    def is_due(self, today: date) -> bool:
        return self.next_due is not None and self.next_due <= today


def _models() -> Any:
    """The pydantic models module, imported on first use (see the note at the imports)."""
    from . import models

    return models


def _validate(model: type[M], data: Any, path: Path) -> M:
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where_ = ".".join(str(p) for p in first["loc"]) or "record"
        bak = backup_path(path)
        raise DamagedDataError(
            str(path), f"{where_}: {first['msg']}", str(bak) if bak.exists() else None
        ) from None


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


class Store:
    """Repository over one data folder. Thread-safe (one re-entrant lock): call it from a worker, not the UI."""

    def __init__(self, folder: Path, *, clock: Clock = system_clock, lock: bool = True) -> None:
        self.folder = Path(folder)
        self.clock = clock
        self._mutex = threading.RLock()
        self._lock = DataLock(self.folder) if lock else None
        self._swept = True
        self._people: dict[str, TinyDB] = {}
        self._conversations: dict[str, TinyDB] = {}
        self._index: TinyDB | None = None
        self._employees: dict[str, Employee] | None = None
        self._stats: dict[str, dict[str, Any]] = {}
        self._summaries: dict[tuple[str, str], dict[str, Any]] = {}  # last summary on disk, per attendee
        self.generation = 0  # counts saves: a reader that saw this number has seen everything up to it
        # called after every successful save with ("conversation", Conversation) or ("person", employee_id)
        self.listeners: list[Callable[[str, Any], None]] = []

    # ---------------------------------------------------------------- open / close

    @classmethod
    def open(cls, folder: Path | str, *, clock: Clock = system_clock, lock: bool = True) -> Store:
        """Open (creating if needed) the data folder: lock, check the schema, migrate after a backup."""
        store = cls(Path(folder).expanduser(), clock=clock, lock=lock)
        try:
            store._open()
        except BaseException:
            store.close()
            raise
        return store

    def _open(self) -> None:
        try:
            ensure_dir(self.folder)
            ensure_dir(self.folder / "people")
            ensure_dir(self.folder / "conversations")
        except OSError as exc:
            raise StoreError(f"Cannot use {self.folder} as the data folder: {exc.strerror}.") from None
        if self._lock is not None:
            self._lock.acquire()
            # the conversations folder (thousands of names) is swept by warm_up, after the first frame
            remove_stale_temp_files(self.folder, ("", "people"))
            self._swept = False
        index_path = self.folder / "index.json"
        fresh = not index_path.exists()
        self._index = open_db(index_path)
        meta = self._index.table("meta")
        schema = current_schema_version()
        if fresh:
            meta.insert({"schema_version": schema, "created_at": self.clock().isoformat()})
            return
        rows = meta.all()
        version = rows[0].get("schema_version") if rows else None
        if not isinstance(version, int) or version < 0:
            raise DamagedDataError(str(index_path), "it has no schema_version", None)
        if version > schema:
            raise StoreError(
                f"{self.folder} was written by a newer cc-tui (data version {version}; this one reads up to "
                f"{schema}). Upgrade cc-tui; nothing was changed."
            )
        if version < schema:
            self._migrate(version, schema)

    def _migrate(self, version: int, schema: int) -> None:
        target = backup_folder(self.folder, f"before-v{version}-to-v{schema}", self.clock)
        self._index = None
        for step in range(version, schema):
            migration = MIGRATIONS.get(step)
            if migration is None:
                raise StoreError(f"No migration from data version {step}; the backup is at {target}.")
            migration(self.folder)
        self._index = open_db(self.folder / "index.json")
        meta = self._index.table("meta")
        meta.update({"schema_version": schema, "migrated_from": version, "backup": str(target)})
        self.last_backup = target

    def close(self) -> None:
        with self._mutex:
            self._people.clear()
            self._conversations.clear()
            self._index = None
            self._employees = None
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._mutex:
            return int(self._idx.table("meta").all()[0]["schema_version"])

    @property
    def _idx(self) -> TinyDB:
        if self._index is None:
            raise StoreError("The store is closed.")
        return self._index

    # ---------------------------------------------------------------- files

    def _checked_id(self, value: str, what: str) -> str:
        # ids become file names: never let one reach outside people/ or conversations/
        if not isinstance(value, str) or not ID_RE.fullmatch(value):
            raise UserError(f"{value!r} is not a valid {what} id.")
        return value

    def _flush_dirty(self) -> None:
        """Before any new save: write again the files a failed save (disk full) left only in memory."""
        dbs = [self._index, *self._people.values(), *self._conversations.values()]
        for db in dbs:
            if db is not None:
                db.storage.flush()  # type: ignore[attr-defined]

    def _person_db(self, employee_id: str) -> TinyDB:
        db = self._people.get(employee_id)
        if db is None:
            self._checked_id(employee_id, "person")
            db = open_db(self.folder / "people" / f"{employee_id}.json")
            self._people[employee_id] = db
        return db

    def _conversation_db(self, conversation_id: str) -> TinyDB:
        db = self._conversations.get(conversation_id)
        if db is None:
            self._checked_id(conversation_id, "conversation")
            if len(self._conversations) > 32:
                # forget clean files only: a dirty one holds the only copy of unsaved text
                for key in [k for k, v in self._conversations.items() if not v.storage.dirty]:  # type: ignore[attr-defined]
                    del self._conversations[key]
            db = open_db(self.folder / "conversations" / f"{conversation_id}.json")
            self._conversations[conversation_id] = db
        return db

    def _path_of(self, db: TinyDB) -> Path:
        return db.storage.path  # type: ignore[attr-defined, no-any-return]

    # ---------------------------------------------------------------- people

    def _load_employees(self) -> dict[str, Employee]:
        if self._employees is None:
            path = self.folder / "index.json"
            employees: dict[str, Employee] = {}
            for doc in self._idx.table("employees").all():
                employee = _validate(_models().Employee, doc.get("employee"), path)
                employees[employee.id] = employee
                self._stats[employee.id] = doc.get("stats") or {}
            self._employees = employees
        return self._employees

    def employees(self, *, include_archived: bool = False) -> list[Employee]:
        with self._mutex:
            people = self._load_employees().values()
            return sorted(
                (e for e in people if include_archived or not e.archived), key=lambda e: (e.name.casefold(), e.id)
            )

    def employee(self, employee_id: str) -> Employee:
        with self._mutex:
            try:
                return self._load_employees()[employee_id]
            except KeyError:
                raise UserError(f"No person with id {employee_id}.") from None

    def find_employee(self, name_or_id: str) -> Employee:
        """By id, id prefix, exact name (any case) or a unique part of a name; a clear error otherwise."""
        query = name_or_id.strip()
        if not query:
            raise UserError("Give a person's name or id.")
        people = self.employees(include_archived=True)
        for matcher in (
            lambda e: e.id == query,
            lambda e: e.name.casefold() == query.casefold(),
            lambda e: len(query) >= 4 and e.id.startswith(query.lower()),
            lambda e: query.casefold() in e.name.casefold(),
        ):
            hits = [e for e in people if matcher(e)]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                names = ", ".join(f"{e.name} ({e.id[:8]})" for e in hits[:5])
                raise UserError(f"{query!r} matches {len(hits)} people: {names}. Use the id instead.")
        raise UserError(f"No person matches {query!r}; 'cc-tui people list' shows everyone.")

    def save_employee(self, employee: Employee) -> None:
        with self._mutex:
            self.generation += 1
            self._flush_dirty()
            people = self._load_employees()
            self._idx.table("employees").upsert(
                {"id": employee.id, "employee": _dump(employee), "stats": self._stats.get(employee.id, {})},
                where("id") == employee.id,
            )
            people[employee.id] = employee

    def add_employees(self, employees: Iterable[Employee]) -> None:
        """Add several people in one write of the index (all or none)."""
        with self._mutex:
            self.generation += 1
            self._flush_dirty()
            people = self._load_employees()
            batch = list(employees)
            docs = [{"id": e.id, "employee": _dump(e), "stats": {}} for e in batch]
            clash = [e.name for e in batch if e.id in people]
            if clash:
                raise UserError(f"Already in the store: {', '.join(clash)}.")
            self._idx.table("employees").insert_multiple(docs)
            for e in batch:
                people[e.id] = e

    # ---------------------------------------------------------------- conversations

    def history(self, employee_id: str) -> list[ConversationSummary]:
        """Every conversation the person took part in, newest first (read from their own file only)."""
        with self._mutex:
            db = self._person_db(employee_id)
            path = self._path_of(db)
            rows = [_validate(_models().ConversationSummary, doc, path) for doc in db.table("conversations").all()]
        return sorted(rows, key=lambda s: s.created_at, reverse=True)

    def conversation(self, conversation_id: str) -> Conversation:
        with self._mutex:
            db = self._conversation_db(conversation_id)
            docs = db.table("conversation").all()
            if not docs:
                raise UserError(f"No conversation with id {conversation_id}.")
            return _validate(_models().Conversation, docs[0], self._path_of(db))

    def save_conversation(self, conversation: Conversation, *, touch: bool = True) -> None:
        """Write the conversation (its own small file); refresh the attendees' summaries only when they changed."""
        with self._mutex:
            self.generation += 1
            self._flush_dirty()
            if touch:
                conversation.updated_at = self.clock()
            people = self._load_employees()
            missing = [e for e in conversation.employee_ids if e not in people]
            if missing:
                raise UserError(f"No person with id {missing[0]}.")
            db = self._conversation_db(conversation.id)
            table = db.table("conversation")
            data = _dump(conversation)
            if table.contains(doc_id=1):
                table.update(data, doc_ids=[1])  # every field is dumped, so the merge equals the model
            else:
                from tinydb.table import Document

                table.insert(Document(data, doc_id=1))
            summary = _dump(conversation.summary_row())
            for employee_id in conversation.employee_ids:
                pdb = self._person_db(employee_id)
                key = (employee_id, conversation.id)
                known = self._summaries.get(key)
                if (
                    known is not None
                    and _same_summary(known, summary)
                    and not pdb.storage.dirty  # type: ignore[attr-defined]
                    and not self._idx.storage.dirty  # type: ignore[attr-defined]
                ):
                    continue  # typing: only the conversation's own small file was written
                rows = pdb.table("conversations")
                old = rows.get(where("id") == conversation.id)
                if old is None or not _same_summary(old, summary):
                    rows.upsert(summary, where("id") == conversation.id)
                # it writes the index only when the numbers changed; a save that failed after the summary changed in
                # memory (a dirty file) comes through here again, so the home list is never left stale
                self._refresh_stats(employee_id)
                self._summaries[key] = summary
            self._notify("conversation", conversation)

    # ---------------------------------------------------------------- goals & action items

    def goals(self, employee_id: str) -> list[Goal]:
        with self._mutex:
            db = self._person_db(employee_id)
            path = self._path_of(db)
            goals = [_validate(_models().Goal, doc, path) for doc in db.table("goals").all()]
        return sorted(goals, key=lambda g: g.created_at)

    def save_goal(self, goal: Goal) -> None:
        with self._mutex:
            self.generation += 1
            self._flush_dirty()
            self.employee(goal.employee_id)
            self._person_db(goal.employee_id).table("goals").upsert(_dump(goal), where("id") == goal.id)
            self._notify("person", goal.employee_id)

    def actions(self, employee_id: str) -> list[ActionItem]:
        with self._mutex:
            db = self._person_db(employee_id)
            path = self._path_of(db)
            items = [_validate(_models().ActionItem, doc, path) for doc in db.table("actions").all()]
        return sorted(items, key=lambda a: a.created_at)

    def save_action(self, item: ActionItem) -> None:
        with self._mutex:
            self.generation += 1
            self._flush_dirty()
            self.employee(item.employee_id)
            item.updated_at = self.clock()
            self._person_db(item.employee_id).table("actions").upsert(_dump(item), where("id") == item.id)
            self._refresh_stats(item.employee_id)
            self._notify("person", item.employee_id)

    def save_actions(self, items: Iterable[ActionItem], *, touch: bool = True) -> None:
        """Several items, one write per person file (``touch=False`` keeps their ``updated_at``)."""
        with self._mutex:
            self.generation += 1
            self._flush_dirty()
            by_person: dict[str, list[ActionItem]] = {}
            for item in items:
                by_person.setdefault(item.employee_id, []).append(item)
            for employee_id, group in by_person.items():
                self.employee(employee_id)
                table = self._person_db(employee_id).table("actions")
                existing = {doc["id"] for doc in table.all()}
                now = self.clock()
                updates, inserts = [], []
                for item in group:
                    if touch:
                        item.updated_at = now
                    if item.id in existing:
                        updates.append((_dump(item), where("id") == item.id))
                    else:
                        inserts.append(_dump(item))
                if updates:
                    table.update_multiple(updates)
                if inserts:
                    table.insert_multiple(inserts)
                self._refresh_stats(employee_id)
                self._notify("person", employee_id)

    # ---------------------------------------------------------------- home list

    def _notify(self, kind: str, payload: Any) -> None:
        for listener in list(self.listeners):
            listener(kind, payload)

    def _refresh_stats(self, employee_id: str) -> None:
        db = self._person_db(employee_id)
        summaries = db.table("conversations").all()
        finished = [s for s in summaries if s.get("finished_at")]
        unfinished = sorted(
            (s for s in summaries if not s.get("finished_at")), key=lambda s: datetime.fromisoformat(s["created_at"])
        )
        last = max(finished, key=lambda s: datetime.fromisoformat(s["finished_at"]), default=None)
        stats = {
            "last_at": last["finished_at"] if last else None,
            "last_next_date": last.get("next_date") if last else None,
            "unfinished": unfinished[-1]["id"] if unfinished else None,
            "open": [
                {"owner": a["owner"], "due": a.get("due")}
                for a in db.table("actions").all()
                if a.get("status") in ("open", "in_progress", "blocked")
            ],
        }
        if self._stats.get(employee_id) == stats:
            return
        self._stats[employee_id] = stats
        self._idx.table("employees").update({"stats": stats}, where("id") == employee_id)

    def home_rows(self, today: date) -> list[HomeRow]:
        """The home list, from the index alone and without the pydantic models (it is the first frame)."""
        with self._mutex:
            rows = []
            for person, stats in self._home_people():
                last_at = datetime.fromisoformat(stats["last_at"]).date() if stats.get("last_at") else None
                next_due: date | None
                if stats.get("last_next_date"):
                    next_due = date.fromisoformat(stats["last_next_date"])
                elif last_at is not None:
                    next_due = last_at + timedelta(days=person.cadence_days)
                else:
                    next_due = None
                counts = {"employee": [0, 0], "manager": [0, 0]}  # models.Owner's values
                for item in stats.get("open", []):
                    bucket = counts.get(item.get("owner"))
                    if bucket is None:
                        continue
                    bucket[0] += 1
                    if item.get("due") and date.fromisoformat(item["due"]) < today:
                        bucket[1] += 1
                rows.append(
                    HomeRow(
                        employee=person,
                        last_conversation=last_at,
                        next_due=next_due,
                        open_employee=counts["employee"][0],
                        open_manager=counts["manager"][0],
                        overdue_employee=counts["employee"][1],
                        overdue_manager=counts["manager"][1],
                        unfinished_conversation_id=stats.get("unfinished"),
                    )
                )
            return rows

    def home_rows_now(self, today: date) -> list[HomeRow] | None:
        """:meth:`home_rows` if no other thread is using the store at this moment, else None (never waits: the UI
        thread calls it to put the list in its first frame; the rows come from memory, ~1-2 ms for 100 people)."""
        if not self._mutex.acquire(blocking=False):
            return None
        try:
            return self.home_rows(today)
        finally:
            self._mutex.release()

    def _home_people(self) -> list[tuple[PersonBrief, dict[str, Any]]]:
        """Active people, sorted like :meth:`employees`, with their home numbers. Read raw from the index unless the
        models are loaded already; a record the brief cannot read goes through the models, which name the damage."""
        if self._employees is None:
            people: list[tuple[PersonBrief, dict[str, Any]]] = []
            for doc in self._idx.table("employees").all():
                brief = PersonBrief.from_record(doc.get("employee"))
                if brief is None:
                    break
                if not brief.archived:
                    people.append((brief, doc.get("stats") or {}))
            else:
                return sorted(people, key=lambda p: (p[0].name.casefold(), p[0].id))
        return [(PersonBrief.of(e), self._stats.get(e.id) or {}) for e in self.employees()]

    def warm_up(self) -> None:
        """Import the models, build their validators and load the people: done in the background after the first
        frame, so that the first conversation opens without paying for it. Raises what loading raises."""
        with self._mutex:
            if self._lock is not None and not self._swept:
                remove_stale_temp_files(self.folder, ("conversations",))
                self._swept = True
            models = _models()
            for model in (models.Employee, models.Conversation, models.ConversationSummary, models.Goal,
                          models.ActionItem):
                model.model_rebuild()
            self._load_employees()

    # ---------------------------------------------------------------- whole-store iteration (exports, search)

    def iter_conversation_ids(self) -> Iterator[str]:
        for path in sorted((self.folder / "conversations").glob("*.json")):
            yield path.stem


def _same_summary(old: dict[str, Any], new: dict[str, Any]) -> bool:
    keys = (set(old) | set(new)) - {"updated_at"}
    return all(old.get(k) == new.get(k) for k in keys)


@contextmanager
def opened(folder: Path | str, **kwargs: Any) -> Iterator[Store]:
    store = Store.open(folder, **kwargs)
    try:
        yield store
    finally:
        store.close()
