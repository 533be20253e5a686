"""#26.2: retention. Private notes, whole conversations and archived people older than N months leave the data folder,
every .bak and every copy under backups/; a dry run writes nothing; a purge stopped after any file leaves a store that
opens and reads whole, and running it again finishes it."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cc_tui.demo import build_demo
from cc_tui.models import ActionStatus
from cc_tui.store import Store, backup_folder
from cc_tui.store.retention import (
    CONVERSATION,
    PERSON,
    PRIVATE,
    apply_retention,
    months_before,
    plan_retention,
)

from .app_support import cli_in_terminal, one_error_line
from .conftest import FIXED_NOW
from .erase_support import every_byte

OLD = "OLD-CONV-7d41"  # in conversations older than 4 months (they go whole)
PRIV = "OLD-PRIVATE-3b9e"  # in the private notes of conversations 2 to 4 months old (the notes go)
KEEP = "KEEP-ME-52aa"  # what stays: shared notes of those, private notes of recent ones, open items
RULES = {"private_notes_months": 2, "conversations_months": 4}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file()}


def planted(folder: Path, now: datetime = FIXED_NOW) -> dict[str, list[str]]:
    """The demo team built at ``now``, with markers by age in every kind of field retention looks at (each saved
    twice, so the .bak holds them too), one person archived long ago, and a full copy under backups/."""
    whole_cut, private_cut = months_before(now, 4), months_before(now, 2)
    found: dict[str, list[str]] = {"whole": [], "private": [], "kept": [], "open_old": [], "closed_old": []}
    with Store.open(folder, clock=lambda: now) as store:
        build_demo(store, now=now)
        for person in store.employees():
            for summary in store.history(person.id):
                conv = store.conversation(summary.id)
                if conv.created_at < whole_cut:
                    conv.shared_notes = f"shared {OLD}"
                    conv.private_notes = f"private {OLD}"
                    found["whole"].append(conv.id)
                elif conv.created_at < private_cut:
                    conv.private_notes = f"private {PRIV}"
                    conv.manager_prep = conv.manager_prep.model_copy(update={"strengths": f"prep {PRIV}"})
                    conv.shared_notes = f"shared {KEEP}"
                    found["private"].append(conv.id)
                else:
                    conv.private_notes = f"recent {KEEP}"
                    found["kept"].append(conv.id)
                store.save_conversation(conv, touch=False)
                store.save_conversation(conv, touch=False)
            items = store.actions(person.id)
            for item in items:
                if item.conversation_id in found["whole"]:
                    if not found["open_old"]:
                        item.status = ActionStatus.IN_PROGRESS  # still open, raised in a conversation that goes
                    if item.is_open:
                        item.status_note = f"still open {KEEP}"
                        found["open_old"].append(item.id)
                    else:
                        item.status_note = f"done {OLD}"
                        found["closed_old"].append(item.id)
            store.save_actions(items, touch=False)
            store.save_actions(items, touch=False)
        gone = store.employees()[-1]
        store.set_archived(gone.id, True)
        archived = store.employee(gone.id).model_copy(update={"archived_at": now - timedelta(days=400),
                                                               "private_notes": f"archived {OLD}"})
        store.save_employee(archived)
        found["archived"] = [gone.id]
        own = {s.id for s in store.history(gone.id)}
        for key in ("whole", "private", "kept"):
            found[key] = [c for c in found[key] if c not in own]
        found["open_old"] = [i for i in found["open_old"] if all(a.id != i for a in store.actions(gone.id))]
        found["closed_old"] = [i for i in found["closed_old"] if all(a.id != i for a in store.actions(gone.id))]
        assert found["open_old"] and found["closed_old"] and found["private"] and found["whole"]
        backup_folder(folder, "before-retention", lambda: now - timedelta(days=1))
    return found


def assert_consistent(folder: Path) -> None:
    """The store opens and every record reads: each listed conversation's file is there and loads."""
    with Store.open(folder) as store:
        store.home_rows(FIXED_NOW.date(), include_archived=True)
        for person in store.employees(include_archived=True):
            for summary in store.history(person.id):
                assert store.conversation(summary.id).id == summary.id
            store.goals(person.id)
            store.actions(person.id)


