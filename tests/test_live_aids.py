"""Live-meeting aids: talk-time meter, timeboxes, quotes, the manager's commitments, team sessions, succession."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.widgets import Static

from cc_tui.dialogs.forms import ActionForm, SuccessionForm
from cc_tui.models import ConversationKind, Owner, QuoteTag, Readiness, Speaker
from cc_tui.reports import timeline_text
from cc_tui.screens.conversation import ConversationScreen
from cc_tui.screens.home import HomeScreen
from cc_tui.screens.succession import SuccessionScreen
from cc_tui.store import Store
from cc_tui.widgets.row_table import RowTable
from cc_tui.widgets.stage_bar import StageBar

from .app_support import NOW, MutableClock, demo_app, open_conversation, saved, screen_text, settle, type_text

SIZE = (120, 40)


async def _start(pilot: Any) -> ConversationScreen:
    return await open_conversation(pilot)


async def test_the_talk_meter_is_read_whole_at_80_columns(tmp_path: Path) -> None:
    """At 80 columns the stage bar cut the meter to "talk ▶": who is marked as speaking, and the shares, were off
    the edge. Too narrow for it all, the other stages show by their initial and the clocks without their plan."""
    clock = MutableClock()
    app = demo_app(tmp_path / "data", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        bar = screen.query_one(StageBar)
        await pilot.press("f8")
        clock.advance(120)
        screen._tick()
        await pilot.press("f8")
        clock.advance(100)
        screen._tick()
        await settle(pilot)
        line = screen_text(app).splitlines()[1]
        assert bar.extra in line and bar.extra.endswith("you 45%"), (line, bar.extra)
        assert "Discussion" in line and "Prep" not in line  # the stage you are on, whole
    app.store.close()


async def test_talk_time_meter_nudges_and_is_stored(tmp_path: Path) -> None:
    clock = MutableClock()
    app = demo_app(tmp_path / "data", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        bar = screen.query_one(StageBar)
        await pilot.press("f8")  # the employee speaks
        clock.advance(120)
        screen._tick()
        assert "them 100%" in bar.extra and not bar.extra_warning
        await pilot.press("f8")  # now the manager
        clock.advance(100)
        screen._tick()
        await pilot.pause()
        assert bar.extra_warning, "over 40% manager talk is flagged"
        assert "you 45%" in bar.extra
        assert any("40%" in str(n.message) for n in app._notifications)
        await pilot.press("f8")  # pause: time stops counting
        clock.advance(500)
        await pilot.press("escape")
        await settle(pilot)
        await saved(app)
        conv_id = screen.conv.id
    app.store.close()
    with Store.open(tmp_path / "data") as store:
        conv = store.conversation(conv_id)
        assert conv.talk_seconds == {Speaker.EMPLOYEE: 120.0, Speaker.MANAGER: 100.0}
        assert abs((conv.employee_share() or 0) - 120 / 220) < 1e-9
        person = store.employee(conv.employee_ids[0])
        history = [store.conversation(s.id) for s in store.history(person.id)]
        text = timeline_text(person, history, store.goals(person.id))
        assert f"{NOW.date().isoformat()}  55%" in text  # shown in history


async def test_timebox_flags_a_stage_that_runs_over(tmp_path: Path) -> None:
    clock = MutableClock()
    app = demo_app(tmp_path / "data", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        bar = screen.query_one(StageBar)
        assert bar.suggested_minutes and not bar.over_time
        clock.advance(bar.suggested_minutes * 60 + 1)
        screen._tick()
        assert bar.over_time
        assert "over time" in str(bar.render())
        await pilot.press("f3")  # a new stage starts its own clock
        await settle(pilot)
        assert not bar.over_time


async def test_quotes_are_saved_and_shown_in_prep_next_time(tmp_path: Path) -> None:
    clock = MutableClock()
    app = demo_app(tmp_path / "data", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await type_text(pilot, "I want to [b]build[/b] things people love")
        await pilot.press("shift+home")  # select the line
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("enter")  # first tag: dream
        await settle(pilot)
        await pilot.press("ctrl+r")  # nothing selected now: type a line
        await settle(pilot)
        await pilot.press("end")
        await type_text(pilot, "Afraid of losing hands-on work")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # concern
        await settle(pilot)
        assert [(q.text, q.tag) for q in screen.conv.quotes] == [
            ("I want to [b]build[/b] things people love", QuoteTag.DREAM),
            ("Afraid of losing hands-on work", QuoteTag.CONCERN),
        ]
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        clock.advance(7 * 86400)
        nxt = await open_conversation(pilot)
        assert nxt.conv.id != screen.conv.id
        shown = str(nxt.query_one("#last-quotes", Static).render())
        assert "I want to [b]build[/b] things people love" in shown and "(concern)" in shown


async def test_prep_opens_with_what_the_manager_owes(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        mine = [a for a in screen.data.carry.actions if a.owner is Owner.MANAGER and a.is_open]
        overdue = [a for a in mine if a.is_overdue(NOW.date())]
        assert mine
        text = str(screen.query_one("#commitments", Static).render())
        name = next(iter(screen.data.people.values())).name
        items = f"{len(mine)} item" + ("" if len(mine) == 1 else "s")
        assert f"You owe {name} {items}, {len(overdue)} overdue" in text
        first = screen.session.carried_rows()[0]
        assert getattr(first, "owner", None) is Owner.MANAGER  # listed first
        assert screen.query_one("#carry", RowTable).row_count == len(screen.session.carried_rows())


async def test_team_session_with_items_for_each_attendee(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("space", "down", "space", "enter")  # the first two people
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.conv.kind is ConversationKind.TEAM and len(screen.conv.employee_ids) == 2
        first, second = screen.conv.employee_ids
        await pilot.press("f2")
        await settle(pilot)
        await type_text(pilot, "Explained the new rotation programme to the team.")
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Apply for the rotation")
        await pilot.press("tab", "tab", "tab")  # owner, due, about
        await pilot.press("enter", "down", "enter")  # about: the second attendee
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await saved(app)
        conv_id = screen.conv.id
    app.store.close()
    with Store.open(tmp_path / "data") as store:
        assert any(s.id == conv_id for s in store.history(first))
        assert any(s.id == conv_id for s in store.history(second))
        item = next(a for a in store.actions(second) if a.text == "Apply for the rotation")
        assert item.conversation_id == conv_id
        assert not any(a.text == "Apply for the rotation" for a in store.actions(first))
        assert store.conversation(conv_id).shared_notes.startswith("Explained the new rotation")


async def test_succession_changed_in_a_conversation_and_listed(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot)
        person_id = screen.conv.employee_ids[0]
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, SuccessionForm)
        await pilot.press("space")  # high potential
        await pilot.press("tab")
        await pilot.press(*["backspace"] * 30)
        await type_text(pilot, "Tech lead, Payments")
        await pilot.press("tab", "enter", "home", "enter")  # ready now
        await pilot.press("ctrl+s")
        await settle(pilot)
        await saved(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, SuccessionScreen)
        table = app.screen.query_one(RowTable)
        first_row = [str(c) for c in table.get_row_at(0)]
        assert first_row[1] == "Tech lead, Payments" and first_row[2] == "Ready now" and "yes" in first_row[3]
    app.store.close()
    with Store.open(tmp_path / "data") as store:
        person = store.employee(person_id)
        assert person.high_potential
        assert person.succession[-1].role == "Tech lead, Payments"
        assert person.succession[-1].readiness is Readiness.READY_NOW




def _snapshot(snap_compare: Any, tmp_path: Path, keys: list[str], clock: Any = None) -> bool:
    app = demo_app(tmp_path / "data", index_delay=None, **({"clock": clock} if clock else {}))

    async def run(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            if key == "wait":
                clock.advance(130)
                pilot.app.screen._tick()
            elif key.startswith("type:"):
                await type_text(pilot, key[5:])
            else:
                await pilot.press(key)
            await settle(pilot)

    try:
        return bool(snap_compare(app, terminal_size=(120, 40), run_before=run))
    finally:
        app.store.close()


def test_snapshot_talk_time_meter_over_40_percent(snap_compare: Any, tmp_path: Path) -> None:
    clock = MutableClock()
    assert _snapshot(snap_compare, tmp_path, ["s", "f2", "f8", "wait", "f8", "wait"], clock)


def test_snapshot_quote_tagging(snap_compare: Any, tmp_path: Path) -> None:
    assert _snapshot(snap_compare, tmp_path, ["s", "f2", "type:I want to build things", "shift+home", "ctrl+r"])


def test_snapshot_succession_view(snap_compare: Any, tmp_path: Path) -> None:
    assert _snapshot(snap_compare, tmp_path, ["s", "f9", "space", "tab", "type: Tech lead", "ctrl+s", "escape", "p"])


def test_snapshot_team_session_actions(snap_compare: Any, tmp_path: Path) -> None:
    assert _snapshot(snap_compare, tmp_path, ["t", "space", "down", "space", "enter", "f4"])


async def test_a_long_dialog_title_wraps_at_80_columns(tmp_path: Path) -> None:
    """Dialog titles were one line, cut at the dialog's edge: "Tag “I would like to lead the design of a cross-te"
    at 80x24. They wrap."""
    from cc_tui.dialogs.basic import PickScreen

    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_conversation(pilot, stage="f2")
        await pilot.press("ctrl+r")
        await settle(pilot)
        words = "I would like to lead the design of a cross-team service next year"
        await type_text(pilot, words)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        flat = " ".join(re.sub(r"[█▊▎│ ]+", " ", screen_text(app)).split())  # the screen's lines, joined
        assert f"Tag “{words[:59]}…”" in flat, flat
    app.store.close()
