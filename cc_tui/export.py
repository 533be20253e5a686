"""Exports of action items: Markdown, CSV, JSON and iCalendar.

Pure functions (no Textual). The store is read once, by one of the ``bundle_*`` functions, into an
:class:`ExportBundle`; the ``to_*`` renderers only look at that bundle. :func:`write_export` is the only function
here that writes to the disk. The formats are documented in ``docs/export-format.md``.

Privacy: a bundle never holds private notes. The ``bundle_*`` functions blank ``Employee.private_notes``,
``Employee.style.notes`` and ``Conversation.private_notes`` (and the manager's prep) when they gather the data, and
every renderer writes an explicit list of fields, never a whole model dump.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UserError
from .models import (
    ActionItem,
    ActionStatus,
    Conversation,
    Employee,
    Goal,
    GoalStatus,
    ManagerPrep,
    Owner,
    StyleHints,
)

if TYPE_CHECKING:
    from .store import Store

FORMATS = ("md", "csv", "json", "ics")
FORMAT_LABELS = {"md": "Markdown", "csv": "CSV", "json": "JSON", "ics": "iCalendar"}
EXTENSIONS = {"md": "md", "csv": "csv", "json": "json", "ics": "ics"}

JSON_SCHEMA = "cc-tui.actions"
JSON_VERSION = 1
UID_DOMAIN = "cc-tui"
FILE_MODE = 0o600
CSV_BOM = "\ufeff"

SCOPE_CONVERSATION = "conversation"
SCOPE_OPEN = "open-items"

STATUS_LABELS = {
    ActionStatus.OPEN: "open",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.DONE: "done",
    ActionStatus.BLOCKED: "blocked",
    ActionStatus.DROPPED: "dropped",
}

# RFC 5545 VTODO STATUS. "blocked" is not a state iCalendar knows: still to do, so NEEDS-ACTION (the exact status is
# kept in X-CC-TUI-STATUS).
ICS_TODO_STATUS = {
    ActionStatus.OPEN: "NEEDS-ACTION",
    ActionStatus.IN_PROGRESS: "IN-PROCESS",
    ActionStatus.BLOCKED: "NEEDS-ACTION",
    ActionStatus.DONE: "COMPLETED",
    ActionStatus.DROPPED: "CANCELLED",
}


# --------------------------------------------------------------------------------------------------------- the bundle


@dataclass(frozen=True)
class ExportBundle:
    """Everything an export needs, gathered from the store once. Holds no private notes.

    ``people``: everyone whose items are listed (and the conversation's attendees), by id.
    ``conversation``: the conversation exported, or ``None`` for an export of open items.
    ``items``: the action items, in output order. ``goals``: the people's goals by id (to name an item's goal and,
    with ``include_summary``, to list the goals in the summary). ``conversation_dates``: the date of every
    conversation an item comes from, by conversation id.
    """

    people: dict[str, Employee]
    conversation: Conversation | None
    items: list[ActionItem]
    goals: dict[str, Goal]
    include_summary: bool
    title: str
    exported_at: datetime
    conversation_dates: dict[str, date] = field(default_factory=dict)
    scope: str = SCOPE_CONVERSATION
    open_only: bool = False

    def with_summary(self, include: bool) -> ExportBundle:
        return replace(self, include_summary=include)

    def person_name(self, employee_id: str) -> str:
        person = self.people.get(employee_id)
        return person.name if person else employee_id

    def conversation_date(self, conversation_id: str) -> date | None:
        if self.conversation is not None and conversation_id == self.conversation.id:
            return conversation_day(self.conversation)
        return self.conversation_dates.get(conversation_id)

    @property
    def date(self) -> date:
        """The date the export is about: the conversation's, else the day of the export."""
        return conversation_day(self.conversation) if self.conversation else self.exported_at.date()

    @property
    def summary_goals(self) -> list[Goal]:
        """The goals the shared summary lists: the active ones and those set in this conversation."""
        if self.conversation is None:
            return []
        cid = self.conversation.id
        attendees = set(self.conversation.employee_ids)
        goals = [
            g
            for g in self.goals.values()
            if g.employee_id in attendees and (g.status is GoalStatus.ACTIVE or g.conversation_id == cid)
        ]
        return sorted(goals, key=lambda g: (g.created_at, g.id))

    @property
    def has_summary(self) -> bool:
        return self.include_summary and self.conversation is not None


