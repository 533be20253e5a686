"""Conversation flow: carry-over, status updates, finishing, the shared summary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from cc_tui.errors import UserError
from cc_tui.flow import (
    apply_status_update,
    carry_over,
    default_next_date,
    finish_conversation,
    next_stage,
    record_status_update,
    set_motivation,
    shared_summary,
    start_conversation,
)
from cc_tui.models import (
    ActionItem,
    ActionStatus,
    ConversationKind,
    Employee,
    Goal,
    GoalStatus,
    ItemKind,
    MotivationRating,
    Motivator,
    Stage,
)

from .conftest import FIXED_NOW


def later(days: float):
    return lambda: FIXED_NOW + timedelta(days=days)


@pytest.fixture
def person(store):
    e = Employee(name="Amara Okafor", cadence_days=30, created_at=FIXED_NOW)
    store.save_employee(e)
    return e


def test_stage_moves():
    assert next_stage(Stage.PREP) is Stage.DISCUSSION
    assert next_stage(Stage.WRAPUP) is Stage.WRAPUP
    assert next_stage(Stage.PREP, -1) is Stage.PREP
    assert next_stage(Stage.WRAPUP, -2) is Stage.GOALS


def test_default_next_date(person):
    assert default_next_date(person, date(2026, 11, 25)) == date(2026, 12, 25)


def test_start_carries_over_open_items_once_per_conversation(store, person, clock):
    first = start_conversation(store, [person.id], clock)
    assert first.kind is ConversationKind.INDIVIDUAL and person.name in first.title
    open_item = ActionItem(employee_id=person.id, conversation_id=first.id, text="open one", created_at=FIXED_NOW)
    done_item = ActionItem(employee_id=person.id, conversation_id=first.id, text="done one",
                           status=ActionStatus.DONE, created_at=FIXED_NOW)
    blocked = ActionItem(employee_id=person.id, conversation_id=first.id, text="blocked",
                         status=ActionStatus.BLOCKED, created_at=FIXED_NOW)
    store.save_actions([open_item, done_item, blocked])
    finish_conversation(store, first, clock, next_date=None)

    second = start_conversation(store, [person.id], later(30))
    counts = {a.text: a.carried_over for a in store.actions(person.id)}
    assert counts == {"open one": 1, "done one": 0, "blocked": 1}
    assert {a.text for a in carry_over(store, second).actions} == {"open one", "blocked"}
    # reading the carry-over again does not count again
    assert {a.text: a.carried_over for a in store.actions(person.id)} == counts

    start_conversation(store, [person.id], later(60))
    assert {a.text: a.carried_over for a in store.actions(person.id)} == {"open one": 2, "done one": 0, "blocked": 2}


def test_items_of_the_new_conversation_are_not_carried(store, person, clock):
    conv = start_conversation(store, [person.id], clock)
    store.save_action(ActionItem(employee_id=person.id, conversation_id=conv.id, text="new"))
    assert carry_over(store, conv).actions == []


def test_start_copies_last_motivations_and_goals(store, person, clock):
    first = start_conversation(store, [person.id], clock)
    set_motivation(first, MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=5))
    set_motivation(first, MotivationRating(motivator=Motivator.FINANCIAL_REWARD, rating=2))
    set_motivation(first, MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=4))
    assert [(m.motivator, m.rating) for m in first.motivations] == [
        (Motivator.FINANCIAL_REWARD, 2), (Motivator.SKILL_DEVELOPMENT, 4)]
    goal = Goal(employee_id=person.id, title="grow", created_at=FIXED_NOW)
    store.save_goal(goal)
    finish_conversation(store, first, clock, next_date=date(2026, 12, 20))

    second = start_conversation(store, [person.id], later(25))
    assert second.motivations == first.motivations
    assert second.id != first.id
    co = carry_over(store, second)
    assert co.previous is not None and co.previous.id == first.id
    assert [g.id for g in co.goals] == [goal.id]
    assert store.conversation(second.id).motivations == first.motivations


def test_unfinished_conversation_is_not_the_previous_one(store, person, clock):
    first = start_conversation(store, [person.id], clock)
    set_motivation(first, MotivationRating(motivator=Motivator.CREATIVE_FREEDOM, rating=3))
    store.save_conversation(first)
    second = start_conversation(store, [person.id], later(1))
    assert second.motivations == []


def test_team_conversation(store, person, clock):
    other = Employee(name="Jonas Weber", created_at=FIXED_NOW)
    store.save_employee(other)
    conv = start_conversation(store, [person.id, other.id], clock)
    assert conv.kind is ConversationKind.TEAM
    assert [h.id for h in store.history(other.id)] == [conv.id]
    with pytest.raises(UserError):
        start_conversation(store, [], clock)


def test_record_status_update_on_action(store, person, clock):
    first = start_conversation(store, [person.id], clock)
    item = ActionItem(employee_id=person.id, conversation_id=first.id, text="book a slot", created_at=FIXED_NOW)
    store.save_action(item)
    finish_conversation(store, first, clock, next_date=None)
    second = start_conversation(store, [person.id], later(30))
    (carried,) = carry_over(store, second).actions
    update = record_status_update(store, second, carried, "done", "booked", later(30))
    assert update.kind is ItemKind.ACTION and update.item_id == item.id
    (saved,) = store.actions(person.id)
    assert saved.status is ActionStatus.DONE and saved.status_note == "booked"
    back = store.conversation(second.id)
    assert [(u.item_id, u.status, u.note) for u in back.status_updates] == [(item.id, "done", "booked")]
    assert carry_over(store, back).actions == []


def test_record_status_update_on_goal_keeps_history(store, person, clock):
    conv = start_conversation(store, [person.id], clock)
    goal = Goal(employee_id=person.id, title="grow", created_at=FIXED_NOW)
    store.save_goal(goal)
    record_status_update(store, conv, goal, "achieved", "", clock)
    (saved,) = store.goals(person.id)
    assert saved.status is GoalStatus.ACHIEVED
    (change,) = saved.history
    assert change.status_from is GoalStatus.ACTIVE and change.conversation_id == conv.id
    assert change.reason == "marked achieved"
    assert store.conversation(conv.id).status_updates[0].kind is ItemKind.GOAL


def test_status_that_does_not_fit_is_refused_and_nothing_changes(store, person, clock):
    conv = start_conversation(store, [person.id], clock)
    item = ActionItem(employee_id=person.id, conversation_id=conv.id, text="x")
    with pytest.raises(ValidationError):
        apply_status_update(conv, item, "achieved", "", FIXED_NOW)
    assert conv.status_updates == [] and item.status is ActionStatus.OPEN


def test_finish_refuses_a_past_next_date(store, person, clock):
    conv = start_conversation(store, [person.id], clock)
    with pytest.raises(UserError, match="past"):
        finish_conversation(store, conv, clock, next_date=FIXED_NOW.date() - timedelta(days=1))
    assert conv.finished_at is None and store.conversation(conv.id).finished_at is None
    finish_conversation(store, conv, clock, next_date=FIXED_NOW.date(), summary="agreed")
    back = store.conversation(conv.id)
    assert back.finished and back.stage is Stage.WRAPUP and back.summary == "agreed"
    assert back.next_date == FIXED_NOW.date()


def test_shared_summary_never_contains_private_notes(demo_store):
    people = demo_store.employees()
    assert people
    checked = 0
    for e in people:
        names = {p.id: p.name for p in people}
        for h in demo_store.history(e.id):
            conv = demo_store.conversation(h.id)
            assert conv.private_notes.strip()
            text = shared_summary(conv, demo_store.goals(e.id), demo_store.actions(e.id), names)
            assert conv.private_notes.strip() not in text
            assert e.private_notes.strip() not in text
            assert conv.manager_prep.performance_history not in text
            assert conv.shared_notes.strip() in text
            checked += 1
    assert checked >= 10


def test_shared_summary_content(store, person, clock):
    conv = start_conversation(store, [person.id], clock)
    conv.shared_notes = "We talked about growth."
    conv.private_notes = "SECRET retention risk"
    set_motivation(conv, MotivationRating(motivator=Motivator.CREATIVE_FREEDOM, rating=5, note="SECRET note"))
    goal = Goal(employee_id=person.id, title="Lead a design", target_date=date(2027, 3, 1))
    item = ActionItem(employee_id=person.id, conversation_id=conv.id, text="Draft the RFC", due=date(2026, 12, 5))
    finish_conversation(store, conv, clock, next_date=date(2026, 12, 24))
    text = shared_summary(conv, [goal], [item], {person.id: person.name})
    assert "SECRET" not in text
    assert "We talked about growth." in text and "Lead a design (by 2027-03-01)" in text
    assert "Draft the RFC" not in text  # action items are in the export's table, not in its summary
    assert "**Next conversation:** 2026-12-24" in text
    assert "Creative freedom" not in text  # the ratings go to the employee only when the manager ticks "share"
    conv.share_motivators = True
    assert "Creative freedom: 5/5" in shared_summary(conv, [goal], [item], {person.id: person.name})


def test_wrapup_preview_is_the_summary_of_the_markdown_export(demo_store):
    """The preview is literally what the employee receives: the shared-summary part of the Markdown export."""
    from cc_tui import export as ex

    names = {p.id: p.name for p in demo_store.employees(include_archived=True)}
    checked = 0
    for e in demo_store.employees():
        for h in demo_store.history(e.id):
            conv = demo_store.conversation(h.id)
            goals = [g for p in conv.employee_ids for g in demo_store.goals(p)]
            actions = [a for p in conv.employee_ids for a in demo_store.actions(p)]
            preview = shared_summary(conv, goals, actions, names)
            md = ex.to_markdown(ex.bundle_for_conversation(demo_store, conv.id, now=FIXED_NOW))
            assert md[md.index("## Shared summary"):] == preview
            checked += 1
    assert checked >= 10
