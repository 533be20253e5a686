"""The :class:`Store`: the repository over one data folder (people, conversations, goals, action items, the home
list). It opens the folder (lock, schema check, migration), keeps one TinyDB per file and writes only the file a
change touches. The files, the storage, the lock, the migrations and the home numbers are in the sibling modules.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB, where

from ..basics import ID_RE, Clock, system_clock
from ..errors import CCError, DamagedDataError, SaveError, StoreError, UserError
from .crypto import key_path, read_key_file
from .drafts import DraftBox
from .files import backup_path, ensure_dir, remove_stale_temp_files
from .home import STATS_VERSION, HomeRow, PersonBrief, home_row, person_stats
from .lock import DataLock
from .migrate import current_schema_version, migrate_folder
from .records import _dump, _models, _validate
from .storage import open_db, put_row

# The pydantic models are imported where they are used, not here (see records.py).
if TYPE_CHECKING:
    from ..models import ActionItem, Conversation, ConversationSummary, Employee, Goal
    from .crypto import Cipher

T = TypeVar("T")



PEOPLE_KEPT = 8  # person files kept read in memory (each a person's summaries, goals and items: ~1,500 objects)
CONVERSATIONS_KEPT = 32


def _forget_clean(cache: dict[str, TinyDB], keep: int) -> None:
    """Before one more file is opened: past ``keep`` open files, forget the clean ones opened longest ago (read again
    when asked for), so what stays in memory levels off. A dirty one holds the only copy of what a failed save (disk
    full) left in memory, so it stays."""
    for key in [k for k, v in cache.items() if not v.storage.dirty][:max(0, len(cache) - keep + 1)]:  # type: ignore[attr-defined]
        del cache[key]


class Store:
    """Repository over one data folder. Thread-safe (one re-entrant lock): call it from a worker, not the UI."""

    def __init__(self, folder: Path, *, clock: Clock = system_clock, lock: bool = True,
                 cipher: Cipher | None = None) -> None:
        self.folder = Path(folder)
        self.clock = clock
        self.cipher = cipher  # an encrypted folder's (see store/crypto.py); None: plain JSON files
        self._mutex = threading.RLock()
        self._lock = DataLock(self.folder) if lock else None
        self._swept = True
        self._people: dict[str, TinyDB] = {}
        self._conversations: dict[str, TinyDB] = {}
        self._index: TinyDB | None = None
        self._drafts = DraftBox(self.folder, cipher)
        self._employees: dict[str, Employee] | None = None
        self._stats: dict[str, dict[str, Any]] = {}
        self._summaries: dict[tuple[str, str], dict[str, Any]] = {}  # last summary on disk, per attendee
        self.generation = 0  # counts saves: a reader that saw this number has seen everything up to it
        # called after every successful save with ("conversation", Conversation) or ("person", employee_id)
        self.listeners: list[Callable[[str, Any], None]] = []
        self._unlocking: threading.Thread | None = None
        self._go = threading.Event()
        self._cancelled = False
        self.unlock_error: CCError | None = None  # why an encrypted folder opened in the background did not open

    # ---------------------------------------------------------------- open / close

    @classmethod
    def open(cls, folder: Path | str, *, clock: Clock = system_clock, lock: bool = True,
             cipher: Cipher | None = None) -> Store:
        """Open (creating if needed) the data folder: lock, check the schema, migrate after a backup. An encrypted
        folder needs its ``cipher`` (``cc_tui.store.convert.unlock``); a plain one must be opened without."""
        if cipher is not None:
            cipher = cipher.for_root(Path(folder).expanduser())
        store = cls(Path(folder).expanduser(), clock=clock, lock=lock, cipher=cipher)
        try:
            store._open()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_unlocking(cls, folder: Path | str, unlock: Callable[[], Cipher], *, clock: Clock = system_clock,
                       start: bool = True) -> Store:
        """An encrypted folder, opened while ``unlock`` gets its key (the keyring, or scrypt: 0.05-0.5 s) in a thread:
        returns at once, so the app draws its first frame meanwhile. Every call waits until the folder is open
        (``home_rows_now`` answers None), and after a failure every call raises it (``unlock_error``: a wrong
        passphrase, a locked folder), one line. ``start=False``: the work waits for :meth:`begin_unlock` (the app
        calls it after its first frame, so that the keyring's imports do not compete with it for the GIL)."""
        store = cls(Path(folder).expanduser(), clock=clock)
        started = threading.Event()
        store._go = threading.Event()
        if start:
            store._go.set()

        def run() -> None:
            with store._mutex:
                started.set()
                store._go.wait()
                if store._cancelled:  # closed first (a quit in the first frame): nothing to open, nothing wrong
                    return
                try:
                    cipher = unlock().for_root(store.folder)
                    store.cipher = cipher
                    store._drafts = DraftBox(store.folder, cipher)
                    store._open()
                except CCError as exc:
                    store.unlock_error = exc
                except Exception as exc:  # noqa: BLE001 - told as one line, never a traceback
                    store.unlock_error = StoreError(f"Could not open {store.folder} ({type(exc).__name__}).")
                if store.unlock_error is not None and store._lock is not None:
                    store._lock.release()

        store._unlocking = threading.Thread(target=run, name="cc-tui-unlock", daemon=True)
        store._unlocking.start()
        started.wait()
        return store

    def begin_unlock(self) -> None:
        """Let :meth:`open_unlocking`'s thread start its work (idempotent)."""
        self._go.set()

    @property
    def unlocking(self) -> bool:
        """An encrypted folder's key is still being unlocked (see :meth:`open_unlocking`)."""
        return self._unlocking is not None and self._unlocking.is_alive()

    @property
    def is_open(self) -> bool:
        """Open and usable (False once closed, or when an encrypted folder did not unlock)."""
        return self._index is not None

    def wait_unlocked(self, timeout: float | None = None) -> bool:
        """Wait for :meth:`open_unlocking` to finish; True if the folder is open (always, for other stores)."""
        if self._unlocking is not None:
            self._unlocking.join(timeout)
        return not self.unlocking and self.unlock_error is None

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
        self._check_encryption()
        index_path = self.folder / "index.json"
        fresh = not index_path.exists()
        if fresh and (backup_path(index_path).exists() or any((self.folder / "people").glob("*.json"))):
            # people's files without their index: the index was lost, not never written; starting an empty one would
            # hide every person (and rotate the good .bak away at the first save)
            bak = backup_path(index_path)
            raise DamagedDataError(str(index_path), "it is missing while people's files are there",
                                   str(bak) if bak.exists() else None)
        self._index = open_db(index_path, "index", self.cipher)
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

    def _check_encryption(self) -> None:
        """An encrypted folder opens only with its key, and only once a conversion has finished; a plain one only
        without a key (nothing here reads or writes a plain folder differently from before)."""
        if not key_path(self.folder).exists():
            if self.cipher is not None:
                raise StoreError(f"{self.folder} is not encrypted (it has no {key_path(self.folder).name}); "
                                 "run cc-tui encrypt to encrypt it.")
            return
        key_file = read_key_file(self.folder)
        if key_file.state != "encrypted":
            verb = "encrypt" if key_file.state == "encrypting" else "decrypt"
            raise StoreError(f"{self.folder} was being {verb}ed when that stopped; run 'cc-tui {verb}' again to "
                             "finish it (nothing was lost).")
        if self.cipher is None:
            raise StoreError(f"{self.folder} is encrypted; cc-tui needs its passphrase (or its key in the keyring) "
                             "to open it.")

    def _migrate(self, version: int, schema: int) -> None:
        self._index = None
        if self.cipher is not None:
            # the migrations (MIGRATIONS) read and write plain JSON; none exists yet for an encrypted folder
            raise StoreError(f"{self.folder} is encrypted and its data version {version} needs updating to "
                             f"{schema}: run cc-tui decrypt, open it once, then cc-tui encrypt.")
        target = migrate_folder(self.folder, version, schema, self.clock)
        self._index = open_db(self.folder / "index.json", "index")
        meta = self._index.table("meta")
        meta.update({"schema_version": schema, "migrated_from": version, "backup": str(target)})
        self.last_backup = target

    def close(self) -> None:
        if self.unlocking and not self._go.is_set():  # closed before the unlock began: it never will
            self._cancelled = True
            self._go.set()
        with self._mutex:
            self._people.clear()
            self._conversations.clear()
            self._drafts.close()
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
            raise self.unlock_error or StoreError("The store is closed.")
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
        self._drafts.flush()

    @contextmanager
    def _saving(self, *, bump: bool = True) -> Iterator[None]:
        """One save, under the mutex: the files a failed save left only in memory are written again first, then the
        change is made. When they still cannot be written (the disk is full), the change is made all the same, in
        memory and on disk where its own file can be written, and that failure is raised after it: a goal typed
        while the disk is full is never dropped because another file is waiting."""
        with self._mutex:
            if bump:
                self.generation += 1
            try:
                self._flush_dirty()
                waiting = None
            except SaveError as exc:
                waiting = exc
            yield
            if waiting is not None:
                raise waiting

    def _person_db(self, employee_id: str) -> TinyDB:
        db = self._people.get(employee_id)
        if db is None:
            self._checked_id(employee_id, "person")
            _forget_clean(self._people, PEOPLE_KEPT)  # a person file read is ~1 MB of objects: not all 100 of them
            db = open_db(self.folder / "people" / f"{employee_id}.json", "person", self.cipher)
            self._people[employee_id] = db
        return db

    def _conversation_db(self, conversation_id: str) -> TinyDB:
        db = self._conversations.get(conversation_id)
        if db is None:
            self._checked_id(conversation_id, "conversation")
            _forget_clean(self._conversations, CONVERSATIONS_KEPT)
            db = open_db(self.folder / "conversations" / f"{conversation_id}.json", "conversation", self.cipher)
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
            # an id prefix and an exact name together: a person named like another's id prefix (a CSV, a handover
            # file) would otherwise take the commands meant for that id ("Undo with: ... restore ead7f3cc")
            lambda e: e.name.casefold() == query.casefold() or (len(query) >= 4 and e.id.startswith(query.lower())),
            lambda e: query.casefold() in e.name.casefold(),
        ):
            hits = [e for e in people if matcher(e)]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                names = ", ".join(f"{e.name} ({e.id[:8]}{', archived' if e.archived else ''})" for e in hits[:5])
                raise UserError(f"{query!r} matches {len(hits)} people: {names}. Use the id instead.")
        raise UserError(f"No person matches {query!r}; 'cc-tui people list --include-archived' shows everyone.")

    def set_archived(self, employee_id: str, archived: bool) -> Employee:
        """Archive someone who left the team (home and ``people list`` leave them out; their history, exports and
        handover keep working) or restore them. Asking for the state they are in already is a :class:`UserError`
        naming them. Returns the person as saved."""
        with self._mutex:
            employee = self.employee(employee_id)
            if employee.archived == archived:
                raise UserError(f"{employee.name} is {'already' if archived else 'not'} archived; nothing changed.")
            when = self.clock() if archived else None  # retention counts from the day they were archived
            changed = employee.model_copy(update={"archived": archived, "archived_at": when})
            self.save_employee(changed)
            return changed

    def save_employee(self, employee: Employee) -> None:
        with self._saving():
            self._load_employees()[employee.id] = employee  # before the write: a failed one keeps the row in memory
            put_row(
                self._idx.table("employees"),
                {"id": employee.id, "employee": _dump(employee), "stats": self._stats.get(employee.id, {})},
                where("id") == employee.id,
            )

    def add_employees(self, employees: Iterable[Employee]) -> None:
        """Add several people in one write of the index (all or none)."""
        with self._saving():
            people = self._load_employees()
            batch = list(employees)
            docs = [{"id": e.id, "employee": _dump(e), "stats": {}} for e in batch]
            clash = [e.name for e in batch if e.id in people]
            if clash:
                raise UserError(f"Already in the store: {', '.join(clash)}.")
            people.update((e.id, e) for e in batch)  # before the write, as in save_employee
            self._idx.table("employees").insert_multiple(docs)

    def import_person(
        self,
        employee: Employee,
        conversations: Iterable[Conversation],
        goals: Iterable[Goal],
        actions: Iterable[ActionItem],
    ) -> None:
        """A whole person's records at once (a handover import): each conversation's own file once, then the
        person's file once and the index once. Saving them one by one rewrote the growing person file at every
        conversation (quadratic: 5,000 conversations took minutes). Timestamps are kept as given."""
        with self._saving():
            people = self._load_employees()
            if employee.id in people:
                raise UserError(f"Already in the store: {employee.name}.")
            convs = list(conversations)
            from tinydb.table import Document

            for conv in convs:
                others = [e for e in conv.employee_ids if e != employee.id]
                if others:
                    raise UserError(f"Conversation {conv.id[:8]} names someone else; nothing more was imported.")
                table = self._conversation_db(conv.id).table("conversation")
                if table.contains(doc_id=1):  # left by a stopped import of this person (checked by the caller)
                    table.update(_dump(conv), doc_ids=[1])
                else:
                    table.insert(Document(_dump(conv), doc_id=1))
            pdb = self._person_db(employee.id)
            summaries = [_dump(c.summary_row()) for c in convs]
            pdb.table("conversations").insert_multiple(summaries)
            pdb.table("goals").insert_multiple([_dump(g) for g in goals])
            pdb.table("actions").insert_multiple([_dump(a) for a in actions])
            stats = person_stats(pdb.table("conversations").all(), pdb.table("actions").all())
            self._stats[employee.id] = stats
            self._idx.table("employees").insert({"id": employee.id, "employee": _dump(employee), "stats": stats})
            people[employee.id] = employee
            for summary, conv in zip(summaries, convs, strict=True):
                self._summaries[(employee.id, conv.id)] = summary
            self._notify("person", employee.id)

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
                path = self._path_of(db)
                if path.exists():  # a file of it, with no conversation in it: damage, named with its backup
                    bak = backup_path(path)
                    raise DamagedDataError(str(path), "it holds no conversation", str(bak) if bak.exists() else None)
                raise UserError(f"No conversation with id {conversation_id}.")
            return _validate(_models().Conversation, docs[0], self._path_of(db))

    def save_conversation(
        self, conversation: Conversation, *, touch: bool = True, removed: Iterable[str] = ()
    ) -> None:
        """Write the conversation (its own small file); refresh the attendees' summaries only when they changed.
        ``removed``: people no longer attending (a team session's attendees changed): their list forgets it."""
        with self._saving():
            for employee_id in removed:
                if employee_id in conversation.employee_ids or employee_id not in self._load_employees():
                    continue
                rows = self._person_db(employee_id).table("conversations")
                if rows.contains(where("id") == conversation.id):
                    rows.remove(where("id") == conversation.id)
                    self._summaries.pop((employee_id, conversation.id), None)
                    self._refresh_stats(employee_id)
                    self._notify("person", employee_id)
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
                    put_row(rows, summary, where("id") == conversation.id)
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
        with self._saving():
            self.employee(goal.employee_id)
            put_row(self._person_db(goal.employee_id).table("goals"), _dump(goal), where("id") == goal.id)
            self._notify("person", goal.employee_id)

    def actions(self, employee_id: str) -> list[ActionItem]:
        with self._mutex:
            db = self._person_db(employee_id)
            path = self._path_of(db)
            items = [_validate(_models().ActionItem, doc, path) for doc in db.table("actions").all()]
        return sorted(items, key=lambda a: a.created_at)

    def save_action(self, item: ActionItem) -> None:
        with self._saving():
            self.employee(item.employee_id)
            item.updated_at = self.clock()
            put_row(self._person_db(item.employee_id).table("actions"), _dump(item), where("id") == item.id)
            self._refresh_stats(item.employee_id)
            self._notify("person", item.employee_id)

    def save_actions(self, items: Iterable[ActionItem], *, touch: bool = True) -> None:
        """Several items, one write per person file (``touch=False`` keeps their ``updated_at``)."""
        with self._saving():
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

    # ---------------------------------------------------------------- erase, and other rewrites of the files

    def erase_person(self, employee_id: str) -> list[str]:
        """Remove every trace of the person, here and in every backup copy (see ``store/erase.py``); the store reads
        its files again afterwards and its listeners hear ``("files", FilesChanged)``. Returns what was done, a line
        per folder."""
        from .erase import FilesChanged, erase_files

        with self._mutex:
            person = self.employee(employee_id)
            changed = FilesChanged()
            return self.rewrite_files(
                lambda folder: erase_files(folder, person.id, person.name, person.email, changed,
                                           cipher=self.cipher),
                news=changed,
            )

    @contextmanager
    def files_settled(self) -> Iterator[Path]:
        """The data folder, with every pending write on disk and no other thread in the store until the block ends:
        for reading the files themselves (a retention plan)."""
        with self._mutex:
            self._flush_dirty()
            yield self.folder

    def rewrite_files(self, rewrite: Callable[[Path], T], *, news: Any = None) -> T:
        """Run ``rewrite(folder)``, something that changes the data files themselves (an erase, a retention purge),
        with every pending write on disk first and no other thread in the store; then read the files again (also when
        it failed midway: what is on disk is the truth) and tell the listeners ``("files", news)`` (a
        ``FilesChanged``, filled in by ``rewrite``). Returns what ``rewrite`` returns."""
        with self._mutex:
            self._flush_dirty()
            try:
                return rewrite(self.folder)
            finally:
                self._people.clear()
                self._conversations.clear()
                self._drafts.close()
                self._summaries.clear()
                self._stats.clear()
                self._employees = None
                self._index = open_db(self.folder / "index.json", "index", self.cipher)
                self.generation += 1
                if news is not None:
                    self._notify("files", news)

    # ---------------------------------------------------------------- drafts of open dialogs

    def drafts(self, conversation_id: str) -> dict[str, dict[str, str | bool | None]]:
        """What was being typed into the conversation's dialogs when cc-tui last stopped (``{kind: values}``)."""
        with self._mutex:
            return self._drafts.of(conversation_id)

    def save_draft(self, conversation_id: str, kind: str, values: dict[str, Any] | None) -> None:
        """Keep a dialog's values (``None``: it closed). Runs on the saver thread like every save."""
        self._checked_id(conversation_id, "conversation")
        with self._saving(bump=False):
            self._drafts.put(conversation_id, kind, values, self.clock())

    # ---------------------------------------------------------------- home list

    def _notify(self, kind: str, payload: Any) -> None:
        for listener in list(self.listeners):
            listener(kind, payload)

    def _refresh_stats(self, employee_id: str) -> None:
        db = self._person_db(employee_id)
        stats = person_stats(db.table("conversations").all(), db.table("actions").all())
        if self._stats.get(employee_id) == stats:
            return
        self._stats[employee_id] = stats
        self._idx.table("employees").update({"stats": stats}, where("id") == employee_id)

    def home_rows(self, today: date, *, include_archived: bool = False) -> list[HomeRow]:
        """The home list, from the index alone and without the pydantic models (it is the first frame). Archived
        people only with ``include_archived``, after everyone else."""
        with self._mutex:
            return [home_row(person, stats, today) for person, stats in self._home_people(include_archived)]

    def home_rows_now(self, today: date, *, include_archived: bool = False) -> list[HomeRow] | None:
        """:meth:`home_rows` if no other thread is using the store at this moment, else None (never waits: the UI
        thread calls it to put the list in its first frame; the rows come from memory, ~1-2 ms for 100 people)."""
        if not self._mutex.acquire(blocking=False):
            return None
        try:
            return self.home_rows(today, include_archived=include_archived)
        finally:
            self._mutex.release()

    def _home_people(self, include_archived: bool = False) -> list[tuple[PersonBrief, dict[str, Any]]]:
        """Active people (then, with ``include_archived``, the archived ones), each group sorted like
        :meth:`employees`, with their home numbers. Read raw from the index unless the models are loaded already; a
        record the brief cannot read goes through the models, which name the damage."""
        if self._employees is None:
            people: list[tuple[PersonBrief, dict[str, Any]]] = []
            for doc in self._idx.table("employees").all():
                brief = PersonBrief.from_record(doc.get("employee"))
                if brief is None:
                    break
                if include_archived or not brief.archived:
                    people.append((brief, doc.get("stats") or {}))
            else:
                return sorted(people, key=lambda p: (p[0].archived, p[0].name.casefold(), p[0].id))
        everyone = self.employees(include_archived=include_archived)
        return [(PersonBrief.of(e), self._stats.get(e.id) or {}) for e in sorted(everyone, key=lambda e: e.archived)]

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
            stale = [e for e, stats in self._stats.items() if stats.get("v") != STATS_VERSION]
            if stale and self._lock is not None:  # home numbers an older cc-tui wrote: once, here, not at start-up
                fresh = {e: person_stats(self._person_db(e).table("conversations").all(),
                                         self._person_db(e).table("actions").all()) for e in stale}
                with self._saving():
                    self._stats.update(fresh)
                    self._idx.table("employees").update_multiple(
                        [({"stats": stats}, where("id") == e) for e, stats in fresh.items()])

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
