"""#26.1: `cc-tui people erase NAME` removes every trace of a person — their index entry, their file, their
one-to-ones, every .bak, the copies under backups/ — and keeps team sessions for the others with the person gone."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cc_tui.store import Store

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


def test_erase_asks_for_the_name_and_refuses_without_a_terminal(tmp_path: Path, cli) -> None:
    folder = tmp_path / "data"
    person_id, name, _, _ = planted(folder)
    result = cli("people", "erase", name, "--data-dir", str(folder))
    assert result.returncode == 1 and "add --yes" in result.stderr
    assert person_id in every_byte(folder)
    missing = cli("people", "erase", "Nobody Here", "--yes", "--data-dir", str(folder))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1


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
