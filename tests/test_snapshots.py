"""Snapshots of every screen and dialog at 80x24, 120x40 and 200x60, on demo data with a fixed clock.

Update only after looking at the report: ``pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cc_tui.screens.conversation import PREVIEW_DELAY

from .app_support import demo_app, settle, type_text

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """New records get ids from a counter: the wrap-up preview (the export itself) shows the conversation's id."""
    import itertools
    import uuid

    counter = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))

Steps = Callable[[Pilot[Any]], Awaitable[None]]


def steps(*keys: str, text: str = "") -> Steps:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            if key.startswith("type:"):
                await type_text(pilot, key[5:])
            elif key.startswith("pause:"):  # the manager stops typing for this long (s)
                await pilot.pause(float(key[6:]))
            else:
                await pilot.press(key)
            await settle(pilot)
        await settle(pilot)

    return run


# every screen and dialog a manager meets, at the three sizes managers use: a laptop split (80x24), a laptop full
# screen (120x40), a big monitor (200x60)
SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x60": (200, 60)}
SCREENS: dict[str, Steps] = {
    "home": steps(),
    "person_form": steps("a"),
    "archive_confirm": steps("x"),
    "history": steps("h"),
    "succession": steps("p"),
    "prep": steps("s"),
    "discussion": steps("s", "f2", "type:They want to lead the ledger work [b]soon[/b] 🚀", "tab",
                        "type:Retention risk", "tab", "4", "down", "5"),
    "split_view": steps("s", "f2", "f7"),
    "goals": steps("s", "f3"),
    "goal_form": steps("s", "f3", "a"),
    "actions": steps("s", "f4"),
    "action_form_bad_date": steps("s", "f4", "a", "type:Book the review", "tab", "tab", "type:frobday"),
    "wrapup": steps("s", "f5", "type:Agreed to focus on the ledger split.", f"pause:{PREVIEW_DELAY + 0.3}"),
    "export_dialog": steps("s", "f10"),
    # a team session: the group's own stages, the group-view marker, nothing individual
    "team_prep": steps("t", "space", "down", "space", "enter", "a", "type:Mentoring programme", "tab", "tab",
                       "type:Six months, from January [b]x[/b]", "ctrl+s"),
    "team_discussion": steps("t", "space", "down", "space", "enter", "a", "type:Mentoring programme", "ctrl+s",
                             "f2", "type:The group wants cross-team work.", "tab", "1"),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, size: str, snap_compare: Any, tmp_path: Path) -> None:
    # the export dialog shows the file it would write: a folder that is the same on every machine (never written)
    app = demo_app(tmp_path / "data", export_dir=Path("/srv/cc-tui-exports"))
    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=SCREENS[name])
    finally:
        app.store.close()


def test_empty_home(snap_compare: Any, tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", demo=False)
    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=steps())
    finally:
        app.store.close()
