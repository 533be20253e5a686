"""#26.1 from the app: E on home erases the person under the cursor after their name is typed; every trace goes from
the folder (backups included), the home list and the running app's search index; refused on a shared screen."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.widgets import Input

from cc_tui.dialogs.erase_dialog import EraseDialog
from cc_tui.palette import binding_commands
from cc_tui.screens.home import HomeScreen
from cc_tui.store import Store

from .app_support import demo_app, screen_text, settle, stop, type_text
from .erase_support import MARK, every_byte, planted


async def _index_ready(app: Any) -> None:
    app.ensure_search_index()
    for _ in range(400):
        if app.search_index is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the search index was never built")


def _names(app: Any) -> list[str]:
    home = app.screen if isinstance(app.screen, HomeScreen) else app.get_screen("home")
    return [row.employee.name for row in home.rows]


async def test_wrong_name_erases_nothing_and_escape_cancels(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    person_id, name, _, _ = planted(folder)
    before = every_byte(folder)
    app = demo_app(folder, demo=False, index_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert _names(app)[0] == name
        await pilot.press("E")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EraseDialog)
        shown = screen_text(app)
        assert f"Erase {name}?" in shown and "Stays for the others: 1 team session" in shown
        assert "1 backup folder" in shown
        await type_text(pilot, name[:-1])  # nearly their name
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and "not their name" in screen_text(app)
        await pilot.click("#erase")  # disabled until the name matches
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and name in _names(app)
    stop(app)
    assert every_byte(folder) == before
    with Store.open(folder) as store:
        assert store.employee(person_id).name == name


async def test_typed_name_erases_everywhere_home_and_search_forget_them(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    person_id, name, other_id, team_id = planted(folder)
    app = demo_app(folder, demo=False, index_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _index_ready(app)
        index = app.search_index
        assert index.search(MARK).hits and index.search(name.split()[0]).hits
        own = {h.conversation_id for h in index.search(MARK).hits}
        await pilot.press("E")
        await settle(pilot)
        await type_text(pilot, f"  {name.upper()} ")  # any case, spaces around it
        await pilot.press("enter")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert name not in _names(app) and name not in screen_text(app)
        assert [n.message for n in app._notifications][-1].startswith(f"Erased {name}: ")  # noqa: SLF001
        assert app.search_index is index  # the same index, told what went
        assert not index.search(MARK).hits
        assert not index.search(name.split()[0]).hits and not index.search(name.split()[-1]).hits
        assert not index.search("okafor").hits
        team_hits = index.search("former attendee").hits
        assert [h.conversation_id for h in team_hits] == [team_id]
        assert team_hits[0].employee_ids == (other_id,)
        assert not own & {h.conversation_id for h in index.search("conversation").hits}
        await pilot.press("slash")  # the search screen of the running app
        await settle(pilot)
        await type_text(pilot, MARK)
        await settle(pilot)
        await pilot.pause(0.4)
        assert "0 conversations" in screen_text(app)
    stop(app)
    after = every_byte(folder)
    for trace in (MARK, name, person_id, "amara.okafor@example.com"):
        assert trace not in after, trace
    with Store.open(folder) as store:
        assert store.conversation(team_id).employee_ids == [other_id]


async def test_refused_on_a_shared_screen_and_listed_in_the_palette(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    planted(folder)
    app = demo_app(folder, demo=False, index_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = [c.title for c in binding_commands(app.screen)]
        assert "Erase person…" in commands
        await pilot.press("f12")
        await settle(pilot)
        assert app.services.share_safe
        assert "Erase person…" not in [c.title for c in binding_commands(app.screen)]
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.screen.action_erase_person()  # even if the action is reached another way
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    stop(app)


def test_erase_dialog_80x24(snap_compare: Any, tmp_path: Path) -> None:
    planted(tmp_path / "data")  # a team session and a backup copy to count
    app = demo_app(tmp_path / "data", demo=False, index_delay=None)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        await type_text(pilot, "Amara")
        await settle(pilot)
        app.screen.query_one(Input).cursor_blink = False

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.store.close()
