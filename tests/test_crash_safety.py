"""Crash safety: SIGKILL at random moments never loses an acknowledged save; the lock never outlives its process."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cc_tui.errors import LockedError
from cc_tui.flow import start_conversation
from cc_tui.models import ActionItem, Employee, Goal
from cc_tui.store import Store
from cc_tui.store.convert import data_files, encrypt_folder
from cc_tui.store.crypto import Cipher, is_sealed

from .conftest import FIXED_NOW, fixed_clock

HELPERS = Path(__file__).parent / "helpers"
PEOPLE = ["Amara Okafor", "Jonas Weber", "Priya Raman"]


def child_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    home = tmp_path / "home"
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("CC_TUI_DATA_DIR", None)
    return env


def setup_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        people = [Employee(name=n, created_at=FIXED_NOW) for n in PEOPLE]
        s.add_employees(people)
        conv = start_conversation(s, [people[0].id], fixed_clock)
        item = ActionItem(employee_id=people[1].id, conversation_id=conv.id, text="keep going", created_at=FIXED_NOW)
        goal = Goal(employee_id=people[1].id, title="grow", created_at=FIXED_NOW)
        s.save_action(item)
        s.save_goal(goal)
    ids = {"conversation": conv.id, "employee": people[1].id, "action": item.id, "goal": goal.id,
           "owner": people[0].id}
    (tmp_path / "ids.json").write_text(json.dumps(ids))
    return folder, ids


def encrypt(folder: Path) -> Cipher:
    """The folder encrypted (as ``cc-tui encrypt`` does), for the same loops on sealed files."""
    data_key, _ = encrypt_folder(folder, lambda: "crash test passphrase", lambda: "", n=2**14)
    return Cipher(data_key, folder)


def assert_sealed(folder: Path, cipher: Cipher | None) -> None:
    if cipher is not None:  # every file the killed writers left, .bak included, is sealed
        files = data_files(folder)
        assert files and all(is_sealed(p.read_bytes()) for p in files)


def run_and_kill(folder: Path, mode: str, env: dict[str, str], rng: random.Random, cipher: Cipher | None = None
                 ) -> int:
    """Start the save loop, let it run 5-150 ms past its first ACK, SIGKILL it; return the last ACK it printed."""
    proc = subprocess.Popen(
        [sys.executable, str(HELPERS / "save_loop.py"), str(folder), mode, *(["--key-stdin"] if cipher else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None
    if cipher is not None:
        proc.stdin.write(cipher.key.hex().encode() + b"\n")
    proc.stdin.close()
    proc.stdin = None  # communicate() below must not flush it
    try:
        first = proc.stdout.readline()
        assert first.startswith(b"ACK "), (first, proc.stderr.read() if proc.poll() is not None else b"")
        time.sleep(rng.uniform(0.005, 0.150))
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")[-2000:]
    acks = [int(line.split()[1]) for line in (first + rest).splitlines() if line.startswith(b"ACK ")]
    assert acks == sorted(acks)
    return acks[-1]


def check_folder(folder: Path, ids: dict[str, str], cipher: Cipher | None = None) -> Store:
    s = Store.open(folder, cipher=cipher)  # a stale lock must not block, and nothing is damaged
    assert sorted(e.name for e in s.employees()) == sorted(PEOPLE)
    for e in s.employees():
        s.history(e.id)
        s.goals(e.id)
        s.actions(e.id)
    return s


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_sigkill_during_conversation_saves_never_loses_an_ack(tmp_path, encrypted):
    folder, ids = setup_folder(tmp_path)
    cipher = encrypt(folder) if encrypted else None
    env = child_env(tmp_path)
    rng = random.Random(20261125)
    previous = 0
    for _ in range(30):
        last_ack = run_and_kill(folder, "conversation", env, rng, cipher)
        s = check_folder(folder, ids, cipher)
        try:
            conv = s.conversation(ids["conversation"])
            n = int(conv.shared_notes.split()[1])
            assert n >= last_ack > previous
            assert conv.shared_notes == f"note {n}\n" + "x" * (n % 977)
            (summary,) = s.history(ids["owner"])
            assert summary.id == conv.id
        finally:
            s.close()
        previous = last_ack
    assert_sealed(folder, cipher)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_sigkill_during_goal_and_action_saves_never_loses_an_ack(tmp_path, encrypted):
    folder, ids = setup_folder(tmp_path)
    cipher = encrypt(folder) if encrypted else None
    env = child_env(tmp_path)
    rng = random.Random(7)
    previous = 0
    for _ in range(15):
        last_ack = run_and_kill(folder, "actions", env, rng, cipher)
        s = check_folder(folder, ids, cipher)
        try:
            (item,) = s.actions(ids["employee"])
            (goal,) = s.goals(ids["employee"])
            n_item = int(item.status_note.split()[1])
            n_goal = int(goal.why.split()[1])
            assert n_item >= last_ack > previous
            assert n_goal >= last_ack
            assert n_item in (n_goal, n_goal + 1)  # the goal is saved right after the item
        finally:
            s.close()
        previous = last_ack
    assert_sealed(folder, cipher)


# ------------------------------------------------------------------------------------------------ the lock


@pytest.fixture
def lock_holder(tmp_path):
    folder = tmp_path / "data"
    Store.open(folder).close()
    proc = subprocess.Popen(
        [sys.executable, str(HELPERS / "hold_lock.py"), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(tmp_path),
    )
    try:
        assert proc.stdout.readline().strip() == b"READY"
        yield folder, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_second_process_is_locked_out_until_the_first_dies(lock_holder):
    folder, proc = lock_holder
    with pytest.raises(LockedError) as info:
        Store.open(folder)
    message = str(info.value)
    assert str(folder) in message and "\n" not in message
    assert str(proc.pid) in message
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store.open(folder) as s:  # the stale lock file is still there, the lock is not
        assert (folder / ".lock").exists()
        assert s.employees() == []


def test_cli_people_add_while_locked_exits_1_with_one_line(lock_holder, tmp_path):
    folder, proc = lock_holder
    result = subprocess.run(
        [sys.executable, "-m", "cc_tui.cli", "people", "add", "Amara", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        env=child_env(tmp_path),
        timeout=30,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(folder) in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""
    proc.kill()
    proc.wait()
    with Store.open(folder) as s:
        assert s.employees() == []  # nothing was added while locked
