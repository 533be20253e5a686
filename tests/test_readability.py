"""What a manager reads aloud is on screen whole, at the sizes managers use (80x24, 120x40, 200x60), and keys say
what they do (#23). Driven through the real app with Pilot; the text is read off the rendered screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from cc_tui.widgets.row_table import Column, fit_widths

from .app_support import NOW, demo_app, open_conversation, screen_text, settle

SIZES = [(80, 24), (120, 40), (200, 60)]
LONG_ACTION = ("Book a half-day with the platform team to walk through the ledger split, then write up what "
               "would need to change in the on-call rota before the rotation can start")
LONG_GOAL = ("Lead the design of a cross-team service end to end, from the first RFC to the rollout review, "
             "with two teams signing off the design document")


def _with_long_texts(folder: Path) -> None:
    """Amara's first open action item and first goal get texts far longer than any column."""
    from cc_tui.store import Store

    with Store.open(folder) as store:
        amara = store.find_employee("Amara")
        item = next(a for a in store.actions(amara.id) if a.is_open)
        store.save_action(item.model_copy(update={"text": LONG_ACTION}))
        goal = next(g for g in store.goals(amara.id) if g.status.is_open)
        store.save_goal(goal.model_copy(update={"title": LONG_GOAL}))


def test_optional_columns_give_way_whole_before_any_column_is_cut() -> None:
    columns = [Column("text", "Text", max_width=160, shrink=2, min_width=16), Column("who", "Who"),
               Column("goal", "Goal", max_width=40, shrink=4, optional=True),
               Column("n", "N", shrink=3, optional=True)]
    natural = [100, 12, 40, 3]
    assert fit_widths(natural, columns, 200) == [100, 12, 40, 3]  # room for all
    assert fit_widths(natural, columns, 130) == [100, 12, 0, 3]  # the goal column gives way first, whole
    assert fit_widths(natural, columns, 80) == [66, 12, 0, 0]  # then the count; only then is the text cut
    assert fit_widths(natural, columns, 20) == [16, 12, 0, 0]  # never below a minimum


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_home_keeps_every_column_readable(size: tuple[int, int], tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(app)
        rows = [line for line in text.splitlines() if "Amara" in line or "Jonas" in line]
        assert rows and not any("…" in line for line in rows), text
        assert "(2 overdue)" in rows[0] and "They owe" in text and "I owe" in text
        if size[0] >= 120:
            assert "Senior Backend Engineer" in text and "Payments" in text
        last = text.splitlines()[-1]
        assert "^q Quit" in last and "^p" in last  # quit whole, never a lone "^q"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_action_item_and_goal_is_readable_whole(size: tuple[int, int], tmp_path: Path) -> None:
    """Any item or goal text cut with an ellipsis on screen is shown whole in the selected row's detail line."""
    folder = tmp_path / "data"
    app = demo_app(folder)
    app.store.close()
    _with_long_texts(folder)
    from cc_tui.app import make_app
    from cc_tui.store import Store

    app = make_app(Store.open(folder, clock=lambda: NOW), clock=lambda: NOW, guides=None)
    async with app.run_test(size=size) as pilot:
        for stage, table, detail in (("f1", "#carry", "#carry-detail"), ("f3", "#goal-table", "#goal-detail"),
                                     ("f4", "#action-table", "#action-detail")):
            screen = await open_conversation(pilot, stage=stage) if stage == "f1" else app.screen
            if stage != "f1":
                await pilot.press(stage)
                await settle(pilot)
            rows = screen.query_one(table)
            rows.focus()
            await settle(pilot)
            cut_seen = 0
            for index in range(rows.option_count):
                rows.highlighted = index
                await settle(pilot)
                shown = str(rows.get_option_at_index(index).prompt.line(rows.scrollable_content_region.width))
                whole = str(screen.query_one(detail, Static).render())
                for text in (LONG_ACTION, LONG_GOAL):
                    if text[:12] in shown:
                        if text not in shown:
                            cut_seen += 1
                            assert "…" in shown
                            assert text in " ".join(whole.split()), (stage, size, whole)
            on_screen = screen_text(app)
            assert "Performance histo…" not in on_screen
            if stage == "f4" and size[0] < 200:
                assert cut_seen, "the long item should not fit a row at this width"
        await pilot.press("f1")
        await settle(pilot)
        assert "Performance history" in screen_text(app)


async def test_a_key_that_cannot_act_says_why(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", demo=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("s", "h", "e", "t"):
            await pilot.press(key)
            await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert messages.count("Nobody on the list yet: press a to add a person first.") == 3, messages
        assert any("team session needs at least two people" in m for m in messages), messages
        assert app.screen.__class__.__name__ == "HomeScreen"
