"""The command line, run as a real subprocess with every user folder pointed at tmp."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cc_tui
from cc_tui.store import Store

from .app_support import one_error_line


def test_version(cli):
    result = cli("--version", ok=True)
    assert result.stdout.strip() == f"cc-tui {cc_tui.__version__}"
    assert cli("--demo", "--version", ok=True).stdout.strip() == f"cc-tui {cc_tui.__version__}"


def test_version_after_a_command_is_its_usage_error_not_the_version(cli):
    """``--version`` is the app's option: after a command it is that command's error (exit 2), as the full parser
    says it; the start's options-only parser used to print the version first (and exit 0)."""
    result = cli("people", "--version")
    assert result.returncode == 2 and cc_tui.__version__ not in result.stdout
    assert "usage: cc-tui people" in result.stderr


def test_demo_written_once_then_rebuilt_with_force(cli, tmp_path):
    folder = tmp_path / "demo"
    first = cli("demo", "--data-dir", str(folder), ok=True)
    assert str(folder) in first.stdout
    with Store.open(folder) as s:
        people = s.employees()
        assert len(people) >= 4
        ids = {e.id for e in people}
        for e in people:
            history = s.history(e.id)
            assert len(history) >= 3
            convs = [s.conversation(h.id) for h in history]
            assert all(c.shared_notes.strip() and c.private_notes.strip() for c in convs)
            assert s.goals(e.id) and len(s.actions(e.id)) >= 4
    index = (folder / "index.json").read_bytes()

    again = cli("demo", "--data-dir", str(folder), ok=True)
    assert "already" in again.stdout
    assert (folder / "index.json").read_bytes() == index

    rebuilt = cli("demo", "--data-dir", str(folder), "--force", ok=True)
    assert "written" in rebuilt.stdout
    with Store.open(folder) as s:
        assert {e.id for e in s.employees()} == ids  # deterministic demo, rebuilt
    # a file that is not cc-tui's: --force removes nothing (it once removed the whole folder, that file included)
    (folder / "thesis.txt").write_text("someone's own file")
    line = one_error_line(cli("demo", "--data-dir", str(folder), "--force"))
    assert "thesis.txt" in line and "removes nothing" in line
    assert (folder / "thesis.txt").read_text() == "someone's own file" and (folder / "index.json").exists()


def test_demo_is_never_written_among_someone_elses_files(cli, tmp_path):
    """cc-tui demo wrote its data into a folder of other files (and made it owner-only); --force then deleted the
    folder whole. Refused in one line, as every other command refuses such a folder; nothing is written."""
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "thesis.txt").write_text("my thesis")
    (folder / "sub" / "notes.txt").write_text("x")
    mode = folder.stat().st_mode
    for extra in ([], ["--force"]):
        line = one_error_line(cli("demo", "--data-dir", str(folder), *extra))
        assert "holds other files" in line, line
        assert sorted(p.name for p in folder.iterdir()) == ["sub", "thesis.txt"] and folder.stat().st_mode == mode


def test_demo_force_refuses_real_data(cli, tmp_path):
    folder = tmp_path / "real"
    cli("people", "add", "Real Person", "--data-dir", str(folder), ok=True)
    before = (folder / "index.json").read_bytes()
    line = one_error_line(cli("demo", "--data-dir", str(folder), "--force"))
    assert "real data" in line and str(folder) in line
    assert (folder / "index.json").read_bytes() == before
    # without --force it does not pretend the demo is there either
    line = one_error_line(cli("demo", "--data-dir", str(folder)))
    assert "real data" in line


def test_demo_folder_is_not_the_default_folder(env, monkeypatch):
    from cc_tui.store import default_data_dir, demo_data_dir

    monkeypatch.delenv("CC_TUI_DATA_DIR")
    assert demo_data_dir() != default_data_dir()
    assert str(demo_data_dir()).startswith(env["XDG_DATA_HOME"])
    monkeypatch.setenv("CC_TUI_DATA_DIR", env["CC_TUI_DATA_DIR"])
    assert default_data_dir() == Path(env["CC_TUI_DATA_DIR"])
    assert demo_data_dir() != default_data_dir()


