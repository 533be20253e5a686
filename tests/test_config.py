"""The settings file (#22): reading it, its problems with file:line and the key, keeping the theme line, and the
``config path|show|check`` and ``keys`` commands as subprocesses."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from cc_tui import dates
from cc_tui.config import (
    DEFAULTS,
    ConfigWriteError,
    Retention,
    config_path,
    line_of,
    load_settings,
    save_theme,
    with_theme,
)
from cc_tui.keymap import all_bindings, binding_ids, key_problem, keymap_problems, usable_keymap

FULL = """\
# my cc-tui settings
default_cadence_days = 21
talk_time_threshold = 35   # percent
timebox_warnings = false
export_folder = "~/exports"
week_starts_on = "sunday"
date_format = "%d %b %Y"
share_safe_at_start = true
theme = "gruvbox"  # dark, warm

[keys]
"conv.export" = "f11"
home.add = "ctrl+b"

[retention]
private_notes_months = 24
archived_people_months = 36
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_is_every_default(tmp_path):
    loaded = load_settings(tmp_path / "none.toml")
    assert loaded.settings == DEFAULTS and not loaded.problems and not loaded.exists
    assert DEFAULTS.talk_time_threshold == 40 and DEFAULTS.default_cadence_days == 30
    assert set(loaded.sources.values()) == {"default"}


def test_every_setting_is_read_with_the_line_it_came_from(tmp_path):
    path = write(tmp_path, FULL)
    loaded = load_settings(path)
    s = loaded.settings
    assert not loaded.problems, loaded.problems
    assert (s.default_cadence_days, s.talk_time_threshold, s.timebox_warnings) == (21, 35, False)
    assert s.export_folder == Path("~/exports").expanduser()
    assert s.week_starts_on == "sunday" and s.week_start == 6
    assert s.date_format == "%d %b %Y" and s.share_safe_at_start is True and s.theme == "gruvbox"
    assert s.keys == {"conv.export": "f11", "home.add": "ctrl+b"}  # the unquoted dotted id too
    assert s.retention == Retention(private_notes_months=24, archived_people_months=36)
    assert loaded.sources["talk_time_threshold"] == f"{path}:3"
    assert loaded.sources["theme"] == f"{path}:9"
    assert loaded.sources["keys.home.add"] == f"{path}:13"
    assert loaded.sources["retention.archived_people_months"] == f"{path}:17"


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ('# percent\ntalk_time_threshold = "40%"\n', 2, "talk_time_threshold", "whole number"),
        ("talk_time_threshold = 140\n", 1, "talk_time_threshold", "from 1 to 99"),
        ('timebox_warnings = "no"\n', 1, "timebox_warnings", "true or false"),
        ("default_cadence_days = 0\n", 1, "default_cadence_days", "from 1 to 366"),
        ('week_starts_on = "someday"\n', 1, "week_starts_on", "not a day of the week"),
        ('date_format = "dd/mm"\n', 1, "date_format", "strftime"),
        ("\n\ncolour = 3\n", 3, "colour", "unknown setting"),
        ('[retention]\nprivate_notes_months = "two years"\n', 2, "retention.private_notes_months", "whole number"),
        ("[retention]\nforever = 3\n", 2, "retention.forever", "unknown retention setting"),
        ("[keys]\n\"conv.export\" = 11\n", 2, "keys.conv.export", "string of keys"),
        ('keys = "f1"\n', 1, "keys", "must be a table"),
    ],
)
def test_a_bad_value_is_reported_with_file_line_and_key_and_its_default_used(tmp_path, text, line, key, words):
    path = write(tmp_path, text)
    loaded = load_settings(path)
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    assert (problem.line, problem.key) == (line, key)
    assert words in problem.message
    assert str(problem).startswith(f"{path}:{line}: {key}: ")
    assert loaded.settings.talk_time_threshold == 40 and loaded.settings.default_cadence_days == 30


def test_a_file_that_is_not_toml_gives_every_default_and_its_line(tmp_path):
    path = write(tmp_path, 'theme = "nord"\n\ntalk_time_threshold = \n')
    loaded = load_settings(path)
    assert loaded.settings == DEFAULTS
    assert [(p.line, p.key) for p in loaded.problems] == [(3, "")]
    assert "not valid TOML" in loaded.problems[0].message


