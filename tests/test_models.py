"""Every model round-trips through JSON, and validation refuses what it must."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from cc_tui.models import (
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
    ItemKind,
    ManagerPrep,
    MotivationRating,
    MotivationSource,
    Motivator,
    Owner,
    PathClarity,
    QuestionAsked,
    Stage,
    StatusUpdate,
    StyleHints,
    new_id,
)

from .conftest import FIXED_NOW

CET = timezone(timedelta(hours=1))


def roundtrip(model):
    return type(model).model_validate(json.loads(json.dumps(model.model_dump(mode="json"))))


def full_employee(**over) -> Employee:
    fields = dict(
        name="Amara Okafor",
        role="Senior Engineer",
        team="Payments",
        email="amara@example.com",
        cadence_days=21,
        style=StyleHints(path_clarity=PathClarity.SURE, feedback=FeedbackStyle.DIRECT, notes="straight talk"),
        private_notes="Retention risk [b]moderate[/b]\n\tsecond line  ",
        created_at=FIXED_NOW.astimezone(CET),
        archived=True,
    )
    fields.update(over)
    return Employee(**fields)


def full_conversation(employee_ids: list[str], kind=ConversationKind.INDIVIDUAL) -> Conversation:
    other = new_id()
    return Conversation(
        kind=kind,
        employee_ids=employee_ids,
        title="Q4 career chat",
        created_at=FIXED_NOW,
        updated_at=FIXED_NOW + timedelta(minutes=10),
        finished_at=FIXED_NOW + timedelta(minutes=55),
        stage=Stage.ACTIONS,
        stage_seconds={Stage.PREP: 120.5, Stage.DISCUSSION: 1500.0, Stage.GOALS: 0.0},
        manager_prep=ManagerPrep(
            performance_history="shipped",
            strengths="writing",
            growth_areas="delegation",
            company_needs="leads",
            past_feedback="more reviews",
            done=["strengths", "performance_history"],
        ),
        employee_prep=EmployeePrep(
            aspirations="staff", achievements="refunds", challenges="on-call", skills_to_develop="design",
            roadblocks="time",
        ),
        shared_notes="  shared 🎉 [/] \x00 notes\n",
        private_notes="private: outside offer",
        motivations=[
            MotivationRating(motivator=Motivator.CREATIVE_FREEDOM, rating=5, source=MotivationSource.INTRINSIC,
                             note="loves it"),
            MotivationRating(motivator=Motivator.FINANCIAL_REWARD, rating=2, source=MotivationSource.EXTRINSIC),
        ],
        aspirations=Aspirations(ideal_role="staff engineer", responsibilities="architecture", skills_to_use="writing"),
        questions_asked=[
            QuestionAsked(guide_id="growth", question_id="q-1", text="Where next?", asked_at=FIXED_NOW),
        ],
        status_updates=[
            StatusUpdate(kind=ItemKind.ACTION, item_id=other, status="done", note="finished", at=FIXED_NOW),
            StatusUpdate(kind=ItemKind.GOAL, item_id=new_id(), status="achieved", at=FIXED_NOW),
        ],
        guide_choice={Stage.DISCUSSION: "growth", Stage.GOALS: "smart-goals"},
        summary="Agreed next steps",
        next_date=date(2026, 12, 20),
    )


def full_goal(employee_id: str) -> Goal:
    goal = Goal(
        employee_id=employee_id,
        title="Lead a cross-team design",
        kind=GoalKind.LEADERSHIP,
        why="broader influence",
        target_date=date(2027, 5, 1),
        success_measure="doc approved by two teams",
        activities=[
            DevActivity(kind=ActivityKind.STRETCH_ASSIGNMENT, description="own the RFC", done=True),
            DevActivity(kind=ActivityKind.MENTORING, description="monthly staff sessions"),
        ],
        conversation_id=new_id(),
        created_at=FIXED_NOW,
    )
    goal.change_status(GoalStatus.CHANGED, "scope narrowed", FIXED_NOW + timedelta(days=1), new_id())
    goal.change_status(GoalStatus.ACTIVE, "back on", FIXED_NOW + timedelta(days=2))
    return goal


def full_action(employee_id: str) -> ActionItem:
    return ActionItem(
        employee_id=employee_id,
        conversation_id=new_id(),
        text="Book a slot with the research lead",
        owner=Owner.MANAGER,
        due=date(2026, 12, 1),
        status=ActionStatus.BLOCKED,
        status_note="waiting for budget",
        goal_id=new_id(),
        carried_over=2,
        created_at=FIXED_NOW,
        updated_at=FIXED_NOW + timedelta(hours=1),
    )


# ------------------------------------------------------------------------------------------------ round trips


def test_employee_roundtrip():
    e = full_employee()
    back = roundtrip(e)
    assert back == e
    assert back.private_notes == "Retention risk [b]moderate[/b]\n\tsecond line  "  # free text is never stripped


def test_individual_conversation_roundtrip_every_part_filled():
    c = full_conversation([new_id()])
    dumped = c.model_dump(mode="json")
    # every nested part is really filled, so the round trip proves something
    for key in ("manager_prep", "employee_prep", "aspirations"):
        assert all(v for v in dumped[key].values()), key
    assert dumped["motivations"] and dumped["questions_asked"] and dumped["status_updates"]
    back = roundtrip(c)
    assert back == c
    assert back.finished and back.motivation(Motivator.CREATIVE_FREEDOM).rating == 5


def test_team_conversation_roundtrip():
    ids = [new_id(), new_id(), new_id()]
    c = full_conversation(ids, kind=ConversationKind.TEAM)
    back = roundtrip(c)
    assert back == c
    assert back.kind is ConversationKind.TEAM and back.employee_ids == ids


def test_goal_roundtrip_with_history_and_activities():
    g = full_goal(new_id())
    assert len(g.history) == 2 and g.history[0].status_from is GoalStatus.ACTIVE
    back = roundtrip(g)
    assert back == g
    assert [h.status_to for h in back.history] == [GoalStatus.CHANGED, GoalStatus.ACTIVE]


def test_action_roundtrip():
    a = full_action(new_id())
    assert roundtrip(a) == a


def test_summary_row_roundtrip():
    c = full_conversation([new_id()])
    row = c.summary_row()
    assert roundtrip(row) == row
    assert row.id == c.id and row.next_date == c.next_date


def test_roundtrip_through_real_store(tmp_path):
    from cc_tui.store import Store

    folder = tmp_path / "data"
    e1 = full_employee()
    e2 = full_employee(name="Jonas Weber", email="", archived=False)
    individual = full_conversation([e1.id])
    team = full_conversation([e1.id, e2.id], kind=ConversationKind.TEAM)
    goal = full_goal(e1.id)
    action = full_action(e1.id)
    with Store.open(folder) as s:
        s.save_employee(e1)
        s.save_employee(e2)
        s.save_conversation(individual, touch=False)
        s.save_conversation(team, touch=False)
        s.save_goal(goal)
        s.save_action(action)  # stamps updated_at with the store's clock
    with Store.open(folder) as s:
        assert s.employee(e1.id) == e1
        assert s.employee(e2.id) == e2
        assert s.conversation(individual.id) == individual
        assert s.conversation(team.id) == team
        assert s.goals(e1.id) == [goal]
        assert s.actions(e1.id) == [action]
        assert {h.id for h in s.history(e1.id)} == {individual.id, team.id}
        assert [h.id for h in s.history(e2.id)] == [team.id]


# ------------------------------------------------------------------------------------------------ validation


def test_naive_datetimes_refused():
    naive = datetime(2026, 11, 25, 10, 0)
    with pytest.raises(ValidationError):
        Employee(name="A", created_at=naive)
    with pytest.raises(ValidationError):
        Conversation(employee_ids=[new_id()], created_at=naive)
    with pytest.raises(ValidationError):
        ActionItem(employee_id=new_id(), conversation_id=new_id(), text="x", created_at=naive)
    e = Employee(name="A")
    with pytest.raises(ValidationError):
        e.created_at = naive  # assignment is validated too
    assert e.created_at.tzinfo is not None


@pytest.mark.parametrize("name", ["", "   ", "\t\n "])
def test_empty_names_refused(name):
    with pytest.raises(ValidationError):
        Employee(name=name)
    with pytest.raises(ValidationError):
        Goal(employee_id=new_id(), title=name)
    with pytest.raises(ValidationError):
        ActionItem(employee_id=new_id(), conversation_id=new_id(), text=name)


def test_name_is_stripped():
    assert Employee(name="  Amara  ").name == "Amara"


@pytest.mark.parametrize("cadence", [0, -1, 367, 10_000])
def test_cadence_out_of_range_refused(cadence):
    with pytest.raises(ValidationError):
        Employee(name="A", cadence_days=cadence)


@pytest.mark.parametrize("cadence", [1, 366])
def test_cadence_bounds_accepted(cadence):
    assert Employee(name="A", cadence_days=cadence).cadence_days == cadence


def test_individual_conversation_with_two_people_refused():
    with pytest.raises(ValidationError, match="exactly one person"):
        Conversation(kind=ConversationKind.INDIVIDUAL, employee_ids=[new_id(), new_id()])
    c = Conversation(kind=ConversationKind.TEAM, employee_ids=[new_id(), new_id()])
    with pytest.raises(ValidationError):
        c.kind = ConversationKind.INDIVIDUAL


def test_person_listed_twice_refused():
    pid = new_id()
    with pytest.raises(ValidationError, match="twice"):
        Conversation(kind=ConversationKind.TEAM, employee_ids=[pid, pid])


def test_motivator_rated_twice_refused():
    with pytest.raises(ValidationError, match="rated twice"):
        Conversation(
            employee_ids=[new_id()],
            motivations=[
                MotivationRating(motivator=Motivator.CREATIVE_FREEDOM, rating=3),
                MotivationRating(motivator=Motivator.CREATIVE_FREEDOM, rating=4),
            ],
        )


@pytest.mark.parametrize("rating", [6, -1])
def test_rating_out_of_range_refused(rating):
    with pytest.raises(ValidationError):
        MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=rating)


def test_unknown_fields_refused():
    with pytest.raises(ValidationError):
        Employee(name="A", nickname="x")
    data = full_action(new_id()).model_dump(mode="json")
    data["priority"] = "high"
    with pytest.raises(ValidationError):
        ActionItem.model_validate(data)
    conv = full_conversation([new_id()]).model_dump(mode="json")
    conv["manager_prep"]["mood"] = "good"
    with pytest.raises(ValidationError):
        Conversation.model_validate(conv)


@pytest.mark.parametrize("bad", ["", "short", "UPPERCASE0123", "../../etc/passwd", "a" * 65, "abc def ghij", "-abcdefgh"])
def test_bad_ids_refused(bad):
    with pytest.raises(ValidationError):
        Employee(id=bad, name="A")
    with pytest.raises(ValidationError):
        Conversation(employee_ids=[bad])


def test_new_ids_are_valid_and_unique():
    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200
    for i in ids:
        Employee(id=i, name="A")  # accepted


def test_status_that_does_not_fit_kind_refused():
    with pytest.raises(ValidationError, match="is not one of"):
        StatusUpdate(kind=ItemKind.ACTION, item_id=new_id(), status="achieved", at=FIXED_NOW)
    with pytest.raises(ValidationError, match="is not one of"):
        StatusUpdate(kind=ItemKind.GOAL, item_id=new_id(), status="in_progress", at=FIXED_NOW)
    ok = StatusUpdate(kind=ItemKind.GOAL, item_id=new_id(), status="achieved", at=FIXED_NOW)
    assert ok.status == "achieved"


def test_finished_before_created_refused():
    with pytest.raises(ValidationError, match="finished before"):
        Conversation(employee_ids=[new_id()], created_at=FIXED_NOW, finished_at=FIXED_NOW - timedelta(seconds=1))


def test_negative_stage_time_refused():
    with pytest.raises(ValidationError):
        Conversation(employee_ids=[new_id()], stage_seconds={Stage.PREP: -1.0})


def test_bad_email_refused():
    with pytest.raises(ValidationError):
        Employee(name="A", email="not-an-address")


def test_unknown_prep_topic_refused_and_done_kept_in_topic_order():
    with pytest.raises(ValidationError):
        ManagerPrep(done=["gossip"])
    assert ManagerPrep(done=["past_feedback", "strengths", "strengths"]).done == ["strengths", "past_feedback"]


def test_goal_status_change_needs_reason():
    g = full_goal(new_id())
    before = list(g.history)
    with pytest.raises(ValueError):
        g.change_status(GoalStatus.DROPPED, "  ", FIXED_NOW)
    assert g.history == before and g.status is GoalStatus.ACTIVE


def test_action_open_and_overdue():
    a = full_action(new_id())
    assert a.is_open and a.is_overdue(date(2026, 12, 2)) and not a.is_overdue(date(2026, 12, 1))
    a.status = ActionStatus.DONE
    assert not a.is_open and not a.is_overdue(date(2027, 1, 1))
