"""One open conversation, without a terminal: what is loaded, what changed, what is saved, what the clocks say.

The conversation screen renders a :class:`ConversationSession` and forwards keys to it; everything here can be driven
by a test with a store, a saver and a clock. The session

* loads the attendees, their goals and action items and what carries over from last time (:meth:`load`, any thread);
* applies every edit of the meeting (text fields, prep ticks, motivations, goals, items, status updates, questions
  asked, quotes, succession, the guide chosen per stage, the next date, finishing) to the in-memory records;
* keeps the set of changed records and hands deep-copied snapshots of them to the saver (:meth:`submit_dirty`) — the
  UI thread never waits for the disk;
* keeps the stage clock and the talk-time meter (timings only, never what was said).

Autosave rhythm: a change asks for a save ``autosave_delay`` seconds after the last change (``schedule`` is how the
session asks; the screen arms a timer), and no change stays unsaved longer than ``max_unsaved_age`` (1 s) however the
typing goes on (measured on a monotonic clock, not the meeting clock, which tests fix).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol

from pydantic import ValidationError

from .basics import Clock
from .errors import CCError, UserError
from .flow import (
    CarryOver,
    PlannedConversation,
    apply_finish,
    apply_status_update,
    attendees_records,
    carry_over,
    default_next_date,
    set_motivation,
)
from .models import (
    ActionItem,
    ActionStatus,
    Conversation,
    ConversationKind,
    Employee,
    Goal,
    GoalStatus,
    Interest,
    MotivationRating,
    Opportunity,
    Owner,
    QuestionAsked,
    Quote,
    QuoteTag,
    Readiness,
    Speaker,
    Stage,
    SuccessionEntry,
)
from .text import one_line

if TYPE_CHECKING:
    from .export import ExportBundle
    from .guides import Guide, GuideLibrary
    from .store import Store

# The guides a stage opens with, first that fits wins: a first conversation with someone opens with the first-
# conversation guide (there is no "since we last talked" yet); a regular one with the check-in.
DEFAULT_GUIDES = {
    Stage.PREP: ("check-in", "manager-prep"),
    Stage.DISCUSSION: ("check-in", "first-conversation"),
    Stage.GOALS: ("skill-gaps", "grow-coaching"),
    Stage.ACTIONS: ("actions-wrapup",),
    Stage.WRAPUP: ("actions-wrapup",),
}
FIRST_GUIDES = {
    **DEFAULT_GUIDES,
    Stage.PREP: ("first-conversation", "manager-prep"),
    Stage.DISCUSSION: ("first-conversation",),
}
TEAM_GUIDES = {stage: ("team-session",) for stage in Stage}

# quick status keys on last time's goals and items (prep)
ACTION_STATUS_KEYS = {"d": ActionStatus.DONE, "p": ActionStatus.IN_PROGRESS, "b": ActionStatus.BLOCKED,
                      "x": ActionStatus.DROPPED}
GOAL_STATUS_KEYS = {"d": GoalStatus.ACHIEVED, "p": GoalStatus.ACTIVE, "b": GoalStatus.ON_HOLD,
                    "c": GoalStatus.CHANGED, "x": GoalStatus.DROPPED}

GOAL_ORDER = {GoalStatus.ACTIVE: 0, GoalStatus.REOPENED: 1, GoalStatus.ON_HOLD: 2, GoalStatus.CHANGED: 3,
              GoalStatus.ACHIEVED: 4, GoalStatus.DROPPED: 5}


def goal_status_for_key(goal: Goal, key: str) -> GoalStatus | None:
    """The status a quick key gives ``goal``: "p" (in progress) on a closed goal reopens it."""
    status = GOAL_STATUS_KEYS.get(key)
    if status is GoalStatus.ACTIVE and not goal.status.is_open:
        return GoalStatus.REOPENED
    return status

TALK_NUDGE_SHARE = 0.40  # the manager's share of talk time past which they are nudged (``talk_time_threshold``)
TALK_NUDGE_HYSTERESIS = 0.05  # nudged again only after falling this far under it
TALK_NUDGE_AFTER_S = 60.0


class SaverLike(Protocol):
    def submit(self, key: str, job: Callable[[], None], label: str = "") -> None: ...


@dataclass
class Loaded:
    """The records a conversation works on; carry-over holds the very objects of ``goals``/``actions``."""

    people: dict[str, Employee]
    goals: list[Goal]
    actions: list[ActionItem]
    carry: CarryOver = field(default_factory=CarryOver)
    # what was typed into this conversation's dialogs when cc-tui last stopped, to offer back ({kind: values})
    drafts: dict[str, dict[str, str | bool | None]] = field(default_factory=dict)
    drafts_problem: str | None = None  # the drafts file cannot be read (it is left as it is)
    # the day of every conversation of the attendees (an exported item says when it was raised)
    conversation_dates: dict[str, date] = field(default_factory=dict)


@dataclass(frozen=True)
class TalkReading:
    """What the talk-time meter shows now."""

    text: str
    warning: bool
    nudge: bool  # True once, when the manager first goes past the share


def get_path(model: object, path: str) -> object:
    for part in path.split("."):
        model = getattr(model, part)
    return model


def set_path(model: object, path: str, value: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        model = getattr(model, part)
    setattr(model, last, value)


def planned_loaded(store: Store, planned: PlannedConversation) -> Loaded:
    """What a new conversation's screen shows, from what :func:`~cc_tui.flow.plan_conversation` read (the goals and
    items are not read and validated again; a new conversation has no drafts). Any thread; raises CCError."""
    conv = planned.conversation
    loaded = Loaded(dict(planned.people), planned.goals, planned.actions, planned.carry)
    loaded.conversation_dates[conv.id] = conv.created_at.date()
    _add_history_dates(store, loaded, conv.employee_ids)
    return loaded


def _add_history_dates(store: Store, loaded: Loaded, employee_ids: list[str]) -> None:
    """The dates of the attendees' past conversations (their items name the conversation they were raised in)."""
    for employee_id in employee_ids:
        for summary in store.history(employee_id):
            loaded.conversation_dates.setdefault(summary.id, summary.created_at.date())