def test_an_integer_too_long_to_read_gives_every_default_never_an_error(tmp_path, cli):
    """tomllib raises a plain ValueError (not TOMLDecodeError) for an integer past Python's 4,300 digits: it stopped
    cc-tui at start, and config check / show, with "internal error". Now it is a bad file like any other."""
    path = write(tmp_path, f'theme = "nord"\ndefault_cadence_days = {"9" * 5000}\n')
    loaded = load_settings(path)
    assert loaded.settings == DEFAULTS
    assert [p.message for p in loaded.problems] == ["not valid TOML (a number too long to read); every setting is "
                                                     "at its default"]
    with pytest.raises(ConfigWriteError, match="not valid TOML"):
        save_theme(path, "nord")
    result = cli("config", "check", "--config", str(path))
    assert result.returncode == 1 and result.stderr.startswith(f"{path}: not valid TOML (a number too long")
    cli("config", "show", "--config", str(path), ok=True)


def test_the_config_path_follows_the_flag_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CC_TUI_CONFIG", raising=False)
    assert config_path() == tmp_path / "xdg" / "cc-tui" / "config.toml"
    monkeypatch.setenv("CC_TUI_CONFIG", str(tmp_path / "env.toml"))
    assert config_path() == tmp_path / "env.toml"
    assert config_path(tmp_path / "flag.toml") == tmp_path / "flag.toml"


def test_line_of_finds_keys_in_their_table_only():
    text = 'theme = "a"\n[keys]\ntheme = "b"\n"conv.export" = "f11"\n[retention]\n'
    assert line_of(text, "theme") == 1
    assert line_of(text, "theme", "keys") == 3
    assert line_of(text, "conv.export", "keys") == 4
    assert line_of(text, "missing", "retention") == 5  # the table's header when the key is not found
    assert line_of(text, "keys") == 2


# ------------------------------------------------------------------------------------------------- keys


def test_key_names_textual_knows():
    for good in ("a", "A", "?", "question_mark", "f11", "ctrl+e", "ctrl+shift+up", "escape", "space", "slash"):
        assert key_problem(good) is None, good
    for bad in ("ctrl+foo", "f25", "hyper+", "controll+a", "fooo", ""):
        assert key_problem(bad) is not None, bad


def test_every_binding_id_in_the_code_is_known():
    ids = binding_ids()
    assert {"quit", "share_safe", "home.add", "conv.export", "stage.prep", "actions.add", "form.save"} <= ids
    assert len(ids) == len(all_bindings())


def test_unknown_ids_bad_keys_and_conflicts_are_problems_with_their_lines(tmp_path):
    path = write(tmp_path, '[keys]\n"home.edit" = "h"\n"nope.x" = "a"\nhome.add = "ctrl+foo"\n"conv.export" = "f11"\n'
                           '"stage.prep" = "a"\n')
    loaded = load_settings(path)
    found = {(p.line, p.key, p.message.split(" (")[0]) for p in keymap_problems(loaded)}
    assert (2, "keys.home.edit", "'h' is also the key of home.history") in found  # two ids, one key, one screen
    assert (3, "keys.nope.x", "no binding has this id") in found
    assert any(line == 4 and key == "keys.home.add" and "not a key name" in m for line, key, m in found)
    assert (6, "keys.stage.prep", "'a' is also the key of actions.add") in found  # screen key vs a pane's
    assert not any(key == "keys.conv.export" for _, key, _ in found)
    # what can be applied: known ids with keys Textual knows (a bad key keeps the default)
    assert usable_keymap(loaded.settings.keys) == {"home.edit": "h", "conv.export": "f11", "stage.prep": "a"}


def test_swapping_two_keys_is_no_conflict(tmp_path):
    loaded = load_settings(write(tmp_path, '[keys]\n"home.add" = "e"\n"home.edit" = "a"\n'))
    assert keymap_problems(loaded) == []


# ------------------------------------------------------------------------------------------------- the theme line


def test_the_theme_line_changes_and_nothing_else(tmp_path):
    path = write(tmp_path, FULL + "mystery = 'kept'\n")
    path.chmod(0o644)
    save_theme(path, "nord")
    text = path.read_text()
    assert 'theme = "nord"  # dark, warm\n' in text
    assert text.replace('theme = "nord"', 'theme = "gruvbox"') == FULL + "mystery = 'kept'\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings(path).settings.theme == "nord"


