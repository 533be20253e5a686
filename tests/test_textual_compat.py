"""cc_tui/textual_compat/: every private Textual name it relies on is in the installed Textual (a failure names the
one that has gone), and every fallback gives plain Textual behaviour without raising."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static, TextArea
from textual.widgets.option_list import Option

from cc_tui import textual_compat as compat
from cc_tui.palette import binding_commands
from cc_tui.widgets.keybar import KeyBar
from cc_tui.widgets.row_table import SteadyOptionList
from cc_tui.widgets.safe_text_area import SafeTextArea

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def features_computed_again() -> Iterator[None]:
    """Each test sees the features computed for the Textual it runs with (and leaves them so)."""
    for feature in compat.FEATURES:
        compat.set_enabled(feature, None)
    yield
    for feature in compat.FEATURES:
        compat.set_enabled(feature, None)


# ------------------------------------------------------------------------------------------------ the names are there


def test_the_installed_textual_is_the_version_the_module_was_checked_against() -> None:
    assert compat.TEXTUAL_VERSION[:2] == compat.CHECKED, (
        f"Textual {'.'.join(map(str, compat.TEXTUAL_VERSION))} is installed, cc_tui/textual_compat/ was checked "
        f"against {'.'.join(map(str, compat.CHECKED))}: every workaround in it is off (plain Textual behaviour). Read "
        "each PRIVATE_NAMES entry against the new Textual, measure the workarounds again (benchmarks/README.md), "
        "then update CHECKED and the pin in pyproject.toml."
    )


def test_pyproject_pins_textual_to_the_checked_minor_version() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    major, minor = compat.CHECKED
    assert re.search(rf'"textual>={major}\.{minor},<{major}\.{minor + 1}"', text), \
        f"pyproject.toml must pin textual>={major}.{minor},<{major}.{minor + 1} (textual_compat.CHECKED)"


@pytest.mark.parametrize("name", compat.PRIVATE_NAMES, ids=str)
def test_a_private_name_cc_tui_relies_on_is_still_in_textual(name: compat.PrivateName) -> None:
    assert compat.is_present(name), (
        f"{name} is gone from Textual {'.'.join(map(str, compat.TEXTUAL_VERSION))}. cc_tui/textual_compat/ uses it "
        f"for {name.feature!r}, which is now off (plain Textual behaviour). Find what replaced it and update the "
        "module (its comment for that feature says why it exists and what it measured)."
    )


def test_every_workaround_is_on_with_the_checked_textual() -> None:
    assert {f: compat.enabled(f) for f in compat.FEATURES} == {f: True for f in compat.FEATURES}


def test_a_missing_name_is_named_and_turns_its_feature_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(TextArea, "_rewrap_and_refresh_virtual_size")  # as if Textual had renamed it
    assert [str(n) for n in compat.missing_private_names()] == [
        "textual.widgets.TextArea._rewrap_and_refresh_virtual_size"]
    assert not compat.enabled("steady_text_area")
    assert compat.enabled("steady_option_list")  # the others stay on


def test_another_textual_version_turns_every_workaround_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat.registry, "ON_CHECKED_VERSION", False)
    assert not any(compat.enabled(f) for f in compat.FEATURES)


# ------------------------------------------------------------------------------------------------ fallbacks


class Lists(App[None]):
    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield SteadyOptionList(*[Option(f"option {i} " + "word " * 12) for i in range(40)], id="list")
            yield SafeTextArea("word " * 400, soft_wrap=True, id="notes")


async def _show_again(on: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[int], Lists]:
    cleared: list[int] = []
    wraps: list[int] = []
    clear_caches = SteadyOptionList._clear_caches
    rewrap = TextArea._rewrap_and_refresh_virtual_size
    monkeypatch.setattr(SteadyOptionList, "_clear_caches", lambda self: (cleared.append(1), clear_caches(self))[1])
    monkeypatch.setattr(TextArea, "_rewrap_and_refresh_virtual_size",
                        lambda self: (wraps.append(1), rewrap(self))[1])
    if not on:
        monkeypatch.setattr(compat.registry, "ON_CHECKED_VERSION", False)
    app = Lists()
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        cleared.clear()
        wraps.clear()
        box = app.query_one("#box")
        for _ in range(2):
            box.display = False
            await pilot.pause()
            box.display = True
            await pilot.pause()
        listing = app.query_one(SteadyOptionList)
        assert "option 0" in str(listing.render_line(0).text)  # the list works either way
        notes = app.query_one(SafeTextArea)
        notes.focus()
        await pilot.press("x")
        assert notes.text.startswith("x")  # and so does the text area
    return cleared, wraps, app


async def test_widgets_shown_again_keep_their_lines_with_the_checked_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    cleared, wraps, _ = await _show_again(True, monkeypatch)
    assert cleared == [] and wraps == []


async def test_on_another_textual_widgets_shown_again_behave_as_plain_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    cleared, wraps, _ = await _show_again(False, monkeypatch)
    assert cleared and wraps  # OptionList drops its lines and TextArea re-wraps on every Resize, as Textual does


class Wrapped(App[None]):
    """40 options of 31 cells in a list 32 wide: one line each without a scroll bar, two lines each with one."""

    CSS = "#wrapped { width: 32; height: 10; scrollbar-size-vertical: 2; border: none; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield SteadyOptionList(*[Option(f"option {i:02} " + "x" * 16 + " tail") for i in range(40)], id="wrapped")


async def test_an_option_list_maps_its_lines_for_the_scroll_bar_its_map_brought_in() -> None:
    """OptionList maps each option's height at its content width, then sets its virtual size, which brings in the
    vertical scroll bar and narrows that width: the map stayed one line short per wrapped option (their last line, a
    guide question's last words, never drawn) until a Resize cleared it. It is mapped again at the narrower width."""
    app = Wrapped()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        listing = app.query_one(SteadyOptionList)
        assert listing.scrollable_content_region.width == 30  # the bar is in
        assert listing.virtual_size.height == 80  # two lines per option
        shown = [str(listing.render_line(y).text).rstrip() for y in range(4)]
        assert shown == ["option 00 " + "x" * 16, "tail", "option 01 " + "x" * 16, "tail"]


class Painted(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("before", id="s")


async def test_forgetting_closed_widgets_never_raises_when_the_names_are_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual._styles_cache import StylesCache

    cached = StylesCache.get_inner_outer

    def get_inner_outer(self: StylesCache, *args: Any) -> Any:  # the same method without its lru_cache
        return cached(self, *args)

    monkeypatch.setattr(StylesCache, "get_inner_outer", get_inner_outer)
    app = Painted()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert not compat.enabled("clear_styles_cache")
        setattr(app, "__watchers", {"theme": [("not a widget",), 5], "other": "no list"})  # shapes it never had
        compat.forget_closed_widgets(app)
        compat.prune_closed_watchers(object())  # nothing watched


class Crashing(compat.QuietCrash, App[None]):
    reports: list[Any] = []

    def crash_report(self, error: BaseException | None) -> list[Any]:
        self.reports.append(error)
        return [f"stopped ({type(error).__name__})"]

    def compose(self) -> ComposeResult:
        yield Static("x")

    def key_b(self) -> None:
        secret = "SECRET-LOCAL-7f3a"  # noqa: F841 - what Textual's own report would print
        raise RuntimeError("boom")


@pytest.mark.parametrize("private_path", [True, False], ids=["private exit list", "public panic"])
async def test_a_crash_prints_only_the_report(private_path: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not private_path:
        monkeypatch.setattr(compat.registry, "ON_CHECKED_VERSION", False)
    panicked: list[tuple[Any, ...]] = []
    panic = App.panic
    monkeypatch.setattr(App, "panic", lambda self, *r: (panicked.append(r), panic(self, *r))[1])
    app = Crashing()
    Crashing.reports = []
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(40, 5)) as pilot:
            await pilot.press("b")
            await pilot.pause()
    assert app.return_code == 1
    assert [type(e) for e in Crashing.reports] == [RuntimeError]  # the error reached the report either way
    assert panicked == ([] if private_path else [("stopped (RuntimeError)",)])


# ------------------------------------------------------------------------------------------------ public replacements


class Keys(App[None]):
    BINDINGS = [Binding("k", "mark", "Mark")]
    marks: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def action_mark(self) -> None:
        self.marks.append("k")


async def test_a_click_on_a_key_in_the_key_bar_runs_its_action() -> None:
    app = Keys()
    Keys.marks = []
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        await pilot.click(KeyBar, offset=(1, 0))
        await pilot.pause()
        assert Keys.marks == ["k"]


class Commands(Screen[None]):
    BINDINGS = [
        Binding("a", "app.mark", "On the app"),
        Binding("b", "nowhere.thing", "Unknown namespace"),
        Binding("c", "hidden", "Hidden here"),
        Binding("d", "shown('x')", "Shown with a parameter"),
        Binding("e", "bad(nope)", "Cannot be parsed"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "hidden"

    def action_shown(self, value: str) -> None:
        pass


async def test_palette_commands_use_the_public_action_check() -> None:
    app = Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        app.push_screen(Commands())
        await pilot.pause()
        titles = {command.title for command in binding_commands(app.screen)}
        assert titles == {"On the app", "Shown with a parameter", "Mark"}  # "Mark": the app's own binding


def test_the_terminal_driver_replaces_only_textuals_own(tmp_path: Path) -> None:
    """quick_escape and terminal_gone: one subclass of Textual's LinuxDriver, used while either is on."""
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.drivers.linux_driver import LinuxDriver

    from .app_support import demo_app

    quick = compat.terminal_driver(LinuxDriver)
    assert quick is not LinuxDriver and issubclass(quick, LinuxDriver)
    assert compat.terminal_driver(HeadlessDriver) is HeadlessDriver  # tests, the web, TEXTUAL_DRIVER: as they are
    app = demo_app(tmp_path / "data")
    assert app.driver_class is quick  # what a terminal start uses
    app.store.close()
    compat.set_enabled("quick_escape", False)
    assert compat.terminal_driver(LinuxDriver) is quick
    compat.set_enabled("terminal_gone", False)
    assert compat.terminal_driver(LinuxDriver) is LinuxDriver


def test_output_to_a_terminal_that_is_gone_is_dropped_so_the_output_thread_lives_to_be_stopped() -> None:
    """terminal_gone: Textual's output thread ended on the first write that failed (EIO: the terminal closed), and
    the app's next 30 writes filled its queue, the 31st (the exit's) waited forever. Dropped here, the thread keeps
    taking them and stops when asked; another error (a full disk under a redirected output) is still raised."""
    import errno
    import threading

    from textual.drivers._writer_thread import WriterThread

    from cc_tui.textual_compat.edges import _TerminalOut

    class Gone:
        def write(self, text: str) -> int:
            raise OSError(errno.EIO, "Input/output error")

        def flush(self) -> None:
            raise OSError(errno.EIO, "Input/output error")

        def fileno(self) -> int:
            return 7

    out = _TerminalOut(Gone())
    assert out.write("a frame") == 7 and out.flush() is None and out.fileno() == 7
    writer = WriterThread(out)  # type: ignore[arg-type]
    writer.start()
    for n in range(100):
        writer.write(f"frame {n}")
    stopper = threading.Thread(target=writer.stop, daemon=True)
    stopper.start()
    stopper.join(5)
    assert not stopper.is_alive() and not writer.is_alive()

    class Full(Gone):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        _TerminalOut(Full()).write("x")
