"""What the read-only screens show, read from the store and built as plain data: a person's history, their change over
time (the timeline) and the succession list. No Textual; every function runs on any thread and raises CCError."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import show
from .history import (
    Document,
    conversation_document,
    goal_timeline,
    motivation_series,
    source_changes,
    sparkline,
)
from .models import ActionItem, Conversation, ConversationSummary, Employee, Goal, Motivator, Readiness
from .text import counted, one_line, printable

if TYPE_CHECKING:
    from .store import Store


def summary_label(s: ConversationSummary) -> str:
    """A conversation in a list: ``2026-11-03 ✓ 1:1`` (✓ finished, … not yet; 1:1 or team)."""
    state = "✓" if s.finished_at else "…"
    kind = "team" if s.kind.value == "team" else "1:1"
    return f"{show(s.created_at.date())} {state} {kind}"


@dataclass
class HistoryData:
    """Everything the history screen shows first, read in one trip from the store."""

    employee_id: str
    generation: int  # the store's save counter when it was read: stale once anything was saved since
    employee: Employee
    summaries: list[ConversationSummary]
    goals: list[Goal]
    actions: list[ActionItem]
    names: dict[str, str]
    first: Conversation | None  # the conversation shown first (the selected one, else the newest)
    first_doc: Document | None  # ``first`` as the read-only text


def load_history(store: Store, employee_id: str, select: str | None = None) -> HistoryData:
    """Read a person's history: their conversation list, goals, items, and the first conversation as text."""
    generation = store.generation
    summaries = store.history(employee_id)
    chosen = next((s for s in summaries if s.id == select), summaries[0] if summaries else None)
    goals, actions = store.goals(employee_id), store.actions(employee_id)
    names = {e.id: e.name for e in store.employees(include_archived=True)}
    first = store.conversation(chosen.id) if chosen is not None else None
    return HistoryData(
        employee_id=employee_id,
        generation=generation,
        employee=store.employee(employee_id),
        summaries=summaries,
        goals=goals,
        actions=actions,
        names=names,
        first=first,
        first_doc=conversation_document(first, names, goals, actions) if first is not None else None,
    )


def load_timeline(store: Store, employee_id: str) -> tuple[Employee, str]:
    """A person and their timeline text."""
    employee = store.employee(employee_id)
    conversations = [store.conversation(s.id) for s in store.history(employee_id)]
    return employee, timeline_text(employee, conversations, store.goals(employee_id))


def timeline_text(employee: Employee, conversations: list[Conversation], goals: list[Goal]) -> str:
    """Goals added, changed, achieved and dropped, each motivator's rating per conversation, and talk time."""
    ordered = sorted(conversations, key=lambda c: c.created_at)
    lines = [f"{printable(employee.name)} — change over time", ""]
    lines.append(f"Motivations over {counted(len(ordered), 'conversation')}, oldest → newest (▁ 0 … ▆ 5, · not rated)")
    series = motivation_series(ordered)
    for m in Motivator:
        values = series[m]
        last = next((v for v in reversed(values) if v is not None), None)
        lines.append(f"  {m.label:<26} {sparkline(values[-40:])}  now {last if last is not None else '—'}")
    flips = [(later, m, a, b) for earlier, later in zip(ordered, ordered[1:])
             for m, a, b in source_changes(earlier, later)]
    if flips:
        lines += ["", "Why it matters to them changed (intrinsic ⇄ extrinsic)"]
        for c, m, a, b in flips:
            lines.append(f"  {show(c.created_at.date())}  {m.label:<26} {a.value} → {b.value}")
    lines += ["", "Goals"]
    events = goal_timeline(goals)
    if not events:
        lines.append("  no goals yet")
    for e in events:
        reason = f" — {one_line(e.reason, 100)}" if e.reason else ""
        lines.append(f"  {show(e.day)}  {e.event:<8} {one_line(e.title, 60)}{reason}")
    talk = [c for c in ordered if c.talk_seconds]
    if talk:
        lines += ["", "Talk time (employee share)"]
        for c in talk:
            lines.append(f"  {c.created_at.date().isoformat()}  {c.employee_share():.0%}")
    return "\n".join(lines) + "\n"


READINESS_ORDER = {Readiness.READY_NOW: 0, Readiness.ONE_TWO_YEARS: 1, Readiness.LATER: 2}


def succession_rows(people: list[Employee]) -> list[tuple[Employee, str, Readiness | None, str]]:
    """(person, role, readiness, updated) — ready-now first; high-potential people without a role too."""
    rows: list[tuple[Employee, str, Readiness | None, str]] = []
    for person in people:
        for entry in person.succession:
            rows.append((person, entry.role, entry.readiness, entry.updated_at.date().isoformat()))
        if person.high_potential and not person.succession:
            rows.append((person, "", None, ""))
    return sorted(rows, key=lambda r: (READINESS_ORDER.get(r[2], 3) if r[2] else 3, r[1].casefold(),
                                       r[0].name.casefold()))
