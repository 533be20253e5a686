"""#26.1: `cc-tui people erase NAME` removes every trace of a person — their index entry, their file, their
one-to-ones, every .bak, the copies under backups/ — and keeps team sessions for the others with the person gone."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cc_tui.flow import start_conversation
from cc_tui.models import Employee
from cc_tui.store import Store
from cc_tui.store.erase import FORMER

from .app_support import cli_in_terminal, fixed_clock
from .conftest import FIXED_NOW
from .erase_support import MARK, every_byte, planted


def test_erase_leaves_no_trace_and_the_team_session_without_them(tmp_path: Path, cli) -> None:
    folder = tmp_path / "data"
    person_id, name, other_id, team_id = planted(folder)
    before = every_byte(folder)
    assert MARK in before and name in before and person_id in before
    result = cli("people", "erase", name, "--yes", "--data-dir", str(folder), ok=True)
    assert result.stdout.startswith(f"Erased {name}")
    assert "backup" in result.stdout
    after = every_byte(folder)
    for trace in (MARK, name, person_id, "amara.okafor@example.com"):
        assert trace not in after, trace
    with Store.open(folder) as store:
        assert all(e.id != person_id for e in store.employees(include_archived=True))
        team = store.conversation(team_id)
        assert team.employee_ids == [other_id]
        assert [i.employee_id for i in team.interests] == [other_id] and team.quotes == []
        assert "a former attendee and" in team.shared_notes
        assert any(s.id == team_id for s in store.history(other_id))
        store.home_rows(FIXED_NOW.date())  # the store reads as a whole


@pytest.mark.parametrize(("gone", "stays"), [("Amara Okafor", "Amara Okafor"), ("Sam", "Sam Brown")])
def test_erase_never_renames_someone_who_stays(tmp_path: Path, cli, gone: str, stays: str) -> None:
    """The name was replaced in every text of every file: erasing one of two Amara Okafors renamed the other (her
    name, her index row, her conversations' titles) "a former attendee", and erasing Sam made Sam Brown "a former
    attendee Brown". A record's own name is never rewritten, nor a mention inside the name of someone who stays."""
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as store:
        person = Employee(name=gone, created_at=FIXED_NOW)
        other = Employee(name=stays, created_at=FIXED_NOW)
        third = Employee(name="Lena Kowalski", created_at=FIXED_NOW)
        for e in (person, other, third):
            store.save_employee(e)
        own = start_conversation(store, [other.id], fixed_clock)
        own.shared_notes = f"{stays} wants to lead the migration."
        store.save_conversation(own)
        team = start_conversation(store, [person.id, other.id, third.id], fixed_clock)
        team.shared_notes = f"{gone} said one thing. {stays} said another."
        store.save_conversation(team)
        lena = start_conversation(store, [third.id], fixed_clock)
        lena.shared_notes = f"Lena pairs with {gone} and with {stays}."
        store.save_conversation(lena)
    result = cli("people", "erase", person.id, "--yes", "--data-dir", str(folder), ok=True)
    with Store.open(folder) as store:
        assert [e.name for e in store.employees()] == sorted([stays, "Lena Kowalski"])
        assert store.find_employee(other.id).name == stays
        kept = store.conversation(own.id)
        assert kept.title.endswith(stays) and kept.shared_notes == f"{stays} wants to lead the migration."
        team_notes = store.conversation(team.id).shared_notes
        lena_notes = store.conversation(lena.id).shared_notes
    if gone == stays:  # two people of one name: a mention cannot be told apart, so it stays (never the wrong one)
        assert team_notes == f"{gone} said one thing. {stays} said another."
        assert lena_notes == f"Lena pairs with {gone} and with {stays}."
    else:
        assert team_notes == f"{FORMER} said one thing. {stays} said another."
        assert lena_notes == f"Lena pairs with {FORMER} and with {stays}."
        assert "other person’s file" in result.stdout or "other people’s files" in result.stdout


def assert_erase_refused(cli, folder: Path, person_id: str, damaged: Path) -> None:
    """``people erase`` names ``damaged`` in one line, exits 1, and leaves every byte of the folder as it was."""
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
    result = cli("people", "erase", person_id, "--yes", "--data-dir", str(folder))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert str(damaged) in result.stderr and "damaged" in result.stderr and "internal error" not in result.stderr
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
    assert after == before


@pytest.mark.parametrize("damaged", ["their conversation", "the other attendee's file", "drafts.json"])
def test_a_damaged_file_stops_the_erase_before_anything_is_removed(tmp_path: Path, cli, damaged: str) -> None:
    """A truncated file the erase must rewrite: "internal error (JSONDecodeError); nothing was lost", with two of
    their conversations already gone and the person still listed (or their file gone, still listed). Now the file
    is named in one line and nothing is changed."""
    folder = tmp_path / "data"
    person_id, name, other_id, team_id = planted(folder)
    with Store.open(folder) as store:
        store.save_draft(team_id, "note", {"x": f"{name} said"})
        own = [s.id for s in store.history(person_id) if s.id != team_id]
    target = {"their conversation": folder / "conversations" / f"{own[-1]}.json",
              "the other attendee's file": folder / "people" / f"{other_id}.json",
              "drafts.json": folder / "drafts.json"}[damaged]
    target.write_bytes(target.read_bytes()[:-30])  # cut short: what it says of them is still there
    assert_erase_refused(cli, folder, person_id, target)


@pytest.mark.parametrize("content", ['{"drafts": []}', "[]", '{"drafts": {"1": "text"}}',
                                     '{"drafts": {"1": {"evil": 1}}}', '{"conversations": {"1": 5}}'])
def test_json_of_another_shape_stops_the_erase_before_anything_is_removed(tmp_path: Path, cli, content: str) -> None:
    """Valid JSON of another shape in drafts.json: "internal error (AttributeError)" half-way, their conversations
    gone and the person still listed; and a drafts.json the app calls damaged was rewritten. Now it is named and
    nothing is changed."""
    folder = tmp_path / "data"
    person_id, _name, _other_id, _team_id = planted(folder)
    target = folder / "drafts.json"
    target.write_text(content)
    assert_erase_refused(cli, folder, person_id, target)


def test_erase_asks_for_the_name_and_refuses_without_a_terminal(tmp_path: Path, cli) -> None:
    folder = tmp_path / "data"
    person_id, name, _, _ = planted(folder)
    result = cli("people", "erase", name, "--data-dir", str(folder))
    assert result.returncode == 1 and "add --yes" in result.stderr
    assert person_id in every_byte(folder)
    missing = cli("people", "erase", "Nobody Here", "--yes", "--data-dir", str(folder))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1


def test_ctrl_d_at_the_name_question_erases_nothing(tmp_path: Path, env) -> None:
    """In a terminal, ctrl+d at "Type their name to confirm" was "internal error (EOFError)"."""
    folder = tmp_path / "data"
    person_id, name, _, _ = planted(folder)
    text, code = cli_in_terminal(["people", "erase", person_id, "--data-dir", str(folder)],
                                 [(b"to confirm", b"\x04")], env)
    assert code == 1 and "nothing was erased" in text and "internal error" not in text
    assert person_id in every_byte(folder)


KILL_ERASE = """
import os, signal, sys
import cc_tui.store.erase as erase
from cc_tui.store import Store
folder, name, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
real, done = erase.atomic_write, []
def write_then_maybe_die(path, data, **kwargs):
    real(path, data, **kwargs)
    done.append(path)
    if len(done) == k:
        os.kill(os.getpid(), signal.SIGKILL)
erase.atomic_write = write_then_maybe_die
with Store.open(folder) as store:
    store.erase_person(store.find_employee(name).id)
"""


@pytest.mark.parametrize("k", [1, 2, 4, 6])
def test_killed_midway_the_same_erase_finds_them_and_finishes(tmp_path: Path, k: int, env, cli) -> None:
    """Backups first, the data folder last: a kill anywhere leaves the person in the index, so the same command
    finds them again and the folder ends with no trace (backups included)."""
    folder = tmp_path / "data"
    person_id, name, _, _ = planted(folder)
    result = subprocess.run([sys.executable, "-c", KILL_ERASE, str(folder), name, str(k)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr
    with Store.open(folder) as store:
        assert store.find_employee(name).id == person_id
        store.home_rows(FIXED_NOW.date())
    cli("people", "erase", name, "--yes", "--data-dir", str(folder), ok=True)
    after = every_byte(folder)
    for trace in (MARK, name, person_id, "amara.okafor@example.com"):
        assert trace not in after, (k, trace)
