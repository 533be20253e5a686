"""The first conversation's modules are imported on home, in pauses, a step at a time (cc_tui/warm_imports.py), so
that the first open does not import them on the UI thread."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from cc_tui.warm_imports import MODULES, WarmImports, load


def test_a_step_stops_once_past_its_budget_and_skips_what_is_imported_or_fails() -> None:
    now = [0.0]
    imported: list[str] = []

    def importer(name: str) -> None:
        now[0] += 0.010  # each module takes 10 ms
        if name == "broken":
            raise ImportError(name)
        imported.append(name)

    warm = WarmImports(["sys", "a", "broken", "b", "c"], importer=importer, clock=lambda: now[0])
    assert warm.step(budget_s=0.015) == ["a"]  # "sys" is imported already; "broken" took the step past 15 ms
    assert warm.step(budget_s=0.015) == ["b", "c"]
    assert warm.done and imported == ["a", "b", "c"] and warm.step() == []


def test_every_module_listed_can_be_imported() -> None:
    for name in MODULES:
        load(name)  # a renamed module would make the warm-up skip it silently: the list must follow the code


def on_home_in_a_fresh_interpreter(folder: Path, body: str) -> list[str]:
    """Run ``body`` (inside ``async with app.run_test(...) as pilot:``, the demo app on ``folder``) in a fresh
    interpreter (this test process has imported everything already); its printed words."""
    script = "\n".join([
        "import asyncio, sys",
        "from cc_tui.app import make_app",
        "from cc_tui.demo import build_demo",
        "from cc_tui.store import Store",
        "",
        "async def main():",
        f"    store = Store.open({str(folder)!r})",
        "    build_demo(store)",
        "    app = make_app(store, index_delay=None)",
        "    async with app.run_test(size=(120, 40)) as pilot:",
        textwrap.indent(textwrap.dedent(body).strip("\n"), " " * 8),
        "    store.close()",
        "",
        "asyncio.run(main())",
    ])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def test_idle_on_home_the_conversation_modules_are_imported_before_any_is_opened(tmp_path: Path) -> None:
    words = on_home_in_a_fresh_interpreter(tmp_path / "data", """
        assert "cc_tui.screens.conversation" not in sys.modules, "imported at start-up"
        for _ in range(200):
            await pilot.pause(0.1)
            if app.warm_imports.done:
                break
        print(app.warm_imports.done, type(app.screen).__name__,
              "cc_tui.screens.conversation" in app.warm_imports.done_names)
        before = set(sys.modules)
        await pilot.press("enter")  # the first open now imports none of cc-tui's or Textual's modules
        for _ in range(100):
            await pilot.pause(0.05)
            if type(app.screen).__name__ == "ConversationScreen":
                break
        await pilot.pause(0.5)
        print(type(app.screen).__name__, sorted(name for name in set(sys.modules) - before
                                                if name.startswith(("cc_tui", "textual"))) or "-")
    """)
    assert words == ["True", "HomeScreen", "True", "ConversationScreen", "-"], words


def test_a_key_every_half_second_on_home_still_leaves_room_for_the_imports(tmp_path: Path) -> None:
    """A manager moving down the list a key every half second: the steps waited for 0.5 s without a key and for a
    tick without a collector's pass, so they never came, and the first open imported the conversation's modules on
    the UI thread (a ~25 ms stall in it: ``python -m benchmarks meeting``'s stall log)."""
    words = on_home_in_a_fresh_interpreter(tmp_path / "data", """
        keys = 0  # from the first frame on: the warm-up thread (models, guides) ends among the keys
        while not app.warm_imports.done and keys < 40:
            await pilot.press("down" if keys % 2 else "up")
            keys += 1
            await asyncio.sleep(0.5)
        print(app.warm_imports.done, type(app.screen).__name__, keys < 40,
              "cc_tui.screens.conversation" in app.warm_imports.done_names)
    """)
    assert words == ["True", "HomeScreen", "True", "True"], words


async def test_the_history_read_ahead_asked_for_before_the_warm_up_waits_for_it(tmp_path: Path) -> None:
    """Home asks to read the history of the person under the cursor at once; done before the warm-up thread had
    imported the models, the history screen's import imported them on the UI thread (~0.2 s stall). It waits."""
    from .app_support import demo_app, settle, stop

    app = demo_app(tmp_path / "data")
    release = threading.Event()
    warm_up = app.store.warm_up

    def held_warm_up() -> None:  # the warm-up thread held until the test has looked: no race with a slow machine
        release.wait(20)
        warm_up()

    app.store.warm_up = held_warm_up  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)  # home is up and has asked; the warm-up starts 0.5 s after the first frame
        assert not app._warmed_up and app._read_ahead_waiting is not None
        assert not app.is_screen_installed("history")
        release.set()
        for _ in range(200):
            await pilot.pause(0.05)
            if app._warmed_up:
                break
        await settle(pilot)
        assert app._read_ahead_waiting is None and app.is_screen_installed("history")
        person = app.screen.selected().employee  # type: ignore[attr-defined]
        assert app.services.history.fresh(person.id) is not None  # read: "h" shows it in its first frame
    stop(app)
