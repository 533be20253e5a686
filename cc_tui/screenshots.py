"""Render SVG screenshots of every main screen from the demo data with a fixed clock.

    python -m cc_tui.screenshots [--out screenshots] [--only NAME ...]

The README shows these files; run this after changing what a screen looks like.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
SIZE = (120, 40)

# name -> steps; a step is a key name, or "type:TEXT", or "index" (wait for the search index)
SHOTS: dict[str, list[str]] = {
    "home": [],
    "prep": ["s"],
    "discussion": [
        "s", "f2",
        "type:Wants to lead the ledger split; enjoyed explaining the incident fix to other teams.",
        "tab", "type:Outside offer mentioned in passing; check the band with HR.",
        "tab", "down", "5", "f6", "space",
    ],
    "goals": ["s", "f3"],
    "actions": ["s", "f4"],
    "wrapup": ["s", "f5", "type:We agreed to focus on the ledger split; I book the architecture review."],
    "export": ["s", "f5", "type:We agreed to focus on the ledger split.", "f10"],
    "split-view": ["s", "f2", "type:Picking up from last time: the rotation question.", "f7"],
    "history": ["h"],
    "timeline": ["h", "t"],
    "search": ["index", "slash", "type:rotation"],
    "succession": ["p"],
    "team-session": [
        "t", "space", "down", "space", "enter", "a", "type:Mentoring programme", "tab", "tab",
        "type:Six months with a senior mentor, from January", "ctrl+s", "a", "type:Platform rotation", "ctrl+s",
        "f2", "type:The group wants more cross-team work and a say in the rotation.", "tab", "1", "2", "down", "2",
    ],
}


def _clock() -> datetime:
    return NOW


async def _shoot(name: str, steps: Sequence[str], out: Path) -> Path:
    from textual.widgets import Input, TextArea

    from .app import make_app
    from .demo import build_demo
    from .store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data", clock=_clock)
        build_demo(store, now=NOW)
        app = make_app(store, clock=_clock, index_delay=None, export_dir=Path("/home/you/exports"))
        try:
            async with app.run_test(size=SIZE) as pilot:

                async def settle() -> None:
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                    await pilot.pause()

                await settle()
                for step in steps:
                    if step == "index":
                        app.ensure_search_index()
                        while app.search_index is None:
                            await asyncio.sleep(0.05)
                    elif step.startswith("type:"):
                        await pilot.press(*step[5:])
                    else:
                        await pilot.press(step)
                    await settle()
                await pilot.pause(0.6)  # the manager stops typing: the wrap-up preview follows (0.4 s)
                await settle()
                for widget in app.screen.query("TextArea, Input"):
                    if isinstance(widget, (TextArea, Input)):
                        widget.cursor_blink = False
                await settle()
                path = app.save_screenshot(filename=f"{name}.svg", path=str(out))
        finally:
            app.saver.stop(5.0)
            store.close()
    return Path(path)


def _fixed_ids() -> None:
    """New records take ids from a counter, so a screenshot that shows one (the wrap-up preview) is the same each run
    (this script only: the app itself uses uuid4)."""
    import itertools
    import uuid

    counter = itertools.count(1)
    uuid.uuid4 = lambda: uuid.UUID(int=next(counter))  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cc_tui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--only", nargs="*", choices=sorted(SHOTS), default=None)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    _fixed_ids()
    names = args.only or list(SHOTS)
    for name in names:
        path = asyncio.run(_shoot(name, SHOTS[name], args.out))
        print(path)
    return 0




if __name__ == "__main__":
    sys.exit(main())
