"""A conversation screen is built with the stage it opens at; the other stage panes are built just after its first
frame (``ConversationScreen.build_the_rest``), or at once when a key goes to one of them. Whatever the order, a pane
is filled in, hidden in the share-safe view where it must be, and takes the keys typed into it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static

from cc_tui.models import Stage
from cc_tui.screens.conversation import ConversationScreen
from cc_tui.screens.conversation import screen as screen_module
from cc_tui.screens.conversation.common import StagePane
from cc_tui.screens.conversation.goals import GoalsPane
from cc_tui.screens.conversation.wrapup import WrapupPane
from cc_tui.widgets.row_table import RowTable

from .app_support import demo_app, saved, screen_text, settle, stop, type_text
from .test_share_safe import MARK, plant


async def test_the_first_frame_has_the_stage_shown_and_the_others_are_built_and_filled_just_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built_at_first_frame: list[int] = []
    original = App._display

    def display(self: App, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if isinstance(screen, ConversationScreen) and not built_at_first_frame:
            built_at_first_frame.append(len(screen.query(StagePane)))
        original(self, screen, renderable)

    monkeypatch.setattr(App, "_display", display)
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)  # the builder is a worker: settle waits for it
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert built_at_first_frame == [1]
        assert screen.all_built and {pane.stage for pane in screen.panes} == set(Stage)
        # each pane built later was filled in with the records read at open
        goals = screen.query_one(GoalsPane).query_one("#goal-table", RowTable)
        assert screen.session.goal_rows() and goals.option_count == len(screen.session.goal_rows())
        await pilot.press("f3")
        await settle(pilot)
        assert screen.session.goal_rows()[0].title[:20] in screen_text(app)
        await pilot.press("f5")
        await settle(pilot)
        preview = str(screen.query_one(WrapupPane).query_one("#preview", Static).render())
        items = [a.text for a in screen.session.action_rows()]
        assert items and all(text[:20] in preview for text in items[:3])
    stop(app)


async def test_a_key_to_a_stage_not_built_yet_builds_it_and_the_text_typed_next_lands_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen_module, "BUILD_REST_AFTER_S", 30.0)  # nothing built in the background in this test
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        opened_at = screen.session.conv.stage
        assert [pane.stage for pane in screen.panes] == [opened_at]
        # at once, as a manager would: the stage, then the words
        await pilot.press("f2")
        await type_text(pilot, "They want to lead [the] split")
        assert screen.session.conv.stage is Stage.DISCUSSION
        assert {pane.stage for pane in screen.panes} == {opened_at, Stage.DISCUSSION}
        await saved(app)
        assert screen.session.conv.shared_notes == "They want to lead [the] split"
        await pilot.press("f4")
        await pilot.press("f5")
        await pilot.pause(0.2)
        assert screen.session.conv.stage is Stage.WRAPUP
        assert "Shared summary" in screen_text(app)
    stop(app)


async def test_a_stage_built_after_the_view_became_share_safe_shows_nothing_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen_module, "BUILD_REST_AFTER_S", 30.0)
    folder = tmp_path / "data"
    plant(folder)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        screen.session.conv.private_notes = f"private {MARK}"  # what the discussion pane will be built with
        assert Stage.DISCUSSION not in {pane.stage for pane in screen.panes}
        await pilot.press("f12")
        await pilot.pause(0.2)
        await pilot.press("f2")
        await pilot.pause(0.3)
        assert Stage.DISCUSSION in {pane.stage for pane in screen.panes}
        assert screen.query_one("#f-private_notes").display is False
        shown = screen_text(app)
        assert "SHARE-SAFE VIEW" in shown and MARK not in shown
    stop(app)