def test_the_theme_is_added_before_the_first_table_and_a_new_file_made(tmp_path):
    assert with_theme("# mine\nfoo = 1\n\n[keys]\n", "nord") == '# mine\nfoo = 1\ntheme = "nord"\n\n[keys]\n'
    path = tmp_path / "new" / "config.toml"
    save_theme(path, "textual-light")
    assert path.read_text() == 'theme = "textual-light"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_broken_file_is_never_rewritten(tmp_path):
    path = write(tmp_path, "theme = \n# my notes\n")
    with pytest.raises(ConfigWriteError, match="not valid TOML"):
        save_theme(path, "nord")
    assert path.read_text() == "theme = \n# my notes\n"


def test_the_week_start_moves_eow_and_nw():
    wed = date(2026, 11, 25)
    assert dates.parse_due("eow", wed) == date(2026, 11, 27)  # Friday
    assert dates.parse_due("nw", wed) == date(2026, 11, 30)  # Monday
    assert dates.parse_due("eow", wed, week_start=6) == date(2026, 11, 26)  # weeks from Sunday: Thursday
    assert dates.parse_due("nw", wed, week_start=6) == date(2026, 11, 29)  # Sunday
    try:
        dates.configure(week_start=6, display_format="%d %b %Y")
        assert dates.parse_due("eow", wed) == date(2026, 11, 26)
        assert dates.show(wed) == "25 Nov 2026" and dates.show(None) == "—"
    finally:
        dates.configure()
    assert dates.show(wed) == "2026-11-25"


# ------------------------------------------------------------------------------------------------- the commands


def test_config_path_show_and_check_on_a_good_file(cli, tmp_path, env):
    path = write(tmp_path, FULL)
    result = cli("config", "path", "--config", str(path), ok=True)
    assert result.stdout.strip() == str(path)
    env_result = cli("config", "path", ok=True)
    assert env_result.stdout.strip() == str(Path(env["XDG_CONFIG_HOME"]) / "cc-tui" / "config.toml")
    assert "not created yet" in env_result.stderr
    show = cli("config", "show", "--config", str(path), ok=True).stdout
    assert "talk_time_threshold = 35" in show and f"# {path}:3" in show
    assert "share_safe_at_start = true" in show
    assert 'retention.private_notes_months = 24' in show
    assert any(line.startswith("retention.conversations_months = (not set)") and line.endswith("# default")
               for line in show.splitlines())
    assert 'keys.conv.export = "f11"' in show
    check = cli("config", "check", "--config", str(path), ok=True)
    assert "ok" in check.stdout and check.stderr == ""


