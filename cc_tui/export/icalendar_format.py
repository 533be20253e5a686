"""The iCalendar export: a VTODO (or an all-day VEVENT) per action item, and the next conversation as an event."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from ..models import ActionItem, ActionStatus, Conversation
from ..text import counted
from .bundle import STATUS_LABELS, ExportBundle, _iso, _stamp, conversation_day, goal_of, owner_label
from .markdown import summary_markdown

UID_DOMAIN = "cc-tui"

# RFC 5545 VTODO STATUS. "blocked" is not a state iCalendar knows: still to do, so NEEDS-ACTION (the exact status is
# kept in X-CC-TUI-STATUS).
ICS_TODO_STATUS = {
    ActionStatus.OPEN: "NEEDS-ACTION",
    ActionStatus.IN_PROGRESS: "IN-PROCESS",
    ActionStatus.BLOCKED: "NEEDS-ACTION",
    ActionStatus.DONE: "COMPLETED",
    ActionStatus.DROPPED: "CANCELLED",
}


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
    if item.status_note:
        lines.append(f"Note: {item.status_note}")
    raised = b.conversation_date(item.conversation_id)
    lines.append(f"Raised in the conversation of {_iso(raised) or 'an unknown date'} (id {item.conversation_id})")
    if item.carried_over:
        lines.append(f"Carried over {item.carried_over}×")
    return "\n".join(lines)


def _summary_text(b: ExportBundle, c: Conversation) -> str:
    """The shared summary as the Markdown export writes it (one renderer for every format and the preview)."""
    return "\n".join(summary_markdown(c, b.summary_goals, b.person_name)).strip()


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
        verb = "is" if len(skipped) == 1 else "are"
        desc.append(f"{counted(len(skipped), 'item')} without a due date {verb} not in this calendar.")
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
            if item.due < date.max:  # without DTEND an all-day event is that one day (RFC 5545, 3.6.1)
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
        if item.owner_name:
            comp.add("x-cc-tui-owner-name", vText(ics_text(item.owner_name)))
        comp.add("x-cc-tui-person", vText(ics_text(b.person_name(item.employee_id))))
        cal.add_component(comp)

    if c is not None and c.next_date is not None:
        names = ", ".join(b.person_name(e) for e in c.employee_ids)
        event = Event()
        event.add("uid", next_conversation_uid(c))
        event.add("dtstamp", stamp)
        event.add("dtstart", c.next_date)
        if c.next_date < date.max:  # 9999-12-31 has no day after it: the event is that one day without DTEND
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

