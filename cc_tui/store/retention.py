"""Retention: what is older than the manager wants to keep leaves the data folder and every copy under ``backups/``.

Three rules, each off unless given a number of months (``[retention]`` in the settings, or ``cc-tui retention``):

* **private notes** older than N months: a conversation's private notes and the manager's own prep notes (the fields
  an export never carries, ``export.bundle.PRIVATE_CONVERSATION_FIELDS``) become empty; the shared notes, the
  employee's prep, ratings, quotes and the rest of the conversation stay. A person's own private notes and style hints
  have no date and are not touched;
* **whole conversations** older than N months: the conversation's file goes, and what refers to it is mended. Its
  line in each attendee's list goes; action items raised in it that are *done or dropped* go with it, items still
  *open* (open, in progress, blocked) stay, still pointing at it (exports and the history say "an unknown date" / "no
  longer kept"): nothing anyone still owes vanishes. Goals stay (they are the person's, not the meeting's); their link
  to the conversation, and the links of their status changes and of succession readiness, become empty. A draft of
  a dialog in it goes;
* **archived people** archived more than N months ago: erased completely (``Store.erase_person``). Someone archived
  before cc-tui kept the date counts from their last activity (the newest conversation, item or goal change).

The age of a conversation is its date (``created_at``), finished or not.

**Killed midway.** Every change is one atomic write of one file (``files.atomic_write``) or one removal, in an order
that leaves a store that opens and reads whole after any of them: in each folder, a rewritten file's ``.bak`` is
written before the file (both without the purged text); the people's files that refer to a conversation are mended,
then the index's home numbers and drafts.json, and only then the conversation's file is removed (``.bak`` first). A
kill leaves at worst a conversation file nobody's list names, a ``.bak`` still holding old text or home numbers a
step behind; the plan reads the files themselves, so running the same retention again finds what is left and
finishes. Archived people go first, one erase each (see ``store/erase.py`` for its own order).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..basics import ID_RE
from ..dates import add_months
from ..errors import UserError
from ..text import counted, one_line
from .erase import FilesChanged
from .files import atomic_write, backup_path, fsync_dir
from .home import person_stats
from .storage import read_json_file

if TYPE_CHECKING:
    from .crypto import Cipher
    from .repository import Store

PRIVATE = "private notes"
CONVERSATION = "whole conversation"
PERSON = "archived person"
OPEN_STATUSES = ("open", "in_progress", "blocked")  # models.ActionStatus.is_open

# called after every file written or removed (tests stop the purge there)
OnWrite = Callable[[Path], None]


@dataclass(frozen=True)
class RetentionItem:
    """One thing that goes: ``what`` (PRIVATE, CONVERSATION or PERSON) of ``ident`` (a conversation's or a person's
    id), dated ``day`` (the conversation's date, the day they were archived), in ``folder`` ("" for the data folder,
    else the name of a copy under backups/)."""

    what: str
    ident: str
    name: str
    day: date
    folder: str = ""
    note: str = ""


@dataclass
class RetentionPlan:
    folder: Path
    now: datetime
    private_notes_months: int | None = None
    conversations_months: int | None = None
    archived_people_months: int | None = None
    items: list[RetentionItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.items

    def of(self, what: str, folder: str | None = "") -> list[RetentionItem]:
        return [i for i in self.items if i.what == what and (folder is None or i.folder == folder)]

    def lines(self) -> list[str]:
        """What would go, to read: every item of the data folder, then a count per backup copy."""
        out: list[str] = []
        for item in sorted(self.of(PERSON), key=lambda i: (i.day, i.name)):
            out.append(f"{item.day.isoformat()}  {item.name}: archived person, erased completely ({item.note})")
        for item in sorted(self.of(CONVERSATION) + self.of(PRIVATE), key=lambda i: (i.day, i.name, i.ident)):
            note = f", {item.note}" if item.note else ""
            out.append(f"{item.day.isoformat()}  {item.name}: {item.what} (conversation {item.ident[:8]}{note})")
        backups = sorted({i.folder for i in self.items if i.folder})
        for name in backups:
            whole, private = len(self.of(CONVERSATION, name)), len(self.of(PRIVATE, name))
            out.append(f"backup {name}: {counted(whole, 'whole conversation')}, private notes of "
                       f"{counted(private, 'conversation')}")
        return out

    def summary(self) -> str:
        """One line: what goes from the data folder (and that its copies under backups/ go too)."""
        parts = [counted(len(self.of(PERSON)), "archived person", "archived people"),
                 counted(len(self.of(CONVERSATION)), "whole conversation"),
                 f"the private notes of {counted(len(self.of(PRIVATE)), 'conversation')}"]
        shown = [p for p in parts if not p.startswith("0 ") and " 0 " not in p] or ["nothing"]
        line = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        backups = {i.folder for i in self.items if i.folder}
        if backups:
            line += f" (and their copies in {counted(len(backups), 'backup folder')})"
        return line


def months_before(now: datetime, months: int) -> datetime:
    """The moment ``months`` calendar months before ``now`` (the 31st becomes the month's last day)."""
    day = add_months(now.date(), -months)
    return datetime.combine(day, now.timetz())


def _checked(months: int | None, what: str) -> int | None:
    if months is None:
        return None
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise UserError(f"{what}: give a whole number of months, 1 or more (not {months!r}).")
    return months


# ---------------------------------------------------------------------------------------------------------- reading


def _when(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _conversation_doc(path: Path, cipher: Cipher | None = None) -> dict[str, Any] | None:
    """The conversation record of a conversation file (or its ``.bak``); None if there is none. ``cipher``: the
    folder is encrypted (as everywhere below)."""
    data = read_json_file(path, "conversation", cipher)
    if not data:
        return None
    return next(iter(data.get("conversation", {}).values()), None)


def _private_text(doc: dict[str, Any]) -> bool:
    prep = doc.get("manager_prep") or {}
    return bool(str(doc.get("private_notes") or "").strip()) or any(
        isinstance(v, str) and v.strip() for v in prep.values()
    )


def _conversation_files(root: Path) -> dict[str, list[Path]]:
    """Each conversation id of ``root`` with its files (the file and its ``.bak``, either may be alone)."""
    found: dict[str, list[Path]] = {}
    folder = root / "conversations"
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or not path.is_file():
            continue
        stem = name[: -len(".json")] if name.endswith(".json") else name[: -len(".json.bak")]
        if name.endswith((".json", ".json.bak")) and ID_RE.fullmatch(stem):  # only what the store would have written
            found.setdefault(stem, []).append(path)
    return found


def _names(root: Path, cipher: Cipher | None = None) -> dict[str, str]:
    try:
        data = read_json_file(root / "index.json", "index", cipher) or {}
    except Exception:  # noqa: BLE001 - names are only for the listing
        return {}
    return {
        row.get("id"): str((row.get("employee") or {}).get("name", ""))
        for row in data.get("employees", {}).values()
        if isinstance(row, dict)
    }


def _last_activity(store: Store, employee_id: str) -> datetime:
    person = store.employee(employee_id)
    moments = [person.created_at]
    for summary in store.history(employee_id):
        moments += [m for m in (summary.created_at, summary.updated_at, summary.finished_at) if m is not None]
    moments += [a.updated_at for a in store.actions(employee_id)]
    for goal in store.goals(employee_id):
        moments += [goal.created_at, *(h.at for h in goal.history)]
    return max(moments)


def _roots(folder: Path) -> list[tuple[str, Path]]:
    backups = folder / "backups"
    copies = sorted(p for p in backups.iterdir() if p.is_dir()) if backups.is_dir() else []
    return [*((p.name, p) for p in copies), ("", folder)]


# ---------------------------------------------------------------------------------------------------------- the plan


def plan_retention(
    store: Store,
    now: datetime,
    *,
    private_notes_months: int | None = None,
    conversations_months: int | None = None,
    archived_people_months: int | None = None,
) -> RetentionPlan:
    """What :func:`apply_retention` would remove at ``now``, read from the files (backup copies included); writes
    nothing. A rule given ``None`` is off."""
    if now.tzinfo is None:
        raise ValueError("plan_retention needs an aware datetime (the store's clock gives one)")
    private_notes_months = _checked(private_notes_months, "private notes")
    conversations_months = _checked(conversations_months, "conversations")
    archived_people_months = _checked(archived_people_months, "archived people")
    plan = RetentionPlan(store.folder, now, private_notes_months, conversations_months, archived_people_months)
    with store.files_settled() as folder:
        erased: set[str] = set()
        if archived_people_months is not None:
            cutoff = months_before(now, archived_people_months)
            for person in store.employees(include_archived=True):
                if not person.archived:
                    continue
                since = person.archived_at
                note = "archived on that day"
                if since is None:
                    since = _last_activity(store, person.id)
                    note = "the day they were archived was not recorded: their last activity"
                if since < cutoff:
                    erased.add(person.id)
                    plan.items.append(RetentionItem(PERSON, person.id, one_line(person.name, 80), since.date(),
                                                    note=note))
        whole_cut = months_before(now, conversations_months) if conversations_months is not None else None
        private_cut = months_before(now, private_notes_months) if private_notes_months is not None else None
        if whole_cut is None and private_cut is None:
            return plan
        cipher = store.cipher
        live_names = _names(folder, cipher)
        for label, root in _roots(folder):
            names = {**live_names, **_names(root, cipher)} if label else live_names
            for cid, paths in _conversation_files(root).items():
                doc = _conversation_doc(paths[0], cipher)  # the file (its .bak only when the file is gone)
                if doc is None:
                    continue
                people = [p for p in doc.get("employee_ids") or [] if isinstance(p, str)]
                created = _when(doc.get("created_at"))
                if created is None or (people and set(people) <= erased):
                    continue  # their one-to-ones go with the person
                who = one_line(", ".join(names.get(p) or "someone no longer here" for p in people) or "nobody", 80)
                note = "" if doc.get("finished_at") else "never finished"
                if doc.get("kind") == "team":
                    note = ", ".join(n for n in ("team session", note) if n)
                if whole_cut is not None and created < whole_cut:
                    plan.items.append(RetentionItem(CONVERSATION, cid, who, created.date(), label, note))
                elif private_cut is not None and created < private_cut and (
                    _private_text(doc) or any(_private_text(_conversation_doc(p, cipher) or {}) for p in paths[1:])
                ):  # the .bak is read only for old conversations whose file holds no private text any more
                    plan.items.append(RetentionItem(PRIVATE, cid, who, created.date(), label, note))
    return plan


# ---------------------------------------------------------------------------------------------------------- applying


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _rewrite(path: Path, kind: str, change: Callable[[dict[str, Any]], dict[str, Any]], on_write: OnWrite,
             cipher: Cipher | None = None) -> dict[str, Any] | None:
    """``change`` applied to ``path``'s ``.bak`` (first) and to ``path``, each written atomically only if it changed;
    returns the file's data as it is now (None if there is no such file)."""
    now: dict[str, Any] | None = None
    for target in (backup_path(path), path):
        data = read_json_file(target, kind, cipher)
        if data is None:
            continue
        new = change(json.loads(json.dumps(data)))
        if new != data:
            atomic_write(target, _dumps(new), keep_backup=False, cipher=cipher)
            on_write(target)
        if target == path:
            now = new
    return now


def _remove(path: Path, on_write: OnWrite) -> bool:
    gone = False
    for target in (backup_path(path), path):
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        fsync_dir(target.parent)
        on_write(target)
        gone = True
    return gone


def _without_private(data: dict[str, Any]) -> dict[str, Any]:
    for doc in data.get("conversation", {}).values():
        doc["private_notes"] = ""
        prep = doc.get("manager_prep")
        if isinstance(prep, dict):
            doc["manager_prep"] = {k: ("" if isinstance(v, str) else v) for k, v in prep.items()}
    return data


def _unlink(value: Any, gone: set[str]) -> Any:
    """Every ``conversation_id`` naming a conversation in ``gone`` becomes None (goals, their history, succession)."""
    if isinstance(value, dict):
        return {k: (None if k == "conversation_id" and v in gone else _unlink(v, gone)) for k, v in value.items()}
    if isinstance(value, list):
        return [_unlink(v, gone) for v in value]
    return value


@dataclass
class _Tally:
    private: int = 0
    conversations: int = 0
    items: set[str] = field(default_factory=set)  # ids of the done or dropped items removed
    links: set[str] = field(default_factory=set)  # ids of the goals unlinked


def _person_without(data: dict[str, Any], gone: set[str], tally: _Tally) -> dict[str, Any]:
    rows = data.get("conversations", {})
    for key in [k for k, row in rows.items() if row.get("id") in gone]:
        del rows[key]
    actions = data.get("actions", {})
    for key in [k for k, a in actions.items() if a.get("conversation_id") in gone and a.get("status") not in
                OPEN_STATUSES]:
        tally.items.add(str(actions.pop(key).get("id")))
    goals = data.get("goals", {})
    for key, goal in list(goals.items()):
        fixed = _unlink(goal, gone)
        if fixed != goal:
            goals[key] = fixed
            tally.links.add(str(goal.get("id")))
    return data


def _purge_folder(root: Path, whole: set[str], private: set[str], on_write: OnWrite,
                  changed: FilesChanged | None, cipher: Cipher | None = None) -> _Tally:
    """One folder (the data folder or a backup copy), in the order the module's docstring gives."""
    tally = _Tally()
    conversations = root / "conversations"
    for cid in sorted(private - whole):
        if _rewrite(conversations / f"{cid}.json", "conversation", _without_private, on_write, cipher) is not None:
            tally.private += 1
            if changed is not None:
                changed.rewritten.add(cid)
    if not whole:
        return tally
    stats: dict[str, dict[str, Any]] = {}
    people = root / "people"
    for path in sorted(people.glob("*.json")) if people.is_dir() else []:
        mine = _Tally()
        data = _rewrite(path, "person", lambda d: _person_without(d, whole, mine), on_write, cipher)  # noqa: B023
        if data is None:
            continue
        tally.items |= mine.items
        tally.links |= mine.links
        if changed is not None and (mine.items or mine.links):
            changed.people.add(path.stem)
        stats[path.stem] = person_stats(list(data.get("conversations", {}).values()),
                                        list(data.get("actions", {}).values()))

    def index_fixed(data: dict[str, Any]) -> dict[str, Any]:
        for row in data.get("employees", {}).values():
            if row.get("id") in stats:
                row["stats"] = stats[row["id"]]
            if isinstance(row.get("employee"), dict):  # succession readiness judged in a conversation that goes
                row["employee"] = _unlink(row["employee"], whole)
        return data

    _rewrite(root / "index.json", "index", index_fixed, on_write, cipher)

    def drafts_fixed(data: dict[str, Any]) -> dict[str, Any]:
        rows = data.get("drafts", {})
        for key in [k for k, row in rows.items() if row.get("conversation_id") in whole]:
            del rows[key]
        return data

    _rewrite(root / "drafts.json", "drafts", drafts_fixed, on_write, cipher)
    for cid in sorted(whole):
        if _remove(conversations / f"{cid}.json", on_write):
            tally.conversations += 1
            if changed is not None:
                changed.removed.add(cid)
    return tally


def apply_retention(store: Store, plan: RetentionPlan, *, on_write: OnWrite | None = None) -> list[str]:
    """Remove what ``plan`` lists (see the module's docstring for the order); returns what was done, a line each.
    The store reads its files again afterwards and its listeners hear ``("files", FilesChanged)``."""
    if plan.folder != store.folder:
        raise UserError("This retention plan was made for another data folder; nothing was removed.")
    step: OnWrite = on_write if on_write is not None else (lambda path: None)
    report: list[str] = []
    for item in plan.of(PERSON):
        try:
            if not store.employee(item.ident).archived:
                continue  # restored since the plan was made
        except UserError:
            continue  # erased meanwhile
        store.erase_person(item.ident)
        report.append(f"Erased {item.name} (archived {item.day.isoformat()}), backups included.")
    changed = FilesChanged()

    def purge(folder: Path) -> list[tuple[str, _Tally]]:
        done = []
        for label, root in _roots(folder):
            whole = {i.ident for i in plan.items if i.what == CONVERSATION and i.folder == label}
            private = {i.ident for i in plan.items if i.what == PRIVATE and i.folder == label}
            if whole or private:
                done.append((label, _purge_folder(root, whole, private, step, None if label else changed,
                                                  store.cipher)))
        return done

    tallies = store.rewrite_files(purge, news=changed)
    for label, tally in sorted(tallies, key=lambda t: t[0] != ""):
        where = f"backup {label}" if label else "the data folder"
        parts = []
        if tally.conversations:
            parts.append(f"{counted(tally.conversations, 'conversation')} removed, with "
                         f"{counted(len(tally.items), 'done or dropped item')} raised in them (open items kept); "
                         f"{counted(len(tally.links), 'goal')} kept without the link to them")
        if tally.private:
            parts.append(f"private notes emptied in {counted(tally.private, 'conversation')}")
        report.append(f"{where}: {'; '.join(parts) or 'nothing left to remove'}")
    return report


__all__ = [
    "CONVERSATION",
    "PERSON",
    "PRIVATE",
    "RetentionItem",
    "RetentionPlan",
    "apply_retention",
    "months_before",
    "plan_retention",
]
