"""Search from its screen and from the command palette; Enter opens the conversation at the match."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from cc_tui.history import conversation_document
from cc_tui.screens.history import HistoryScreen
from cc_tui.screens.search import SearchScreen
from cc_tui.widgets.document_view import DocumentView

from .app_support import demo_app, open_conversation, saved, settle, type_text

SIZE = (120, 40)


async def _index_ready(app: Any) -> None:
    app.ensure_search_index()
    for _ in range(200):
        if app.search_index is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the search index was never built")


async def _search_screen(pilot: Any) -> SearchScreen:
    """From home, once the search index is built: the search screen (/)."""
    await settle(pilot)
    await _index_ready(pilot.app)
    await pilot.press("slash")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_search_screen_finds_and_opens_at_the_match(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", index_delay=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _search_screen(pilot)
        await type_text(pilot, "rotation")
        await pilot.pause(0.3)
        await settle(pilot)
        options = screen.query_one(OptionList)
        assert options.option_count == len(screen.hits) > 0
        hit = screen.hits[0]
        names = app.names()
        first = str(options.get_option_at_index(0).prompt)
        assert names[hit.employee_ids[0]] in first and hit.created_at.date().isoformat() in first
        assert "rotation" in first.lower()
        await pilot.press("enter")  # into the results
        await pilot.press("enter")  # open
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        view = history.query_one(DocumentView)
        assert app.focused is view
        conv = app.store.conversation(hit.conversation_id)
        person = hit.employee_ids[0]
        doc = conversation_document(conv, names, app.store.goals(person), app.store.actions(person))
        row, col = doc.position(hit.field, hit.start)
        assert view.cursor_location == (row, col)
        assert view.document.get_line(row)[col:col + len("rotation")].lower() == "rotation"


async def test_private_notes_goals_and_new_text_are_searchable(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", index_delay=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _index_ready(app)
        private = app.search_index.search("retention")  # a private note in the demo data
        assert private.hits and private.hits[0].field == "private_notes"
        goal = app.search_index.search("user-research")
        assert any(h.field.startswith("goal") for h in goal.hits)
        # typed in a live conversation, findable as soon as it is saved
        await open_conversation(pilot)
        await pilot.press("f2")
        await type_text(pilot, "Zanzibarian sabbatical idea")
        await saved(app)
        results = app.search_index.search("zanzibarian")
        assert [h.conversation_id for h in results.hits] == [app.screen.conv.id]
        assert results.hits[0].field == "shared_notes"


async def test_search_from_the_command_palette(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", index_delay=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _index_ready(app)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "rotation")
        await pilot.pause(0.8)
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_palette_search_from_the_history_screen_opens_the_hit_there(tmp_path: Path) -> None:
    """The history screen is one reused screen: a hit opened while it is showing replaces what it shows."""
    app = demo_app(tmp_path / "data", index_delay=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _index_ready(app)
        await pilot.press("end", "h")  # the last person's history
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "rotation")
        await pilot.pause(0.8)
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is history and app.screen_stack.count(history) == 1
        assert "rotation" in history.query_one(DocumentView).text.lower()
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen.id == "home"
    app.store.close()


async def test_palette_lists_every_screen_binding(tmp_path: Path) -> None:
    """Every action has a palette entry: the home screen's and, in a conversation, the stage's actions."""
    from cc_tui.palette import binding_commands

    app = demo_app(tmp_path / "data", index_delay=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in binding_commands(app.screen)}
        assert {"Start conversation", "Add person", "Edit person", "Team session", "History", "Search",
                "Succession"} <= titles
        await open_conversation(pilot)
        titles = {c.title for c in binding_commands(app.screen)}
        assert {"Stages", "Goals", "Actions", "Wrap-up", "Questions", "Past", "Who speaks", "Quote", "Guide",
                "Done", "Blocked", "Home"} <= titles
        await pilot.press("f3")
        await settle(pilot)
        titles = {c.title for c in binding_commands(app.screen)}
        assert {"Add goal", "Edit goal", "Change status"} <= titles


def test_search_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", index_delay=None)

    async def run(pilot: Any) -> None:
        await _search_screen(pilot)
        await type_text(pilot, "rotation")
        await pilot.pause(0.3)
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run)
    finally:
        app.store.close()


async def test_each_search_key_draws_its_results_in_one_frame(tmp_path: Path, monkeypatch: Any) -> None:
    """A key in the search box draws the box (its echo), then the results once. Clearing the list and adding the new
    results hid and showed its scroll bar (two layouts), and a layout handed the list a virtual size it then
    corrected: the results were drawn three times, the last ~65 ms after the key in a real terminal."""
    from textual.app import App

    frames: list[str] = []
    display = App._display
    monkeypatch.setattr(App, "_display", lambda self, screen, update: (
        frames.append(screen.id or "") if update is not None else None, display(self, screen, update))[1])
    app = demo_app(tmp_path / "data", index_delay=None)
    async with app.run_test(size=(80, 24)) as pilot:  # more results than fit: the scroll bar shows
        screen = await _search_screen(pilot)
        options = screen.query_one(OptionList)
        drawn = []
        for key in ("t", "e", "a", "backspace", "backspace"):
            frames.clear()
            await pilot.press(key)
            await pilot.pause(0.3)  # the search runs in a worker thread
            await settle(pilot)
            assert screen.hits and options.option_count == len(screen.hits)
            assert options.virtual_size.height > options.scrollable_content_region.height  # a scroll bar shows
            drawn.append(list(frames))
        # the echo, then the results (one frame when the results come before the echo's frame was due)
        assert all(frames in (["search"], ["search", "search"]) for frames in drawn), drawn
