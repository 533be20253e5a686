"""Handover: one person's whole history, out of one manager's cc-tui and into another's.

Pure core, no argparse: :func:`build_bundle` reads a person from a :class:`~cc_tui.store.Store` into a JSON-ready
dict, :func:`write_bundle` writes it (atomic, owner-only, never replacing a file unless asked), :func:`read_bundle`
/ :func:`parse_bundle` validate a file completely with the pydantic models, :func:`check_importable` refuses a
duplicate, and :func:`apply_bundle` writes everything through the Store API. See docs/handover-format.md.

Privacy rules (the bundle leaves this machine):

* what is private (``export.bundle.PRIVATE_PERSON_FIELDS`` and ``PRIVATE_CONVERSATION_FIELDS``: private notes, style
  hints, the high-potential flag, succession readiness, the manager's prep) is left out unless explicitly asked for;
* a team session becomes a conversation of this person only: ``employee_ids == [person]``, kind ``individual``,
  title ``"Team session: ..."``, a new id derived from (conversation, person); the other attendees' ids are dropped
  (with any quote, status update or other entry that belongs to them) and their names and e-mail addresses are
  replaced by ``[attendee]`` in the text; the session's private notes are never exported (they are about the team);
* only the person's own goals and action items are exported (action items belong to one attendee).
"""

from __future__ import annotations

import errno
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import AwareDatetime, ValidationError, model_validator

from . import __version__
from .errors import CCError, StoreError, UserError
from .models import ActionItem, Conversation, ConversationKind, Employee, Goal, Model, system_clock
from .store import Store, current_schema_version
from .text import counted, json_escaped_controls

FORMAT = "cc-tui-handover"
VERSION = 1
TEAM_PREFIX = "Team session: "
REDACTED = "[attendee]"
MAX_BYTES = 512 * 1024 * 1024

# a stable namespace: the id a team session gets in a person's bundle is the same at every export
_TEAM_NS = uuid.UUID("6f1c1a52-7d1e-4c55-9a57-2f7d0b5c3e11")

# keys whose values are ids, enums, times or numbers: never free text, never scrubbed
_NOT_TEXT = frozenset(
    {
        "id", "employee_id", "employee_ids", "conversation_id", "item_id", "goal_id", "guide_id", "question_id",
        "kind", "status", "status_from", "status_to", "stage", "tag", "motivator", "source", "owner", "readiness",
        "at", "created_at", "updated_at", "finished_at", "asked_at", "next_date", "due", "target_date",
        "stage_seconds", "talk_seconds", "guide_choice", "done",
        "opportunity_id", "replaced_by", "replaces", "share_motivators", "proposed_by_employee",
        "archived_at",
    }
)


class HandoverBundle(Model):
    """The whole file, validated with the same models the store uses."""

    format: Literal["cc-tui-handover"]
    version: int
    exported_at: AwareDatetime
    schema_version: int
    app_version: str = ""
    private_notes_included: bool = False
    employee: Employee
    conversations: list[Conversation]
    goals: list[Goal]
    actions: list[ActionItem]

    @model_validator(mode="after")
    def _one_person(self) -> HandoverBundle:
        pid = self.employee.id
        for i, conv in enumerate(self.conversations):
            if conv.employee_ids != [pid] or conv.kind is not ConversationKind.INDIVIDUAL:
                raise ValueError(f"conversation {i} is not a conversation of {pid} alone")
        for what, rows in (("goal", self.goals), ("action item", self.actions)):
            for i, row in enumerate(rows):
                if row.employee_id != pid:
                    raise ValueError(f"{what} {i} belongs to someone else ({row.employee_id})")
        for what, rows in (("conversation", self.conversations), ("goal", self.goals), ("action item", self.actions)):
            ids = [r.id for r in rows]
            if len(set(ids)) != len(ids):
                raise ValueError(f"a {what} id is listed twice")
        return self


@dataclass(frozen=True)
class ImportResult:
    employee: Employee
    conversations: int
    goals: int
    actions: int
    private_notes_included: bool


# --------------------------------------------------------------------------------------------------------- export


def team_conversation_id(conversation_id: str, employee_id: str) -> str:
    """The id a team session takes in ``employee_id``'s bundle: stable, and different for each attendee."""
    return uuid.uuid5(_TEAM_NS, f"{conversation_id}:{employee_id}").hex