def conversation_day(conversation: Conversation) -> date:
    return conversation.created_at.date()


def _public_employee(employee: Employee) -> Employee:
    return employee.model_copy(update={"private_notes": "", "style": StyleHints()})


def _public_conversation(conversation: Conversation) -> Conversation:
    return conversation.model_copy(update={"private_notes": "", "manager_prep": ManagerPrep()})


def select_conversation_items(
    conversation: Conversation,
    actions: Iterable[ActionItem],
    *,
    open_only: bool = False,
    carried_ids: Iterable[str] | None = None,
) -> list[ActionItem]:
    """The action items that belong to ``conversation``.

    An item belongs when it was created in the conversation, or when it was carried into it. ``carried_ids`` (the
    wrap-up screen knows them exactly) says which items were carried; without it, an item was carried when it was
    created before the conversation and is still open, or had a status update recorded on this conversation.
    ``open_only`` keeps the open ones.
    """
    cid = conversation.id
    start = conversation.created_at
    updated = {u.item_id for u in conversation.status_updates}
    known = set(carried_ids) if carried_ids is not None else None
    attendees = set(conversation.employee_ids)
    chosen = []
    for item in actions:
        if item.employee_id not in attendees:
            continue
        own = item.conversation_id == cid
        if known is not None:
            carried = not own and item.id in known
        else:
            carried = not own and item.created_at < start and (item.is_open or item.id in updated)
        if (own or carried) and (item.is_open or not open_only):
            chosen.append(item)
    # Carried-over items first (oldest first), then this conversation's, in the order they were written down.
    return sorted(chosen, key=lambda a: (a.conversation_id == cid, a.created_at, a.id))


def bundle_from_parts(
    conversation: Conversation,
    people: Iterable[Employee],
    actions: Iterable[ActionItem],
    goals: Iterable[Goal],
    *,
    now: datetime,
    conversation_dates: dict[str, date] | None = None,
    open_only: bool = False,
    include_summary: bool = True,
    carried_ids: Iterable[str] | None = None,
) -> ExportBundle:
    """A conversation's bundle from data already in memory (the wrap-up screen has all of it: pass the ids of the
    items it carried over as ``carried_ids``)."""
    people_by_id = {p.id: _public_employee(p) for p in people}
    items = select_conversation_items(conversation, actions, open_only=open_only, carried_ids=carried_ids)
    names = ", ".join(people_by_id[e].name if e in people_by_id else e for e in conversation.employee_ids)
    day = conversation_day(conversation).isoformat()
    return ExportBundle(
        people=people_by_id,
        conversation=_public_conversation(conversation),
        items=items,
        goals={g.id: g for g in goals},
        include_summary=include_summary,
        title=f"{'Open action items' if open_only else 'Action items'}: {names}, {day}",
        exported_at=now,
        conversation_dates=dict(conversation_dates or {}),
        scope=SCOPE_CONVERSATION,
        open_only=open_only,
    )


def _dates_from_history(store: Store, employee_ids: Iterable[str]) -> dict[str, date]:
    dates: dict[str, date] = {}
    for employee_id in employee_ids:
        for summary in store.history(employee_id):
            dates.setdefault(summary.id, summary.created_at.date())
    return dates


