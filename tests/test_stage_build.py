"""A conversation opens with only the stage it is at composed; the other four panes are built in the pauses after it
(hidden, filled with the records) or, when the manager asks for a stage first, there and then, before the switch and
before the keys typed after it — which all reach the stage they were typed into."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import ContentSwitcher, Static

from cc_tui.models import Stage
from cc_tui.screens.conversation import ConversationScreen
from cc_tui.screens.conversation import screen as conversation_screen
from cc_tui.screens.conversation.common import NotesArea
from cc_tui.store import Store
from cc_tui.widgets.row_table import RowTable
from cc_tui.widgets.stage_switcher import StageSwitcher

from .app_support import demo_app, saved, settle


async def open_without_waiting(pilot, app) -> ConversationScreen:  # type: ignore[no-untyped-def]
    """``s`` on home, then only until the conversation is on screen (no ``settle``: it builds every pane)."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("s")
    for _ in range(200):
        if isinstance(app.screen, ConversationScreen) and app.screen.is_mounted and app.screen.session.loaded:
            return app.screen
        await pilot.pause(0.02)
    raise AssertionError("the conversation never opened")


async def test_the_other_stages_are_built_in_the_pauses_hidden_and_filled(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_without_waiting(pilot, app)
        assert screen.session.conv.stage is Stage.PREP
        assert [p.stage for p in screen.panes][:1] == [Stage.PREP]
        for _ in range(100):  # no key pressed: a pane each pause
            if len(screen.panes) == len(Stage):
                break
            await pilot.pause(0.1)
        assert [p.stage for p in screen.panes] == list(Stage)  # in stage order whatever order they were built in
        assert [p.display for p in screen.panes] == [True, False, False, False, False]
        # filled with the records, as if composed with the screen
        goals = screen.pane(Stage.GOALS).query_one(RowTable)
        actions = screen.pane(Stage.ACTIONS).query_one(RowTable)
        assert goals.row_count == len(screen.session.goal_rows()) > 0
        assert actions.row_count == len(screen.session.action_rows()) > 0
        await pilot.press("f3")
        await settle(pilot)
        assert app.focused is goals
        assert "Goals" in str(screen.pane(Stage.GOALS).query_one(".section-title", Static).render())
    app.store.close()


async def test_a_stage_asked_for_before_its_turn_is_built_first_and_the_keys_after_it_land_there(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(conversation_screen, "BUILD_AFTER_IDLE", 3600.0)  # no pause long enough: on demand only
    text = "said right after F2"
    folder = tmp_path / "data"
    app = demo_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_without_waiting(pilot, app)
        assert [p.stage for p in screen.panes] == [Stage.PREP]
        # F2 and the words after it, all in the app's queue before any is handled
        app.post_message(events.Key("f2", None))
        for char in text:
            app.post_message(events.Key("space" if char == " " else char, char))
        for _ in range(100):
            await pilot.pause(0.05)
            area = screen.query_one("#f-shared_notes", NotesArea) if screen.query("#f-shared_notes") else None
            if area is not None and area.text == text:
                break
        assert screen.session.conv.stage is Stage.DISCUSSION
        assert [p.stage for p in screen.panes] == [Stage.PREP, Stage.DISCUSSION]  # only what was asked for
        assert screen.query_one("#f-shared_notes", NotesArea).text == text
        assert screen.query_one("#f-manager_prep--strengths", NotesArea).text.find(text) == -1
        await saved(app)
        conversation_id = screen.session.conv.id
    app.store.close()
    with Store.open(folder) as store:
        assert store.conversation(conversation_id).shared_notes == text


async def test_export_from_an_early_stage_is_shown_in_a_wrapup_built_for_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(conversation_screen, "BUILD_AFTER_IDLE", 3600.0)
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_without_waiting(pilot, app)
        assert Stage.WRAPUP not in [p.stage for p in screen.panes]
        wrapup = await screen.build_pane(Stage.WRAPUP)
        assert wrapup.display is False and wrapup.parent is screen.query_one("#stages")
        assert [p.stage for p in screen.panes] == [Stage.PREP, Stage.WRAPUP]
        assert await screen.build_pane(Stage.WRAPUP) is wrapup  # built once
    app.store.close()


class Recorder(StageSwitcher):
    """Records what each of its refresh requests passes on to Textual."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.passed: list[tuple[bool, bool]] = []


class SwitcherApp(App[None]):
    def compose(self) -> ComposeResult:
        with Recorder(id="stages", initial="one"):
            yield Static("the stage on screen", id="one")


async def test_a_hidden_pane_mounts_with_a_layout_and_no_repaint_of_the_stage_on_screen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    original = ContentSwitcher.refresh

    def recording(self, *regions, repaint=True, layout=False, recompose=False):  # type: ignore[no-untyped-def]
        if isinstance(self, Recorder):
            self.passed.append((repaint, layout))
        return original(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

    monkeypatch.setattr(ContentSwitcher, "refresh", recording)
    app = SwitcherApp()
    async with app.run_test() as pilot:
        switcher = app.query_one(Recorder)
        await pilot.pause()
        switcher.passed.clear()
        await switcher.mount_hidden(Static("built later", id="two"))
        await pilot.pause()
        layouts = [p for p in switcher.passed if p[1]]
        assert layouts and all(repaint is False for repaint, _ in layouts)  # Textual's layout asked for, no repaint
        assert app.query_one("#two").display is False and switcher.hidden_mounts == 0
        switcher.passed.clear()
        switcher.current = "two"  # a switch is drawn as always
        await pilot.pause()
        assert app.query_one("#two").display is True and app.query_one("#one").display is False
        switcher.refresh(layout=True)
        assert switcher.passed[-1] == (True, True)


async def test_panes_built_after_the_open_on_a_shared_screen_show_nothing_private(tmp_path: Path) -> None:
    """The screen shared (F12) as soon as the conversation opened: the stages built after that (asked for at once, or
    in a pause) hide the private parts as the one composed with the screen does."""
    from .app_support import screen_text
    from .test_share_safe import MARK, plant

    folder = tmp_path / "data"
    plant(folder)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_without_waiting(pilot, app)
        await pilot.press("f12")
        assert app.services.share_safe and len(screen.panes) < len(Stage)
        await pilot.press("f2")  # asked for before its turn
        await pilot.pause()
        assert Stage.DISCUSSION in [p.stage for p in screen.panes]
        for _ in range(100):  # the others, in pauses
            if len(screen.panes) == len(Stage):
                break
            await pilot.pause(0.1)
        assert len(screen.panes) == len(Stage)
        for key in ("f1", "f2", "f3", "f4", "f5"):
            await pilot.press(key)
            await settle(pilot)
            shown = screen_text(app)
            assert "SHARE-SAFE VIEW" in shown and MARK not in shown, (key, shown)
        private = [w for w in screen.query(".private-view") if w.display]
        assert not private, private
    app.store.close()


async def test_leaving_while_a_pane_is_being_built_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Escape at once, with the builder at work from the first pause: home comes back, no error, and the next open
    builds its panes as usual."""
    monkeypatch.setattr(conversation_screen, "BUILD_AFTER_IDLE", 0.0)
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            screen = await open_without_waiting(pilot, app)
            await pilot.pause(0.1)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, ConversationScreen) and app.is_running
            assert all(building.done() for building in screen._building.values())
        screen = await open_without_waiting(pilot, app)
        await settle(pilot)
        assert [p.stage for p in screen.panes] == list(Stage)
    assert app.return_code in (None, 0)
    app.store.close()
