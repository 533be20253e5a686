"""The export bundle: everything an export needs, gathered from the store once, and the shared/private boundary.

The ``bundle_*`` functions blank ``Employee.private_notes``, ``Employee.style.notes`` and
``Conversation.private_notes`` (and the manager's prep) when they gather the data, so no renderer ever sees them.
Also the small readers every format uses (:func:`owner_label`, :func:`goal_of`, the status labels, dates as text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..errors import UserError
from ..models import (
    ActionItem,
    ActionStatus,
    Conversation,
    ConversationKind,
    Employee,
    Goal,
    ManagerPrep,
    Owner,
    StyleHints,
)

if TYPE_CHECKING:
    from ..store import Store

SCOPE_CONVERSATION = "conversation"
SCOPE_OPEN = "open-items"

STATUS_LABELS = {
    ActionStatus.OPEN: "open",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.DONE: "done",
    ActionStatus.BLOCKED: "blocked",
    ActionStatus.DROPPED: "dropped",
}



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
        return [] if self.conversation is None else summary_goals(self.conversation, self.goals.values())

    @property
    def has_summary(self) -> bool:
        return self.include_summary and self.conversation is not None


def summary_goals(conversation: Conversation, goals: Iterable[Goal]) -> list[Goal]:
    """The goals a conversation's shared summary lists: the attendees' open ones, those set in it and those whose
    status changed in it (achieved, changed, dropped there), oldest first."""
    cid = conversation.id
    attendees = set(conversation.employee_ids)
    if conversation.kind is ConversationKind.TEAM:
        return []  # a team session's summary is the group's: no one's individual goals
    chosen = [
        g for g in goals if g.employee_id in attendees
        and (g.status.is_open or g.conversation_id == cid or any(c.conversation_id == cid for c in g.history))
    ]
    return sorted(chosen, key=lambda g: (g.created_at, g.id))


def conversation_day(conversation: Conversation) -> date:
    return conversation.created_at.date()


# What is private, decided once: the manager's notes about a person and their own prep never leave in an export (the
# employee may see it) nor in a handover without --include-private. docs/export-format.md and
# docs/handover-format.md list the same fields.
PRIVATE_PERSON_FIELDS = ("private_notes", "style", "high_potential", "succession")
PRIVATE_CONVERSATION_FIELDS = ("private_notes", "manager_prep")


def public_employee(employee: Employee) -> Employee:
    """``employee`` without private notes, style hints, the high-potential flag and succession readiness."""
    return employee.model_copy(update={"private_notes": "", "style": StyleHints(), "high_potential": False,
                                       "succession": []})


def public_conversation(conversation: Conversation) -> Conversation:
    """``conversation`` without its private notes and the manager's prep."""
    return conversation.model_copy(update={"private_notes": "", "manager_prep": ManagerPrep()})


def for_the_employee(conversation: Conversation) -> Conversation:
    """What an export the employee may receive holds of ``conversation``: the public part, and the motivator
    ratings only when the manager ticked "share motivators" for it."""
    public = public_conversation(conversation)
    return public if conversation.share_motivators else public.model_copy(update={"motivations": []})



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
        if conversation.kind is ConversationKind.TEAM and not own:
            continue  # the group's export holds the session's own items, never anyone's individual ones
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
    people_by_id = {p.id: public_employee(p) for p in people}
    items = select_conversation_items(conversation, actions, open_only=open_only, carried_ids=carried_ids)
    names = ", ".join(people_by_id[e].name if e in people_by_id else e for e in conversation.employee_ids)
    day = conversation_day(conversation).isoformat()
    return ExportBundle(
        people=people_by_id,
        conversation=for_the_employee(conversation),
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


def bundles_for_each_attendee(bundle: ExportBundle) -> list[ExportBundle]:
    """A team session's export split for its attendees: each gets the group's summary and the items that are theirs
    (filed under them and not the team's as a whole), titled with their name."""
    out = []
    for employee_id, person in bundle.people.items():
        items = [i for i in bundle.items if i.employee_id == employee_id and i.owner is not Owner.TEAM]
        day = bundle.date.isoformat()
        out.append(replace(bundle, people={employee_id: person}, items=items,
                           title=f"Your action items from the team session, {person.name}, {day}"))
    return out


def bundle_for_person_last(
    store: Store,
    employee: Employee,
    *,
    open_only: bool = False,
    include_summary: bool = True,
    now: datetime,
    current: bool = False,
) -> ExportBundle:
    """The person's last finished conversation (what was agreed), or with ``current`` the one in progress."""
    history = store.history(employee.id)
    if not history:
        raise UserError(
            f"{employee.name} has no conversations yet; use --all-open to export their open action items."
        )
    if current:
        chosen = next((s for s in history if s.finished_at is None), None)
        if chosen is None:
            raise UserError(f"{employee.name} has no conversation in progress; --last exports the last finished one.")
    else:
        chosen = next((s for s in history if s.finished_at is not None), None)
        if chosen is None:
            raise UserError(
                f"{employee.name} has no finished conversation yet; --current exports the one in progress."
            )
    return bundle_for_conversation(
        store, chosen.id, open_only=open_only, include_summary=include_summary, now=now
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
    people_by_id = {p.id: public_employee(p) for p in people}
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
    if item.owner is Owner.OTHER:
        return item.other_owner
    if item.owner is Owner.TEAM:
        return "Team"
    return "Manager" if item.owner is Owner.MANAGER else b.person_name(item.employee_id)


def goal_of(b: ExportBundle, item: ActionItem) -> Goal | None:
    return b.goals.get(item.goal_id) if item.goal_id else None


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _stamp(value: datetime) -> str:
    return value.isoformat(timespec="seconds")