def bundle_for_conversation(
    store: Store,
    conversation_id: str,
    *,
    open_only: bool = False,
    include_summary: bool = True,
    now: datetime,
) -> ExportBundle:
    """The action items of one conversation (see :func:`select_conversation_items`)."""
    conversation = store.conversation(conversation_id)
    people = [store.employee(e) for e in conversation.employee_ids]
    actions: list[ActionItem] = []
    goals: list[Goal] = []
    for person in people:
        actions += store.actions(person.id)
        goals += store.goals(person.id)
    return bundle_from_parts(
        conversation,
        people,
        actions,
        goals,
        now=now,
        conversation_dates=_dates_from_history(store, conversation.employee_ids),
        open_only=open_only,
        include_summary=include_summary,
    )


def bundle_for_person_last(
    store: Store,
    employee: Employee,
    *,
    open_only: bool = False,
    include_summary: bool = True,
    now: datetime,
) -> ExportBundle:
    """The person's latest conversation (finished or not)."""
    history = store.history(employee.id)
    if not history:
        raise UserError(
            f"{employee.name} has no conversations yet; use --all-open to export their open action items."
        )
    return bundle_for_conversation(
        store, history[0].id, open_only=open_only, include_summary=include_summary, now=now
    )


def bundle_all_open(
    store: Store, *, now: datetime, employees: Sequence[Employee] | None = None
) -> ExportBundle:
    """Every open action item of every person (not archived), or of ``employees`` only."""
    people = list(employees) if employees is not None else store.employees()
    items: list[ActionItem] = []
    goals: dict[str, Goal] = {}
    for person in people:
        items += [a for a in store.actions(person.id) if a.is_open]
        goals.update((g.id, g) for g in store.goals(person.id))
    people_by_id = {p.id: _public_employee(p) for p in people}
    far = date.max
    items.sort(key=lambda a: (people_by_id[a.employee_id].name.casefold(), a.employee_id, a.due or far, a.created_at))
    if employees is not None and len(people) == 1:
        title = f"Open action items: {people[0].name}, {now.date().isoformat()}"
    else:
        title = f"Open action items: everyone, {now.date().isoformat()}"
    return ExportBundle(
        people=people_by_id,
        conversation=None,
        items=items,
        goals=goals,
        include_summary=False,
        title=title,
        exported_at=now,
        conversation_dates=_dates_from_history(store, people_by_id),
        scope=SCOPE_OPEN,
        open_only=True,
    )


# --------------------------------------------------------------------------------------------------------- shared bits


def owner_label(b: ExportBundle, item: ActionItem) -> str:
    return "Manager" if item.owner is Owner.MANAGER else b.person_name(item.employee_id)


