"""Change over time, as plain logic: a conversation as a readable document, goal timelines, motivation trends and
the difference between two conversations. No Textual, no disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .dates import show
from .models import (
    EMPLOYEE_PREP_TOPICS,
    MANAGER_PREP_TOPICS,
    TOPIC_LABELS,
    ActionItem,
    ActionStatus,
    Conversation,
    Goal,
    GoalStatus,
    ItemKind,
    MotivationSource,
    Motivator,
    Owner,
)
from .text import one_line, printable

SPARK = "▁▂▃▄▅▆"  # ratings 0..5

LABELS = TOPIC_LABELS  # the old name (screens/conversation.py imports it)


@dataclass
class Document:
    """A conversation as text, with where each field starts (so a search hit can be shown at its place)."""

    text: str
    offsets: dict[str, int] = field(default_factory=dict)

    def position(self, field_name: str, start: int) -> tuple[int, int]:
        """(row, column) of character ``start`` of ``field_name`` in the document (0, 0 if unknown)."""
        base = self.offsets.get(field_name)
        if base is None:
            return (0, 0)
        index = min(base + max(start, 0), len(self.text))
        before = self.text[:index]
        row = before.count("\n")
        return (row, index - (before.rfind("\n") + 1))


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.offsets: dict[str, int] = {}

    def line(self, text: str = "") -> None:
        self.add(text + "\n")

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def field(self, name: str, title: str, value: str) -> None:
        if not value.strip():
            return
        self.line(f"{title}:")
        self.offsets[name] = self.length
        self.line(printable(value))
        self.line()


def update_lines(c: Conversation, goals: list[Goal], actions: list[ActionItem]) -> list[str]:
    """The status updates of ``c`` in words, each naming its item: "Send the course list: in progress — waiting"."""
    titles = {g.id: g.title for g in goals} | {a.id: a.text for a in actions}
    lines = []
    for update in c.status_updates:
        if update.kind is ItemKind.GOAL:
            status = GoalStatus(update.status).label
            default = "a goal"
        else:
            status = update.status.replace("_", " ")
            default = "an action item"
        name = one_line(titles.get(update.item_id, ""), 200) or default
        note = f" — {one_line(update.note, 300)}" if update.note else ""
        lines.append(f"{name}: {status}{note}")
    return lines


def conversation_document(
    conversation: Conversation,
    names: dict[str, str],
    goals: list[Goal],
    actions: list[ActionItem],
    *,
    include_private: bool = True,
    ratings: bool = True,
) -> Document:
    """The whole conversation as a read-only document (the manager's own view: private notes marked)."""
    c = conversation
    w = _Writer()
    w.line(printable(c.title or "Career conversation"))
    people = ", ".join(names.get(e, "?") for e in c.employee_ids)
    when = show(c.created_at.date())
    state = f"finished {show(c.finished_at.date())}" if c.finished_at else f"unfinished (at {c.stage.label})"
    w.line(f"{when} · {printable(people)} · {state}")
    w.line()
    w.line("== Prep ==")
    for topic in MANAGER_PREP_TOPICS if include_private else ():
        w.field(f"manager_prep.{topic}", LABELS[topic], getattr(c.manager_prep, topic))
    if c.opportunities or c.group_questions:
        w.field("group_questions", "What you wanted to learn from the group", c.group_questions)
        w.line("Opportunities presented:")
        for o in c.opportunities:
            who = [names.get(i.employee_id, "?") for i in c.interests if i.opportunity_id == o.id]
            interest = f" — interested: {printable(', '.join(who))}" if who else ""
            w.line(f"  • {printable(o.title)} ({o.kind.label}){interest}")
            if o.description:
                w.line(f"    {printable(o.description)}")
        w.line()
    for topic in EMPLOYEE_PREP_TOPICS:
        w.field(f"employee_prep.{topic}", f"They sent — {LABELS[topic]}", getattr(c.employee_prep, topic))
    if c.status_updates:
        w.line("Last time's goals and items:")
    for line in update_lines(c, goals, actions):
        w.line(f"  {line}")
    w.line()
    w.line("== Discussion ==")
    w.field("shared_notes", "Shared notes", c.shared_notes)
    if include_private:
        w.field("private_notes", "PRIVATE notes", c.private_notes)
    if c.motivations and ratings:
        w.line("Motivations:")
        for m in sorted(c.motivations, key=lambda m: -m.rating):
            w.line(f"  {m.motivator.label:<26} {'●' * m.rating}{'○' * (5 - m.rating)} {m.source.value}")
        w.line()
    w.field("aspirations.ideal_role", "Ideal role", c.aspirations.ideal_role)
    w.field("aspirations.responsibilities", "Responsibilities they would take on", c.aspirations.responsibilities)
    w.field("aspirations.skills_to_use", "Skills they want to use", c.aspirations.skills_to_use)
    if c.quotes:
        w.line("In their words:")
        for q in c.quotes:
            who = ""
            if len(c.employee_ids) > 1:
                who = f" — {printable(names.get(q.employee_id, '?'))}" if q.employee_id else " — the group"
            w.line(f"  “{printable(q.text)}” ({q.tag.value}){who}")
        w.line()
    if c.questions_asked:
        w.line("Questions asked:")
        for q in c.questions_asked:
            w.line(f"  ✓ {printable(q.text)}")
        w.line()
    made_here = [g for g in goals if g.conversation_id == c.id]
    changed_here = [(g, h) for g in goals for h in g.history if h.conversation_id == c.id]
    if made_here or changed_here:
        w.line("== Goals ==")
        for g in made_here:
            w.offsets.setdefault(f"goal:{g.id}", w.length)
            w.line(f"  + {printable(g.title)} ({g.kind.value})")
            if g.why.strip():
                w.offsets.setdefault(f"goal_why:{g.id}", w.length + 4)
                w.line(f"    why: {printable(g.why)}")
        for g, h in changed_here:
            w.offsets.setdefault(f"goal_reason:{g.id}", w.length + 4)
            w.line(f"  ~ {printable(g.title)}: {h.status_from.label if h.status_from else '—'} → {h.status_to.label}"
                   f" ({printable(h.reason)})")
            if h.status_to is GoalStatus.CHANGED and g.replaced_by:
                new = next((n for n in goals if n.id == g.replaced_by), None)
                if new is not None:
                    w.line(f"    replaced by: {printable(new.title)}")
        w.line()
    titles = {a.id: a.text for a in actions}
    notes = [u for u in c.status_updates if u.kind is ItemKind.ACTION]
    if notes:
        w.line("== Last time's items ==")
        for u in notes:
            w.offsets.setdefault(f"status_note:{u.item_id}", w.length + 4)
            note = f" — {printable(u.note)}" if u.note else ""
            w.line(f"  ~ {printable(titles.get(u.item_id, '(an item no longer kept)'))}: {u.status.replace('_', ' ')}"
                   f"{note}")
        w.line()
    items = [a for a in actions if a.conversation_id == c.id]
    if items:
        w.line("== Action items ==")
        for a in items:
            due = f" due {show(a.due)}" if a.due else ""
            w.offsets.setdefault(f"action:{a.id}", w.length + 6)
            owner = printable(a.other_owner) if a.owner is Owner.OTHER else a.owner.value
            w.line(f"  [{'x' if not a.is_open else ' '}] {printable(a.text)} — {owner}{due} ({a.status.value})")
        w.line()
    w.line("== Wrap-up ==")
    w.field("summary", "Summary", c.summary)
    if c.next_date:
        w.line(f"Next conversation: {show(c.next_date)}")
    return Document("".join(w.parts), w.offsets)


# --------------------------------------------------------------------------------------------------------- trends


def as_of(conversation: Conversation) -> datetime:
    return conversation.finished_at or conversation.updated_at


def sparkline(values: list[int | None]) -> str:
    return "".join("·" if v is None else SPARK[max(0, min(5, v))] for v in values)


def motivation_series(conversations: list[Conversation]) -> dict[Motivator, list[int | None]]:
    """Each motivator's rating per conversation, oldest first (None where it was not rated)."""
    ordered = sorted(conversations, key=lambda c: c.created_at)
    series: dict[Motivator, list[int | None]] = {m: [] for m in Motivator}
    for c in ordered:
        for m in Motivator:
            rating = c.motivation(m)
            series[m].append(rating.rating if rating else None)
    return series


@dataclass(frozen=True)
class TimelineEvent:
    day: date
    goal_id: str
    title: str
    event: str  # added | achieved | changed | dropped | active
    reason: str
    conversation_id: str | None


def goal_timeline(goals: list[Goal]) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for g in goals:
        events.append(TimelineEvent(g.created_at.date(), g.id, g.title, "added", g.why, g.conversation_id))
        for h in g.history:
            events.append(TimelineEvent(h.at.date(), g.id, g.title, h.status_to.value, h.reason, h.conversation_id))
    return sorted(events, key=lambda e: (e.day, e.event != "added"))


def goal_status_at(goal: Goal, moment: datetime) -> GoalStatus | None:
    """The goal's status at ``moment`` (None if it did not exist yet)."""
    if goal.created_at > moment:
        return None
    status = GoalStatus.ACTIVE
    for h in goal.history:
        if h.at <= moment:
            status = h.status_to
    return status


@dataclass
class Diff:
    goals_added: list[Goal] = field(default_factory=list)
    goals_removed: list[Goal] = field(default_factory=list)
    goals_changed: list[tuple[Goal, GoalStatus, GoalStatus]] = field(default_factory=list)
    motivators: list[tuple[Motivator, int | None, int | None, int | None, int | None]] = field(default_factory=list)
    actions_opened: list[ActionItem] = field(default_factory=list)
    actions_opened_closed: list[ActionItem] = field(default_factory=list)  # opened, then done or dropped, in between
    actions_closed: list[ActionItem] = field(default_factory=list)
    # a motivator that went from intrinsic to extrinsic (or back): why it matters to them changed
    sources: list[tuple[Motivator, MotivationSource, MotivationSource]] = field(default_factory=list)
    aspirations: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


ASPIRATION_LABELS = {"ideal_role": "Ideal role", "responsibilities": "Responsibilities",
                     "skills_to_use": "Skills to use"}


def source_changes(older: Conversation, newer: Conversation) -> list[tuple[Motivator, MotivationSource,
                                                                             MotivationSource]]:
    """Motivators rated in both whose intrinsic/extrinsic mark differs."""
    out = []
    for m in Motivator:
        a, b = older.motivation(m), newer.motivation(m)
        if a is not None and b is not None and a.rating and b.rating and a.source is not b.source:
            out.append((m, a.source, b.source))
    return out


def _ranks(conversation: Conversation) -> dict[Motivator, int]:
    rated = sorted((m for m in conversation.motivations), key=lambda m: (-m.rating, list(Motivator).index(m.motivator)))
    return {m.motivator: i + 1 for i, m in enumerate(rated)}


def diff_conversations(
    older: Conversation, newer: Conversation, goals: list[Goal], actions: list[ActionItem]
) -> Diff:
    if older.created_at > newer.created_at:
        older, newer = newer, older
    t0, t1 = as_of(older), as_of(newer)
    diff = Diff()
    for g in goals:
        before, after = goal_status_at(g, t0), goal_status_at(g, t1)
        if before is None and after is not None:
            diff.goals_added.append(g)
        elif before is not None and after is None:  # pragma: no cover - goals are never deleted
            diff.goals_removed.append(g)
        elif before is not None and after is not None and before is not after:
            diff.goals_changed.append((g, before, after))
    r0, r1 = _ranks(older), _ranks(newer)
    for m in Motivator:
        a, b = older.motivation(m), newer.motivation(m)
        va, vb = (a.rating if a else None), (b.rating if b else None)
        if va != vb or r0.get(m) != r1.get(m):
            diff.motivators.append((m, va, vb, r0.get(m), r1.get(m)))
    diff.sources = source_changes(older, newer)
    for name in ASPIRATION_LABELS:
        before, after = getattr(older.aspirations, name), getattr(newer.aspirations, name)
        if " ".join(before.split()) != " ".join(after.split()):
            diff.aspirations.append((name, before, after))
    for a in actions:
        closed = a.status in (ActionStatus.DONE, ActionStatus.DROPPED)
        if t0 < a.created_at <= t1:
            if closed and a.updated_at <= t1:
                diff.actions_opened_closed.append(a)  # both happened in between: "opened and dropped"
            else:
                diff.actions_opened.append(a)
        elif closed and a.created_at <= t0 and t0 < a.updated_at <= t1:
            diff.actions_closed.append(a)
    return diff


def diff_text(diff: Diff, older: Conversation, newer: Conversation) -> str:
    lines = [f"From {show(older.created_at.date())} to {show(newer.created_at.date())}", ""]
    lines.append("Goals")
    if not (diff.goals_added or diff.goals_removed or diff.goals_changed):
        lines.append("  no change")
    lines += [f"  + added: {printable(g.title)}" for g in diff.goals_added]
    lines += [f"  - removed: {printable(g.title)}" for g in diff.goals_removed]
    lines += [f"  ~ {printable(g.title)}: {a.label} → {b.label}" for g, a, b in diff.goals_changed]
    lines += ["", "Motivators (rating, rank)"]
    if not diff.motivators:
        lines.append("  no change")
    for m, va, vb, ra, rb in diff.motivators:
        arrow = "↑" if (vb or 0) > (va or 0) else "↓" if (vb or 0) < (va or 0) else "="
        lines.append(f"  {arrow} {m.label:<26} {va if va is not None else '—'} → {vb if vb is not None else '—'}"
                     f"   rank {ra or '—'} → {rb or '—'}")
    for m, a, b in diff.sources:
        lines.append(f"  ⇄ {m.label:<26} {a.value} → {b.value}")
    lines += ["", "Aspirations"]
    if not diff.aspirations:
        lines.append("  no change")
    for name, before, after in diff.aspirations:
        lines.append(f"  ~ {ASPIRATION_LABELS[name]}: {one_line(before, 80) or '—'} → {one_line(after, 80) or '—'}")
    lines += ["", "Action items"]
    if not (diff.actions_opened or diff.actions_closed or diff.actions_opened_closed):
        lines.append("  no change")
    lines += [f"  opened: {printable(a.text)}" for a in diff.actions_opened]
    lines += [f"  opened and {a.status.value}: {printable(a.text)}" for a in diff.actions_opened_closed]
    lines += [f"  {a.status.value}: {printable(a.text)}" for a in diff.actions_closed]
    return "\n".join(lines) + "\n"