def assert_purged(folder: Path, found: dict[str, list[str]]) -> None:
    text = every_byte(folder)
    assert OLD not in text and PRIV not in text
    assert found["archived"][0] not in text
    assert KEEP in text
    with Store.open(folder) as store:
        ids = set(store.iter_conversation_ids())
        assert not ids & set(found["whole"])
        assert set(found["kept"]) <= ids and set(found["private"]) <= ids
        kept = {a.id: a for e in store.employees(include_archived=True) for a in store.actions(e.id)}
        assert set(found["open_old"]) <= set(kept), "open items never vanish"
        assert all(kept[i].status_note.endswith(KEEP) for i in found["open_old"])
        assert not set(found["closed_old"]) & set(kept)
        goals = [g for e in store.employees() for g in store.goals(e.id)]
        assert not any(g.conversation_id in found["whole"] for g in goals)
        assert not any(h.conversation_id in found["whole"] for g in goals for h in g.history)
        for cid in found["private"]:
            conv = store.conversation(cid)
            assert conv.private_notes == "" and conv.manager_prep.strengths == ""
            assert conv.shared_notes == f"shared {KEEP}"
            assert conv.manager_prep.done  # the ticks are not notes
        # the home numbers are the ones the remaining files give
        from cc_tui.store import person_stats

        for person in store.employees():
            rows = [s.model_dump(mode="json") for s in store.history(person.id)]
            items = [a.model_dump(mode="json") for a in store.actions(person.id)]
            assert store._stats[person.id] == person_stats(rows, items)  # noqa: SLF001


