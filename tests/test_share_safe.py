"""#21.1: the share-safe view (F12, or --share-safe at start) for a shared screen: a banner; nothing private on any
screen — private notes, style hints, the manager's prep, succession, unshared ratings, other people, search and
history; leaving asks first; exports are not affected."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from textual.screen import ModalScreen

from cc_tui.dialogs.basic import ConfirmScreen
from cc_tui.models import Readiness, SuccessionEntry
from cc_tui.screens.conversation import ConversationScreen
from cc_tui.screens.home import HomeScreen
from cc_tui.store import Store

from .app_support import NOW, demo_app, screen_text, settle, stop

MARK = "PRIVATE-5f1e"


def plant(folder: Path) -> tuple[str, str]:
    """The demo team, with MARK in every private field of the first person (and of their conversations)."""
    app = demo_app(folder)
    app.store.close()
    with Store.open(folder) as store:
        people = store.employees()
        person = people[0]
        person.private_notes = f"notes {MARK}"
        person.style = person.style.model_copy(update={"notes": f"style {MARK}"})
        person.high_potential = True
        person.succession = [SuccessionEntry(role=f"Lead {MARK}", readiness=Readiness.READY_NOW, updated_at=NOW)]
        store.save_employee(person)
        for summary in store.history(person.id):
            conv = store.conversation(summary.id)
            conv.private_notes = f"private {MARK}"
            conv.manager_prep.strengths = f"prep {MARK}"
            conv.manager_prep.growth_areas = f"growth {MARK}"
            store.save_conversation(conv, touch=False)
        return person.name, people[1].name


async def test_nothing_private_on_any_screen_while_shared(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    name, other = plant(folder)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # open the conversation first, then share the screen
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        shown = screen_text(app)
        assert MARK in shown  # the manager sees their own notes before sharing
        await pilot.press("f12")
        await settle(pilot)
        for key in ("f1", "f2", "f3", "f4", "f5"):
            await pilot.press(key)
            await settle(pilot)
            shown = screen_text(app)
            assert "SHARE-SAFE VIEW" in shown
            assert MARK not in shown, (key, shown)
            assert other not in shown  # nobody else
            if key == "f2":
                assert "Financial reward" not in shown and "What motivates them" not in shown  # not shared
        await pilot.press("f7")  # the split view: last time, without its private parts
        await settle(pilot)
        shown = screen_text(app)
        assert "Past:" in shown and MARK not in shown and "Motivations:" not in shown
        await pilot.press("f7", "f9")  # succession: not on a shared screen
        await settle(pilot)
        assert MARK not in screen_text(app)
        # ratings the manager decided to share do show
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        screen.session.share_motivators(True)
        await pilot.press("f2")
        await settle(pilot)
        assert "Financial reward" in screen_text(app)
        # home: the list of people is hidden; no search, no history
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        shown = screen_text(app)
        assert name not in shown and other not in shown and "hidden while your screen is shared" in shown
        await pilot.press("h", "slash", "p")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"ledger")
        await settle(pilot)
        await pilot.pause(0.5)
        assert MARK not in screen_text(app) and other not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # leaving asks first; "stay" stays
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.services.share_safe and other not in screen_text(app)
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not app.services.share_safe and other in screen_text(app)
    stop(app)


def test_started_share_safe_from_the_command_line(tmp_path: Path) -> None:
    """`cc-tui --share-safe` in a real terminal: the banner from the first frame, nobody's name drawn."""
    from .test_signals import Terminal

    folder = tmp_path / "data"
    name, other = plant(folder)
    term = Terminal(folder, tmp_path / "home", [sys.executable, "-m", "cc_tui.cli", "--share-safe"])
    try:
        term.wait_for("SHARE-SAFE")
        time.sleep(0.8)
        drawn = term.screen_text()
        assert name not in drawn and other not in drawn and MARK not in drawn
        term.type("\x11")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()


async def test_f12_under_a_dialog_or_the_palette_closes_what_is_under_it_too(tmp_path: Path) -> None:
    """F12 with a dialog open over the history (its "compare with" picker) or the command palette over search: the
    screens under them were left in place, and shown again, private notes and all, when the dialog closed."""
    folder = tmp_path / "data"
    name, other = plant(folder)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in (["h", "d"], ["slash", "ctrl+p"]):
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            assert len(app.screen_stack) == 3, [type(s).__name__ for s in app.screen_stack]
            await pilot.press("f12")
            await settle(pilot)
            assert app.share_safe and isinstance(app.screen, HomeScreen), [type(s).__name__ for s in app.screen_stack]
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            shown = screen_text(app)
            assert MARK not in shown and name not in shown and "SHARE-SAFE VIEW" in shown
            await pilot.press("f12")  # leave it (it asks) for the next round
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await settle(pilot)
            assert not app.share_safe
    stop(app)


@pytest.mark.parametrize("keys", [["e"], ["t"], ["ctrl+p", "m", "e", "n", "t"], ["s", "f9"]],
                         ids=["person form", "team picker", "palette search", "succession dialog"])
async def test_f12_closes_any_dialog_open_over_home_or_a_conversation(tmp_path: Path, keys: list[str]) -> None:
    """Home and a conversation are share-safe screens, and so Textual's dialogs over them counted as safe: F12 left a
    person's form (style hints, private notes), the succession dialog, the team picker (everyone's roles) or the
    palette's search results (other people's notes) on screen under the banner. Every dialog closes."""
    folder = tmp_path / "data"
    name, other = plant(folder)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        base = [type(s) for s in app.screen_stack if not isinstance(s, ModalScreen)]
        assert len(app.screen_stack) == len(base) + 1, [type(s).__name__ for s in app.screen_stack]
        await pilot.press("f12")
        await settle(pilot)
        assert app.share_safe and [type(s) for s in app.screen_stack] == base
        shown = screen_text(app)
        assert MARK not in shown and "SHARE-SAFE VIEW" in shown
        assert any("closed" in str(n.message) for n in app._notifications)
    stop(app)


async def test_f12_on_a_history_screen_closes_it_first(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    name, other = plant(folder)
    app = demo_app(folder, demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert MARK in screen_text(app)  # the history shows the private notes to the manager
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        shown = screen_text(app)
        assert MARK not in shown and name not in shown and "SHARE-SAFE VIEW" in shown
    stop(app)
