"""Issue #18 (9, 10): archiving and restoring people (store, command line, home), the "due" count and plurals."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from cc_tui.errors import UserError
from cc_tui.flow import finish_conversation, start_conversation
from cc_tui.models import Employee
from cc_tui.store import HomeRow, PersonBrief, Store
from cc_tui.store.home import home_row
from cc_tui.text import counted

from .app_support import NOW, demo_app, fixed_clock, one_error_line, settle

TODAY = NOW.date()


def add_person(s: Store, name: str, **kw: object) -> Employee:
    e = Employee(name=name, created_at=NOW - timedelta(days=60), **kw)  # type: ignore[arg-type]
    s.save_employee(e)
    return e


def talked(s: Store, e: Employee, *, next_date: date) -> None:
    """A conversation finished 30 days ago that set ``next_date`` for the next one."""
    def past() -> object:
        return NOW - timedelta(days=30)

    conv = start_conversation(s, [e.id], past)  # type: ignore[arg-type]
    finish_conversation(s, conv, past, next_date=next_date)  # type: ignore[arg-type]


def index_record(folder: Path, name: str) -> dict[str, object]:
    index = json.loads((folder / "index.json").read_text())
    (doc,) = [d for d in index["employees"].values() if d["employee"]["name"] == name]
    return dict(doc["employee"])


# ------------------------------------------------------------------------------------------------------ the store


def test_archive_and_restore_in_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        amara = add_person(s, "Amara Okafor")
        zed = add_person(s, "Zed Gone")
        archived = s.set_archived(zed.id, True)
        assert archived.archived and archived.id == zed.id
        with pytest.raises(UserError, match="Zed Gone is already archived"):
            s.set_archived(zed.id, True)
        with pytest.raises(UserError, match="Amara Okafor is not archived"):
            s.set_archived(amara.id, False)
        assert [r.employee.name for r in s.home_rows(TODAY)] == ["Amara Okafor"]
        assert [e.name for e in s.employees()] == ["Amara Okafor"]
        assert s.find_employee("zed").id == zed.id  # still found by name: history, exports, handover
    assert index_record(folder, "Zed Gone")["archived"] is True
    with Store.open(folder, clock=fixed_clock) as s:  # on disk, and listed after everyone else when asked for
        add_person(s, "Aaron First")
        assert [(r.employee.name, r.employee.archived) for r in s.home_rows(TODAY, include_archived=True)] == [
            ("Aaron First", False), ("Amara Okafor", False), ("Zed Gone", True)]
        s.warm_up()  # the same through the models
        assert [r.employee.name for r in s.home_rows(TODAY, include_archived=True)] == [
            "Aaron First", "Amara Okafor", "Zed Gone"]
        s.set_archived(zed.id, False)
    assert index_record(folder, "Zed Gone")["archived"] is False


def test_ambiguous_names_say_who_is_archived(store: Store) -> None:
    add_person(store, "Jonas Weber")
    add_person(store, "Jonas Smith", archived=True)
    with pytest.raises(UserError, match=r"matches 2 people: Jonas Smith \([0-9a-f]{8}, archived\), Jonas Weber"):
        store.find_employee("jonas")
    with pytest.raises(UserError, match="--include-archived"):
        store.find_employee("nobody")


def test_a_person_named_like_an_id_prefix_never_takes_the_commands_meant_for_that_id(tmp_path: Path, cli) -> None:
    """A name is tried before an id prefix, so a person named "ead7f3cc" (a CSV, a handover file) took the
    restore, export and erase meant for the person whose id starts so. A prefix that is also a name is now
    ambiguous (both named, "use the id"), and archive's undo line gives the whole id."""
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        alice = add_person(s, "Alice Real")
        add_person(s, alice.id[:8])
        with pytest.raises(UserError, match=rf"matches 2 people: .*Alice Real \({alice.id[:8]}\)"):
            s.find_employee(alice.id[:8])
        assert s.find_employee(alice.id).name == "Alice Real"
    data = ["--data-dir", str(folder)]
    archived = cli("people", "archive", *data, "Alice Real", ok=True).stdout
    assert f"Undo with: cc-tui people restore {alice.id}" in archived
    cli("people", "restore", *data, alice.id, ok=True)
    refused = cli("people", "archive", *data, alice.id[:8])
    assert refused.returncode == 1 and "matches 2 people" in refused.stderr and len(refused.stderr.splitlines()) == 1
    with Store.open(folder, clock=fixed_clock) as s:
        assert not s.find_employee(alice.id).archived and not s.find_employee("Alice Real").archived