def test_demo_flag_uses_the_demo_folder(cli, env):
    from cc_tui.store import demo_data_dir

    cli("demo", ok=True)
    demo_folder = demo_data_dir()
    assert (demo_folder / "index.json").exists()
    listed = json.loads(cli("people", "list", "--demo", "--json", ok=True).stdout)
    assert len(listed) >= 4
    # the default folder was never touched
    assert not Path(env["CC_TUI_DATA_DIR"]).exists()


def test_people_add_and_list(cli, tmp_path):
    d = str(tmp_path / "d")
    added = cli("people", "add", "Amara Okafor", "--role", "Engineer", "--team", "Payments", "--cadence-days", "21",
                "--email", "amara@example.com", "--data-dir", d, ok=True)
    assert "Amara Okafor" in added.stdout
    cli("people", "add", "Jonas Weber", "--data-dir", d, ok=True)
    listed = cli("people", "list", "--data-dir", d, ok=True).stdout.splitlines()
    assert len(listed) == 2 and "Amara Okafor" in listed[0] and "Payments" in listed[0]
    rows = json.loads(cli("people", "list", "--json", "--data-dir", d, ok=True).stdout)
    amara = next(r for r in rows if r["name"] == "Amara Okafor")
    assert (amara["role"], amara["team"], amara["cadence_days"], amara["email"]) == (
        "Engineer", "Payments", 21, "amara@example.com")
    assert amara["last_conversation"] is None and amara["open_actions_employee"] == 0
    assert {r["name"] for r in rows} == {"Amara Okafor", "Jonas Weber"}


def test_people_list_empty(cli, tmp_path):
    # the default folder before first use, and a store with nobody in it yet: nobody, exit 0
    assert "No people yet" in cli("people", "list", ok=True).stdout
    with Store.open(tmp_path / "e"):
        pass
    assert json.loads(cli("people", "list", "--json", "--data-dir", str(tmp_path / "e"), ok=True).stdout) == []


