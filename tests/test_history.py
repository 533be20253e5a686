"""Past conversations: the history screen, the split view in a live conversation, the timeline and the diff."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from cc_tui.history import (
    conversation_document,
    diff_conversations,
    diff_text,
    goal_status_at,
    goal_timeline,
    motivation_series,
    sparkline,
)
from cc_tui.models import (
    ActionItem,
    ActionStatus,
    Conversation,
    Goal,
    GoalStatus,
    MotivationRating,
    Motivator,
    Quote,
    QuoteTag,
)
from cc_tui.screens.history import HistoryScreen, TimelineScreen
from cc_tui.store import Store
from cc_tui.widgets.document_view import DocumentView
from cc_tui.widgets.row_table import RowTable

from .app_support import NOW, demo_app, open_conversation, settle

SIZE = (120, 40)


# ------------------------------------------------------------------------------------------------ pure logic


def _conv(employee: str, days_ago: int, ratings: dict[Motivator, int], **kw: Any) -> Conversation:
    at = NOW - timedelta(days=days_ago)
    return Conversation(
        employee_ids=[employee], created_at=at, updated_at=at, finished_at=at + timedelta(hours=1),
        motivations=[MotivationRating(motivator=m, rating=r) for m, r in ratings.items()], **kw,
    )


def test_diff_reports_goals_motivators_and_actions() -> None:
    emp = "e" * 32
    old = _conv(emp, 60, {Motivator.FINANCIAL_REWARD: 5, Motivator.CREATIVE_FREEDOM: 2})
    new = _conv(emp, 30, {Motivator.FINANCIAL_REWARD: 2, Motivator.CREATIVE_FREEDOM: 5})
    kept = Goal(employee_id=emp, title="Kept", created_at=NOW - timedelta(days=90))
    achieved = Goal(employee_id=emp, title="Achieved", created_at=NOW - timedelta(days=90))
    achieved.change_status(GoalStatus.ACHIEVED, "done it", NOW - timedelta(days=30), new.id)
    added = Goal(employee_id=emp, title="Added", created_at=NOW - timedelta(days=30), conversation_id=new.id)
    later = Goal(employee_id=emp, title="Later", created_at=NOW - timedelta(days=1))
    opened = ActionItem(employee_id=emp, conversation_id=new.id, text="opened", created_at=NOW - timedelta(days=30))
    closed = ActionItem(employee_id=emp, conversation_id=old.id, text="closed", status=ActionStatus.DONE,
                        created_at=NOW - timedelta(days=60), updated_at=NOW - timedelta(days=30))
    still = ActionItem(employee_id=emp, conversation_id=old.id, text="still open", created_at=NOW - timedelta(days=60),
                       updated_at=NOW - timedelta(days=60))
    both = ActionItem(employee_id=emp, conversation_id=new.id, text="opened then dropped", status=ActionStatus.DROPPED,
                      created_at=NOW - timedelta(days=45), updated_at=NOW - timedelta(days=35))
    diff = diff_conversations(new, old, [kept, achieved, added, later], [opened, closed, still, both])  # any order
    assert [g.title for g in diff.goals_added] == ["Added"]
    assert [(g.title, a, b) for g, a, b in diff.goals_changed] == [("Achieved", GoalStatus.ACTIVE, GoalStatus.ACHIEVED)]
    assert [a.text for a in diff.actions_opened] == ["opened"]
    assert [a.text for a in diff.actions_closed] == ["closed"]
    assert [a.text for a in diff.actions_opened_closed] == ["opened then dropped"]
    text = diff_text(diff, old, new)
    assert "  opened and dropped: opened then dropped" in text and "  done: closed" in text and "  opened: opened" in text
    moved = {m: (va, vb, ra, rb) for m, va, vb, ra, rb in diff.motivators}
    assert moved[Motivator.FINANCIAL_REWARD] == (5, 2, 1, 2)
    assert moved[Motivator.CREATIVE_FREEDOM] == (2, 5, 2, 1)
    assert goal_status_at(later, old.finished_at) is None  # type: ignore[arg-type]


def test_timeline_and_sparkline() -> None:
    emp = "e" * 32
    convs = [_conv(emp, d, {Motivator.SKILL_DEVELOPMENT: r}) for d, r in ((90, 1), (60, 3), (30, 5))]
    series = motivation_series(list(reversed(convs)))
    assert series[Motivator.SKILL_DEVELOPMENT] == [1, 3, 5]
    assert series[Motivator.FINANCIAL_REWARD] == [None, None, None]
    assert sparkline([0, 1, 3, 5, None]) == "▁▂▄▆·"
    goal = Goal(employee_id=emp, title="Speak [/] at all-hands", created_at=NOW - timedelta(days=90))
    goal.change_status(GoalStatus.DROPPED, "reorg", NOW - timedelta(days=10))
    events = goal_timeline([goal])
    assert [(e.event, e.reason) for e in events] == [("added", ""), ("dropped", "reorg")]


def test_document_positions_point_at_field_text() -> None:
    emp = "e" * 32
    conv = _conv(emp, 5, {}, shared_notes="line one\nthe needle is here", private_notes="secret")
    doc = conversation_document(conv, {emp: "Ann"}, [], [])
    row, col = doc.position("shared_notes", conv.shared_notes.index("needle"))
    assert doc.text.splitlines()[row][col:col + 6] == "needle"
    assert "secret" in doc.text
    assert "secret" not in conversation_document(conv, {emp: "Ann"}, [], [], include_private=False).text


def test_their_words_are_in_the_history_as_said() -> None:
    """Quotes saved with ctrl+r were in no view but the next prep: the history of the conversation left them out."""
    emp = "e" * 32
    conv = _conv(emp, 5, {})
    conv.quotes = [Quote(text="I want to [b]lead[/b] the payments team", tag=QuoteTag.DREAM, at=NOW, employee_id=emp)]
    text = conversation_document(conv, {emp: "Ann"}, [], [], include_private=False).text
    assert "In their words:\n  “I want to [b]lead[/b] the payments team” (dream)\n" in text


# ------------------------------------------------------------------------------------------------ in the app


async def test_history_screen_lists_and_reads_past_conversations(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        amara = app.store.find_employee("Amara")
        summaries = app.store.history(amara.id)
        table = screen.query_one("#conv-list", RowTable)
        assert table.row_count == len(summaries) >= 3
        view = screen.query_one(DocumentView)
        newest = app.store.conversation(summaries[0].id)
        assert newest.shared_notes in view.text
        assert view.read_only
        await pilot.press("down")
        await settle(pilot)
        older = app.store.conversation(summaries[1].id)
        assert older.shared_notes in view.text
        await pilot.press("enter")
        assert app.focused is view
        await pilot.press("x")  # read-only: typing changes nothing
        assert older.shared_notes in view.text and app.store.conversation(older.id) == older
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)


async def test_the_history_screen_is_reused_and_never_shows_the_last_person(tmp_path: Path) -> None:
    """The app keeps one HistoryScreen (opening it again costs no compose); another person's history starts empty
    and fills with theirs only."""
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        first, second = home.rows[0].employee, home.rows[1].employee
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.employee_id == first.id
        first_notes = app.store.conversation(app.store.history(first.id)[0].id).shared_notes
        assert first_notes in screen.query_one(DocumentView).text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "h")
        assert app.screen is screen  # the same screen object, pushed again
        # before the new person's data has arrived, nothing of the first person is on screen
        assert first_notes not in screen.query_one(DocumentView).text
        assert first.name not in str(screen.title)
        await settle(pilot)
        table = screen.query_one("#conv-list", RowTable)
        ids = [s.id for s in app.store.history(second.id)]
        assert [table.get_option_at_index(i).id for i in range(table.row_count)] == ids
        assert second.name in str(screen.title)
        second_notes = app.store.conversation(ids[0]).shared_notes
        assert second_notes in screen.query_one(DocumentView).text and first_notes not in screen.query_one(DocumentView).text
    app.store.close()


async def test_compare_two_conversations(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")  # the first other conversation
        await settle(pilot)
        text = app.screen.query_one(DocumentView).text
        assert text.startswith("From ") and "Motivators (rating, rank)" in text and "Action items" in text


async def test_timeline_shows_motivation_trends_and_goal_events(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        text = app.screen.query_one(DocumentView).text
        amara = app.store.find_employee("Amara")
        n = len(app.store.history(amara.id))
        for m in Motivator:
            line = next(line for line in text.splitlines() if line.strip().startswith(m.label))
            assert sum(ch in "▁▂▃▄▅▆·" for ch in line) == n
        for goal in app.store.goals(amara.id):
            assert goal.title in text


async def test_split_view_shows_last_conversation_beside_the_live_one(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        await pilot.press("f7")
        await settle(pilot)
        past = screen.query_one("#past")
        assert past.display and screen.side.showing_past
        last = app.store.conversation(
            next(s.id for s in app.store.history(screen.conv.employee_ids[0]) if s.id != screen.conv.id)
        )
        view = screen.query_one("#past-doc", DocumentView)
        assert last.shared_notes in view.text
        # typing still goes to the live notes, and each side scrolls on its own
        await pilot.press("h", "i")
        assert screen.conv.shared_notes == "hi"
        view.scroll_end(animate=False)
        await pilot.pause()
        assert view.scroll_y > 0
        assert screen.query_one("#discussion").scroll_y == 0
        # ctrl+o picks another past conversation
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        other = [s for s in app.store.history(screen.conv.employee_ids[0]) if s.id != screen.conv.id][1]
        assert app.store.conversation(other.id).created_at.date().isoformat() in str(
            screen.query_one("#past-title").render()
        )
        await pilot.press("f7")
        await settle(pilot)
        assert not screen.query_one("#past").display


async def test_f6_with_the_past_conversation_open_shows_the_questions_it_ticks(tmp_path: Path) -> None:
    """F6 beside the split view focused the guide's list behind the past conversation: space then ticked (or
    unticked) a question nobody could see. F6 closes the split view and shows the guide; F7 opens it again."""
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conversation(pilot, stage="f2")
        await pilot.press("f7")
        await settle(pilot)
        assert screen.side.showing_past
        await pilot.press("f6")
        await settle(pilot)
        guide = screen.side.guide_panel
        assert not screen.side.showing_past and not screen.query_one("#past").display
        assert guide.display and guide.option_list.has_focus
        await pilot.press("space")
        await settle(pilot)
        assert screen.conv.questions_asked
        await pilot.press("f7")  # from the questions, which it hides: the keys go to the notes again
        await settle(pilot)
        assert screen.side.showing_past and screen.query_one("#past").display
        assert app.focused is screen.query_one("#f-shared_notes")
        await pilot.press("a", "b", "c")
        assert screen.conv.shared_notes.endswith("abc")


@pytest.mark.parametrize("keys", [("h",), ("h", "t"), ("h", "d", "enter")], ids=["history", "timeline", "diff"])
def test_history_snapshots(keys: tuple[str, ...], snap_compare: Any, tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")

    async def run(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run)
    finally:
        app.store.close()


def test_split_view_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")

    async def run(pilot: Any) -> None:
        await settle(pilot)
        for key in ("s", "f2", "f7"):
            await pilot.press(key)
            await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run)
    finally:
        app.store.close()


def test_history_of_a_person_reads_only_their_file(tmp_path: Path) -> None:
    """Opening a history touches the person's own file, not every conversation (speed with years of data)."""
    with Store.open(tmp_path / "d") as store:
        from cc_tui.demo import build_demo

        build_demo(store, now=NOW)
        amara = store.find_employee("Amara")
    reopened = Store.open(tmp_path / "d")
    try:
        summaries = reopened.history(amara.id)
        assert summaries and not reopened._conversations  # no conversation file was opened
    finally:
        reopened.close()


def test_status_updates_read_as_words_naming_their_item() -> None:
    from cc_tui.models import ItemKind, StatusUpdate

    emp = "e" * 32
    item = ActionItem(employee_id=emp, conversation_id="c" * 32, text="Send the course list", created_at=NOW)
    goal = Goal(employee_id=emp, title="Lead the ledger split", created_at=NOW)
    conv = _conv(emp, 1, {}, status_updates=[
        StatusUpdate(kind=ItemKind.ACTION, item_id=item.id, status="in_progress", note="waiting on budget", at=NOW),
        StatusUpdate(kind=ItemKind.GOAL, item_id=goal.id, status="on_hold", at=NOW),
        StatusUpdate(kind=ItemKind.ACTION, item_id="f" * 32, status="done", at=NOW),  # an item since erased
    ])
    text = conversation_document(conv, {emp: "Amara"}, [goal], [item]).text
    assert "Send the course list: in progress — waiting on budget" in text
    assert f"Lead the ledger split: {GoalStatus.ON_HOLD.label}" in text
    assert "an action item: done" in text
    assert "update:" not in text and "in_progress" not in text and "->" not in text