# --------------------------------------------------------------------------------------- counts: due, plurals


def _row(next_due: date | None, *, archived: bool = False) -> HomeRow:
    brief = PersonBrief("a1b2c3d4e5", "X", "", "", "", 30, archived)
    stats = {"last_at": (NOW - timedelta(days=30)).isoformat(), "last_next_date": next_due.isoformat()} if next_due \
        else {}
    return home_row(brief, stats, TODAY)


def test_a_last_conversation_near_the_last_date_has_a_next_date_not_an_overflow() -> None:
    """A conversation dated 9999-12-20 (a handover file can carry one) with no next date: its cadence ran past the
    last date a date can hold (OverflowError while home's rows were built). The next date stops at that day."""
    brief = PersonBrief("a1b2c3d4e5", "X", "", "", "", 30, False)
    row = home_row(brief, {"last_at": "9999-12-20T10:00:00+00:00"}, TODAY)
    assert row.next_due == date.max and not row.is_due(TODAY)
    assert _row(None).next_due is None


def test_due_means_today_or_earlier() -> None:
    assert _row(TODAY).is_due(TODAY)
    assert _row(TODAY - timedelta(days=3)).is_due(TODAY)
    assert not _row(TODAY + timedelta(days=1)).is_due(TODAY)
    assert _row(None).is_due(TODAY)  # never talked with: the list says "now", and they count
    assert not _row(TODAY - timedelta(days=3), archived=True).is_due(TODAY)


def test_counted() -> None:
    assert counted(1, "person", "people") == "1 person"
    assert counted(2, "person", "people") == "2 people"
    assert counted(0, "person", "people") == "0 people"
    assert counted(1, "open action item") == "1 open action item"
    assert counted(3, "conversation") == "3 conversations"


def summary_line(app: object) -> str:
    return str(app.screen.query_one("#home-summary").render())  # type: ignore[attr-defined]


