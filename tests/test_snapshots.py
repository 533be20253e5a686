"""Snapshots of every main screen at 120x40 (and the tight 80x24), on demo data with a fixed clock.

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


CASES: dict[str, tuple[Steps, tuple[int, int]]] = {
    "home": (steps(), SIZE),
    "person_form": (steps("a"), SIZE),
    "prep": (steps("s"), SIZE),
    "discussion": (
        steps("s", "f2", "type:They want to lead the ledger work [b]soon[/b] 🚀", "tab", "type:Retention risk", "tab",
              "4", "down", "5"),
        SIZE,
    ),
    "goals": (steps("s", "f3"), SIZE),
    "goal_form": (steps("s", "f3", "a"), SIZE),
    "actions": (steps("s", "f4"), SIZE),
    "action_form_bad_date": (steps("s", "f4", "a", "type:Book the review", "tab", "tab", "type:frobday"), SIZE),
    "wrapup": (steps("s", "f5", "type:Agreed to focus on the ledger split.", f"pause:{PREVIEW_DELAY + 0.3}"), SIZE),
    "discussion_80x24": (steps("s", "f2", "type:Short note"), (80, 24)),
    "home_200x60": (steps(), (200, 60)),
    # a team session: the group's own stages, the group-view marker, nothing individual
    "team_prep": (steps("t", "space", "down", "space", "enter", "a", "type:Mentoring programme", "tab", "tab",
                        "type:Six months, from January [b]x[/b]", "ctrl+s"), SIZE),
    "team_discussion": (steps("t", "space", "down", "space", "enter", "a", "type:Mentoring programme", "ctrl+s",
                              "f2", "type:The group wants cross-team work.", "tab", "1"), SIZE),
    "team_discussion_80x24": (steps("t", "space", "down", "space", "enter", "a", "type:Mentoring", "ctrl+s", "f2",
                                    "tab", "2"), (80, 24)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_screen(name: str, snap_compare: Any, tmp_path: Path) -> None:
    run_before, size = CASES[name]
    app = demo_app(tmp_path / "data")
    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        app.store.close()


def test_empty_home(snap_compare: Any, tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data", demo=False)
    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=steps())
    finally:
        app.store.close()
