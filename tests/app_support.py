"""Helpers for driving the app in tests: a demo store on a fixed clock, typing, waiting for saves."""

from __future__ import annotations

import asyncio
import html
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from cc_tui.app import CCApp, make_app
from cc_tui.demo import build_demo
from cc_tui.screens.conversation import ConversationScreen
from cc_tui.store import Store

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


def fixed_clock() -> datetime:
    return NOW


def demo_app(folder: Path, *, demo: bool = True, **kwargs: Any) -> CCApp:
    store = Store.open(folder, clock=fixed_clock)
    if demo:
        build_demo(store, now=NOW)
    kwargs.setdefault("clock", fixed_clock)
    kwargs.setdefault("guides", None)
    return make_app(store, **kwargs)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    keys = ["enter" if ch == "\n" else ch for ch in text]
    await pilot.press(*keys)


async def saved(app: CCApp) -> None:
    """Hand every edit to the saver and wait until it is on disk."""
    app.submit_edits()
    ok = await asyncio.to_thread(app.saver.flush, 10.0)
    assert ok, app.saver.last_error


def freeze(app: CCApp) -> None:
    """No blinking cursors: snapshots must be identical run after run."""
    for widget in app.screen.query("TextArea, Input"):
        if isinstance(widget, (TextArea, Input)):
            widget.cursor_blink = False


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for screen in pilot.app.screen_stack:  # a conversation builds its other stages in pauses: all of them now
        if isinstance(screen, ConversationScreen) and screen.is_mounted:
            await screen.build_all()
            await pilot.pause()
    freeze(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


async def open_conversation(pilot: Pilot[Any], *, key: str = "s", stage: str | None = None) -> ConversationScreen:
    """From home: start (or continue) the conversation of the person under the cursor, at ``stage`` (F1..F5) if given."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConversationScreen)
    if stage is not None:
        await pilot.press(stage)
        await settle(pilot)
    return screen


class MutableClock:
    """A clock a test can move forward."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now = self.now + timedelta(seconds=seconds)


def one_error_line(result: Any) -> str:
    """A CLI error: exit 1 and exactly one readable ``cc-tui: …`` line on stderr, no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cc-tui: ")
    assert "Traceback" not in result.stderr
    return str(lines[0])


def stop(app) -> None:
    """What the app handed the saver is on disk, and the folder is free for the next app."""
    assert app.saver.flush(10.0)
    app.store.close()


async def resume(pilot) -> None:
    """Home, then continue the conversation of the first person (it may open with a dialog on top)."""
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


def screen_text(app) -> str:
    """What the terminal shows, as text (from the screenshot Textual would save)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), html.unescape(m.group(3))))
    return "\n".join("".join(t for _, t in sorted(v)) for _, v in sorted(rows.items())).replace("\xa0", " ")


def cli_in_terminal(args: list[str], answers: list[tuple[bytes, bytes]], env: dict[str, str]) -> tuple[str, int]:
    """``cc-tui ARGS`` in a pseudo-terminal; each (prompt, answer): ``answer`` typed once ``prompt`` has shown."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(sys.executable, [sys.executable, "-m", "cc_tui.cli", *args], env)
    out, pending, seen = b"", list(answers), 0
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        while pending and out.count(pending[0][0]) > seen:
            prompt, answer = pending.pop(0)
            seen = out.count(pending[0][0]) if pending and pending[0][0] == prompt else 0
            os.write(fd, answer)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace"), os.waitstatus_to_exitcode(status)
