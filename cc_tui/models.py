"""Domain models: plain pydantic v2, no Textual, no disk.

Every model validates its own fields (``validate_assignment`` too), refuses unknown fields, keeps times
timezone-aware and ids as stable strings generated once. ``model_dump(mode="json")`` is what the store writes and
``model_validate`` reads it back equal.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .basics import ID_RE, SCHEMA_VERSION, Clock, system_clock  # noqa: F401 - re-exported

# --------------------------------------------------------------------------------------------------------- clock & ids


def new_id() -> str:
    """A fresh, never-reused id: 32 lowercase hex digits (uuid4)."""
    return uuid.uuid4().hex


Id = Annotated[str, StringConstraints(pattern=ID_RE.pattern)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
# Free text typed in a meeting: never stripped (the user's spacing is theirs), bounded only to stop absurd pastes.
LongText = Annotated[str, StringConstraints(max_length=2_000_000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5_000)]


class Model(BaseModel):
    # defer_build: a model's validator is built on first use, so start-up pays only for what the home list reads
    # allow_inf_nan=False: JSON reads Infinity and NaN as floats, and a stage clock of Infinity stopped the app
    model_config = ConfigDict(extra="forbid", validate_assignment=True, validate_default=True, defer_build=True,
                              allow_inf_nan=False)


# --------------------------------------------------------------------------------------------------------- enums


class Stage(StrEnum):
    PREP = "prep"
    DISCUSSION = "discussion"
    GOALS = "goals"
    ACTIONS = "actions"
    WRAPUP = "wrapup"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.PREP: "Prep",
    Stage.DISCUSSION: "Discussion",
    Stage.GOALS: "Goals",
    Stage.ACTIONS: "Actions",
    Stage.WRAPUP: "Wrap-up",
}


class PathClarity(StrEnum):
    SURE = "sure"
    EXPLORING = "exploring"
    UNSURE = "unsure"


class FeedbackStyle(StrEnum):
    DIRECT = "direct"
    BALANCED = "balanced"
    SENSITIVE = "sensitive"


class ConversationKind(StrEnum):
    INDIVIDUAL = "individual"
    TEAM = "team"


class Motivator(StrEnum):
    FINANCIAL_REWARD = "financial_reward"
    SKILL_DEVELOPMENT = "skill_development"
    SOCIETAL_IMPACT = "societal_impact"
    DECISION_AUTHORITY = "decision_authority"
    PUBLIC_RECOGNITION = "public_recognition"
    CREATIVE_FREEDOM = "creative_freedom"

    @property
    def label(self) -> str:
        return MOTIVATOR_LABELS[self]


MOTIVATOR_LABELS = {
    Motivator.FINANCIAL_REWARD: "Financial reward",
    Motivator.SKILL_DEVELOPMENT: "Skill development",
    Motivator.SOCIETAL_IMPACT: "Societal impact",
    Motivator.DECISION_AUTHORITY: "Decision-making authority",
    Motivator.PUBLIC_RECOGNITION: "Public recognition",
    Motivator.CREATIVE_FREEDOM: "Creative freedom",
}


class MotivationSource(StrEnum):
    INTRINSIC = "intrinsic"
    EXTRINSIC = "extrinsic"


class GoalKind(StrEnum):
    SKILL = "skill"
    ROLE = "role"
    EXPERIENCE = "experience"
    PROJECT = "project"
    LEADERSHIP = "leadership"
    OTHER = "other"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    REOPENED = "reopened"
    ACHIEVED = "achieved"
    CHANGED = "changed"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        """Still being worked on (or paused): it carries over to the next conversation."""
        return self in (GoalStatus.ACTIVE, GoalStatus.ON_HOLD, GoalStatus.REOPENED)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class ActivityKind(StrEnum):
    TRAINING = "training"
    MENTORING = "mentoring"
    SEMINAR = "seminar"
    STRETCH_ASSIGNMENT = "stretch_assignment"
    READING = "reading"


class Owner(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    OTHER = "other"  # someone else, by name (``ActionItem.owner_name``): a mentor, HR, another team's lead
    TEAM = "team"  # the team as a whole (a team session's item; kept in the file of the person it is filed under)


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)


class Speaker(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"


class QuoteTag(StrEnum):
    DREAM = "dream"
    MOTIVATOR = "motivator"
    STRENGTH = "strength"
    CONCERN = "concern"


class Readiness(StrEnum):
    READY_NOW = "ready_now"
    ONE_TWO_YEARS = "one_two_years"
    LATER = "later"

    @property
    def label(self) -> str:
        return {"ready_now": "Ready now", "one_two_years": "1-2 years", "later": "Later"}[self.value]


class ItemKind(StrEnum):
    GOAL = "goal"
    ACTION = "action"


# --------------------------------------------------------------------------------------------------------- people


class StyleHints(Model):
    """How the manager adapts to this person."""

    path_clarity: PathClarity = PathClarity.EXPLORING
    feedback: FeedbackStyle = FeedbackStyle.BALANCED
    notes: Line = ""


class SuccessionEntry(Model):
    """Readiness for a named role, as judged in a conversation."""

    role: Name
    readiness: Readiness
    updated_at: AwareDatetime
    conversation_id: Id | None = None


class Employee(Model):
    id: Id = Field(default_factory=new_id)
    name: Name
    role: ShortText = ""
    team: ShortText = ""
    email: ShortText = ""
    cadence_days: int = Field(default=30, ge=1, le=366)
    style: StyleHints = Field(default_factory=StyleHints)
    private_notes: LongText = ""
    created_at: AwareDatetime = Field(default_factory=system_clock)
    archived: bool = False
    archived_at: AwareDatetime | None = None  # when they were archived (retention counts from it); None when active
    high_potential: bool = False
    succession: list[SuccessionEntry] = Field(default_factory=list, max_length=50)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not an e-mail address")
        return value


# --------------------------------------------------------------------------------------------------- conversation parts


class ManagerPrep(Model):
    """The manager's checklist: each topic has its notes and a done tick."""

    performance_history: LongText = ""
    strengths: LongText = ""
    growth_areas: LongText = ""
    company_needs: LongText = ""
    past_feedback: LongText = ""
    done: list[str] = Field(default_factory=list)

    @field_validator("done")
    @classmethod
    def _done(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(MANAGER_PREP_TOPICS)
        if unknown:
            raise ValueError(f"unknown prep topics: {sorted(unknown)}")
        return sorted(set(value), key=MANAGER_PREP_TOPICS.index)


# a stage's or a speaker's clock: a year of seconds is far past any meeting; what is over it is damage, not time
MAX_CLOCK_SECONDS = 366 * 24 * 3600

MANAGER_PREP_TOPICS = ["performance_history", "strengths", "growth_areas", "company_needs", "past_feedback"]


class EmployeePrep(Model):
    """What the employee sent beforehand."""

    aspirations: LongText = ""
    achievements: LongText = ""
    challenges: LongText = ""
    skills_to_develop: LongText = ""
    roadblocks: LongText = ""


EMPLOYEE_PREP_TOPICS = ["aspirations", "achievements", "challenges", "skills_to_develop", "roadblocks"]

# How every prep topic and aspiration field is called on screen, in documents and in exports (one table).
TOPIC_LABELS = {
    "performance_history": "Performance history",
    "strengths": "Strengths",
    "growth_areas": "Growth areas",
    "company_needs": "Company needs",
    "past_feedback": "Past feedback",
    "aspirations": "Aspirations",
    "achievements": "Achievements",
    "challenges": "Challenges",
    "skills_to_develop": "Skills to develop",
    "roadblocks": "Roadblocks",
    "ideal_role": "Qualities of their ideal role",
    "responsibilities": "Responsibilities they would take on",
    "skills_to_use": "Skills they want to use",
}


class MotivationRating(Model):
    motivator: Motivator
    rating: int = Field(default=0, ge=0, le=5)
    source: MotivationSource = MotivationSource.INTRINSIC
    note: Line = ""


class Aspirations(Model):
    ideal_role: LongText = ""
    responsibilities: LongText = ""
    skills_to_use: LongText = ""


class QuestionAsked(Model):
    guide_id: ShortText
    question_id: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    text: Line
    asked_at: AwareDatetime


class StatusUpdate(Model):
    """A quick status update on last time's goal or action item, recorded on this conversation."""

    kind: ItemKind
    item_id: Id
    status: str
    note: Line = ""
    at: AwareDatetime

    @model_validator(mode="after")
    def _status_fits_kind(self) -> StatusUpdate:
        allowed = {s.value for s in (ActionStatus if self.kind is ItemKind.ACTION else GoalStatus)}
        if self.status not in allowed:
            raise ValueError(f"status {self.status!r} is not one of {sorted(allowed)}")
        return self


class Quote(Model):
    """Their words, verbatim, tagged so the next conversation can start from them."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5_000)]
    tag: QuoteTag
    at: AwareDatetime
    employee_id: Id | None = None


class OpportunityKind(StrEnum):
    PROGRAMME = "programme"
    OPEN_ROLE = "open_role"
    STRETCH_PROJECT = "stretch_project"
    TRAINING = "training"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"programme": "Programme", "open_role": "Open role", "stretch_project": "Stretch project",
                "training": "Training budget", "other": "Other"}[self.value]


class Opportunity(Model):
    """A development opportunity presented in a team session."""

    id: Id = Field(default_factory=new_id)
    title: Name
    kind: OpportunityKind = OpportunityKind.PROGRAMME
    description: Line = ""


class Interest(Model):
    """An attendee of a team session said they are interested in an opportunity."""

    employee_id: Id
    opportunity_id: Id


class Conversation(Model):
    id: Id = Field(default_factory=new_id)
    kind: ConversationKind = ConversationKind.INDIVIDUAL
    employee_ids: list[Id] = Field(min_length=1, max_length=100)
    title: ShortText = ""
    created_at: AwareDatetime = Field(default_factory=system_clock)
    updated_at: AwareDatetime = Field(default_factory=system_clock)
    finished_at: AwareDatetime | None = None
    stage: Stage = Stage.PREP
    stage_seconds: dict[Stage, float] = Field(default_factory=dict)
    manager_prep: ManagerPrep = Field(default_factory=ManagerPrep)
    employee_prep: EmployeePrep = Field(default_factory=EmployeePrep)
    shared_notes: LongText = ""
    private_notes: LongText = ""
    motivations: list[MotivationRating] = Field(default_factory=list)
    share_motivators: bool = False  # the ratings go into what the employee receives only when the manager says so
    aspirations: Aspirations = Field(default_factory=Aspirations)
    questions_asked: list[QuestionAsked] = Field(default_factory=list)
    status_updates: list[StatusUpdate] = Field(default_factory=list)
    guide_choice: dict[Stage, ShortText] = Field(default_factory=dict)
    summary: LongText = ""
    next_date: date | None = None
    talk_seconds: dict[Speaker, float] = Field(default_factory=dict)
    quotes: list[Quote] = Field(default_factory=list)
    # team sessions: the opportunities presented, who is interested in which, what to learn from the group
    opportunities: list[Opportunity] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    group_questions: LongText = ""

    @field_validator("employee_ids")
    @classmethod
    def _unique_people(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a person is listed twice")
        return value

    @field_validator("stage_seconds", "talk_seconds")
    @classmethod
    def _non_negative(cls, value: dict[Any, float]) -> dict[Any, float]:
        if any(v < 0 for v in value.values()):
            raise ValueError("stage time cannot be negative")
        if any(v > MAX_CLOCK_SECONDS for v in value.values()):
            raise ValueError(f"stage time cannot be over {MAX_CLOCK_SECONDS:,} seconds")
        return value

    @field_validator("motivations")
    @classmethod
    def _one_rating_each(cls, value: list[MotivationRating]) -> list[MotivationRating]:
        seen = [m.motivator for m in value]
        if len(set(seen)) != len(seen):
            raise ValueError("a motivator is rated twice")
        return value

    @model_validator(mode="after")
    def _kind_fits_people(self) -> Conversation:
        if self.kind is ConversationKind.INDIVIDUAL and len(self.employee_ids) != 1:
            raise ValueError("an individual conversation has exactly one person")
        if self.finished_at is not None and self.finished_at < self.created_at:
            raise ValueError("finished before it was created")
        return self

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def employee_share(self) -> float | None:
        """The employee's share of the talking time (None when nothing was timed)."""
        total = sum(self.talk_seconds.values())
        if total <= 0:
            return None
        return self.talk_seconds.get(Speaker.EMPLOYEE, 0.0) / total

    def motivation(self, motivator: Motivator) -> MotivationRating | None:
        return next((m for m in self.motivations if m.motivator is motivator), None)

    def summary_row(self) -> ConversationSummary:
        return ConversationSummary(
            id=self.id,
            kind=self.kind,
            employee_ids=list(self.employee_ids),
            title=self.title,
            created_at=self.created_at,
            updated_at=self.updated_at,
            finished_at=self.finished_at,
            stage=self.stage,
            next_date=self.next_date,
        )


class ConversationSummary(Model):
    """The few fields the lists need, kept in each attendee's file so lists never open every conversation."""

    id: Id
    kind: ConversationKind
    employee_ids: list[Id]
    title: ShortText = ""
    created_at: AwareDatetime
    updated_at: AwareDatetime
    finished_at: AwareDatetime | None = None
    stage: Stage = Stage.PREP
    next_date: date | None = None


# ------------------------------------------------------------------------------------------------------ goals & actions


class DevActivity(Model):
    kind: ActivityKind
    description: Line = ""
    done: bool = False


class GoalChange(Model):
    at: AwareDatetime
    conversation_id: Id | None = None
    status_from: GoalStatus | None = None
    status_to: GoalStatus
    reason: Line = ""


class Goal(Model):
    id: Id = Field(default_factory=new_id)
    employee_id: Id
    title: Name
    kind: GoalKind = GoalKind.SKILL
    why: LongText = ""
    target_date: date | None = None
    success_measure: Line = ""
    activities: list[DevActivity] = Field(default_factory=list)
    status: GoalStatus = GoalStatus.ACTIVE
    history: list[GoalChange] = Field(default_factory=list)
    conversation_id: Id | None = None
    created_at: AwareDatetime = Field(default_factory=system_clock)
    # a changed goal and the goal written in its place, linked both ways
    replaced_by: Id | None = None
    replaces: Id | None = None
    proposed_by_employee: bool = False  # written from their own words (their prep page), not the manager's

    @property
    def last_change(self) -> GoalChange | None:
        return self.history[-1] if self.history else None

    def change_status(
        self, status: GoalStatus, reason: str, at: datetime, conversation_id: str | None = None
    ) -> None:
        """Change the status and keep the change, with its reason and conversation, in the history."""
        if not reason.strip():
            raise ValueError("a reason is needed to change a goal's status")
        self.history = [
            *self.history,
            GoalChange(
                at=at,
                conversation_id=conversation_id,
                status_from=self.status,
                status_to=status,
                reason=reason,
            ),
        ]
        self.status = status


class ActionItem(Model):
    id: Id = Field(default_factory=new_id)
    employee_id: Id
    conversation_id: Id
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5_000)]
    owner: Owner = Owner.EMPLOYEE
    owner_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    status_note: Line = ""
    goal_id: Id | None = None
    carried_over: int = Field(default=0, ge=0)
    created_at: AwareDatetime = Field(default_factory=system_clock)
    updated_at: AwareDatetime = Field(default_factory=system_clock)

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    @property
    def other_owner(self) -> str:
        """Who does it when it is neither the employee nor the manager (the form asks for a name)."""
        return self.owner_name or "someone else"