def build_bundle(
    store: Store, employee: Employee, *, include_private: bool = False, now: datetime | None = None
) -> dict[str, Any]:
    """Everything about ``employee`` as a JSON-ready dict (validated against :class:`HandoverBundle` before return)."""
    from .export.bundle import public_conversation, public_employee  # the one rule of what is private

    pid = employee.id
    person = (employee if include_private else public_employee(employee)).model_dump(mode="json")

    goals = [g.model_dump(mode="json") for g in store.goals(pid) if g.employee_id == pid]
    actions = [a.model_dump(mode="json") for a in store.actions(pid) if a.employee_id == pid]
    own_items = {row["id"] for row in (*goals, *actions)}

    renamed: dict[str, str] = {}
    conversations: list[dict[str, Any]] = []
    # oldest first: the file reads like the history it is
    for summary in sorted(store.history(pid), key=lambda s: (s.created_at, s.id)):
        conv = store.conversation(summary.id)
        data = (conv if include_private else public_conversation(conv)).model_dump(mode="json")
        if conv.kind is ConversationKind.TEAM or len(conv.employee_ids) > 1:
            others = [_other(store, e) for e in conv.employee_ids if e != pid]
            data = _team_to_individual(data, employee, others, own_items)
            renamed[conv.id] = data["id"]
        conversations.append(data)

    bundle: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or system_clock()).isoformat(),
        "schema_version": current_schema_version(),
        "app_version": __version__,
        "private_notes_included": include_private,
        "employee": person,
        "conversations": conversations,
        "goals": goals,
        "actions": actions,
    }
    if renamed:
        bundle = _rename_conversation_refs(bundle, renamed)
    HandoverBundle.model_validate(bundle)  # what we write, we can read back
    return bundle


def _other(store: Store, employee_id: str) -> Employee | None:
    try:
        return store.employee(employee_id)
    except UserError:
        return None


def _team_to_individual(
    data: dict[str, Any], employee: Employee, others: list[Employee | None], own_items: set[str]
) -> dict[str, Any]:
    pid = employee.id
    other_ids = {o.id for o in others if o is not None}
    data = _drop_entries_of_others(data, pid)
    data["status_updates"] = [u for u in data.get("status_updates", []) if u.get("item_id") in own_items]
    data["private_notes"] = ""  # the manager's notes on the whole team are not this person's
    scrub = _name_scrubber(employee, [o for o in others if o is not None])
    data = _scrub_text(data, scrub)
    title = re.sub(r"^\s*team session\b[\s:.\-–—]*", "", data.get("title", ""), flags=re.IGNORECASE)
    data["title"] = (TEAM_PREFIX + (title or data["created_at"][:10]))[:200].strip()
    data["id"] = team_conversation_id(data["id"], pid)
    data["kind"] = ConversationKind.INDIVIDUAL.value
    data["employee_ids"] = [pid]
    leftover = json.dumps(data)
    for other in other_ids:  # belt and braces: no other attendee's id survives anywhere in the record
        if other in leftover:
            data = json.loads(json.dumps(data).replace(other, ""))
    return data


def _drop_entries_of_others(value: Any, pid: str) -> Any:
    """Remove every list entry that belongs to another attendee (a dict with an ``employee_id`` that is not ``pid``)."""
    if isinstance(value, dict):
        return {k: _drop_entries_of_others(v, pid) for k, v in value.items()}
    if isinstance(value, list):
        return [
            _drop_entries_of_others(v, pid)
            for v in value
            if not (isinstance(v, dict) and v.get("employee_id") not in (None, pid))
        ]
    return value