async def test_home_counts_due_today_and_overdue_not_tomorrow(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        talked(s, add_person(s, "Due Today"), next_date=TODAY)
        talked(s, add_person(s, "Over Due"), next_date=TODAY - timedelta(days=5))
        talked(s, add_person(s, "Due Tomorrow"), next_date=TODAY + timedelta(days=1))
        gone = add_person(s, "Long Gone")
        talked(s, gone, next_date=TODAY - timedelta(days=9))
        s.set_archived(gone.id, True)
    app = demo_app(folder, demo=False)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            assert summary_line(app) == (
                "3 people · 2 conversations due · you owe 0 open action items · 1 archived (v shows them)")
    finally:
        app.store.close()


async def test_home_plurals_for_one(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        add_person(s, "Only One")  # never talked with: due now
    app = demo_app(folder, demo=False)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            assert summary_line(app) == "1 person · 1 conversation due · you owe 0 open action items"
    finally:
        app.store.close()


# ---------------------------------------------------------------------------------------------------- the home screen


async def test_archive_from_home_then_show_and_restore(tmp_path: Path) -> None:
    from cc_tui.dialogs.basic import ConfirmScreen
    from cc_tui.palette import binding_commands

    folder = tmp_path / "data"
    app = demo_app(folder)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            home = app.screen
            names = [r.employee.name for r in home.rows]
            assert names[1] == "Jonas Weber" and "v shows" not in summary_line(app)
            titles = {c.title for c in binding_commands(home)}
            assert "Archive" in titles and "Restore" not in titles and "Show archived" not in titles

            await pilot.press("down", "x")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen) and "Archive Jonas Weber?" in app.screen.message
            await pilot.press("n")  # kept
            await settle(pilot)
            assert app.screen is home and [r.employee.name for r in home.rows] == names

            await pilot.press("x")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert app.screen is home
            assert [r.employee.name for r in home.rows] == [n for n in names if n != "Jonas Weber"]
            assert home.selected().employee.name == names[2]  # the cursor stays on the row, now the next person
            assert summary_line(app).startswith("5 people · ") and summary_line(app).endswith(
                " · 1 archived (v shows them)")
            assert index_record(folder, "Jonas Weber")["archived"] is True
            assert "Show archived" in {c.title for c in binding_commands(home)}

            await pilot.press("v")
            await settle(pilot)
            assert [r.employee.name for r in home.rows][-1] == "Jonas Weber"
            assert summary_line(app).endswith(" · 1 archived (v hides them)")
            table = home.query_one("#people")
            cells = table.get_row_at(len(home.rows) - 1)
            assert cells[-1].plain == "archived"
            await pilot.press("end")
            await settle(pilot)
            assert home.selected().employee.name == "Jonas Weber"
            titles = {c.title for c in binding_commands(home)}
            assert {"Restore", "Hide archived", "History"} <= titles and "Archive" not in titles
            await pilot.press("s")  # no conversation with someone archived
            await settle(pilot)
            assert app.screen is home

            await pilot.press("x")  # restores, no question asked
            await settle(pilot)
            assert index_record(folder, "Jonas Weber")["archived"] is False
            assert sorted(r.employee.name for r in home.rows) == sorted(names)
            assert home.selected().employee.name == "Jonas Weber"  # the cursor followed them
            assert "archived" not in summary_line(app)
            await pilot.press("v")
            await settle(pilot)
            assert [r.employee.name for r in home.rows] == names
    finally:
        app.store.close()


async def test_an_archived_persons_history_still_opens(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = demo_app(folder)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            jonas = app.store.find_employee("Jonas Weber")
            await pilot.press("down", "x")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            await pilot.press("v", "end", "h")
            await settle(pilot)
            assert app.screen.id != "home"
            assert jonas.name in str(app.screen.title) + str(app.screen.sub_title)
    finally:
        app.store.close()


# ---------------------------------------------------------------------------------------------- the command line


def test_cli_archive_list_export_restore(cli, tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    cli("demo", "--data-dir", d, ok=True)
    before = cli("people", "list", "--data-dir", d, ok=True).stdout.splitlines()
    assert len(before) == 6 and all(" next 20" in line for line in before)

    out = cli("people", "archive", "jonas", "--data-dir", d, ok=True).stdout
    assert out.startswith("Archived Jonas Weber (") and len(out.splitlines()) == 1
    listed = cli("people", "list", "--data-dir", d, ok=True).stdout
    assert "Jonas" not in listed and len(listed.splitlines()) == 5
    everyone = cli("people", "list", "--include-archived", "--data-dir", d, ok=True).stdout.splitlines()
    assert len(everyone) == 6 and "Jonas Weber" in everyone[-1] and everyone[-1].endswith("(archived)")
    assert not any(line.endswith("(archived)") for line in everyone[:-1])
    rows = json.loads(cli("people", "list", "--json", "--data-dir", d, ok=True).stdout)
    assert len(rows) == 5 and not any(r["archived"] for r in rows)
    rows = json.loads(cli("people", "list", "--json", "--include-archived", "--data-dir", d, ok=True).stdout)
    assert [r["name"] for r in rows if r["archived"]] == ["Jonas Weber"]

    # what they left behind is still theirs to export and hand over
    exported = cli("export", "--person", "Jonas Weber", "--data-dir", d, ok=True).stdout
    assert "# Action items: Jonas Weber" in exported
    assert cli("export", "--person", "jonas", "--format", "json", "--data-dir", d, ok=True).stdout.strip()
    handover = tmp_path / "jonas.json"
    cli("handover", "export", "--person", "jonas", "--out", str(handover), "--data-dir", d, ok=True)
    assert handover.exists()

    out = cli("people", "restore", "Jonas Weber", "--data-dir", d, ok=True).stdout
    assert out.startswith("Restored Jonas Weber (")
    assert cli("people", "list", "--data-dir", d, ok=True).stdout.splitlines() == before


def test_cli_archive_errors_are_one_line(cli, tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    cli("demo", "--data-dir", d, ok=True)
    assert "No person matches 'Nobody'" in one_error_line(cli("people", "archive", "Nobody", "--data-dir", d))
    line = one_error_line(cli("people", "archive", "a", "--data-dir", d))
    assert "matches 5 people" in line and "Use the id instead" in line
    assert "is not archived" in one_error_line(cli("people", "restore", "Amara", "--data-dir", d))
    jonas = json.loads(cli("people", "list", "--json", "--data-dir", d, ok=True).stdout)[1]
    cli("people", "archive", jonas["id"], "--data-dir", d, ok=True)  # by id
    line = one_error_line(cli("people", "archive", jonas["id"][:8], "--data-dir", d))  # by id prefix
    assert line == "cc-tui: Jonas Weber is already archived; nothing changed."
    for command in ("archive", "restore"):  # no data folder: said so, and none is made
        assert "No cc-tui data" in one_error_line(cli("people", command, "x", "--data-dir", str(tmp_path / "none")))
    assert "No cc-tui data" in one_error_line(cli("people", "archive", "x"))  # the default folder, never used yet
    assert not (tmp_path / "none").exists() and not (tmp_path / "default-data").exists()
    assert cli("people", "archive", "--data-dir", d).returncode == 2  # no NAME: usage


def test_cli_only_archived_people_and_plurals(cli, tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    team = tmp_path / "one.csv"
    team.write_text("name,role\nSolo Person,Engineer\n", encoding="utf-8")
    assert "Imported 1 person from" in cli("people", "import", str(team), "--data-dir", d, ok=True).stdout
    line = cli("people", "list", "--data-dir", d, ok=True).stdout
    assert re.search(r" last never +next now +open 0\+0$", line.rstrip("\n"))  # never talked with: due now, as on home
    cli("people", "archive", "Solo", "--data-dir", d, ok=True)
    out = cli("people", "list", "--data-dir", d, ok=True).stdout
    assert out.strip() == ("Nobody on the list: 1 person archived "
                           "('cc-tui people list --include-archived' shows them).")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,cadence_days\nA,x\nB,y\n", encoding="utf-8")
    assert "2 bad rows:" in one_error_line(cli("people", "import", str(bad), "--data-dir", d))


def test_handover_problems_are_counted_in_words(demo_store: Store) -> None:
    from cc_tui.handover import build_bundle, dump_bundle, parse_bundle

    good = json.loads(dump_bundle(build_bundle(demo_store, demo_store.find_employee("Amara"))))

    def message(*strays: str) -> str:
        with pytest.raises(UserError) as caught:
            parse_bundle(json.dumps({**good, **{k: 1 for k in strays}}).encode())
        return str(caught.value)

    assert "(and" not in message("stray")
    assert "(and 1 more problem);" in message("stray", "other")
    assert "(and 2 more problems);" in message("stray", "other", "third")


async def test_starting_with_an_archived_person_names_them_as_typed_never_as_markup(tmp_path: Path) -> None:
    """The "is archived" notice carries the person's name: a name with ``[/]`` and ``[@click=app.quit]`` is shown as
    typed, neither crashing the notice nor running the action (home.py passes it with markup=False)."""
    from .app_support import screen_text

    folder = tmp_path / "data"
    app = demo_app(folder)
    hostile = add_person(app.store, "Zed [/] [@click=app.quit]Quit[/]")
    app.store.set_archived(hostile.id, True)
    try:
        async with app.run_test(size=(120, 30), notifications=True) as pilot:  # toasts drawn, as in use
            await settle(pilot)
            home = app.screen
            await pilot.press("v", "end")
            await settle(pilot)
            assert home.selected().employee.id == hostile.id
            await pilot.press("enter")  # s is off on an archived row; Enter on the row says why
            await settle(pilot)
            assert app.is_running and app.return_code is None and app.screen is home
            told = [n.message for n in app._notifications]  # noqa: SLF001
            assert told[-1] == "Zed [/] [@click=app.quit]Quit[/] is archived: press x to restore them first."
            await pilot.pause(0.3)  # the toast is drawn a moment after the notice
            shown = " ".join(screen_text(app).split())
            assert "Zed [/] [@click=app.quit]Quit[/] is archived" in shown, shown
    finally:
        app.store.close()


async def test_adding_someone_with_a_name_already_listed_warns_and_saves_both(tmp_path: Path) -> None:
    """A second "Amara Okafor" was saved without a word: two rows no one could tell apart, and an erase of one of
    them then kept every mention of the name. Saved (two people can share a name), with a warning."""
    from textual.widgets import Input

    from cc_tui.dialogs.forms import PersonForm

    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        app.screen.query_one("#name", Input).value = "amara okafor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = [(n.title, n.message) for n in app._notifications]
        assert any(title == "Same name" and "already listed" in message for title, message in said), said
        assert [r.employee.name.casefold() for r in app.screen.rows].count("amara okafor") == 2
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#name", Input).value = "smith [/] jr"  # the demo's "Smith [/] Jr": shown as typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and any(n.message.startswith("smith [/] jr: someone of that name")
                                      for n in app._notifications if n.title == "Same name")
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#name", Input).value = "Someone New"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sum(1 for n in app._notifications if n.title == "Same name") == 2
    app.store.close()