def test_a_data_dir_that_is_no_cc_tui_folder_is_an_error_for_every_command(cli, tmp_path):
    """--data-dir naming a file, a folder of other files, or (for commands that read) a folder without cc-tui data
    is one clear line and exit 1, never "No people yet" with exit 0, and nothing is written there."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    others = tmp_path / "documents"
    others.mkdir()
    (others / "letter.txt").write_text("mine")
    nothing = tmp_path / "nowhere"
    commands = [("people", "list"), ("people", "add", "Zed"), ("export", "--person", "Zed", "--out", "-"),
                ("handover", "export", "--person", "Zed", "--out", str(tmp_path / "h.json"))]
    for folder in (a_file, others):
        for command in commands:
            message = one_error_line(cli(*command, "--data-dir", str(folder)))
            assert str(folder) in message, (command, message)
        assert one_error_line(cli("--data-dir", str(folder)))  # the app itself, before any terminal is needed
    assert sorted(p.name for p in others.iterdir()) == ["letter.txt"] and a_file.read_text() == "mine"
    for command in commands[:1] + commands[2:]:  # reading commands on a folder that does not exist
        assert "No cc-tui data" in one_error_line(cli(*command, "--data-dir", str(nothing)))
    assert not nothing.exists()


def test_guides_list_with_a_guides_folder_that_is_not_one_is_an_error(cli, tmp_path):
    """guides list said nothing and exited 0 for --guides /nonexist (or a file); the app refuses it in one line."""
    (tmp_path / "a-guide.md").write_text("x")
    for given, said in ((tmp_path / "nope", "no such folder"), (tmp_path / "a-guide.md", "not a folder")):
        line = one_error_line(cli("--guides", str(given), "guides", "list"))
        assert said in line and str(given) in line


def test_guides_pointing_at_nothing_is_an_error(cli, tmp_path):
    message = one_error_line(cli("--guides", str(tmp_path / "missing"), "--data-dir", str(tmp_path / "d")))
    assert "no such folder" in message


def test_csv_import_cleans_control_characters_and_names_the_line_a_record_starts_on(cli, tmp_path):
    good = tmp_path / "team.csv"
    good.write_text('name,role\n"Ann\x1b]52;c;aGk=\x07 Lee","Eng\x1b[2J"\n', encoding="utf-8")
    cli("people", "import", str(good), "--data-dir", str(tmp_path / "d"), ok=True)
    with Store.open(tmp_path / "d") as s:
        (person,) = s.employees()
    assert "\x1b" not in person.name + person.role and "\x07" not in person.name
    assert person.name == "Ann]52;c;aGk= Lee"
    bad = tmp_path / "bad.csv"
    bad.write_text('name,cadence_days\n"Bo\nsecond line",14\nCy,often\n', encoding="utf-8")
    message = one_error_line(cli("people", "import", str(bad), "--data-dir", str(tmp_path / "d2")))
    assert "line 4: cadence_days 'often'" in message, message  # the record starts on line 4, after a 2-line cell


def test_people_list_is_one_line_per_person_and_never_prints_controls(cli, tmp_path):
    d = tmp_path / "d"
    from cc_tui.models import Employee

    with Store.open(d) as s:
        s.save_employee(Employee(name="Evil\x1b[31m\nName\r", role="a\u202eb"))
    out = cli("people", "list", "--data-dir", str(d), ok=True).stdout
    assert len(out.splitlines()) == 1
    assert "\x1b" not in out and "\u202e" not in out and "\r" not in out


@pytest.mark.parametrize("name", ["", "   "])
def test_people_add_empty_name(cli, tmp_path, name):
    line = one_error_line(cli("people", "add", name, "--data-dir", str(tmp_path / "d")))
    assert "name" in line


@pytest.mark.parametrize("cadence", ["0", "367", "-5"])
def test_people_add_bad_cadence(cli, tmp_path, cadence):
    line = one_error_line(cli("people", "add", "Amara", "--cadence-days", cadence, "--data-dir", str(tmp_path / "d")))
    assert "cadence" in line


def test_people_add_duplicate(cli, tmp_path):
    d = str(tmp_path / "d")
    cli("people", "add", "Amara", "--data-dir", d, ok=True)
    line = one_error_line(cli("people", "add", "amara", "--data-dir", d))
    assert "Already" in line


@pytest.mark.parametrize(
    "args", [["people", "add", "A", "--bogus"], ["--nope"], ["people"], ["people", "add", "A", "--cadence-days", "x"]]
)
def test_usage_errors_exit_2(cli, args):
    result = cli(*args)
    assert result.returncode == 2
    assert "error:" in result.stderr.splitlines()[-1]


# ------------------------------------------------------------------------------------------------ import


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_import_good_file(cli, tmp_path):
    csv_file = write(
        tmp_path / "team.csv",
        "\ufeffName,Role,Team,cadence_days,email\n"
        'Amara Okafor,"Engineer, Senior",Payments,21,amara@example.com\n'
        "Jonas Weber,Designer,Growth,,\n"
        '"García, Mateo",Manager,Platform,28,mateo@example.com\n'
        "\n".encode(),
    )
    d = str(tmp_path / "d")
    result = cli("people", "import", str(csv_file), "--data-dir", d, ok=True)
    assert "Imported 3" in result.stdout
    rows = {r["name"]: r for r in json.loads(cli("people", "list", "--json", "--data-dir", d, ok=True).stdout)}
    assert set(rows) == {"Amara Okafor", "Jonas Weber", "García, Mateo"}
    assert rows["Amara Okafor"]["role"] == "Engineer, Senior" and rows["Amara Okafor"]["cadence_days"] == 21
    assert rows["Amara Okafor"]["email"] == "amara@example.com"
    assert rows["Jonas Weber"]["cadence_days"] == 30


def test_import_bad_rows_reports_every_line_and_imports_nothing(cli, tmp_path):
    d = str(tmp_path / "d")
    cli("people", "add", "Existing", "--data-dir", d, ok=True)
    before = (tmp_path / "d" / "index.json").read_bytes()
    csv_file = write(
        tmp_path / "bad.csv",
        b"name,role,cadence_days\n"
        b"Good One,Engineer,30\n"  # line 2 fine
        b",Engineer,30\n"  # 3 empty name
        b"Bad Cadence,Engineer,often\n"  # 4
        b"Zero Cadence,Engineer,0\n"  # 5
        b"Good One,Designer,30\n"  # 6 duplicate of line 2
        b"Too Many,Engineer,30,extra\n",  # 7
    )
    line = one_error_line(cli("people", "import", str(csv_file), "--data-dir", d))
    assert "nothing imported" in line and "5 bad row" in line
    for n in (3, 4, 5, 6, 7):
        assert f"line {n}:" in line
    assert "line 2:" not in line
    assert (tmp_path / "d" / "index.json").read_bytes() == before


def test_import_line_numbers_survive_odd_characters_in_cells(cli, tmp_path):
    d = str(tmp_path / "d")
    csv_file = write(
        tmp_path / "odd.csv",
        "name,role,\nAnna\u2028Lee,Eng\x0cineer,\nBob,Engineer,\n,Empty,\n".encode(),
    )
    line = one_error_line(cli("people", "import", str(csv_file), "--data-dir", d))
    assert "1 bad row" in line and "line 4:" in line


def test_import_refuses_a_column_named_twice(cli, tmp_path):
    """csv.DictReader keeps the last of two columns of one name: the names in the first were dropped unseen."""
    d = str(tmp_path / "d")
    csv_file = write(tmp_path / "twice.csv", b"name,role,Name\nAnna Lee,Engineer,Someone Else\n")
    line = one_error_line(cli("people", "import", str(csv_file), "--data-dir", d))
    assert "the column name is named twice" in line
    assert not (tmp_path / "d").exists()


def test_import_duplicate_of_existing_person(cli, tmp_path):
    d = str(tmp_path / "d")
    cli("people", "add", "Amara", "--data-dir", d, ok=True)
    csv_file = write(tmp_path / "t.csv", b"name\nNew Person\namara\n")
    line = one_error_line(cli("people", "import", str(csv_file), "--data-dir", d))
    assert "amara" in line
    names = [r["name"] for r in json.loads(cli("people", "list", "--json", "--data-dir", d, ok=True).stdout)]
    assert names == ["Amara"]


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p / "missing.csv",
        lambda p: p,
        lambda p: write(p / "latin1.csv", "name\nJos\xe9\n".encode("latin-1")),
        lambda p: write(p / "nohead.csv", b"role\nEngineer\n"),
        lambda p: write(p / "unknown.csv", b"name,salary\nA,1\n"),
        lambda p: write(p / "empty.csv", b""),
    ],
    ids=["missing", "folder", "not-utf8", "no-name-column", "unknown-column", "empty"],
)
def test_import_unreadable_files(cli, tmp_path, make):
    src = tmp_path / "src"
    src.mkdir()
    path = make(src)
    line = one_error_line(cli("people", "import", str(path), "--data-dir", str(tmp_path / "d")))
    assert str(path) in line


# ------------------------------------------------------------------------------------------------ damaged data


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"meta": {"1": {"schema_version": 1', b"not json at all", b"[]", b'{"meta": [1]}',
     b'{"meta": {"1": {"schema_version": 1}}, "employees": {"1": {"id": "x", "employee": {"name": ""}}}}'],
    ids=["empty", "truncated", "not-json", "list", "table-not-dict", "invalid-record"],
)
def test_damaged_index_is_one_line(cli, tmp_path, damage):
    d = tmp_path / "d"
    cli("people", "add", "Amara", "--data-dir", str(d), ok=True)
    index = d / "index.json"
    index.write_bytes(damage)
    line = one_error_line(cli("people", "list", "--data-dir", str(d)))
    assert str(index) in line and "damaged" in line
    assert index.read_bytes() == damage
    line = one_error_line(cli("people", "add", "Jonas", "--data-dir", str(d)))
    assert index.read_bytes() == damage


def test_newer_data_is_one_line(cli, tmp_path):
    d = tmp_path / "d"
    cli("people", "add", "Amara", "--data-dir", str(d), ok=True)
    index = d / "index.json"
    data = json.loads(index.read_bytes())
    next(iter(data["meta"].values()))["schema_version"] = 99
    index.write_text(json.dumps(data))
    line = one_error_line(cli("people", "list", "--data-dir", str(d)))
    assert "newer" in line


def test_error_message_with_newline_in_path_is_still_one_line(cli, tmp_path):
    path = tmp_path / "two\nlines.csv"
    line = one_error_line(cli("people", "import", str(path), "--data-dir", str(tmp_path / "d")))
    assert "no such file" in line


def test_the_app_with_no_terminal_refuses_at_once(cli, tmp_path):
    """Started from a script, a cron job or with stdin at EOF: one line, exit 1, no process left behind."""
    started = time.monotonic()
    message = one_error_line(cli("--data-dir", str(tmp_path / "d")))
    assert "needs a terminal" in message
    assert time.monotonic() - started < 30  # (the subprocess itself; the app never started)
    assert not (tmp_path / "d" / "index.json").exists()


APP_STARTS = [  # (argv, read without argparse: the usual starts are; the rest are left to argparse as before)
    ([], True),
    (["--data-dir", "somewhere"], True),
    (["--data-dir=some=where"], True),
    (["--demo", "--share-safe"], True),
    (["--demo", "--demo", "--data-dir", "a", "--data-dir", "b"], True),  # the last one counts, as in argparse
    (["--data-dir", "people"], True),  # a folder named like a command is still a folder
    (["--config", "c.toml", "--guides", "g1", "--guides=g2", "--passphrase-fd", "3"], True),
    (["--passphrase-fd", " 3"], True),
    (["--share"], False),  # an abbreviation, as argparse allows
    (["--passphrase-fd", "-3"], False),
    (["--data-dir", ""], False),
    (["--data-dir=-x"], False),
    (["--demo=yes", "--data-dir", "d"], False),  # (argparse's error; tested below for the shape of such errors)
]


@pytest.mark.parametrize("argv, plain", APP_STARTS, ids=lambda x: " ".join(x) or "no arguments" if isinstance(x, list)
                         else str(x))
def test_a_plain_start_reads_the_same_arguments_without_building_every_command(argv: list[str], plain: bool) -> None:
    """Starting the app reads its options without argparse (its import was ~2 ms before the first frame) or with the
    top-level parser alone (every command's parser cost ~55 ms); what it reads is what the full parser reads, and no
    command's module is imported for it."""
    code = (
        "import sys, json\n"
        "from cc_tui.cli import build_parser, parse_command_line\n"
        "try:\n"
        f"    quick = parse_command_line({argv!r})\n"
        "except SystemExit as exc:\n"
        "    quick = exc\n"
        "used_argparse = 'argparse' in sys.modules\n"
        "imported = sorted(m for m in sys.modules if m.startswith('cc_tui.') and m.endswith('_cli'))\n"
        "try:\n"
        f"    full = build_parser().parse_args({argv!r})\n"
        "except SystemExit as exc:\n"
        "    full = exc\n"
        "show = lambda ns: ns.code if isinstance(ns, SystemExit) else "
        "{k: (v.__name__ if callable(v) else str(v)) for k, v in vars(ns).items()}\n"
        "print(json.dumps([show(quick), show(full), imported, used_argparse]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    quick, full, imported, used_argparse = json.loads(result.stdout.strip().splitlines()[-1])
    assert quick == full
    if quick != 2:  # (argparse's usage error: the full parser, every command's module with it, reads it)
        assert quick["func"] == "cmd_open" and imported == []
    assert used_argparse is not plain


@pytest.mark.parametrize("argv, words", [
    (["--passphrase-fd", "abc"], "invalid int value: 'abc'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--data-dir"], "expected one argument"),
    (["peple", "list"], "invalid choice: 'peple'"),
])
def test_a_bad_start_is_reported_by_the_full_parser(cli, argv: list[str], words: str) -> None:
    result = cli(*argv)
    assert result.returncode == 2
    assert "COMMAND" in result.stderr and words in result.stderr  # the usage with the commands, and what is wrong


def test_the_app_starts_without_automatic_collection_and_the_command_line_always_turns_it_back_on(
        tmp_path: Path) -> None:
    """Importing Textual and cc-tui and drawing the first frame ran ~120 collector passes over objects that are nearly
    all kept (~9 ms of a ~180 ms first frame): ``cc-tui`` starts the app with automatic collection off (the app's
    collector turns it on at its first pause); an error before the app runs turns it back on all the same."""
    not_a_folder = tmp_path / "a file"
    not_a_folder.write_text("x")
    code = (
        "import gc, json\n"
        "import cc_tui.app, cc_tui.cli as cli\n"
        "seen = []\n"
        "cc_tui.app.run_app = lambda *a, **k: seen.append(gc.isenabled()) or 0\n"
        "cli.has_terminal = lambda: True\n"
        f"ok = cli.main(['--data-dir', {str(tmp_path / 'data')!r}])\n"
        "after_ok = gc.isenabled()\n"
        f"bad = cli.main(['--data-dir', {str(not_a_folder)!r}])\n"
        "print(json.dumps([ok, seen, after_ok, bad, gc.isenabled()]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    ok, seen, after_ok, bad, after_bad = json.loads(result.stdout.splitlines()[-1])
    assert (ok, seen, after_ok) == (0, [False], True)
    assert bad == 1 and after_bad and "a file" in result.stderr