def goal_of(b: ExportBundle, item: ActionItem) -> Goal | None:
    return b.goals.get(item.goal_id) if item.goal_id else None


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _stamp(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


# --------------------------------------------------------------------------------------------------------- Markdown

# Every character that can start inline syntax in CommonMark/GFM, and the pipe of GFM tables. `!` needs no escape:
# it only matters before `[`, which is escaped. `.` `)` `-` `+` `=` only matter at the start of a line (handled in
# _md_line).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_escape(text: str) -> str:
    """User text as inline Markdown that renders as exactly ``text``: no HTML, links, emphasis or code.

    Line breaks become a space (a table row is one line; rendered HTML shows a line break in a paragraph as a space
    anyway); use :func:`md_block` for text whose lines should stay lines.
    """
    return _MD_INLINE.sub(r"\\\1", _LINE_BREAK.sub(" ", text))


def md_cell_text(text: str) -> str:
    """What a Markdown reader sees in the table cell of ``text`` (the inverse of :func:`md_escape`, for tests)."""
    return _LINE_BREAK.sub(" ", text).strip(" \t")


def _md_line(line: str) -> str:
    line = line.strip(" \t")
    escaped = md_escape(line)
    # Block syntax that only means something at the start of a line: list items, thematic breaks, setext headings.
    if escaped[:1] in ("-", "+", "="):
        escaped = "\\" + escaped
    else:
        escaped = _ORDERED.sub(r"\1\\\2", escaped)
    return escaped


def md_block(text: str) -> str:
    """Multi-line user text as Markdown paragraphs: lines stay lines (hard breaks), blank lines separate paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for raw in _LINE_BREAK.split(text):
        if raw.strip():
            paragraphs[-1].append(_md_line(raw))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)


def _md_table(b: ExportBundle, items: list[ActionItem]) -> list[str]:
    lines = [
        "| Action | Owner | Due | Status | Goal | Raised | Carried over |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for item in items:
        goal = goal_of(b, item)
        raised = b.conversation_date(item.conversation_id)
        cells = [
            md_escape(item.text),
            md_escape(owner_label(b, item)),
            _iso(item.due) or "—",
            STATUS_LABELS[item.status],
            md_escape(goal.title) if goal else "—",
            _iso(raised) or "—",
            f"{item.carried_over}×" if item.carried_over else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def to_markdown(b: ExportBundle) -> str:
    """A heading saying what this is, a metadata list, the items as a table (one per person when there are several),
    and, with ``include_summary``, the shared summary."""
    out = [f"# {md_escape(b.title)}", ""]
    c = b.conversation
    names = ", ".join(md_escape(p.name) for p in b.people.values())
    out.append(f"- **{'People' if len(b.people) > 1 else 'Person'}:** {names or '—'}")
    if c is not None:
        label = f" — {md_escape(c.title)}" if c.title else ""
        out.append(f"- **Conversation:** {conversation_day(c).isoformat()}{label} (id {c.id})")
    noun = "open action item" if b.open_only else "action item"
    out.append(f"- **Items:** {len(b.items)} {noun}{'' if len(b.items) == 1 else 's'}")
    out.append(f"- **Exported:** {_stamp(b.exported_at)} by cc-tui")
    out.append("")
    if not b.items:
        out += ["No action items.", ""]
    elif len(b.people) > 1:
        by_person: dict[str, list[ActionItem]] = {}
        for item in b.items:
            by_person.setdefault(item.employee_id, []).append(item)
        for employee_id, items in by_person.items():
            out += [f"## {md_escape(b.person_name(employee_id))}", "", *_md_table(b, items), ""]
    else:
        out += [*_md_table(b, b.items), ""]
    if b.has_summary and c is not None:
        out += _md_summary(b, c)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_summary(b: ExportBundle, c: Conversation) -> list[str]:
    out = ["## Shared summary", ""]
    if c.summary.strip():
        out += [md_block(c.summary), ""]
    if c.shared_notes.strip():
        out += ["### Shared notes", "", md_block(c.shared_notes), ""]
    rated = sorted((m for m in c.motivations if m.rating), key=lambda m: -m.rating)
    if rated:
        out += ["### What motivates", ""]
        out += [f"- {m.motivator.label}: {m.rating}/5 ({m.source.value})" for m in rated]
        out.append("")
    goals = b.summary_goals
    if goals:
        out += ["### Goals", ""]
        for g in goals:
            target = f" (by {g.target_date.isoformat()})" if g.target_date else ""
            who = f" — {md_escape(b.person_name(g.employee_id))}" if len(c.employee_ids) > 1 else ""
            out.append(f"- {md_escape(g.title)}{target} — {g.status.value}{who}")
        out.append("")
    out.append(f"**Next conversation:** {c.next_date.isoformat() if c.next_date else 'not set'}")
    out.append("")
    return out


# --------------------------------------------------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "person",
    "conversation_date",
    "text",
    "owner",
    "due",
    "status",
    "goal",
    "carried_over",
    "person_id",
    "conversation_id",
    "item_id",
    "goal_id",
    "exported_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet could take for a formula (and to one that starts with ``'`` itself, so
    the rule can be undone without guessing: drop one leading ``'``, see :func:`csv_restore`)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_restore(cell: str) -> str:
    """The original text of a cell read back from a cc-tui CSV."""
    return cell[1:] if cell.startswith("'") else cell


def csv_rows(b: ExportBundle) -> list[list[str]]:
    rows = []
    for item in b.items:
        goal = goal_of(b, item)
        rows.append(
            [
                b.person_name(item.employee_id),
                _iso(b.conversation_date(item.conversation_id)),
                item.text,
                item.owner.value,
                _iso(item.due),
                item.status.value,
                goal.title if goal else "",
                str(item.carried_over),
                item.employee_id,
                item.conversation_id,
                item.id,
                item.goal_id or "",
                _stamp(b.exported_at),
            ]
        )
    return rows


def to_csv(b: ExportBundle, *, bom: bool = True) -> str:
    """RFC 4180 CSV (``\\r\\n`` line ends, minimal quoting), one row per item, with a header row.

    The text starts with a UTF-8 byte-order mark (U+FEFF) so that Excel reads it as UTF-8; ``bom=False`` leaves it
    out. Cells that could start a formula get a leading ``'`` (see :func:`csv_neutralise`).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(b):
        writer.writerow([csv_neutralise(cell) for cell in row])
    return (CSV_BOM if bom else "") + buffer.getvalue()


# --------------------------------------------------------------------------------------------------------- JSON


def json_document(b: ExportBundle) -> dict[str, Any]:
    """The JSON export as a Python object (schema ``cc-tui.actions`` version 1, see docs/export-format.md)."""
    c = b.conversation
    doc: dict[str, Any] = {
        "schema": JSON_SCHEMA,
        "version": JSON_VERSION,
        "exported_at": _stamp(b.exported_at),
        "scope": b.scope,
        "open_only": b.open_only,
        "title": b.title,
        "people": [{"id": p.id, "name": p.name} for p in b.people.values()],
        "conversation": None
        if c is None
        else {
            "id": c.id,
            "date": conversation_day(c).isoformat(),
            "title": c.title,
            "next_date": _iso(c.next_date) or None,
        },
        "summary": None,
        "items": [],
    }
    if b.has_summary and c is not None:
        doc["summary"] = {
            "text": c.summary,
            "shared_notes": c.shared_notes,
            "motivations": [
                {"motivator": m.motivator.value, "rating": m.rating, "source": m.source.value}
                for m in c.motivations
                if m.rating
            ],
            "goals": [
                {
                    "id": g.id,
                    "title": g.title,
                    "status": g.status.value,
                    "target_date": _iso(g.target_date) or None,
                    "person_id": g.employee_id,
                }
                for g in b.summary_goals
            ],
        }
    for item in b.items:
        goal = goal_of(b, item)
        doc["items"].append(
            {
                "id": item.id,
                "text": item.text,
                "owner": item.owner.value,
                "person": {"id": item.employee_id, "name": b.person_name(item.employee_id)},
                "due": _iso(item.due) or None,
                "status": item.status.value,
                "goal": {"id": goal.id, "title": goal.title} if goal else None,
                "conversation": {
                    "id": item.conversation_id,
                    "date": _iso(b.conversation_date(item.conversation_id)) or None,
                },
                "carried_over": item.carried_over,
            }
        )
    return doc


def to_json(b: ExportBundle) -> str:
    return json.dumps(json_document(b), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------------------- iCalendar


def item_uid(item: ActionItem, *, event: bool = False) -> str:
    """Stable: the same item always has the same UID, so importing again updates instead of duplicating. The
    all-day event of an item has its own UID (a VTODO and a VEVENT may not share one in a calendar)."""
    return f"{item.id}{'-event' if event else ''}@{UID_DOMAIN}"


def next_conversation_uid(conversation: Conversation) -> str:
    return f"next-{conversation.id}@{UID_DOMAIN}"


def ics_text(text: str) -> str:
    """iCalendar TEXT has one kind of line break (``\\n``): CR LF and a lone CR become LF."""
    return re.sub(r"\r\n?", "\n", text)


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


def _ics_description(b: ExportBundle, item: ActionItem) -> str:
    lines = [f"Person: {b.person_name(item.employee_id)}", f"Owner: {owner_label(b, item)}"]
    goal = goal_of(b, item)
    if goal:
        lines.append(f"Goal: {goal.title}")
    lines.append(f"Status: {STATUS_LABELS[item.status]}")
    raised = b.conversation_date(item.conversation_id)
    lines.append(f"Raised in the conversation of {_iso(raised) or 'an unknown date'} (id {item.conversation_id})")
    if item.carried_over:
        lines.append(f"Carried over {item.carried_over}×")
    return "\n".join(lines)


def _summary_text(b: ExportBundle, c: Conversation) -> str:
    parts = []
    if c.summary.strip():
        parts.append(c.summary.strip())
    if c.shared_notes.strip():
        parts.append("Shared notes:\n" + c.shared_notes.strip())
    goals = b.summary_goals
    if goals:
        parts.append("Goals:\n" + "\n".join(f"- {g.title} ({g.status.value})" for g in goals))
    return "\n\n".join(parts)


def to_ics(b: ExportBundle, *, all_day_events: bool = False) -> str:
    """An iCalendar file: one VTODO per item (or, with ``all_day_events``, one all-day VEVENT per item that has a due
    date), and the next conversation as an all-day VEVENT. DTSTAMP is the bundle's ``exported_at``."""
    from icalendar import Calendar, Event, Todo
    from icalendar.prop import vText

    stamp = _utc(b.exported_at)
    cal = Calendar()
    cal.add("prodid", "-//cc-tui//Action items//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = ics_text(f"cc-tui: {b.title}")
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    desc = [b.title]
    c = b.conversation
    if c is not None:
        desc.append(f"Conversation of {conversation_day(c).isoformat()} (id {c.id})")
    desc.append(f"Exported {_stamp(b.exported_at)} by cc-tui")
    skipped = [i for i in b.items if i.due is None] if all_day_events else []
    if skipped:
        desc.append(f"{len(skipped)} item(s) without a due date are not in this calendar.")
    if b.has_summary and c is not None and _summary_text(b, c):
        desc += ["", _summary_text(b, c)]
    description = ics_text("\n".join(desc))
    cal.add("description", vText(description))
    cal.add("x-wr-caldesc", vText(description))

    for item in b.items:
        if all_day_events:
            if item.due is None:
                continue
            comp = Event()
            comp.add("uid", item_uid(item, event=True))
            comp.add("dtstart", item.due)
            comp.add("dtend", item.due + timedelta(days=1))
            comp.add("transp", "TRANSPARENT")
            comp.add("status", "CANCELLED" if item.status is ActionStatus.DROPPED else "CONFIRMED")
        else:
            comp = Todo()
            comp.add("uid", item_uid(item))
            if item.due is not None:
                comp.add("due", item.due)
            comp.add("status", ICS_TODO_STATUS[item.status])
            if item.status is ActionStatus.DONE:
                comp.add("percent-complete", 100)
                comp.add("completed", _utc(item.updated_at))
        comp.add("dtstamp", stamp)
        comp.add("created", _utc(item.created_at))
        comp.add("last-modified", _utc(item.updated_at))
        comp.add("summary", ics_text(item.text))
        comp.add("description", ics_text(_ics_description(b, item)))
        comp.add("categories", ["cc-tui"])
        comp.add("x-cc-tui-status", vText(item.status.value))
        comp.add("x-cc-tui-owner", vText(item.owner.value))
        comp.add("x-cc-tui-person", vText(ics_text(b.person_name(item.employee_id))))
        cal.add_component(comp)

    if c is not None and c.next_date is not None:
        names = ", ".join(b.person_name(e) for e in c.employee_ids)
        event = Event()
        event.add("uid", next_conversation_uid(c))
        event.add("dtstamp", stamp)
        event.add("dtstart", c.next_date)
        event.add("dtend", c.next_date + timedelta(days=1))
        event.add("summary", ics_text(f"Next career conversation: {names}"))
        event.add("transp", "TRANSPARENT")
        text = f"Follow-up of the conversation of {conversation_day(c).isoformat()} (id {c.id})."
        if b.has_summary and _summary_text(b, c):
            text += "\n\n" + _summary_text(b, c)
        event.add("description", ics_text(text))
        event.add("categories", ["cc-tui"])
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


# --------------------------------------------------------------------------------------------------------- dispatch


def check_format(fmt: str) -> str:
    value = (fmt or "").strip().lower().lstrip(".")
    value = {"markdown": "md", "ical": "ics", "icalendar": "ics"}.get(value, value)
    if value not in FORMATS:
        raise UserError(f"Unknown export format {fmt!r}; use one of: {', '.join(FORMATS)} (e.g. --format md).")
    return value


def render(b: ExportBundle, fmt: str, *, all_day_events: bool = False) -> str:
    """The export of ``b`` in ``fmt`` (one of :data:`FORMATS`) as text; for CSV it starts with the BOM."""
    fmt = check_format(fmt)
    if fmt == "md":
        return to_markdown(b)
    if fmt == "csv":
        return to_csv(b)
    if fmt == "json":
        return to_json(b)
    return to_ics(b, all_day_events=all_day_events)


def slug(text: str, *, limit: int = 40) -> str:
    """``Smith [/] Jr`` -> ``smith-jr``: ASCII letters, digits and single dashes; ``person`` if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return value[:limit].rstrip("-") or "person"


def default_filename(b: ExportBundle, fmt: str) -> str:
    """``cc-<person>-<date>.<ext>`` for one person, ``cc-team-<date>`` for several, ``cc-open-items-...`` for open
    items of everyone."""
    ext = EXTENSIONS[check_format(fmt)]
    if len(b.people) == 1:
        who = slug(next(iter(b.people.values())).name)
    elif b.scope == SCOPE_OPEN:
        who = "open-items"
    else:
        who = "team"
    if b.scope == SCOPE_OPEN and len(b.people) == 1:
        who += "-open"
    return f"cc-{who}-{b.date.isoformat()}.{ext}"


# --------------------------------------------------------------------------------------------------------- writing


class TargetExistsError(UserError):
    """The target file exists and overwriting was not asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists; nothing was written.")


def _reason(exc: OSError) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.ENOTDIR:
        return "part of the path is not a folder"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.EISDIR:
        return "it is a folder"
    return exc.strerror or type(exc).__name__


def write_export(path: Path | str, text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path``, owner-only (0600), atomically: readers see no file or the whole file.

    Refuses an existing file (:class:`TargetExistsError`) unless ``overwrite``; without ``overwrite`` the final step
    is a hard link, which fails if the file appeared meanwhile, so nothing is ever replaced by accident. Any other
    problem is a :class:`UserError` with one readable line. Returns the path written.
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name.")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise TargetExistsError(path)
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"Could not write {path}: the folder {folder} does not exist.")
    from .store import write_new_file

    try:
        write_new_file(path, text.encode("utf-8"), overwrite=overwrite, tag="cc-tui-export")
    except FileExistsError:
        raise TargetExistsError(path) from None
    except OSError as exc:
        raise UserError(f"Could not write {path}: {_reason(exc)}.") from None
    return path


__all__ = [
    "CSV_COLUMNS",
    "EXTENSIONS",
    "ExportBundle",
    "FORMATS",
    "FORMAT_LABELS",
    "JSON_SCHEMA",
    "JSON_VERSION",
    "TargetExistsError",
    "bundle_all_open",
    "bundle_for_conversation",
    "bundle_for_person_last",
    "bundle_from_parts",
    "check_format",
    "csv_neutralise",
    "csv_restore",
    "default_filename",
    "ics_text",
    "item_uid",
    "md_block",
    "md_cell_text",
    "md_escape",
    "next_conversation_uid",
    "render",
    "select_conversation_items",
    "to_csv",
    "to_ics",
    "to_json",
    "to_markdown",
    "write_export",
]
