"""A pushed screen is drawn once (#25, the open row): Textual drew a freshly pushed screen whole three times.

Its first frame; a whole repaint asked for right after it (``Screen._on_screen_resume``, and the ``AwaitMount`` of
the push); and a second layout with a repaint of every widget shown for the first time (each one's virtual size set
through a reactive that asks for both). ``textual_compat.painted_once`` and ``quiet_layout_sizes`` take the two later
ones out. And a screen under a dialog, once anything in it changed, asked for the whole screen to be drawn again at
each of its later updates (``quiet_background``). Checked the way a manager sees it: the bytes a real terminal
receives when a conversation opens from home, and when a dialog opens over it, with the features on and off; and when the dialog closes (``repainted_once``: the screen shown again was repainted
whole on its resume, and again when the dialog's removal ended). And the open's first frame waits for its widgets to
answer the first layout (``held_first_frame``): drawn before, the notes' wrapping, the guide's line map and the
header's title came in a second frame."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from .test_signals import Terminal, demo_folder  # noqa: F401 - demo_folder is a fixture

FEATURES = ("painted_once", "repainted_once", "quiet_layout_sizes", "quiet_background", "held_first_frame",
            "quiet_focus", "one_frame_layout")
OFF = """
import sys
from cc_tui import textual_compat
for name in {names!r}:
    textual_compat.set_enabled(name, False)
from cc_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""
F10 = "\x1b[21~"


def written_until_settled(term: Terminal, keys: str, shown: str) -> int:
    """Type ``keys``; the bytes the terminal receives from then to 0.8 s after ``shown`` is on screen (the
    conversation's other panes are built in that pause; they write nothing)."""
    mark = len(term.output)
    term.type(keys)
    deadline = time.monotonic() + 30
    while shown.encode() not in term.output[mark:] and shown not in Terminal.screen_text(term):
        assert time.monotonic() < deadline, f"{shown!r} never showed"
        time.sleep(0.02)
    time.sleep(0.8)
    return len(term.output) - mark


def written_in(term: Terminal, keys: str, seconds: float = 0.8) -> int:
    """Type ``keys``; the bytes the terminal receives in the next ``seconds``."""
    mark = len(term.output)
    term.type(keys)
    time.sleep(seconds)
    return len(term.output) - mark


def bytes_written(folder: Path, home: Path, command: list[str]) -> tuple[int, int, int]:
    """cc-tui started in a pty: the bytes of the first person's conversation opening from home, of the export dialog
    opening over it, and of that dialog closing."""
    term = Terminal(folder, home, command)
    try:
        term.wait_for("Amara")
        time.sleep(1.0)
        opened = written_until_settled(term, "s", "Carried over")
        dialog = written_until_settled(term, F10, "Export action items")
        shown = term.screen_text()
        closed = written_in(term, "\x1b")
        term.type("\x11")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert "Traceback" not in shown and "Wrap-up" in shown
    return opened, dialog, closed


def test_a_conversation_and_a_dialog_are_drawn_once_not_three_times(demo_folder: Path,  # noqa: F811
                                                                   tmp_path: Path) -> None:
    on, off = [], []
    for i in range(2):  # in turn: the first open of the folder starts the conversation, the later ones continue it
        on.append(bytes_written(demo_folder, tmp_path / f"home-on-{i}", [sys.executable, "-m", "cc_tui.cli"]))
        off.append(bytes_written(demo_folder, tmp_path / f"home-off-{i}",
                                 [sys.executable, "-c", OFF.format(names=FEATURES)]))
    # plain Textual wrote the conversation ~2.5 times over for the same open (44 KB against 18 KB), the export dialog
    # with what is under it ~7 times over (~150 KB against ~21 KB), and the conversation again twice when it closed
    for which in (0, 1, 2):
        assert max(run[which] for run in on) < 0.8 * min(run[which] for run in off), (on, off)


