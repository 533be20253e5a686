"""The conversation session without a terminal: a real store in a temporary folder, the real saver thread, a clock
that a test moves. What the screen used to keep (dirty records, snapshots, stage and talk clocks, status updates,
carry-over, finishing) is driven here as the screen drives it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cc_tui.errors import UserError
from cc_tui.flow import start_conversation
from cc_tui.models import (
    ActionItem,
    ActionStatus,
    GoalStatus,
    MotivationRating,
    MotivationSource,
    Motivator,
    Owner,
    QuoteTag,
    Readiness,
    Speaker,
    Stage,
)
from cc_tui.saver import Saver
from cc_tui.services import Services

from .app_support import NOW, MutableClock


@pytest.fixture
def services(demo_store):
    clock = MutableClock()
    saver = Saver()
    services = Services(demo_store, clock=clock, saver=saver)
    yield services
    saver.stop(5.0)


def open_session(services, name: str = "Amara"):
    person = next(e for e in services.store.employees() if e.name.startswith(name))
    conv = start_conversation(services.store, [person.id], services.clock)
    session = services.session(conv)
    session.populate(session.read())
    session.start_clock()
    return session


def on_disk(services, session):
    assert services.saver.flush(10.0), services.saver.last_error
    return services.store.conversation(session.conv.id)


def test_typed_text_reaches_the_disk_through_the_saver(services):
    session = open_session(services)
    asked: list[float] = []
    session.schedule = asked.append
    assert session.set_text("shared_notes", "They want to lead the ledger split")
    assert session.set_text("manager_prep.strengths", "calm in outages")
    assert not session.set_text("shared_notes", "They want to lead the ledger split")  # unchanged: no save asked
    assert asked == [session.autosave_delay, session.autosave_delay]
    assert session.dirty == {"conversation"}
    session.submit_dirty()
    assert not session.dirty
    stored = on_disk(services, session)
    assert stored.shared_notes == "They want to lead the ledger split"
    assert stored.manager_prep.strengths == "calm in outages"


def test_a_paste_past_the_limit_is_refused_and_the_field_keeps_its_text(services):
    session = open_session(services)
    session.set_text("private_notes", "kept")
    with pytest.raises(UserError, match="2 million"):
        session.set_text("private_notes", "x" * 2_000_001)
    assert session.conv.private_notes == "kept"


def test_unsaved_text_is_never_older_than_one_second_while_typing_goes_on(services):
    """Steady typing (a key every 0.3 s, never a pause of 0.8 s): the save is asked for at the latest 1 s after the
    first unsaved key, and handed over at once past it."""
    now = [0.0]
    session = open_session(services)
    session.monotonic = lambda: now[0]
    asked: list[float] = []
    session.schedule = asked.append
    for i, at in enumerate((0.0, 0.3, 0.6, 0.9)):
        now[0] = at
        session.set_text("shared_notes", "x" * (i + 1))
    assert asked == pytest.approx([0.8, 0.7, 0.4, 0.1])  # every timer ends by 1.0 s after the first key
    assert all(at + delay <= 1.0 + 1e-9 for at, delay in zip((0.0, 0.3, 0.6, 0.9), asked))
    now[0] = 1.2  # the timer was late (a busy machine): the next key hands everything over at once
    session.set_text("shared_notes", "xxxxx")
    assert not session.dirty
    assert on_disk(services, session).shared_notes == "xxxxx"
    now[0] = 1.5  # and the bound starts again from the next unsaved key
    session.set_text("shared_notes", "xxxxxx")
    assert asked[-1] == pytest.approx(0.8) and session.dirty


def test_stage_clock_and_talk_meter(services):
    session = open_session(services)
    clock = services.clock
    clock.advance(120)
    assert session.stage_clock() == (120.0, 120.0)
    assert session.go_to(Stage.DISCUSSION) and not session.go_to(Stage.DISCUSSION)
    assert session.conv.stage_seconds[Stage.PREP] == 120.0
    session.toggle_speaker()
    assert session.speaker is Speaker.EMPLOYEE
    clock.advance(30)
    session.toggle_speaker()  # the manager talks
    clock.advance(40)
    reading = session.talk_reading()
    assert reading.warning and reading.nudge and "you 57%" in reading.text
    assert not session.talk_reading().nudge  # nudged once, not at every tick
    session.save_all()
    stored = on_disk(services, session)
    assert stored.stage_seconds[Stage.DISCUSSION] == 70.0
    assert stored.talk_seconds == {Speaker.EMPLOYEE: 30.0, Speaker.MANAGER: 40.0}


def test_last_time_carries_over_and_status_updates_are_recorded(services):
    session = open_session(services)
    carried = session.carried_rows()
    assert carried, "the demo person has open items and active goals from last time"
    mine = [r for r in carried if isinstance(r, ActionItem) and r.owner is Owner.MANAGER]
    item = (mine or [r for r in carried if isinstance(r, ActionItem)])[0]
    session.update_carried(item, "done", "sent the intro")
    assert not session.dirty  # a status is saved at once
    stored = on_disk(services, session)
    assert [(u.item_id, u.status, u.note) for u in stored.status_updates] == [(item.id, "done", "sent the intro")]
    person_items = {a.id: a for a in services.store.actions(item.employee_id)}
    assert person_items[item.id].status is ActionStatus.DONE


def test_goals_items_and_finishing(services):
    session = open_session(services)
    person = next(iter(session.data.people.values()))
    from cc_tui.models import Goal

    goal = Goal(employee_id=person.id, title="Lead the ledger split", conversation_id=session.conv.id,
                created_at=NOW)
    session.save_goal(goal)
    item = ActionItem(employee_id=person.id, text="Book the review", owner=Owner.MANAGER,
                      conversation_id=session.conv.id, created_at=NOW, goal_id=goal.id)
    session.save_action(item)
    session.set_action_status(item, ActionStatus.DONE)
    session.set_action_status(item, ActionStatus.DONE)  # pressed again: open again
    assert item.status is ActionStatus.OPEN
    session.change_goal_status(goal, GoalStatus.CHANGED, "the team was merged")
    assert "Lead the ledger split" in session.preview_text() and "Book the review" in session.preview_text()
    session.rate(MotivationRating(motivator=Motivator.SKILL_DEVELOPMENT, rating=4, source=MotivationSource.INTRINSIC))
    session.add_quote("I want to build things people use", QuoteTag.DREAM)
    session.set_succession(person, True, "Tech lead", Readiness.ONE_TWO_YEARS)
    with pytest.raises(UserError):
        session.finish(NOW.date() - timedelta(days=1))
    session.finish(date(2027, 1, 15))
    stored = on_disk(services, session)
    assert stored.finished and stored.next_date == date(2027, 1, 15)
    assert stored.quotes[0].text == "I want to build things people use"
    assert stored.motivation(Motivator.SKILL_DEVELOPMENT).rating == 4  # type: ignore[union-attr]
    goals = {g.id: g for g in services.store.goals(person.id)}
    assert goals[goal.id].status is GoalStatus.CHANGED
    assert goals[goal.id].history[-1].reason == "the team was merged"
    assert services.store.employee(person.id).succession[0].role == "Tech lead"


def test_private_notes_never_reach_the_preview(services):
    session = open_session(services)
    session.set_text("private_notes", "PRIVATE-MARKER health leave")
    session.set_text("shared_notes", "SHARED-MARKER")
    text = session.preview_text()
    assert "SHARED-MARKER" in text and "PRIVATE-MARKER" not in text
