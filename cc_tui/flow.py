"""The stages of a conversation as plain logic: start (with carry-over), stage moves, finish.

No Textual here; every function takes the store and a clock so tests can drive a whole conversation without a UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .errors import UserError
from .models import (
    ActionItem,
    ActionStatus,
    Clock,
    Conversation,
    ConversationKind,
    Employee,
    Goal,
    GoalStatus,
    ItemKind,
    MotivationRating,
    Motivator,
    Stage,
    StatusUpdate,
)
from .store import Store

STAGES: list[Stage] = list(Stage)


def next_stage(stage: Stage, step: int = 1) -> Stage:
    index = STAGES.index(stage) + step
    return STAGES[max(0, min(len(STAGES) - 1, index))]


def default_next_date(employee: Employee, today: date) -> date:
    return today + timedelta(days=employee.cadence_days)


@dataclass
class CarryOver:
    """What the new conversation starts from: last time's active goals, open action items and motivations."""

    goals: list[Goal] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    previous: Conversation | None = None
    # one to one: the team sessions the person attended since the last one to one (what they said they are
    # interested in there is followed up here)
    team_sessions: list[Conversation] = field(default_factory=list)


def attendees_records(store: Store, employee_ids: list[str]) -> tuple[list[Goal], list[ActionItem]]:
    """Every goal and action item of these people, read once for whoever needs both."""
    goals = [g for e in employee_ids for g in store.goals(e)]
    actions = [a for e in employee_ids for a in store.actions(e)]
    return goals, actions


def carry_over(
    store: Store,
    conversation: Conversation,
    *,
    goals: list[Goal] | None = None,
    actions: list[ActionItem] | None = None,
) -> CarryOver:
    """Active goals and open items of the attendees that were not created in this conversation.

    ``goals`` and ``actions``: the attendees' records when the caller has loaded both already (read once, not twice).
    A team session carries nothing individual (it is shown to the group): no goals, no one's own items.
    """
    result = CarryOver()
    if conversation.kind is ConversationKind.TEAM:
        result.previous = previous_conversation(store, conversation)
        return result
    people = set(conversation.employee_ids)
    if goals is None or actions is None:
        goals, actions = attendees_records(store, conversation.employee_ids)
    result.previous = previous_conversation(store, conversation)
    previous_id = result.previous.id if result.previous else None

    def carried(goal: Goal) -> bool:
        # open goals; a goal changed last time (what it was, why, what replaced it: the thread goes on from it);
        # and whatever this conversation already changed, so that a resumed prep still shows it
        last = goal.last_change
        if goal.status.is_open or (last is not None and last.conversation_id == conversation.id):
            return True
        return goal.status is GoalStatus.CHANGED and last is not None and last.conversation_id == previous_id

    result.goals = [g for g in goals if g.employee_id in people and carried(g)]
    result.actions = [
        a for a in actions if a.employee_id in people and a.is_open and a.conversation_id != conversation.id
    ]
    result.team_sessions = team_sessions_since(store, conversation, result.previous)
    return result


def previous_conversation(store: Store, conversation: Conversation) -> Conversation | None:
    """The last finished conversation of the same kind before this one: a one to one's last one to one (never a
    team session), a team session's last team session of the first attendee (never anyone's one to one)."""
    for summary in store.history(conversation.employee_ids[0]):
        if (summary.id != conversation.id and summary.finished_at and summary.kind is conversation.kind
                and summary.created_at <= conversation.created_at):
            return store.conversation(summary.id)
    return None


def team_sessions_since(store: Store, conversation: Conversation, previous: Conversation | None) -> list[Conversation]:
    """The team sessions the person of a one to one attended since their previous one to one, oldest first."""
    since = previous.created_at if previous is not None else None
    found = [
        s for s in store.history(conversation.employee_ids[0])
        if s.kind is ConversationKind.TEAM and s.created_at <= conversation.created_at
        and (since is None or s.created_at > since)
    ]
    return [store.conversation(s.id) for s in sorted(found, key=lambda s: s.created_at)]


@dataclass
class PlannedConversation:
    """A new conversation and what it starts from, read but not written (:func:`plan_conversation`)."""

    conversation: Conversation
    people: dict[str, Employee]
    goals: list[Goal]
    actions: list[ActionItem]
    carry: CarryOver

    @property
    def carried_actions(self) -> list[ActionItem]:
        """The open items it carries over, counted once more (``carried_over``): they are to be saved with it."""
        return self.carry.actions