def _name_scrubber(employee: Employee, others: list[Employee]) -> re.Pattern[str] | None:
    own_words = {w.casefold() for w in re.findall(r"\w+", employee.name)}
    terms: set[str] = set()
    for other in others:
        terms.add(other.name)
        if other.email:
            terms.add(other.email)
        first = other.name.split()[0] if other.name.split() else ""
        if len(first) >= 2 and first.casefold() not in own_words:
            terms.add(first)
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _scrub_text(value: Any, pattern: re.Pattern[str] | None, key: str = "") -> Any:
    if pattern is None or key in _NOT_TEXT:
        return value
    if isinstance(value, dict):
        return {k: _scrub_text(v, pattern, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_text(v, pattern, key) for v in value]
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    return value


def _rename_conversation_refs(value: Any, renamed: dict[str, str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _rename_conversation_refs(v, renamed, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_conversation_refs(v, renamed, key) for v in value]
    if key == "conversation_id" and isinstance(value, str):
        return renamed.get(value, value)
    return value


def dump_bundle(bundle: dict[str, Any]) -> bytes:
    # C1 and bidi controls as \\u escapes (JSON escapes only C0): the same data, none of them raw in the file
    return (json_escaped_controls(json.dumps(bundle, ensure_ascii=False, indent=2)) + "\n").encode("utf-8")


def write_bundle(path: Path | str, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` owner-only (0600) and atomically; refuse an existing file unless ``overwrite``.

    Without ``overwrite`` the last step is a hard link, which fails if the file appeared meanwhile.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name for --out.")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise UserError(f"{path} already exists; add --force to replace it, or choose another --out. Nothing written.")
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"Could not write {path}: the folder {folder} does not exist.")
    from .store import write_new_file

    try:
        write_new_file(path, data, overwrite=overwrite, tag="cc-tui-handover")
    except FileExistsError:
        raise UserError(f"{path} already exists; add --force to replace it. Nothing written.") from None
    except OSError as exc:
        reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
        raise UserError(f"Could not write {path}: {reason}. Nothing written.") from None
    return path


# --------------------------------------------------------------------------------------------------------- import


def read_bundle(path: Path | str) -> HandoverBundle:
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path} is too large for a handover file ({size} bytes); nothing was imported.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a handover file.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return parse_bundle(raw, str(path))


def parse_bundle(raw: bytes, source: str = "the file") -> HandoverBundle:
    """Validate the whole file; a :class:`UserError` with one line naming the first problem otherwise."""
    nothing = "nothing was imported"
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"{source} is not a handover file (not UTF-8 text); {nothing}.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{source} is not a handover file (invalid JSON at line {exc.lineno}); {nothing}.") from None
    except RecursionError:
        raise UserError(f"{source} is not a handover file (nested too deeply); {nothing}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(
            f"{source} is not a cc-tui handover file (format is not {FORMAT!r}); "
            f"make one with 'cc-tui handover export'; {nothing}."
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UserError(f"{source} has no valid handover version; {nothing}.")
    if version > VERSION:
        raise UserError(
            f"{source} was written by a newer cc-tui (handover version {version}; this one reads up to {VERSION}). "
            f"Upgrade cc-tui; {nothing}."
        )
    schema = data.get("schema_version")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > current_schema_version():
        raise UserError(
            f"{source} holds data version {schema}; this cc-tui reads up to {current_schema_version()}. "
            f"Upgrade cc-tui; {nothing}."
        )
    try:
        return HandoverBundle.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        more = f" (and {counted(exc.error_count() - 1, 'more problem')})" if exc.error_count() > 1 else ""
        raise UserError(f"{source} is not a valid handover file: {where}: {first['msg']}{more}; {nothing}.") from None


def check_importable(store: Store, bundle: HandoverBundle) -> None:
    """Refuse a duplicate: the person (by id or by name), or any of their conversations, already in the store."""
    person = bundle.employee
    everyone = store.employees(include_archived=True)
    if any(e.id == person.id for e in everyone):
        raise UserError(f"{person.name} ({person.id[:8]}) is already in this store; nothing was imported.")
    same_name = [e for e in everyone if e.name.casefold() == person.name.casefold()]
    if same_name:
        raise UserError(
            f"A person named {same_name[0].name} ({same_name[0].id[:8]}) is already in this store; "
            "nothing was imported."
        )
    if store.history(person.id) or store.goals(person.id) or store.actions(person.id):
        raise UserError(
            f"{store.folder} already holds records for {person.id[:8]} without the person; nothing was imported."
        )
    existing = set(store.iter_conversation_ids())
    clash = [
        c.id for c in bundle.conversations if c.id in existing and not _left_by_stopped_import(store, c.id, person.id)
    ]
    if clash:
        raise UserError(
            f"Conversation {clash[0][:8]} of {person.name} is already in this store; nothing was imported."
        )


def _left_by_stopped_import(store: Store, conversation_id: str, person_id: str) -> bool:
    # an import writes the conversations' files before the person: one stopped part-way (killed, disk full) leaves
    # files that name only the person it was importing, and the same import may write them again
    try:
        return store.conversation(conversation_id).employee_ids == [person_id]
    except CCError:
        return False


def apply_bundle(store: Store, bundle: HandoverBundle) -> ImportResult:
    """Check, then write the person, their conversations, goals and action items through the Store API."""
    check_importable(store, bundle)
    employee = bundle.employee.model_copy(deep=True)
    try:
        store.import_person(employee, bundle.conversations, bundle.goals, bundle.actions)  # it changes none of them
    except CCError as exc:
        raise StoreError(
            f"The import of {employee.name} stopped part-way: {exc} What was written is kept; check the person "
            "in cc-tui."
        ) from None
    return ImportResult(
        employee=employee,
        conversations=len(bundle.conversations),
        goals=len(bundle.goals),
        actions=len(bundle.actions),
        private_notes_included=bundle.private_notes_included,
    )


__all__ = [
    "FORMAT",
    "VERSION",
    "HandoverBundle",
    "ImportResult",
    "apply_bundle",
    "build_bundle",
    "check_importable",
    "dump_bundle",
    "parse_bundle",
    "read_bundle",
    "team_conversation_id",
    "write_bundle",
]
