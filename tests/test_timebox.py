"""#18.6: a meeting's minutes split across its stages (from the discussion's guide), shown on the stage bar, adding up
to the meeting's length; running over shows on the bar and, once per stage, in a gentle notification."""

from __future__ import annotations

from pathlib import Path

import pytest

from cc_tui.guides import load_guides
from cc_tui.guides.parser import parse_guide
from cc_tui.models import Employee, Stage
from cc_tui.store import Store
from cc_tui.timebox import stage_minutes
from cc_tui.widgets.stage_bar import StageBar

from .app_support import NOW, MutableClock, demo_app, resume, settle, stop


@pytest.mark.parametrize("total", [1, 7, 20, 25, 30, 45, 60, 90])
def test_default_split_adds_up_to_the_meeting(total: int) -> None:
    plan = stage_minutes(total)
    assert sum(plan.values()) == total and set(plan) == set(Stage)
    assert max(plan, key=lambda s: plan[s]) is Stage.DISCUSSION  # they talk most


def test_shipped_meeting_guides_say_how_their_minutes_split() -> None:
    library = load_guides()
    for guide_id in ("first-conversation", "check-in"):
        guide = library.get(guide_id)
        assert guide is not None and guide.timebox
        assert sum(m for _, m in guide.timebox) == guide.minutes


GUIDE = """---
id: timed
title: Timed
stages: [discussion]
audience: manager
{fields}
---

## Part
- What happened this week?
"""


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ("minutes: 30\ntimebox: [prep 5, discussion 15, goals 5, actions 3, wrapup 2]", None),
        ("timebox: [prep 5, discussion 15]", None),  # the minutes are the sum
        ("minutes: 30\ntimebox: [prep 5, discussion 15]", "adds up to 20 minutes but the guide says minutes: 30"),
        ("timebox: [prep five]", "timebox lists 'stage minutes' pairs"),
        ("timebox: [lunch 5]", "timebox lists 'stage minutes' pairs"),
        ("timebox: [prep 5, prep 3]", "gives the stage 'prep' twice"),
    ],
)
def test_timebox_in_the_front_matter(fields: str, problem: str | None) -> None:
    guide, problems = parse_guide(GUIDE.format(fields=fields), "timed.md")
    messages = [p.message for p in problems]
    if problem is None:
        assert guide is not None and not messages
        assert sum(m for _, m in guide.timebox) == guide.minutes
    else:
        assert any(problem in m for m in messages), messages


async def test_the_stage_bar_shows_each_share_and_tells_an_overrun_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, clock=lambda: NOW) as store:
        store.add_employees([Employee(name="New Starter", created_at=NOW)])
    clock = MutableClock()
    app = demo_app(folder, demo=False, clock=clock)
    async with app.run_test(size=(200, 40)) as pilot:
        await resume(pilot)
        bar = app.screen.query_one(StageBar)
        assert bar.plan == (5, 20, 10, 5, 5) and bar.meeting_minutes == 45  # the first-conversation guide
        text = bar.render().plain
        assert "F1 Prep 5′" in text and "F2 Discussion 20′" in text and "of ~5m" in text and "of 45m" in text
        clock.advance(6 * 60)
        app.screen._tick()  # what the 1-second interval does (called here: no race with a busy machine)
        await pilot.pause()
        await pilot.pause()
        assert bar.over_time and "over time" in bar.render().plain
        told = [n for n in app._notifications if "run past its 5 minutes" in n.message]  # noqa: SLF001
        assert len(told) == 1
        clock.advance(60)
        app.screen._tick()
        await pilot.pause(1.3)
        assert len([n for n in app._notifications if "run past" in n.message]) == 1  # noqa: SLF001 - once
        await pilot.press("f2")
        await settle(pilot)
        assert bar.suggested_minutes == 20 and not bar.over_time
    stop(app)


async def test_a_stage_already_over_its_time_when_reopened_is_not_told_again_and_home_gets_no_toast(
        tmp_path: Path) -> None:
    """The overrun is told when it happens in front of the manager. Continued later, the stage bar still says "over
    time", but no toast about the earlier meeting: it followed the manager home (a frame of its own there)."""
    from .app_support import open_conversation

    clock = MutableClock()
    app = demo_app(tmp_path / "data", clock=clock)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_conversation(pilot)
        bar = screen.query_one(StageBar)
        screen._tick()
        clock.advance((bar.suggested_minutes or 0) * 60 + 1)
        screen._tick()  # what the 1-second interval does
        await pilot.pause()
        assert len([n for n in app._notifications if "run past" in n.message]) == 1  # noqa: SLF001 - told
        app.clear_notifications()
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_conversation(pilot)  # the same conversation, continued
        bar = screen.query_one(StageBar)
        screen._tick()
        await pilot.pause()
        assert bar.over_time and "over time" in bar.render().plain
        assert [n.message for n in app._notifications if "run past" in n.message] == []  # noqa: SLF001
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.id == "home" and not app.screen.query("Toast")
    stop(app)