def plan_conversation(
    store: Store,
    employee_ids: list[str],
    clock: Clock,
    *,
    title: str = "",
) -> PlannedConversation:
    """A new conversation: last time's motivations carried forward and the carried-over items counted, in memory only
    (nothing is written: the app shows the conversation first and hands the writes to its saver)."""
    if not employee_ids:
        raise UserError("Choose at least one person.")
    people = [store.employee(e) for e in employee_ids]
    now = clock()
    kind = ConversationKind.TEAM if len(people) > 1 else ConversationKind.INDIVIDUAL
    if not title:
        title = "Team session" if kind is ConversationKind.TEAM else f"Career conversation with {people[0].name}"
    conversation = Conversation(
        employee_ids=[p.id for p in people], kind=kind, title=title[:200], created_at=now, updated_at=now
    )
    goals, actions = attendees_records(store, conversation.employee_ids)
    carry = carry_over(store, conversation, goals=goals, actions=actions)
    if kind is ConversationKind.INDIVIDUAL and carry.previous is not None:
        # Motivations change, so they are recorded each time; the last ratings are the starting point.
        conversation.motivations = [m.model_copy() for m in carry.previous.motivations]
    for item in carry.actions:
        item.carried_over += 1
    return PlannedConversation(conversation, {p.id: p for p in people}, goals, actions, carry)


def start_conversation(
    store: Store,
    employee_ids: list[str],
    clock: Clock,
    *,
    title: str = "",
) -> Conversation:
    """Create a conversation, carry last time's motivations forward and count carried-over action items (written
    at once; the app writes them through its saver instead, see ``screens/home.py``)."""
    planned = plan_conversation(store, employee_ids, clock, title=title)
    store.save_conversation(planned.conversation, touch=False)
    if planned.carried_actions:
        store.save_actions(planned.carried_actions)
    return planned.conversation


def apply_status_update(
    conversation: Conversation, item: Goal | ActionItem, status: str, note: str, now: datetime
) -> StatusUpdate:
    """A quick update on last time's goal or item: recorded on this conversation and applied to the item.

    Pure (no disk): the caller saves the conversation and the item.
    """
    kind = ItemKind.GOAL if isinstance(item, Goal) else ItemKind.ACTION
    update = StatusUpdate(kind=kind, item_id=item.id, status=status, note=note, at=now)
    conversation.status_updates = [*conversation.status_updates, update]
    if isinstance(item, Goal):
        new_status = GoalStatus(status)
        if new_status is not item.status:
            item.change_status(new_status, note or f"marked {status}", now, conversation.id)
    else:
        item.status = ActionStatus(status)
        item.status_note = note
    return update


def record_status_update(
    store: Store,
    conversation: Conversation,
    item: Goal | ActionItem,
    status: str,
    note: str,
    clock: Clock,
) -> StatusUpdate:
    """:func:`apply_status_update`, then save the item and the conversation."""
    update = apply_status_update(conversation, item, status, note, clock())
    if isinstance(item, Goal):
        store.save_goal(item)
    else:
        store.save_action(item)
    store.save_conversation(conversation)
    return update


def set_motivation(conversation: Conversation, rating: MotivationRating) -> None:
    others = [m for m in conversation.motivations if m.motivator is not rating.motivator]
    order = list(Motivator)
    conversation.motivations = sorted([*others, rating], key=lambda m: order.index(m.motivator))


def apply_finish(
    conversation: Conversation, now: datetime, *, next_date: date | None, summary: str | None = None
) -> None:
    """Finish a conversation in memory (the caller saves it). Refuses a next date in the past."""
    if next_date is not None and next_date < now.date():
        raise UserError("The next conversation cannot be in the past.")
    if summary is not None:
        conversation.summary = summary
    conversation.next_date = next_date
    conversation.stage = Stage.WRAPUP
    conversation.finished_at = max(now, conversation.created_at)


def finish_conversation(
    store: Store, conversation: Conversation, clock: Clock, *, next_date: date | None, summary: str | None = None
) -> None:
    """:func:`apply_finish`, then save."""
    apply_finish(conversation, clock(), next_date=next_date, summary=summary)
    store.save_conversation(conversation)


def shared_summary(
    conversation: Conversation, goals: list[Goal], actions: list[ActionItem], names: dict[str, str]
) -> str:
    """The shared summary exactly as the Markdown export writes it: the wrap-up preview shows the text the employee
    receives. Never private notes. ``goals``: the attendees' goals (the summary lists the active ones and those set in
    this conversation); ``actions`` are not part of it (the export lists them in its table); ``names``: by id."""
    from .export.bundle import summary_goals  # the export package is loaded when the wrap-up is first shown
    from .export.markdown import summary_markdown

    lines = summary_markdown(conversation, summary_goals(conversation, goals), lambda e: names.get(e, e))
    return "\n".join(lines).rstrip("\n") + "\n"