def test_plan_lists_what_goes_and_apply_removes_it_everywhere(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    found = planted(folder)
    before = every_byte(folder)
    assert OLD in before and PRIV in before and ".bak" in " ".join(str(p) for p in folder.rglob("*"))
    with Store.open(folder) as store:
        plan = plan_retention(store, FIXED_NOW, archived_people_months=6, **RULES)
        assert {i.ident for i in plan.of(CONVERSATION)} == set(found["whole"])
        assert {i.ident for i in plan.of(PRIVATE)} == set(found["private"])
        assert [i.ident for i in plan.of(PERSON)] == found["archived"]
        assert any(i.folder for i in plan.of(CONVERSATION, None))  # the copies under backups/ are planned too
        assert every_byte(folder) == before, "a plan writes nothing"
        lines = plan.lines()
        assert any("whole conversation" in line for line in lines) and any("backup" in line for line in lines)
        report = apply_retention(store, plan)
        assert report[0].startswith("Erased ") and any(line.startswith("backup ") for line in report)
        assert plan_retention(store, FIXED_NOW, archived_people_months=6, **RULES).empty
    assert_purged(folder, found)
    assert_consistent(folder)


def test_rules_are_off_unless_given_and_must_be_whole_months(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    planted(folder)
    with Store.open(folder) as store:
        assert plan_retention(store, FIXED_NOW).empty
        only_people = plan_retention(store, FIXED_NOW, archived_people_months=6)
        assert [i.what for i in only_people.items] == [PERSON]
        assert plan_retention(store, FIXED_NOW, archived_people_months=14).empty  # archived 400 days ago
        from cc_tui.errors import UserError

        for bad in (0, -1, True, "3"):
            with pytest.raises(UserError):
                plan_retention(store, FIXED_NOW, conversations_months=bad)  # type: ignore[arg-type]


def test_someone_archived_before_the_date_was_kept_counts_from_their_last_activity(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, clock=lambda: FIXED_NOW) as store:
        build_demo(store, now=FIXED_NOW)
        person = store.employees()[0]
        store.save_employee(person.model_copy(update={"archived": True}))  # as an older cc-tui archived them
        plan = plan_retention(store, FIXED_NOW + timedelta(days=400), archived_people_months=6)
        assert [i.ident for i in plan.items] == [person.id]
        assert "last activity" in plan.lines()[0]
        assert plan_retention(store, FIXED_NOW + timedelta(days=30), archived_people_months=6).empty


class Stop(Exception):
    pass


def test_stopped_after_any_file_the_store_reads_whole_and_a_second_run_finishes(tmp_path: Path) -> None:
    original = tmp_path / "original"
    planted(original)
    counting = tmp_path / "count"
    shutil.copytree(original, counting)
    writes: list[Path] = []
    with Store.open(counting) as store:
        apply_retention(store, plan_retention(store, FIXED_NOW, **RULES), on_write=writes.append)
    assert len(writes) > 40
    # every point would take minutes on 2 cores: the first writes, the last ones, and a spread in between
    points = sorted({1, 2, 3, len(writes) - 2, len(writes) - 1, *range(5, len(writes), max(1, len(writes) // 12))})
    for k in points:
        folder = tmp_path / f"stop-{k}"
        shutil.copytree(original, folder)
        done: list[Path] = []

        def stop_after(path: Path, k: int = k, done: list[Path] = done) -> None:
            done.append(path)
            if len(done) == k:
                raise Stop

        with Store.open(folder) as store:
            with pytest.raises(Stop):
                apply_retention(store, plan_retention(store, FIXED_NOW, **RULES), on_write=stop_after)
        assert_consistent(folder)
        with Store.open(folder) as store:
            apply_retention(store, plan_retention(store, FIXED_NOW, **RULES))
        text = every_byte(folder)  # no archived-people rule here: that person's own marker stays
        assert OLD not in text.replace(f"archived {OLD}", ""), k
        assert PRIV not in text, k
        assert_consistent(folder)


KILL_SCRIPT = """
import os, signal, sys
from datetime import datetime
from cc_tui.store import Store
from cc_tui.store.retention import apply_retention, plan_retention
folder, k, now = sys.argv[1], int(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
done = []
def kill(path):
    done.append(path)
    if len(done) == k:
        os.kill(os.getpid(), signal.SIGKILL)
with Store.open(folder) as store:
    apply_retention(store, plan_retention(store, now, private_notes_months=2, conversations_months=4,
                                          archived_people_months=6), on_write=kill)
"""


@pytest.mark.parametrize("k", [1, 8, 20, 35])
def test_sigkill_midway_leaves_a_store_that_opens_and_a_rerun_finishes(tmp_path: Path, k: int, env) -> None:
    folder = tmp_path / "data"
    found = planted(folder)
    result = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(folder), str(k), FIXED_NOW.isoformat()],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert_consistent(folder)  # the lock died with the process
    with Store.open(folder) as store:
        apply_retention(store, plan_retention(store, FIXED_NOW, archived_people_months=6, **RULES))
    assert_purged(folder, found)
    assert_consistent(folder)


# --------------------------------------------------------------------------------------------------------- the CLI


def test_cli_dry_run_lists_and_writes_nothing_then_the_purge_removes_everywhere(tmp_path: Path, cli) -> None:
    now = datetime.now(timezone.utc)
    folder = tmp_path / "data"
    found = planted(folder, now)
    before = snapshot(folder)
    args = ("retention", "--private-notes-older-than", "2", "--conversations-older-than", "4",
            "--archived-older-than", "6", "--data-dir", str(folder))
    dry = cli(*args, "--dry-run", ok=True)
    assert dry.stdout.startswith("Would remove 1 archived person, ")
    assert "whole conversation (conversation " in dry.stdout and "private notes (conversation " in dry.stdout
    assert "backup " in dry.stdout and dry.stdout.rstrip().endswith("Dry run: nothing was changed.")
    assert snapshot(folder) == before, "the dry run wrote nothing (bytes and times)"
    refused = cli(*args)
    assert "add --yes" in one_error_line(refused)
    unlocked = {k: v for k, v in before.items() if k != ".lock"}
    assert {k: v for k, v in snapshot(folder).items() if k != ".lock"} == unlocked  # it took the lock, nothing else
    done = cli(*args, "--yes", ok=True)
    assert done.stdout.startswith("Removed ") and "the data folder: " in done.stdout
    assert_purged(folder, found)
    assert_consistent(folder)
    again = cli(*args, "--yes", ok=True)
    assert again.stdout.startswith("Nothing is older than that")


def test_cli_usage_and_errors(tmp_path: Path, cli) -> None:
    folder = tmp_path / "data"
    planted(folder)
    none = cli("retention", "--data-dir", str(folder))
    assert none.returncode == 2 and "give at least one of" in none.stderr
    bad = cli("retention", "--conversations-older-than", "0", "--data-dir", str(folder))
    assert bad.returncode == 2 and "give 1 to 1200 months" in bad.stderr
    huge = cli("retention", "--conversations-older-than", "99999999", "--dry-run", "--data-dir", str(folder))
    assert huge.returncode == 2 and "give 1 to 1200 months" in huge.stderr  # was "internal error (ValueError)"
    words = cli("retention", "--conversations-older-than", "six", "--data-dir", str(folder))
    assert words.returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = cli("retention", "--conversations-older-than", "3", "--yes", "--data-dir", str(empty))
    assert "No cc-tui data" in one_error_line(missing)
    with Store.open(folder):  # the app is open: the purge waits for it to close, the dry run does not
        locked = cli("retention", "--conversations-older-than", "3", "--yes", "--data-dir", str(folder))
        one_error_line(locked)
        cli("retention", "--conversations-older-than", "3", "--dry-run", "--data-dir", str(folder), ok=True)


def test_cli_in_a_terminal_lists_then_asks(tmp_path: Path, env) -> None:
    folder = tmp_path / "data"
    planted(folder, datetime.now(timezone.utc))
    args = ["retention", "--private-notes-older-than", "2", "--data-dir", str(folder)]
    out, code = cli_in_terminal(args, [(b"Type yes", b"no\n")], env)
    assert code == 1 and "private notes (conversation " in out and "nothing was removed" in out
    assert PRIV in every_byte(folder)
    out, code = cli_in_terminal(args, [(b"Type yes", b"\x04")], env)  # ctrl+d: was "internal error (EOFError)"
    assert code == 1 and "nothing was removed" in out and "internal error" not in out
    assert PRIV in every_byte(folder)
    out, code = cli_in_terminal(args, [(b"Type yes", b"yes\n")], env)
    assert code == 0 and "Removed the private notes of " in out
    assert PRIV not in every_byte(folder)
