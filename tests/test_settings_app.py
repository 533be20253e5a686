"""The settings in the running app (#22): remapped keys drive it, a bad file is said once and the app starts anyway, a
theme picked in the palette is kept across restarts, and every setting has an effect seen on screen."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from cc_tui import dates
from cc_tui.config import Settings, load_settings
from cc_tui.dialogs.export_dialog import ExportDialog
from cc_tui.dialogs.forms import ActionForm, PersonForm
from cc_tui.palette import binding_commands
from cc_tui.screens.home import HomeScreen
from cc_tui.widgets.keybar import KeyBar
from cc_tui.widgets.stage_bar import StageBar

from .app_support import MutableClock, demo_app, open_conversation, screen_text, settle, stop, type_text

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _dates_back_to_defaults():
    yield
    dates.configure()  # the app sets the week start and date format process-wide; other tests expect the defaults


async def settings_notices(pilot, *, timeout: float = 15.0, then: float = 1.0) -> list:
    """The "Settings" notices, once the first has come (its timer starts after the first frame: on a busy machine
    that can be seconds), and after ``then`` seconds more, in which a second one would have come."""
    app = pilot.app
    told = lambda: [n for n in app._notifications if n.title == "Settings"]  # noqa: E731, SLF001
    for _ in range(int(timeout / 0.05)):
        if told():
            break
        await pilot.pause(0.05)
    await pilot.pause(then)
    return told()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_remapped_key_drives_the_app_and_the_old_key_is_free(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    config = load_settings(write(tmp_path, f'export_folder = "{out}"\n[keys]\nhome.add = "ctrl+b"\n'
                                           '"conv.export" = "f11"\n'))
    app = demo_app(tmp_path / "data", config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")  # the old key does nothing now
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_conversation(pilot)
        export = next(c for c in binding_commands(screen) if c.title == "Export")
        assert export.help.endswith("(f11)")  # the palette says the key in use
        shown = {b.action: b.key for b, _, _ in screen.query_one(KeyBar).shown()}
        assert shown["export"] == "f11"  # so does the key bar
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("f11")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert Path(dialog.query_one("#export-path", Input).value).parent == out  # export_folder
        notes = [n.message for n in app._notifications]  # noqa: SLF001
        assert not any("Settings" in str(n) or "config check" in str(n) for n in notes)
    stop(app)


async def test_a_bad_file_and_conflicting_keys_are_told_once_and_the_app_starts(tmp_path):
    path = write(tmp_path, 'talk_time_threshold = "lots"\n[keys]\n"home.edit" = "h"\n"nope" = "f2"\n')
    app = demo_app(tmp_path / "data", config=load_settings(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        told = await settings_notices(pilot)
        assert len(told) == 1
        assert told[0].message.startswith(f"{path}:1: talk_time_threshold: must be a whole number")
        assert "(and 2 more)" in told[0].message and "cc-tui config check" in told[0].message
        assert app.settings.talk_time_threshold == 40  # the default
        problems = [str(p) for p in app.config_problems()]
        assert any(p.startswith(f"{path}:3: keys.home.edit: 'h' is also the key of home.history") for p in problems)
        assert any(p.startswith(f"{path}:4: keys.nope: no binding has this id") for p in problems)
        await pilot.press("h")  # both fire on h: Textual runs the first, the history; the app keeps working
        await settle(pilot)
        await pilot.pause(1.0)
        assert len([n for n in app._notifications if n.title == "Settings"]) <= 1  # noqa: SLF001 - once
    stop(app)


async def test_a_theme_picked_in_the_palette_is_kept_across_restarts(tmp_path):
    path = write(tmp_path, "# my settings\ntalk_time_threshold = 35  # I talk too much\nmystery = 1\n")
    app = demo_app(tmp_path / "data", config=load_settings(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "theme")  # Textual's "Theme: Change the current theme"
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "nord")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
        await app.workers.wait_for_complete()
    stop(app)
    text = path.read_text()
    assert text == '# my settings\ntalk_time_threshold = 35  # I talk too much\nmystery = 1\ntheme = "nord"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = demo_app(tmp_path / "data2", config=load_settings(path))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
    stop(again)


async def test_a_theme_is_not_written_into_a_broken_file_and_the_user_is_told(tmp_path):
    path = write(tmp_path, "[keys\n")
    app = demo_app(tmp_path / "data", config=load_settings(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert any(n.title == "Theme not kept" for n in app._notifications)  # noqa: SLF001
    stop(app)
    assert path.read_text() == "[keys\n"


async def test_display_cadence_week_share_safe_and_theme_settings_show(tmp_path):
    settings = Settings(date_format="%d %b %Y", default_cadence_days=21, week_starts_on="sunday",
                        share_safe_at_start=False, theme="gruvbox")
    app = demo_app(tmp_path / "data", settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "gruvbox"
        shown = screen_text(app)
        assert re.search(r"\b\d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d\b", shown), shown
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", shown), shown  # no ISO date left on home
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        assert app.screen.query_one("#cadence", Input).value == "21"
        await pilot.press("escape")
        await settle(pilot)
        await open_conversation(pilot, stage="f4")
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActionForm)
        form.query_one("#due", Input).value = "eow"
        await settle(pilot)
        # 25 Nov 2026 is a Wednesday; weeks from Sunday end their working week on Thursday
        assert "Thu 26 Nov 2026" in str(form.query_one("#due-error", Label).render())
        assert dates.parse_due("eow", date(2026, 11, 25)) == date(2026, 11, 26)
    stop(app)


async def test_share_safe_at_start(tmp_path):
    app = demo_app(tmp_path / "data", settings=Settings(share_safe_at_start=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.share_safe
        assert "SHARE-SAFE" in screen_text(app)
    stop(app)


@pytest.mark.parametrize("threshold", [40, 60])
async def test_the_talk_time_threshold_decides_the_nudge(tmp_path, threshold):
    clock = MutableClock()
    app = demo_app(tmp_path / "data", clock=clock, settings=Settings(talk_time_threshold=threshold))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conversation(pilot)
        bar = screen.query_one(StageBar)
        await pilot.press("f8")  # the employee speaks
        clock.advance(120)
        await pilot.press("f8")  # then the manager, 45% in all
        clock.advance(100)
        screen._tick()
        await pilot.pause()
        nudged = [n for n in app._notifications if n.title == "Let them lead"]  # noqa: SLF001
        assert "you 45%" in bar.extra
        if threshold == 40:
            assert bar.extra_warning and len(nudged) == 1 and "40%" in nudged[0].message
        else:
            assert not bar.extra_warning and not nudged
        await pilot.press("f8")
    stop(app)


@pytest.mark.parametrize("warnings", [True, False])
async def test_timebox_warnings_can_be_turned_off(tmp_path, warnings):
    clock = MutableClock()
    app = demo_app(tmp_path / "data", clock=clock, settings=Settings(timebox_warnings=warnings))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conversation(pilot)
        bar = screen.query_one(StageBar)
        assert bar.suggested_minutes
        clock.advance(bar.suggested_minutes * 60 + 1)
        screen._tick()
        await pilot.pause()
        told = [n for n in app._notifications if "run past" in n.message]  # noqa: SLF001
        assert ("over time" in bar.render().plain) is warnings
        assert len(told) == (1 if warnings else 0)
    stop(app)


@pytest.mark.parametrize("case", ["a bad line", "a 5,000-digit number"])
def test_the_real_app_reads_its_config_file_and_a_bad_line_never_stops_it(tmp_path, case):
    """`cc-tui` in a terminal with config.toml in the user config folder: share-safe at start from the file, the bad
    line told once in the app, and the app still running on the defaults. A 5,000-digit number (tomllib raises a
    plain ValueError for it) stopped the app with "internal error": the whole file is at its defaults, said once."""
    import sys

    from .test_signals import Terminal

    folder, home = tmp_path / "data", tmp_path / "home"
    demo_app(folder).store.close()
    config = home / "config" / "cc-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    bad = 'talk_time_threshold = "lots"' if case == "a bad line" else f"default_cadence_days = {'9' * 5000}"
    config.write_text(f"share_safe_at_start = true\n{bad}\n", encoding="utf-8")
    term = Terminal(folder, home, [sys.executable, "-m", "cc_tui.cli"])
    try:
        if case == "a bad line":
            term.wait_for("SHARE-SAFE")
        term.wait_for("config check")
        assert ("talk_time_threshold" if case == "a bad line" else "not valid TOML") in term.screen_text()
        term.type("\x11")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()


async def test_question_mark_on_home_lists_every_key_from_the_code(tmp_path):
    from cc_tui.dialogs.keys_dialog import KeysScreen
    from cc_tui.keymap import all_bindings
    from cc_tui.widgets.row_table import RowTable

    config = load_settings(write(tmp_path, '[keys]\n"conv.export" = "f11"\n'))
    app = demo_app(tmp_path / "data", config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, KeysScreen)
        assert [row[0] for row in dialog.rows] == [b.id for b in all_bindings()]
        export = next(row for row in dialog.rows if row[0] == "conv.export")
        assert export[1:3] == ("f11", True)
        assert dialog.query_one("#keys", RowTable).option_count == len(all_bindings())
        assert str(config.path) in screen_text(app).replace("\n", "")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, KeysScreen)
    stop(app)


async def test_the_date_format_reaches_history_and_the_split_view(tmp_path):
    app = demo_app(tmp_path / "data", settings=Settings(date_format="%d.%m.%Y"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert re.search(r"\b\d\d\.\d\d\.20\d\d ✓ 1:1", shown), shown  # the list
        assert re.search(r"\b\d\d\.\d\d\.20\d\d · .* · finished \d\d\.\d\d\.20\d\d", shown), shown  # the document
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", shown), shown
        await pilot.press("escape")
        await settle(pilot)
        await open_conversation(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert re.search(r"Past: \d\d\.\d\d\.20\d\d", screen_text(app))
    stop(app)


async def test_a_settings_problem_quoting_the_file_is_shown_as_typed_never_as_markup(tmp_path):
    """The notice quotes the settings file (a value, a key): a file from a colleague with [/] or [@click=...] in it is
    shown as typed, with toasts on as in use; without markup=False it raises a MarkupError or runs the action."""
    hostile = "x[/] [@click=app.quit]q[/]"
    path = write(tmp_path, f'theme = "{hostile}"\n')
    app = demo_app(tmp_path / "data", config=load_settings(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        told = await settings_notices(pilot)
        assert len(told) == 1 and repr(hostile) in told[0].message
        await settle(pilot)
        assert "[@click=app.quit]q[/]" in screen_text(app)  # drawn as typed, on the screen
        assert app.return_code is None  # nothing was run
    stop(app)


async def test_the_palette_lists_the_apps_commands_once_with_their_key_and_no_screenshot(tmp_path):
    """The palette had two "Keys" (Textual's help for the focused widget, and cc-tui's), ~40 cursor moves of the
    focused text area, keys shown as written ("question_mark,f1", "c,super+^c"), and Textual's Screenshot, which
    saves an image of the screen (names, private notes) readable by everyone into ~/Downloads."""
    from cc_tui.screens.conversation import ConversationScreen


    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert titles.count("Keys") == 1 and "Screenshot" not in titles and titles.count("Quit") == 1
        assert "Share-safe" in titles  # the app's own keys are commands too
        assert next(c for c in commands if c.title == "Quit").help == "Save everything and quit (^q)"
        keys = next(c for c in commands if c.title == "Keys")
        assert keys.help.endswith("(?)"), keys.help
        assert not any("," in c.help.rsplit("(", 1)[-1] for c in commands if c.help.endswith(")")), \
            [c.help for c in commands]
        screen = await open_conversation(pilot, stage="f2")
        assert isinstance(screen, ConversationScreen) and app.focused is not None
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(t.startswith("Cursor") for t in titles) and "Screenshot" not in titles
        assert {"Quote", "Past", "Questions"} <= set(titles), titles
    stop(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_keys_dialog_is_readable_at_every_size(tmp_path, size):
    """The keys dialog cut "Where" and the binding id to six cells ("every…", "prep.…") at every size, and hid its
    help line at 80x24: the app's rule for dialogs (100 cells wide, as high as its content) outranked its own. Now it
    takes the screen; the line under the table shows the highlighted key whole, binding id included."""
    from cc_tui.dialogs.keys_dialog import KeysScreen

    app = demo_app(tmp_path / "data")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        assert isinstance(app.screen, KeysScreen)
        binding_id, key, _, where, does = app.screen.rows[2]
        shown = screen_text(app)
        flat = " ".join(line.strip("█ ") for line in shown.splitlines())  # the dialog's wrapped lines, joined
        assert f"{key} — {does} ({where}). Binding id: {binding_id}" in flat
        assert "Escape closes." in flat and "everywhere" in shown and "every…" not in shown
        assert ("Binding id  " in shown) == (size[0] >= 200)  # the column, where there is room for it whole
    stop(app)