def read_loaded(store: Store, conv: Conversation) -> Loaded:
    """What a conversation screen shows besides the conversation: the attendees, their goals and items, the
    carry-over, the dates of their past conversations, the drafts (any thread; raises CCError)."""
    people = {e: store.employee(e) for e in conv.employee_ids}
    goals, actions = attendees_records(store, conv.employee_ids)
    loaded = Loaded(people, goals, actions, carry_over(store, conv, goals=goals, actions=actions))
    _add_history_dates(store, loaded, conv.employee_ids)
    try:
        loaded.drafts = store.drafts(conv.id)
    except CCError as exc:  # a damaged drafts file must not keep the conversation shut
        loaded.drafts_problem = f"{exc} Text typed into dialogs is not kept as a draft until then."
    return loaded


class ConversationSession:
    def __init__(
        self,
        conversation: Conversation,
        *,
        store: Store,
        saver: SaverLike,
        clock: Clock,
        autosave_delay: float = 0.8,
        max_unsaved_age: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        talk_share: float = TALK_NUDGE_SHARE,
    ) -> None:
        self.conv = conversation
        self.talk_share = talk_share
        self.store = store
        self.saver = saver
        self.clock = clock
        self.autosave_delay = autosave_delay
        self.max_unsaved_age = max_unsaved_age
        self.monotonic = monotonic
        self.data = Loaded(people={}, goals=[], actions=[])
        self.loaded = False
        self.dirty: set[str] = set()
        self.drafts: dict[str, dict[str, str | bool | None] | None] = {}  # open dialogs' values not yet submitted
        self.removed_attendees: set[str] = set()  # left a team session: their lists forget it at the next save
        self.revision = 0  # counts changes to what the records say (the wrap-up preview follows it)
        self._first_dirty: float | None = None
        # how the session asks for a save in ``delay`` seconds (the screen arms a timer); None: only on flush
        self.schedule: Callable[[float], None] | None = None
        self._stage_started: datetime | None = None
        self._speaker: Speaker | None = None
        self._speaker_since: datetime | None = None
        self._nudged = False

    # ---------------------------------------------------------------- loading

    @property
    def today(self) -> date:
        return self.clock().date()

    @property
    def is_team(self) -> bool:
        return self.conv.kind is ConversationKind.TEAM

    def read(self) -> Loaded:
        """The attendees, their goals and items, and the carry-over (any thread; raises CCError)."""
        return read_loaded(self.store, self.conv)

    def populate(self, data: Loaded) -> None:
        self.data = data
        self.loaded = True

    def start_clock(self) -> None:
        self._stage_started = self.clock()

    # ---------------------------------------------------------------- what is shown

    def person_name(self, employee_id: str) -> str:
        person = self.data.people.get(employee_id)
        return person.name if person else "?"

    def names(self) -> dict[str, str]:
        return {e: p.name for e, p in self.data.people.items()}

    def owner_label(self, item: ActionItem) -> str:
        """"me" for the manager's items ("me → NAME" in a team session), else the attendee's name."""
        if item.owner is Owner.MANAGER:
            return f"me → {self.person_name(item.employee_id)}" if self.is_team else "me"
        if item.owner is Owner.OTHER:
            return item.other_owner
        if item.owner is Owner.TEAM:
            return "the team"
        return self.person_name(item.employee_id)

    def carried_rows(self) -> list[Goal | ActionItem]:
        """Last time's open items (mine first) and active goals, in the order prep lists them."""
        carry = self.data.carry
        rows: list[Goal | ActionItem] = []
        rows += [a for a in carry.actions if a.owner is Owner.MANAGER]
        rows += [a for a in carry.actions if a.owner is Owner.EMPLOYEE]
        rows += [a for a in carry.actions if a.owner in (Owner.OTHER, Owner.TEAM)]
        rows += carry.goals
        return rows

    def goal_rows(self) -> list[Goal]:
        if self.is_team:  # individual goals are never shown to the group
            return []
        return sorted(self.data.goals, key=lambda g: (GOAL_ORDER[g.status], g.created_at))

    # ---------------------------------------------------------------- team sessions

    def save_opportunity(self, opportunity: Opportunity) -> None:
        kept = [o for o in self.conv.opportunities if o.id != opportunity.id]
        at = next((i for i, o in enumerate(self.conv.opportunities) if o.id == opportunity.id), len(kept))
        kept.insert(at, opportunity)
        self.conv.opportunities = kept
        self.mark_dirty("conversation", now=True)

    def remove_opportunity(self, opportunity_id: str) -> None:
        self.conv.opportunities = [o for o in self.conv.opportunities if o.id != opportunity_id]
        self.conv.interests = [i for i in self.conv.interests if i.opportunity_id != opportunity_id]
        self.mark_dirty("conversation", now=True)

    def set_attendees(self, people: list[Employee]) -> None:
        """A team session's attendees changed (someone joined late, someone left): at least two; the interests of
        whoever left are dropped; the items already filed under them stay theirs."""
        if len(people) < 2:
            raise UserError("A team session needs at least two people.")
        ids = [p.id for p in people]
        gone = [e for e in self.conv.employee_ids if e not in ids]
        self.removed_attendees = (self.removed_attendees | set(gone)) - set(ids)
        self.conv.employee_ids = ids
        self.conv.interests = [i for i in self.conv.interests if i.employee_id in ids]
        self.data.people = {p.id: p for p in people}
        self.mark_dirty("conversation", now=True)

    def interested(self, employee_id: str, opportunity_id: str) -> bool:
        return any(i.employee_id == employee_id and i.opportunity_id == opportunity_id for i in self.conv.interests)

    def toggle_interest(self, employee_id: str, opportunity_id: str) -> bool:
        """Mark (or unmark) an attendee's interest in an opportunity; True if now interested."""
        if self.interested(employee_id, opportunity_id):
            self.conv.interests = [i for i in self.conv.interests
                                   if not (i.employee_id == employee_id and i.opportunity_id == opportunity_id)]
            now = False
        else:
            self.conv.interests = [*self.conv.interests, Interest(employee_id=employee_id,
                                                                  opportunity_id=opportunity_id)]
            now = True
        self.mark_dirty("conversation", now=True)
        return now

    def action_rows(self) -> list[ActionItem]:
        """Carried-over items and the items of this conversation (a team session's own items only)."""
        carried_ids = {a.id for a in self.data.carry.actions}
        return [a for a in self.data.actions if a.id in carried_ids or a.conversation_id == self.conv.id]

    def owed_by_me(self) -> tuple[list[ActionItem], list[ActionItem]]:
        """(my open items from last time, those of them overdue)."""
        mine = [a for a in self.data.carry.actions if a.owner is Owner.MANAGER and a.is_open]
        return mine, [a for a in mine if a.is_overdue(self.today)]

    def preview_text(self) -> str:
        """Exactly the Markdown export the employee may receive: the action items and the shared summary, rendered by
        the export itself (never private notes, never the manager's prep)."""
        from .export.formats import render

        return render(self.export_bundle(), "md")

    def default_next_date(self) -> date | None:
        if self.conv.next_date or self.is_team or not self.data.people:
            return None
        return default_next_date(next(iter(self.data.people.values())), self.today)

    def export_bundle(self) -> ExportBundle:
        from .export import bundle_from_parts

        return bundle_from_parts(
            self.conv.model_copy(deep=True),
            list(self.data.people.values()),
            [a.model_copy() for a in self.action_rows()],  # the items it may list (of years of them)
            [g.model_copy() for g in self.data.goals],
            now=self.clock(),
            conversation_dates=self.data.conversation_dates,
            carried_ids={a.id for a in self.data.carry.actions},
        )

    def share_motivators(self, share: bool) -> None:
        """Whether what the employee receives lists the motivator ratings (off unless the manager ticks it)."""
        if self.conv.share_motivators is not share:
            self.conv.share_motivators = share
            self.mark_dirty("conversation")

    # ---------------------------------------------------------------- saving

    def mark_dirty(self, key: str, *, now: bool = False, content: bool = True) -> None:
        """``key`` ("conversation", "goal:ID", "action:ID", "employee:ID") changed: save it ``autosave_delay`` after
        the last change, at once for ``now``, and never later than ``max_unsaved_age`` after the first unsaved change,
        however the typing goes on (kill -9 while typing loses at most that much)."""
        self.dirty.add(key)
        if content:  # what the records say changed (not only the stage or the clocks): the preview is stale
            self.revision += 1
        clock = self.monotonic()
        if self._first_dirty is None:
            self._first_dirty = clock
        left = self.max_unsaved_age - (clock - self._first_dirty)
        if now or left <= 0:
            self.submit_dirty()
            return
        if self.schedule is not None:
            self.schedule(min(self.autosave_delay, left))

    def keep_draft(self, kind: str, values: dict[str, str | bool | None] | None) -> None:
        """An open dialog's fields (``kind``: "goal:new", "action:ID", "status:GOAL:achieved", ...) changed: they
        are saved like notes, within ``max_unsaved_age``; ``None`` (the dialog closed) forgets them."""
        current = self.drafts[kind] if kind in self.drafts else self.data.drafts.get(kind)
        if values == current or self.data.drafts_problem:  # a damaged drafts file is left as it is
            return
        self.data.drafts.pop(kind, None)  # offered back already: from now on the dialog's own values count
        self.drafts[kind] = None if values is None else dict(values)
        self.mark_dirty(f"draft:{kind}", content=False)

    def submit_dirty(self) -> None:
        """Hand snapshots of everything changed to the saver thread (never waits for the disk)."""
        self._first_dirty = None
        if not self.dirty:
            return
        store = self.store
        keys, self.dirty = self.dirty, set()
        # the records first, the drafts last: a dialog's result is on its way before its draft is forgotten
        for key in sorted(keys, key=lambda k: (k.startswith("draft:"), k)):
            kind, _, record_id = key.partition(":")
            if kind == "conversation":
                self.bank_time()
                snap = self.conv.model_copy(deep=True)
                label = f"the notes of the conversation with {self._names_line()}"
                save = partial(store.save_conversation, snap, removed=tuple(sorted(self.removed_attendees)))
                self.saver.submit(f"conversation:{snap.id}", save, label)
            elif kind == "goal":
                goal = next((g for g in self.data.goals if g.id == record_id), None)
                if goal is not None:
                    label = f"the goal “{one_line(goal.title, 40)}”"
                    self.saver.submit(key, partial(store.save_goal, goal.model_copy(deep=True)), label)
            elif kind == "action":
                item = next((a for a in self.data.actions if a.id == record_id), None)
                if item is not None:
                    label = f"the action item “{one_line(item.text, 40)}”"
                    self.saver.submit(key, partial(store.save_action, item.model_copy(deep=True)), label)
            elif kind == "employee":
                person = self.data.people.get(record_id)
                if person is not None:
                    label = f"the details of {one_line(person.name, 40)}"
                    self.saver.submit(key, partial(store.save_employee, person.model_copy(deep=True)), label)
            elif kind == "draft" and record_id in self.drafts:
                values = self.drafts[record_id]
                if values is None:
                    del self.drafts[record_id]
                self.saver.submit(
                    f"draft:{self.conv.id}:{record_id}",
                    partial(store.save_draft, self.conv.id, record_id, values),
                    "the text typed into an open dialog",
                )

    def _names_line(self) -> str:
        names = [p.name for p in self.data.people.values()] or ["?"]
        return one_line(", ".join(names), 60)

    def save_all(self) -> None:
        """Leaving, quitting, ctrl+s: the conversation (with its clocks) and whatever else changed, now."""
        self.bank_time()
        self.dirty.add("conversation")
        self.submit_dirty()

    # ---------------------------------------------------------------- edits

    def text(self, path: str) -> str:
        value = get_path(self.conv, path)
        assert isinstance(value, str)
        return value

    def set_text(self, path: str, value: str) -> bool:
        """A text field (``shared_notes``, ``manager_prep.strengths``, ...) changed. False if it holds that already.

        Raises UserError past the field's limit; what is stored stays as it was."""
        if get_path(self.conv, path) == value:
            return False
        try:
            set_path(self.conv, path, value)
        except ValidationError:
            raise UserError("That is more text than one field can hold (2 million characters); the paste was not kept "
                            "in the saved notes. Split it across fields.") from None
        self.mark_dirty("conversation")
        return True

    def set_prep_done(self, topic: str, done: bool) -> None:
        topics = set(self.conv.manager_prep.done)
        (topics.add if done else topics.discard)(topic)
        if topics != set(self.conv.manager_prep.done):
            self.conv.manager_prep.done = sorted(topics)
            self.mark_dirty("conversation")

    def rate(self, rating: MotivationRating) -> None:
        set_motivation(self.conv, rating)
        self.mark_dirty("conversation")

    def check_next_date(self, day: date | None) -> None:
        if day is not None and day < self.today:
            raise UserError("The next conversation cannot be in the past.")

    def set_next_date(self, day: date | None) -> bool:
        if day == self.conv.next_date:
            return False
        self.conv.next_date = day
        self.mark_dirty("conversation")
        return True

    def update_carried(self, item: Goal | ActionItem, status: str, note: str) -> None:
        """A quick status on last time's goal or item, recorded on this conversation and on the item."""
        apply_status_update(self.conv, item, status, note, self.clock())
        self.mark_dirty(f"{'goal' if isinstance(item, Goal) else 'action'}:{item.id}", now=True)
        self.mark_dirty("conversation", now=True)

    def save_goal(self, goal: Goal) -> None:
        existing = next((i for i, g in enumerate(self.data.goals) if g.id == goal.id), None)
        if existing is None:
            self.data.goals.append(goal)
        else:
            self.data.goals[existing] = goal
            self.data.carry.goals = [goal if g.id == goal.id else g for g in self.data.carry.goals]
        self.mark_dirty(f"goal:{goal.id}", now=True)

    def change_goal_status(self, goal: Goal, status: GoalStatus, reason: str) -> None:
        goal.change_status(status, reason, self.clock(), self.conv.id)
        self.mark_dirty(f"goal:{goal.id}", now=True)

    def replace_goal(self, old: Goal, new: Goal) -> None:
        """``new`` is the goal written in place of the changed ``old``: save it and link the two both ways."""
        new.replaces = old.id
        old.replaced_by = new.id
        self.save_goal(new)
        self.mark_dirty(f"goal:{old.id}", now=True)

    def their_proposals(self) -> list[str]:
        """The lines of what they sent beforehand that can become goals: their aspirations and the skills they want
        to build, one per line or list item, list marks and Markdown emphasis left out."""
        out: list[str] = []
        for topic in ("aspirations", "skills_to_develop"):
            for line in getattr(self.conv.employee_prep, topic).splitlines():
                text = line.strip().lstrip("-*+•> ").strip().strip("*_").strip()
                if len(text) >= 3 and not text.startswith("#") and text not in out:
                    out.append(text)
        return out

    def goal_title(self, goal_id: str | None) -> str:
        goal = next((g for g in self.data.goals if g.id == goal_id), None)
        return goal.title if goal else ""

    def save_action(self, item: ActionItem) -> None:
        existing = next((i for i, a in enumerate(self.data.actions) if a.id == item.id), None)
        if existing is None:
            self.data.actions.append(item)
        else:
            self.data.actions[existing] = item
            self.data.carry.actions = [item if a.id == item.id else a for a in self.data.carry.actions]
        self.mark_dirty(f"action:{item.id}", now=True)

    def set_action_status(self, item: ActionItem, status: ActionStatus) -> None:
        """The status of an item in the actions stage: pressing the status it has already re-opens it."""
        if item.status is status:
            status = ActionStatus.OPEN
        if item.conversation_id != self.conv.id:  # last time's item: the update is recorded on this conversation
            apply_status_update(self.conv, item, status.value, "", self.clock())
            self.mark_dirty("conversation", now=True)
        else:
            item.status = status
        self.mark_dirty(f"action:{item.id}", now=True)

    def employee_choices(self) -> list[tuple[str, str]]:
        return [(p.name, e) for e, p in self.data.people.items()]

    def goal_choices(self) -> list[tuple[str, str]]:
        """Every goal of the attendees, grouped by status (open ones first), each labelled with its status: editing
        an item never loses the goal it serves, whatever became of that goal."""
        return [(f"{g.status.label} · {g.title}", g.id) for g in self.goal_rows()]

    def set_question(self, guide_id: str, question_id: str, text: str, asked: bool) -> None:
        kept = [q for q in self.conv.questions_asked if not (q.guide_id == guide_id and q.question_id == question_id)]
        if asked:
            kept.append(QuestionAsked(guide_id=guide_id, question_id=question_id, text=text, asked_at=self.clock()))
        self.conv.questions_asked = kept
        self.mark_dirty("conversation", now=True)

    def asked_ids(self, guide: Guide | None) -> frozenset[str]:
        if guide is None:
            return frozenset()
        return frozenset(q.question_id for q in self.conv.questions_asked if q.guide_id == guide.id)

    def add_quote(self, text: str, tag: QuoteTag, employee_id: str | None = None) -> None:
        """Their words: in a one to one theirs, in a team session ``employee_id``'s (None: the group's)."""
        if len(self.conv.employee_ids) == 1:
            employee_id = self.conv.employee_ids[0]
        elif employee_id not in self.conv.employee_ids:
            employee_id = None
        self.conv.quotes = [*self.conv.quotes, Quote(text=text, tag=tag, at=self.clock(), employee_id=employee_id)]
        self.mark_dirty("conversation", now=True)

    def set_succession(self, person: Employee, high_potential: bool, role: str, readiness: Readiness | None) -> None:
        entries = [e for e in person.succession if e.role.casefold() != role.casefold()]
        if role and readiness is not None:
            entries.append(SuccessionEntry(role=role, readiness=readiness, updated_at=self.clock(),
                                           conversation_id=self.conv.id))
        self.data.people[person.id] = person.model_copy(update={"high_potential": high_potential,
                                                                "succession": entries})
        self.mark_dirty(f"employee:{person.id}", now=True)

    def finish(self, day: date | None) -> None:
        """Finish the conversation (raises UserError for a next date in the past) and save it."""
        self.bank_time()
        apply_finish(self.conv, self.clock(), next_date=day)
        self.dirty.add("conversation")
        self.submit_dirty()

    # ---------------------------------------------------------------- guides

    @property
    def is_first(self) -> bool:
        """No earlier finished conversation with them: nothing to check in on yet."""
        return self.loaded and self.data.carry.previous is None

    def current_guide(self, library: GuideLibrary) -> Guide | None:
        """The guide chosen for this stage, else the first default that fits (then kept as the stage's choice, so a
        resumed conversation shows the guide each stage had), else any guide for the stage."""
        return self.guide_for(self.conv.stage, library, keep=True)

    def meeting_plan(self, library: GuideLibrary) -> dict[Stage, int]:
        """Minutes per stage, from the discussion's guide (which names the meeting's length); ``{}`` if none."""
        from .timebox import stage_minutes

        guide = self.guide_for(Stage.DISCUSSION, library, keep=False)
        return stage_minutes(guide.minutes, guide.timebox) if guide is not None else {}

    def guide_for(self, stage: Stage, library: GuideLibrary, *, keep: bool) -> Guide | None:
        chosen = self.conv.guide_choice.get(stage)
        if chosen:
            guide = library.get(chosen)
            if guide is not None:
                return guide
        defaults = TEAM_GUIDES if self.is_team else FIRST_GUIDES if self.is_first else DEFAULT_GUIDES
        found = None
        for guide_id in defaults[stage]:
            guide = library.get(guide_id)
            if guide is not None and stage.value in guide.stages:
                found = guide
                break
        if found is None:
            candidates = library.for_stage(stage.value)
            found = candidates[0] if candidates else None
        if found is not None and self.loaded and keep:
            self.conv.guide_choice = {**self.conv.guide_choice, stage: found.id}
            self.mark_dirty("conversation", content=False)
        return found

    def choose_guide(self, guide_id: str) -> None:
        choice = dict(self.conv.guide_choice)
        choice[self.conv.stage] = guide_id
        self.conv.guide_choice = choice
        self.mark_dirty("conversation")

    # ---------------------------------------------------------------- stages & the stage clock

    def bank_time(self) -> None:
        """Add the time since the last bank to the current stage (and the running talk turn to its speaker)."""
        self._bank_talk()
        now = self.clock()
        if self._stage_started is not None:
            spent = max(0.0, (now - self._stage_started).total_seconds())
            seconds = dict(self.conv.stage_seconds)
            seconds[self.conv.stage] = seconds.get(self.conv.stage, 0.0) + spent
            self.conv.stage_seconds = seconds
        self._stage_started = now

    def go_to(self, stage: Stage) -> bool:
        """Move to ``stage``; False if the conversation is there already."""
        if stage is self.conv.stage:
            return False
        self.bank_time()
        self.conv.stage = stage
        self.mark_dirty("conversation", now=True, content=False)
        return True

    def stage_clock(self) -> tuple[float, float]:
        """(seconds in this stage, seconds in all stages), the running stretch included."""
        running = 0.0
        if self._stage_started is not None:
            running = max(0.0, (self.clock() - self._stage_started).total_seconds())
        return (self.conv.stage_seconds.get(self.conv.stage, 0.0) + running,
                sum(self.conv.stage_seconds.values()) + running)

    # ---------------------------------------------------------------- talk-time meter (timings only)

    @property
    def speaker(self) -> Speaker | None:
        return self._speaker

    def _bank_talk(self) -> None:
        now = self.clock()
        if self._speaker is not None and self._speaker_since is not None:
            spent = max(0.0, (now - self._speaker_since).total_seconds())
            talk = dict(self.conv.talk_seconds)
            talk[self._speaker] = talk.get(self._speaker, 0.0) + spent
            self.conv.talk_seconds = talk
        self._speaker_since = now

    def toggle_speaker(self) -> None:
        """Employee → manager → pause → employee ..."""
        self._bank_talk()
        order = [Speaker.EMPLOYEE, Speaker.MANAGER, None]
        self._speaker = order[(order.index(self._speaker) + 1) % len(order)]
        self.mark_dirty("conversation", content=False)

    def talk_shares(self) -> tuple[float, float]:
        """(employee seconds, manager seconds), including the running turn."""
        talk = dict(self.conv.talk_seconds)
        if self._speaker is not None and self._speaker_since is not None:
            running = max(0.0, (self.clock() - self._speaker_since).total_seconds())
            talk[self._speaker] = talk.get(self._speaker, 0.0) + running
        return talk.get(Speaker.EMPLOYEE, 0.0), talk.get(Speaker.MANAGER, 0.0)

    def talk_reading(self) -> TalkReading:
        them, me = self.talk_shares()
        total = them + me
        who = {Speaker.EMPLOYEE: "▶ them", Speaker.MANAGER: "▶ you", None: "⏸"}[self._speaker]
        if total <= 0:
            return TalkReading(f"talk {who}" if self._speaker else "", False, False)
        mine = me / total
        over = mine > self.talk_share and total >= TALK_NUDGE_AFTER_S
        nudge = False
        if over and not self._nudged:
            self._nudged = nudge = True
        elif not over and mine < self.talk_share - TALK_NUDGE_HYSTERESIS:
            self._nudged = False
        return TalkReading(f"talk {who} · them {1 - mine:.0%} you {mine:.0%}", over, nudge)