def test_every_screen_and_dialog_of_cc_tui_is_painted_and_styled_once() -> None:
    """A new screen or dialog takes the mixin too (ARCHITECTURE.md, speed decisions): every ``Screen`` subclass that
    cc-tui defines, found by importing every module of the package."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import cc_tui
    from cc_tui.textual_compat import PaintedOnce, StyledOnce

    for module in pkgutil.walk_packages(cc_tui.__path__, "cc_tui."):
        if module.name != "cc_tui.__main__":  # (it runs the app)
            importlib.import_module(module.name)
    found: list[type] = []
    todo: list[type] = [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("cc_tui."):
                found.append(sub)
    assert len(found) >= 15, found
    assert [cls.__qualname__ for cls in found if not issubclass(cls, PaintedOnce)] == []
    # and styled once: a dialog pushed was styled a second time on its resume (~20 ms of each form's open)
    assert [cls.__qualname__ for cls in found if not issubclass(cls, StyledOnce)] == []


async def test_an_open_whose_hold_ends_by_its_timer_is_still_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The conversation holds its first frame until its widgets have settled; if they never do (a widget gone, a
    handler stuck), the hold's timer ends it, and the frame owed is drawn then (``held_first_frame``)."""
    from textual.app import App

    from cc_tui.screens.conversation import screen as conversation_screen

    from .app_support import demo_app

    monkeypatch.setattr(conversation_screen, "release_when_settled", lambda *args, **kwargs: None)  # never settles
    shown: list[str] = []
    display = App._display
    monkeypatch.setattr(App, "_display", lambda self, screen, update: (
        shown.append(type(screen).__name__) if update is not None else None, display(self, screen, update))[1])
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("s")
        await pilot.pause(0.2)
        assert isinstance(app.screen, conversation_screen.ConversationScreen)
        assert "ConversationScreen" not in shown  # held: nothing of it drawn yet
        await pilot.pause(0.6)  # the hold's timer (0.5 s) has ended it
        assert "ConversationScreen" in shown
        assert "Wrap-up" in app.screen.query_one("#stage-bar").render().plain  # type: ignore[union-attr]


