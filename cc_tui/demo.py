"""A realistic, deterministic demo team: people, past conversations, goals, action items, shared and private notes."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta, timezone

from .models import (
    ActionItem,
    ActionStatus,
    ActivityKind,
    Aspirations,
    Conversation,
    ConversationKind,
    DevActivity,
    Employee,
    EmployeePrep,
    FeedbackStyle,
    Goal,
    GoalKind,
    GoalStatus,
    ManagerPrep,
    MotivationRating,
    MotivationSource,
    Motivator,
    Owner,
    PathClarity,
    Stage,
    StyleHints,
)
from .store import Store

DEMO_NOW = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)

PEOPLE = [
    ("Amara Okafor", "Senior Backend Engineer", "Payments", 30, PathClarity.SURE, FeedbackStyle.DIRECT,
     "Wants to grow into a staff role; prefers straight talk and concrete examples."),
    ("Jonas Weber", "Product Designer", "Growth", 42, PathClarity.UNSURE, FeedbackStyle.SENSITIVE,
     "Still exploring between research and design leadership; start with what went well."),
    ("Priya Raman", "Data Analyst", "Insights", 30, PathClarity.EXPLORING, FeedbackStyle.BALANCED,
     "Curious about data engineering; likes to think aloud before committing."),
    ("Mateo García", "Engineering Manager", "Platform", 28, PathClarity.SURE, FeedbackStyle.DIRECT,
     "New manager, aiming at a director track within two years."),
    ("Lena Kowalski", "QA Engineer", "Payments", 45, PathClarity.UNSURE, FeedbackStyle.SENSITIVE,
     "Thinking about moving into test automation or product; needs time to answer."),
    ("Smith [/] Jr", "Support Engineer [b]L2[/b]", "Customer Care", 30, PathClarity.EXPLORING, FeedbackStyle.BALANCED,
     "Name and role kept odd on purpose: the app shows them literally."),
]

GOALS = [
    ("Lead the design of a cross-team service", GoalKind.LEADERSHIP, "Wants broader technical influence",
     "Design doc approved by two teams", [(ActivityKind.STRETCH_ASSIGNMENT, "Own the ledger split RFC"),
                                          (ActivityKind.MENTORING, "Monthly session with a staff engineer")]),
    ("Get confident with SQL performance tuning", GoalKind.SKILL, "Queries in the weekly report time out",
     "Weekly report runs under 2 minutes", [(ActivityKind.TRAINING, "Query planning course"),
                                            (ActivityKind.READING, "Use The Index, Luke")]),
    ("Run one user-research study end to end", GoalKind.EXPERIENCE, "Testing interest in research",
     "Study plan, 6 interviews and a readout", [(ActivityKind.SEMINAR, "Research ops meetup"),
                                                 (ActivityKind.MENTORING, "Pair with the research lead")]),
    ("Present at the engineering all-hands", GoalKind.PROJECT, "Recognition and practice speaking",
     "A 10-minute talk given", [(ActivityKind.SEMINAR, "Internal speaking workshop")]),
    ("Coach two junior colleagues", GoalKind.LEADERSHIP, "Preparing for a lead role",
     "Both juniors say the sessions help", [(ActivityKind.MENTORING, "Fortnightly coaching sessions")]),
    ("Automate the regression suite for checkout", GoalKind.SKILL, "Move from manual to automated testing",
     "80% of checkout cases automated", [(ActivityKind.TRAINING, "Playwright fundamentals"),
                                         (ActivityKind.STRETCH_ASSIGNMENT, "Own the checkout test plan")]),
]

ACTIONS = [
    "Share the staff-engineer expectations doc",
    "Book a slot with the research lead",
    "Send the course link and approve the budget",
    "Draft a one-page proposal for the ledger split",
    "Ask the platform team about a rotation",
    "Write down three moments this month that gave energy",
    "Introduce to the data engineering guild",
    "Review the talk outline together",
    "Find a mentor outside the team",
    "List the skills the next role needs",
]

SHARED = [
    "Talked about what made the last quarter satisfying: the incident review went well and {name} enjoyed "
    "explaining the fix to other teams. Wants more of that kind of work.",
    "{name} brought three questions: how promotions to the next level work here, which projects would stretch "
    "them, and whether a rotation is possible in Q1.",
    "Reviewed last time's goals. Course started; the mentoring sessions are irregular because of on-call. "
    "Agreed to move them to Thursdays.",
    "{name} wants to use more of their design skills and less of the coordination work. We listed what could "
    "move to someone else.",
    "Discussed the new team structure and which development opportunities it opens.",
]

PRIVATE = [
    "Seemed tired; on-call load is high. Check workload before adding stretch work.",
    "Possible successor for the tech lead role in 12-18 months. Don't promise anything yet.",
    "Mentioned an outside offer in passing; retention risk is moderate. Talk to HR about the band.",
    "Took feedback on the estimate slip well this time.",
    "Unsure about management; keep both paths open.",
]


def _rng_id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def build_demo(store: Store, *, now: datetime = DEMO_NOW, seed: int = 7) -> list[Employee]:
    """Fill an empty store with the demo team. Same seed and ``now``, same data, byte for byte."""
    rng = random.Random(seed)
    people: list[Employee] = []
    for i, (name, role, team, cadence, clarity, feedback, hint) in enumerate(PEOPLE):
        people.append(
            Employee(
                id=_rng_id(rng),
                name=name,
                role=role,
                team=team,
                email=f"{name.split()[0].lower()}@example.com",
                cadence_days=cadence,
                style=StyleHints(path_clarity=clarity, feedback=feedback, notes=hint),
                private_notes=PRIVATE[i % len(PRIVATE)],
                created_at=now - timedelta(days=400),
            )
        )
    store.add_employees(people)

    for p_index, person in enumerate(people):
        n_conversations = 3 + p_index % 3
        goals: list[Goal] = []
        items: list[ActionItem] = []
        for c in range(n_conversations):
            days_ago = (n_conversations - c) * person.cadence_days + rng.randint(-3, 3)
            start = datetime.combine((now - timedelta(days=days_ago)).date(), time(10, 0), tzinfo=timezone.utc)
            conv = Conversation(
                id=_rng_id(rng),
                kind=ConversationKind.INDIVIDUAL,
                employee_ids=[person.id],
                title=f"Career conversation with {person.name}",
                created_at=start,
                updated_at=start + timedelta(minutes=50),
                finished_at=start + timedelta(minutes=50),
                stage=Stage.WRAPUP,
                stage_seconds={Stage.PREP: 300, Stage.DISCUSSION: 1500, Stage.GOALS: 600, Stage.ACTIONS: 300,
                               Stage.WRAPUP: 300},
                manager_prep=ManagerPrep(
                    performance_history="Delivered the Q3 migration on time; two incidents handled calmly.",
                    strengths="Clear writing; calm under pressure; helps others debug.",
                    growth_areas="Delegation; saying no to side requests.",
                    company_needs="We need more people who can lead cross-team work next year.",
                    past_feedback="Peers ask for more design reviews from them.",
                    done=["performance_history", "strengths", "growth_areas"],
                ),
                employee_prep=EmployeePrep(
                    aspirations="More ownership of architecture decisions.",
                    achievements="Shipped the refund flow; onboarded two new joiners.",
                    challenges="Context switching between on-call and project work.",
                    skills_to_develop="System design; public speaking.",
                    roadblocks="Little time for learning during release weeks.",
                ),
                shared_notes=SHARED[(p_index + c) % len(SHARED)].format(name=person.name.split()[0]),
                private_notes=PRIVATE[(p_index + c) % len(PRIVATE)],
                motivations=[
                    MotivationRating(
                        motivator=m,
                        rating=max(0, min(5, 2 + (hash_int(person.id, m.value) + c) % 4)),
                        source=MotivationSource.EXTRINSIC
                        if m in (Motivator.FINANCIAL_REWARD, Motivator.PUBLIC_RECOGNITION)
                        else MotivationSource.INTRINSIC,
                    )
                    for m in Motivator
                ],
                aspirations=Aspirations(
                    ideal_role="A role with room to shape how the team works.",
                    responsibilities="Owning a service end to end; mentoring.",
                    skills_to_use="Systems thinking; writing.",
                ),
                summary="Agreed on the next steps below; next time we start from these goals.",
                next_date=(start + timedelta(days=person.cadence_days)).date(),
            )
            if c == 0 or (c == 2 and p_index % 2 == 0):
                title, kind, why, measure, acts = GOALS[(p_index + c) % len(GOALS)]
                goal = Goal(
                    id=_rng_id(rng),
                    employee_id=person.id,
                    title=title,
                    kind=kind,
                    why=why,
                    target_date=(start + timedelta(days=180)).date(),
                    success_measure=measure,
                    activities=[DevActivity(kind=k, description=d) for k, d in acts],
                    conversation_id=conv.id,
                    created_at=start + timedelta(minutes=30),
                )
                goals.append(goal)
            if c == n_conversations - 2 and goals and p_index % 3 == 1:
                goals[0].change_status(
                    GoalStatus.CHANGED, "Scope narrowed after the reorg", start + timedelta(minutes=35), conv.id
                )
            for a in range(2):
                text = ACTIONS[(p_index * 3 + c * 2 + a) % len(ACTIONS)]
                owner = Owner.MANAGER if a == 1 else Owner.EMPLOYEE
                last = c == n_conversations - 1
                status = ActionStatus.OPEN if last or (a == 0 and c == n_conversations - 2) else ActionStatus.DONE
                items.append(
                    ActionItem(
                        id=_rng_id(rng),
                        employee_id=person.id,
                        conversation_id=conv.id,
                        text=text,
                        owner=owner,
                        due=(start + timedelta(days=14 + 7 * a)).date(),
                        status=status,
                        goal_id=goals[-1].id if goals and a == 0 else None,
                        carried_over=1 if status is ActionStatus.OPEN and not last else 0,
                        created_at=start + timedelta(minutes=40 + a),
                        updated_at=start + timedelta(minutes=40 + a),
                    )
                )
            store.save_conversation(conv, touch=False)
        for goal in goals:
            store.save_goal(goal)
        store.save_actions(items)
    return people


def hash_int(*parts: str) -> int:
    """A small stable hash (Python's hash() is salted per process)."""
    value = 0
    for part in parts:
        for ch in part:
            value = (value * 31 + ord(ch)) % 1_000_003
    return value