def test_config_check_reports_file_line_and_key_and_exits_1(cli, tmp_path, env):
    path = write(tmp_path, 'talk_time_threshold = "40%"\ntheme = "no-such-theme"\n[keys]\n"nope.x" = "f2"\n'
                           '"home.add" = "ctrl+foo"\n"home.edit" = "h"\n')
    env["CC_TUI_CONFIG"] = str(path)  # the environment variable, not --config
    result = cli("config", "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}:1: talk_time_threshold: must be a whole number, not a string; the default is used"
    assert lines[1].startswith(f"{path}:2: theme: 'no-such-theme' is not a Textual theme")
    assert lines[2].startswith(f"{path}:4: keys.nope.x: no binding has this id")
    assert lines[3].startswith(f"{path}:5: keys.home.add: 'ctrl+foo' is not a key name Textual knows")
    assert lines[4].startswith(f"{path}:6: keys.home.edit: 'h' is also the key of home.history")
    assert lines[-1].startswith("cc-tui: 5 problems")


def test_config_check_of_a_file_that_is_not_toml(cli, tmp_path):
    path = write(tmp_path, "[keys\n")
    result = cli("config", "check", "--config", str(path))
    assert result.returncode == 1 and result.stderr.startswith(f"{path}:1: not valid TOML")
    shown = cli("config", "show", "--config", str(path), ok=True)  # show still shows the defaults
    assert "talk_time_threshold = 40" in shown.stdout and "config check" in shown.stderr


def test_keys_lists_every_binding_from_the_code_with_the_current_key(cli, tmp_path):
    path = write(tmp_path, '[keys]\n"conv.export" = "f11"\n')
    rows = json.loads(cli("keys", "--json", "--config", str(path), ok=True).stdout)
    assert [r["id"] for r in rows] == [b.id for b in all_bindings()]
    by_id = {r["id"]: r for r in rows}
    assert by_id["conv.export"]["default"] == "f10" and by_id["conv.export"]["current"] == "f11"
    assert by_id["home.add"] == {"id": "home.add", "default": "a", "current": "a", "where": "Home",
                                 "does": "Add person"}
    text = cli("keys", "--config", str(path), ok=True).stdout
    assert any(line.startswith("* conv.export") and "f10" in line and "f11" in line for line in text.splitlines())


def test_people_add_and_import_take_the_default_cadence(cli, tmp_path):
    path = write(tmp_path, "default_cadence_days = 14\n")
    data = tmp_path / "data"
    cli("people", "add", "Ana Lima", "--data-dir", str(data), "--config", str(path), ok=True)
    csv_file = write(tmp_path, "name,role\nBo Chen,Dev\n", "people.csv")
    cli("people", "import", str(csv_file), "--data-dir", str(data), "--config", str(path), ok=True)
    cli("people", "add", "Cy Diaz", "--data-dir", str(data), "--cadence-days", "60", ok=True)
    listed = json.loads(cli("people", "list", "--json", "--data-dir", str(data), ok=True).stdout)
    assert {p["name"]: p["cadence_days"] for p in listed} == {"Ana Lima": 14, "Bo Chen": 14, "Cy Diaz": 60}


def test_where_a_key_works_is_said_in_words_not_class_names():
    """The keys list (``?``, ``cc-tui keys``) said "TeamPrep stage", "PickMany", "EraseDialog", "MotivationTable"."""
    import re

    from cc_tui.keymap import binding_owners, where

    places = [where(owner) for owner in binding_owners()]
    assert not [p for p in places if re.search(r"[a-z][A-Z]", p)], places
    assert "Team session prep" in places and "A list to tick" in places


def test_config_show_shows_the_values_in_use_not_what_the_file_says(cli, tmp_path):
    """A theme Textual does not have and a key it cannot read are not used (textual-dark, the default key): show
    said the file's values, as if they were."""
    path = write(tmp_path, 'theme = "no-such-theme"\n[keys]\n"home.add" = "ctrl+foo"\n"nope.x" = "f2"\n'
                           '"conv.export" = "f11,ctrl+foo"\n')
    shown = cli("config", "show", "--config", str(path), ok=True)
    lines = {line.split(" = ")[0]: line for line in shown.stdout.splitlines() if " = " in line}
    assert lines["theme"].startswith('theme = "textual-dark"') and f"{path}:1 names no theme" in lines["theme"]
    assert lines["keys.home.add"].startswith('keys.home.add = "a"')  # its default key, which is what works
    assert f"{path}:3 is not used" in lines["keys.home.add"]
    assert "(no such binding)" in lines["keys.nope.x"]
    assert lines["keys.conv.export"].startswith('keys.conv.export = "f11"')  # the key name it knows, only
    assert "config check" in shown.stderr
    # a value of the wrong kind, out of range, a key two bindings share: each says so beside what is used
    path = write(tmp_path, 'theme = 42\ntalk_time_threshold = 400\n[keys]\n"home.edit" = "h"\n')
    shown = cli("config", "show", "--config", str(path), ok=True)
    lines = {line.split(" = ")[0]: line for line in shown.stdout.splitlines() if " = " in line}
    assert lines["theme"].startswith('theme = "textual-dark"') and "not used" in lines["theme"]
    assert lines["talk_time_threshold"].startswith("talk_time_threshold = 40") and "not used" in lines[
        "talk_time_threshold"]
    assert lines["keys.home.edit"].startswith('keys.home.edit = "h"') and "see config check" in lines["keys.home.edit"]
    check = cli("config", "check", "--config", str(write(tmp_path, '[keys]\n"home.search" = "f11, ctrl+foo"\n')))
    assert "only 'f11' is used" in check.stderr  # not "its default key is kept": f11 replaced it