@pytest.mark.parametrize("on", [True, False], ids=["held_first_frame", "plain Textual"])
async def test_an_open_is_drawn_once_when_its_hold_ends_not_while_held(on: bool, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The app holds its frames from the push of a conversation until it is built and laid out. Textual drew the
    first layout anyway (``Screen._refresh_layout`` puts its frame off with ``call_later``, not until the hold ends):
    a frame of a half-built screen, then another when the hold ended. ``held_first_frame``: one frame, at the end."""
    from textual.app import App

    import cc_tui.app
    from cc_tui import textual_compat
    from cc_tui.screens.conversation import ConversationScreen

    from .app_support import demo_app, settle

    frames: list[str] = []  # "held" or "free": a frame of the conversation drawn before or after the hold ended
    state = ["free"]
    hold_frames = cc_tui.app.hold_frames

    def spy_hold(app: App, *, timeout: float):  # type: ignore[no-untyped-def]
        release = hold_frames(app, timeout=timeout)
        state[0] = "held"

        def spy_release() -> None:
            state[0] = "free"
            release()
        return spy_release

    display = App._display

    def spy_display(self: App, screen, update) -> None:  # type: ignore[no-untyped-def]
        if update is not None and isinstance(screen, ConversationScreen):
            frames.append(state[0])
        display(self, screen, update)

    monkeypatch.setattr(cc_tui.app, "hold_frames", spy_hold)
    monkeypatch.setattr(App, "_display", spy_display)
    textual_compat.set_enabled("held_first_frame", on)
    try:
        app = demo_app(tmp_path / "data")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, ConversationScreen)
            assert "Wrap-up" in app.screen.query_one("#stage-bar").render().plain  # type: ignore[union-attr]
        first = frames[:frames.index("free") + 1] if "free" in frames else frames
        assert first == (["free"] if on else ["held", "free"]), frames
    finally:
        textual_compat.set_enabled("held_first_frame", None)


async def test_a_screen_shown_again_is_drawn_in_one_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A history shown a second time was laid out (a frame of what the layout changed, without its key bar), then
    repainted whole (a second frame); home shown again drew its key bar a second time ~30 ms after its whole frame.
    ``one_frame_layout``: a layout asked with a whole repaint draws once, whole; the key bar repaints only if its
    keys changed. The same keys with the feature on and off (the history's rows, read by a worker, are a frame of
    their own either way)."""
    from textual.app import App

    from cc_tui import textual_compat

    from .app_support import demo_app, settle

    frames: list[str] = []
    display = App._display
    monkeypatch.setattr(App, "_display", lambda self, screen, update: (
        frames.append(screen.id or "") if update is not None else None, display(self, screen, update))[1])
    drawn: dict[bool, list[list[str]]] = {}
    try:
        for on in (True, False):
            textual_compat.set_enabled("one_frame_layout", on)
            app = demo_app(tmp_path / f"data-{on}")
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                drawn[on] = []
                for key in ("h", "escape", "h", "escape"):
                    frames.clear()
                    await pilot.press(key)
                    await settle(pilot)
                    drawn[on].append(list(frames))
                assert app.screen.id == "home"
            app.store.close()
    finally:
        textual_compat.set_enabled("one_frame_layout", None)
    assert set(drawn[True][2]) == {"history"} and len(drawn[True][2]) == len(drawn[False][2]) - 1, drawn
    assert drawn[True][1] == drawn[True][3] == ["home"], drawn  # home shown again: one frame


@pytest.mark.parametrize("on", [True, False], ids=["quiet_focus", "plain Textual"])
async def test_a_focus_move_draws_what_it_changes_not_the_whole_screen(on: bool, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Screen.set_focus sets the screen's ``focused`` reactive, which repainted the whole screen at every Tab and
    stage switch; the widgets gaining and losing focus repaint themselves (``quiet_focus``)."""
    from textual.app import App

    from cc_tui.textual_compat import set_enabled

    from .app_support import demo_app, open_conversation

    updates: list[str] = []
    display = App._display
    monkeypatch.setattr(App, "_display", lambda self, screen, update: (
        updates.append(type(update).__name__), display(self, screen, update))[1])
    set_enabled("quiet_focus", on)
    try:
        app = demo_app(tmp_path / "data")
        async with app.run_test(size=(120, 40)) as pilot:
            await open_conversation(pilot, stage="f2")
            before = app.screen.focused
            for _ in range(2):  # to the private notes, then the motivators: both in view (a third Tab scrolls)
                updates.clear()
                await pilot.press("tab")
                await pilot.pause(0.2)
                assert updates, "the focus move drew nothing"
                assert ("LayoutUpdate" in updates) is not on, updates  # a LayoutUpdate is the whole screen
            assert app.screen.focused is not before  # the focus did move
    finally:
        set_enabled("quiet_focus", None)


async def test_a_form_opens_in_one_frame_with_its_first_field_focused(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A form focused its first field through the app's queue (``Widget.focus``): the dialog's first frame showed no
    focus (the screen's auto focus had picked the fields' scroll box), and the field's focus style came in a second
    frame ~20 ms later. Focused as it mounts, it is one frame."""
    from textual.app import App
    from textual.widgets import Input

    from cc_tui.dialogs.forms import ActionForm

    from .app_support import MutableClock, demo_app, open_conversation, settle

    frames: list[str] = []
    display = App._display
    monkeypatch.setattr(App, "_display", lambda self, screen, update: (
        frames.append(type(screen).__name__) if update is not None else None, display(self, screen, update))[1])
    app = demo_app(tmp_path / "data", clock=MutableClock())  # a still clock: the stage bar's clocks draw nothing
    async with app.run_test(size=(120, 40)) as pilot:
        await open_conversation(pilot, stage="f4")
        for _ in range(2):  # the first form of the process, and a later one
            frames.clear()
            await pilot.press("a")
            for _ in range(100):  # its first frame (settle() is not used here: it stops the cursor's blink, a frame)
                if frames:
                    break
                await pilot.pause(0.02)
            await pilot.pause(0.1)  # the focus's frame came ~20 ms after the first
            assert isinstance(app.screen, ActionForm)
            assert isinstance(app.focused, Input) and app.focused.id == "text"
            assert frames == ["ActionForm"], frames
            await pilot.press("escape")
            await settle(pilot)
    app.store.close()


@pytest.mark.parametrize("on", [True, False], ids=["focus_one_frame", "plain Textual"])
async def test_a_tab_through_a_form_draws_one_frame_per_key(on: bool, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A Select (and an Input) restyles its inner parts when it gains or loses focus, in its own Focus or Blur handler;
    each part asked its repaint from its own idle handler, after the screen had drawn the focus move: a second frame
    ~25 ms after the first, for every Tab into or out of a Select (``focus_one_frame`` hands them over at once)."""
    from textual.app import App

    from cc_tui import textual_compat
    from cc_tui.dialogs.forms import ActionForm

    from .app_support import MutableClock, demo_app, open_conversation, settle

    frames: list[str] = []
    display = App._display
    monkeypatch.setattr(App, "_display", lambda self, screen, update: (
        frames.append(type(screen).__name__) if update is not None else None, display(self, screen, update))[1])
    textual_compat.set_enabled("focus_one_frame", on)
    try:
        app = demo_app(tmp_path / "data", clock=MutableClock())  # a still clock: the stage bar's clocks draw nothing
        async with app.run_test(size=(120, 40)) as pilot:
            await open_conversation(pilot, stage="f4")
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, ActionForm)
            drawn = []
            for _ in range(3):  # into the owner (a Select), the due date (an Input), the status (a Select)
                frames.clear()
                await pilot.press("tab")
                await pilot.pause(0.2)
                drawn.append((type(app.focused).__name__, len(frames)))
        app.store.close()
    finally:
        textual_compat.set_enabled("focus_one_frame", None)
    assert [name for name, _ in drawn] == ["Select", "Input", "Select"], drawn
    if on:
        assert all(count == 1 for _, count in drawn), drawn
    else:
        assert any(count == 2 for _, count in drawn), drawn  # what the feature is for: the test sees it


@pytest.mark.parametrize("on", [True, False], ids=["prompt_frames", "plain Textual"])
async def test_a_change_is_drawn_when_the_screen_is_idle_not_on_the_update_timers_grid(
        on: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual draws a screen from an update timer that ticks on a 1/60 s grid; resumed after a pause, it ticks at
    once and then skips to the grid point after the next one, so a change asked just after a frame waited up to two
    periods (~25-33 ms in a pty: the second frame of a Tab between the notes, of a stage switch). ``prompt_frames``
    draws when the screen is idle with something to draw, at most once a period. Times are not asserted (they flake
    on a busy machine): the screen's update timer is stopped here, and a key typed into the notes must still be drawn
    with the feature on (from the idle handler), and is not drawn without it."""
    import asyncio

    from textual import events
    from textual.app import App
    from textual.timer import Timer

    from cc_tui import textual_compat

    from .app_support import MutableClock, demo_app, open_conversation, settle

    frames: list[str] = []
    display = App._display
    monkeypatch.setattr(App, "_display", lambda self, screen, update: (
        frames.append(type(screen).__name__) if update is not None else None, display(self, screen, update))[1])
    textual_compat.set_enabled("prompt_frames", on)
    try:
        app = demo_app(tmp_path / "data", clock=MutableClock())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_conversation(pilot, stage="f2")
            await settle(pilot)  # the cursor stops blinking (a frame every 0.5 s)
            await pilot.pause(0.6)  # the screen's first half second is left to Textual's timer (its resume settles)
            resume = Timer.resume
            monkeypatch.setattr(Timer, "resume",
                                lambda self: None if self.name == "screen_update" else resume(self))
            screen._update_timer.pause()  # in case something asked a frame just now: stopped from here on
            frames.clear()
            app.post_message(events.Key("x", "x"))  # as the driver does: Pilot's press and pause draw a frame
            await asyncio.sleep(0.3)
            assert screen.query_one("#f-shared_notes").text.endswith("x")
            drawn = list(frames)
            monkeypatch.setattr(Timer, "resume", resume)
        app.store.close()
    finally:
        textual_compat.set_enabled("prompt_frames", None)
    assert drawn == (["ConversationScreen"] if on else []), drawn
