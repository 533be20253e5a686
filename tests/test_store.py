"""The store: permissions, damaged files, migrations, a full disk, text round trips."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cc_tui.basics as basics
import cc_tui.models as models
import cc_tui.store as store_mod
from cc_tui.errors import DamagedDataError, LockedError, SaveError, StoreError, UserError
from cc_tui.flow import finish_conversation, start_conversation
from cc_tui.models import ActionItem, ActionStatus, Conversation, Employee, Goal, Owner
from cc_tui.store import PersonBrief, Store

from .conftest import FIXED_NOW, fixed_clock


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def add_person(s: Store, name: str = "Amara Okafor", **kw) -> Employee:
    e = Employee(name=name, created_at=FIXED_NOW, **kw)
    s.save_employee(e)
    return e


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


# ------------------------------------------------------------------------------------------------ basics


def test_fresh_store_layout(store):
    folder = store.folder
    assert (folder / "index.json").is_file()
    assert (folder / "people").is_dir() and (folder / "conversations").is_dir()
    assert store.schema_version == models.SCHEMA_VERSION
    assert store.employees() == []


def test_people_sorted_archived_hidden_and_found(store):
    b = add_person(store, "bob builder")
    a = add_person(store, "Alice Archer")
    z = add_person(store, "Zed Gone", archived=True)
    assert [e.name for e in store.employees()] == ["Alice Archer", "bob builder"]
    assert z in store.employees(include_archived=True)
    assert store.find_employee("ALICE ARCHER") == a
    assert store.find_employee(b.id[:6]) == b
    assert store.find_employee("build") == b
    with pytest.raises(UserError, match="matches 2 people"):
        store.find_employee("er")
    with pytest.raises(UserError):
        store.find_employee("nobody")
    with pytest.raises(UserError):
        store.employee(models.new_id())


def test_add_employees_all_or_none(store):
    a = add_person(store)
    batch = [Employee(name="New One"), Employee(id=a.id, name="Clash")]
    with pytest.raises(UserError):
        store.add_employees(batch)
    assert [e.name for e in store.employees()] == ["Amara Okafor"]


def test_save_conversation_for_unknown_person_refused(store):
    with pytest.raises(UserError):
        store.save_conversation(Conversation(employee_ids=[models.new_id()]))
    assert list(store.iter_conversation_ids()) == []


@pytest.mark.parametrize("bad", ["../index", "../../x", "", "A" * 10, "abc/defghijk"])
def test_ids_from_callers_never_become_paths(store, bad):
    with pytest.raises(UserError):
        store.conversation(bad)
    with pytest.raises(UserError):
        store.history(bad)
    assert sorted(p.name for p in store.folder.iterdir()) == sorted(
        ["index.json", "people", "conversations", ".lock"] + [p.name for p in store.folder.glob("*.bak")]
    )


def test_home_rows_from_index_only(tmp_path):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s, cadence_days=14)
        conv = start_conversation(s, [e.id], fixed_clock)
        s.save_actions(
            [
                ActionItem(employee_id=e.id, conversation_id=conv.id, text="late", owner=Owner.EMPLOYEE,
                           due=date(2026, 11, 1)),
                ActionItem(employee_id=e.id, conversation_id=conv.id, text="mine", owner=Owner.MANAGER),
                ActionItem(employee_id=e.id, conversation_id=conv.id, text="done", status=ActionStatus.DONE),
            ]
        )
        row = s.home_rows(FIXED_NOW.date())[0]
        assert row.unfinished_conversation_id == conv.id
        assert row.last_conversation is None and row.next_due is None
        finish_conversation(s, conv, fixed_clock, next_date=None)
    with Store.open(folder, clock=fixed_clock) as s:
        (row,) = s.home_rows(FIXED_NOW.date())
        assert row.employee == PersonBrief.of(e)
        assert row.last_conversation == FIXED_NOW.date()
        assert row.next_due == FIXED_NOW.date() + timedelta(days=14)
        assert (row.open_employee, row.open_manager) == (1, 1)
        assert (row.overdue_employee, row.overdue_manager) == (1, 0)
        assert row.unfinished_conversation_id is None
        assert not row.is_due(FIXED_NOW.date()) and row.is_due(row.next_due)


def test_home_rows_need_no_pydantic(tmp_path):
    """The first frame (open the store, list the home rows) is built without importing pydantic or the models."""
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        add_person(s, name="Amara Okafor")
        add_person(s, name="jonas Weber", archived=True)
        add_person(s, name="Bea Lund")
    code = (
        "import sys, datetime\n"
        "from cc_tui.store import Store\n"
        "from cc_tui.screens.home import HomeScreen\n"
        f"s = Store.open({str(folder)!r})\n"
        "rows = s.home_rows(datetime.date(2026, 11, 25))\n"
        "print([r.employee.name for r in rows], 'pydantic' in sys.modules, 'cc_tui.models' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['Amara Okafor', 'Bea Lund'] False False"
    with Store.open(folder, clock=fixed_clock) as s:  # the same rows as through the models
        raw = s.home_rows(FIXED_NOW.date())
        s.warm_up()
        assert s.home_rows(FIXED_NOW.date()) == raw


@pytest.mark.parametrize("damage", [{"name": ""}, {"cadence_days": 0}, {"id": "../x"}, {"archived": [1]}])
def test_home_rows_name_a_damaged_person_record(tmp_path, damage):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        add_person(s)
    index = folder / "index.json"
    data = json.loads(index.read_text())
    for doc in data["employees"].values():
        doc["employee"].update(damage)
    index.write_text(json.dumps(data))
    with Store.open(folder, clock=fixed_clock) as s:
        with pytest.raises(DamagedDataError) as caught:
            s.home_rows(FIXED_NOW.date())
    assert "index.json" in str(caught.value)


def test_every_save_keeps_a_bak(store):
    e = add_person(store)
    index = store.folder / "index.json"
    first = index.read_bytes()
    e.role = "Staff Engineer"
    store.save_employee(e)
    assert (store.folder / "index.json.bak").read_bytes() == first
    assert index.read_bytes() != first


# ------------------------------------------------------------------------------------------------ property test


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80) | st.sampled_from(
    ["[/]", "[b]x[/b]", "🎉👩🏽‍💻", "\x00\x1b[31m\x07", "a\u202eb", "line\r\nline", "\ufeff"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_text, role=_text, notes=_text, text=_text)
def test_text_roundtrip_through_store_property(tmp_path_factory, name, role, notes, text):
    folder = tmp_path_factory.mktemp("prop")
    try:
        e = Employee(name=name, role=role, private_notes=notes, created_at=FIXED_NOW)
    except ValueError:
        # only what the model refuses on purpose: blank names, over-long short fields
        assert not name.strip() or len(name.strip()) > 200 or len(role.strip()) > 200
        return
    try:
        item = ActionItem(employee_id=e.id, conversation_id=models.new_id(), text=text, created_at=FIXED_NOW)
    except ValueError:
        assert not text.strip()
        item = None
    with Store.open(folder, clock=fixed_clock) as s:
        s.save_employee(e)
        if item is not None:
            s.save_action(item)
    with Store.open(folder, clock=fixed_clock) as s:
        assert s.employee(e.id) == e
        assert s.employee(e.id).private_notes == notes
        if item is not None:
            assert s.actions(e.id) == [item]


# ------------------------------------------------------------------------------------------------ permissions


@pytest.fixture
def permissive_umask():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def assert_private_tree(folder: Path) -> int:
    checked = 0
    assert mode(folder) == 0o700, folder
    for p in folder.rglob("*"):
        expected = 0o700 if p.is_dir() else 0o600
        assert mode(p) == expected, f"{p}: {oct(mode(p))}"
        checked += 1
    return checked


def test_permissions_owner_only_even_with_permissive_umask(tmp_path, permissive_umask):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s)
        e.role = "changed"
        s.save_employee(e)  # makes index.json.bak
        conv = start_conversation(s, [e.id], fixed_clock)
        conv.shared_notes = "more"
        s.save_conversation(conv)  # makes a conversation .bak
        s.save_goal(Goal(employee_id=e.id, title="grow"))
        s.save_action(ActionItem(employee_id=e.id, conversation_id=conv.id, text="do"))
    assert list(folder.rglob("*.bak"))
    assert (folder / ".lock").exists()
    assert assert_private_tree(folder) >= 8


def test_existing_loose_folder_is_tightened(tmp_path, permissive_umask):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    with Store.open(folder):
        pass
    assert mode(folder) == 0o700


def test_permissions_of_migration_backups(tmp_path, permissive_umask, monkeypatch):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s)
        start_conversation(s, [e.id], fixed_clock)
    monkeypatch.setattr(basics, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_mod.MIGRATIONS, 1, lambda f: None)
    with Store.open(folder, clock=fixed_clock) as s:
        assert s.schema_version == 2
    backups = list((folder / "backups").rglob("*.json"))
    assert len(backups) >= 3
    assert assert_private_tree(folder) >= 10


# ------------------------------------------------------------------------------------------------ damaged files

DAMAGES = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "not json": lambda raw: b"hello, this is not JSON\n",
    "not utf-8": lambda raw: b"\xff\xfe\x00garbage",
    "a list": lambda raw: b"[1, 2, 3]",
    "table not a dict": lambda raw: json.dumps({**json.loads(raw), "employees": [1, 2]}).encode(),
    "doc id not a number": lambda raw: json.dumps({**json.loads(raw), "extra": {"x": {}}}).encode(),
}


def _build(folder: Path):
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s)
        conv = start_conversation(s, [e.id], fixed_clock)
        s.save_goal(Goal(employee_id=e.id, title="grow", created_at=FIXED_NOW))
    return e, conv


def _read_all(folder: Path, e: Employee, conv: Conversation) -> None:
    with Store.open(folder, clock=fixed_clock) as s:
        s.employees()
        s.goals(e.id)
        s.history(e.id)
        s.conversation(conv.id)


def _target(folder: Path, which: str, e: Employee, conv: Conversation) -> Path:
    return {
        "index": folder / "index.json",
        "person": folder / "people" / f"{e.id}.json",
        "conversation": folder / "conversations" / f"{conv.id}.json",
    }[which]


@pytest.mark.parametrize("which", ["index", "person", "conversation"])
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_file_raises_names_it_and_is_never_changed(tmp_path, which, damage):
    folder = tmp_path / "data"
    e, conv = _build(folder)
    path = _target(folder, which, e, conv)
    bad = DAMAGES[damage](path.read_bytes())
    path.write_bytes(bad)
    with pytest.raises(DamagedDataError) as info:
        _read_all(folder, e, conv)
    err = info.value
    assert err.path == str(path)
    assert str(path) in str(err) and "\n" not in str(err)
    bak = path.with_name(path.name + ".bak")
    if bak.exists():
        assert err.backup == str(bak) and str(bak) in str(err)
    else:
        assert err.backup is None
    assert path.read_bytes() == bad


@pytest.mark.parametrize("which", ["index", "person", "conversation"])
def test_record_failing_validation_is_damage(tmp_path, which):
    folder = tmp_path / "data"
    e, conv = _build(folder)
    path = _target(folder, which, e, conv)
    data = json.loads(path.read_bytes())
    table = {"index": "employees", "person": "goals", "conversation": "conversation"}[which]
    doc = next(iter(data[table].values()))
    if which == "index":
        doc["employee"]["cadence_days"] = 0
    else:
        doc["created_at"] = "2026-11-25T10:00:00"  # naive: refused
    bad = json.dumps(data).encode()
    path.write_bytes(bad)
    with pytest.raises(DamagedDataError) as info:
        _read_all(folder, e, conv)
    assert info.value.path == str(path)
    assert path.read_bytes() == bad


def test_index_without_schema_version_is_damage(tmp_path):
    folder = tmp_path / "data"
    _build(folder)
    index = folder / "index.json"
    data = json.loads(index.read_bytes())
    data["meta"] = {}
    index.write_text(json.dumps(data))
    with pytest.raises(DamagedDataError, match="schema_version"):
        Store.open(folder)


def test_damaged_store_refuses_to_save_over_it(tmp_path):
    folder = tmp_path / "data"
    e, conv = _build(folder)
    path = _target(folder, "person", e, conv)
    path.write_bytes(b"{broken")
    with Store.open(folder, clock=fixed_clock) as s:
        with pytest.raises(DamagedDataError):
            s.save_goal(Goal(employee_id=e.id, title="new"))
    assert path.read_bytes() == b"{broken"


# ------------------------------------------------------------------------------------------------ migrations


def test_migration_backs_up_and_runs(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    e, conv = _build(folder)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.json")}
    assert len(before) == 3

    def v1_to_v2(f: Path) -> None:  # a real change: every person's role gets a suffix
        index = f / "index.json"
        data = json.loads(index.read_bytes())
        for doc in data["employees"].values():
            doc["employee"]["role"] = (doc["employee"]["role"] + " (migrated)").strip()
        store_mod.atomic_write(index, json.dumps(data).encode())

    monkeypatch.setattr(basics, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_mod.MIGRATIONS, 1, v1_to_v2)
    with Store.open(folder, clock=fixed_clock) as s:
        assert s.schema_version == 2
        assert s.employee(e.id).role == "(migrated)"
        assert s.conversation(conv.id) == conv
        backup = s.last_backup
    assert backup.parent == folder / "backups"
    assert {p.relative_to(backup): p.read_bytes() for p in backup.rglob("*.json")} == before
    meta = next(iter(json.loads((folder / "index.json").read_bytes())["meta"].values()))
    assert meta["schema_version"] == 2 and meta["migrated_from"] == 1
    # the second open does not migrate again
    with Store.open(folder, clock=fixed_clock) as s:
        assert s.employee(e.id).role == "(migrated)"
    assert len(list((folder / "backups").iterdir())) == 1


def test_missing_migration_is_a_clear_error_with_backup(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    _build(folder)
    monkeypatch.setattr(basics, "SCHEMA_VERSION", 2)
    monkeypatch.delitem(store_mod.MIGRATIONS, 1, raising=False)
    with pytest.raises(StoreError, match="No migration from data version 1"):
        Store.open(folder)
    assert len(list((folder / "backups").iterdir())) == 1


def test_newer_schema_refused_and_nothing_changed(tmp_path):
    folder = tmp_path / "data"
    _build(folder)
    index = folder / "index.json"
    data = json.loads(index.read_bytes())
    next(iter(data["meta"].values()))["schema_version"] = 99
    index.write_text(json.dumps(data))
    before = snapshot(folder)
    with pytest.raises(StoreError, match="newer cc-tui") as info:
        Store.open(folder)
    assert not isinstance(info.value, DamagedDataError)
    assert "99" in str(info.value) and "\n" not in str(info.value)
    assert snapshot(folder) == before
    assert not (folder / "backups").exists()


# ------------------------------------------------------------------------------------------------ lock (same process)


def test_second_store_on_same_folder_is_locked(store):
    with pytest.raises(LockedError) as info:
        Store.open(store.folder)
    assert str(store.folder) in str(info.value) and "\n" not in str(info.value)
    assert f"(pid {os.getpid()})" in str(info.value)  # who holds it, read back from the lock file
    store.close()
    with Store.open(store.folder):
        pass


# ------------------------------------------------------------------------------------------------ full disk


@pytest.fixture
def disk():
    """Switch a fake ENOSPC on and off for os.write inside cc_tui.store."""

    class Disk:
        full = False

    real_write = os.write

    def write(fd, data):
        if Disk.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    mp = pytest.MonkeyPatch()
    mp.setattr(store_mod.files.os, "write", write)  # os.write as the store's file helpers see it
    yield Disk
    mp.undo()


def _tmp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp") or ".tmp." in p.name]


def test_disk_full_on_conversation_save(tmp_path, disk):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s)
        conv = start_conversation(s, [e.id], fixed_clock)
        path = folder / "conversations" / f"{conv.id}.json"
        before = path.read_bytes()
        disk.full = True
        conv.shared_notes = "typed while the disk was full"
        with pytest.raises(SaveError) as info:
            s.save_conversation(conv)
        msg = str(info.value)
        assert "disk is full" in msg and str(path) in msg and "\n" not in msg
        assert path.read_bytes() == before
        assert _tmp_files(folder) == []
        conv.shared_notes = "latest text"
        with pytest.raises(SaveError):
            s.save_conversation(conv)
        assert path.read_bytes() == before
        disk.full = False
        s.save_conversation(conv)
    assert _tmp_files(folder) == []
    with Store.open(folder, clock=fixed_clock) as s:
        assert s.conversation(conv.id).shared_notes == "latest text"


def test_disk_full_on_index_then_any_later_save_writes_it(tmp_path, disk):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s)
        index = folder / "index.json"
        before = index.read_bytes()
        disk.full = True
        e.role = "Staff Engineer"
        with pytest.raises(SaveError):
            s.save_employee(e)
        assert index.read_bytes() == before and _tmp_files(folder) == []
        disk.full = False
        # the next save is of something else: the change left in memory goes to disk too
        s.save_goal(Goal(employee_id=e.id, title="grow"))
    with Store.open(folder, clock=fixed_clock) as s:
        assert s.employee(e.id).role == "Staff Engineer"


def test_a_new_goal_item_person_or_draft_saved_while_the_disk_is_full_is_kept_for_the_next_write(tmp_path, disk):
    """The save fails (the user is told the text is kept), and the new row is in memory: it is listed, and the next save
    of anything puts it on disk. TinyDB's upsert wrote its update step first and never inserted the new row."""
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s)
        conv = start_conversation(s, [e.id], fixed_clock)
        disk.full = True
        goal = Goal(employee_id=e.id, title="Lead the Q3 launch")
        item = ActionItem(employee_id=e.id, conversation_id=conv.id, text="Book the mentoring slot", owner=Owner.EMPLOYEE)
        newcomer = Employee(name="Bo Lindqvist")
        for save in (lambda: s.save_goal(goal), lambda: s.save_action(item), lambda: s.save_employee(newcomer),
                     lambda: s.save_draft(conv.id, "goal", {"title": "half typed"})):
            with pytest.raises(SaveError):
                save()
        assert [g.title for g in s.goals(e.id)] == ["Lead the Q3 launch"]
        assert [a.text for a in s.actions(e.id)] == ["Book the mentoring slot"]
        assert s.employee(newcomer.id).name == "Bo Lindqvist"
        assert s.drafts(conv.id) == {"goal": {"title": "half typed"}}
        disk.full = False
        s.save_conversation(conv)  # any later save writes what waited in memory
    with Store.open(folder, clock=fixed_clock) as s:
        assert [g.title for g in s.goals(e.id)] == ["Lead the Q3 launch"]
        assert [a.text for a in s.actions(e.id)] == ["Book the mentoring slot"]
        assert s.employee(newcomer.id).name == "Bo Lindqvist"
        assert s.drafts(conv.id) == {"goal": {"title": "half typed"}}


def test_disk_full_while_writing_the_person_summary_is_retried(tmp_path):
    """The conversation file is written, then the person's file fails: saving the same conversation again must still
    put the summary (and the home-list stats) on disk, not skip it as unchanged."""
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        e = add_person(s)
        conv = Conversation(employee_ids=[e.id], created_at=FIXED_NOW, updated_at=FIXED_NOW)
        s.save_conversation(conv)
        real_atomic_write = store_mod.atomic_write
        full = {"people": True}
        conv.title = "Renamed"  # a summary field: the person's file must be rewritten
        conv.finished_at = FIXED_NOW

        def fail_people(path, data, **kw):
            if path.parent.name == "people" and full["people"]:
                raise SaveError(f"Could not save {path}: the disk is full.")
            return real_atomic_write(path, data, **kw)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(store_mod.storage, "atomic_write", fail_people)  # where the TinyDB storage looks it up
            with pytest.raises(SaveError):
                s.save_conversation(conv)
            person_file = folder / "people" / f"{e.id}.json"
            assert b"Renamed" in (folder / "conversations" / f"{conv.id}.json").read_bytes()
            assert b"Renamed" not in person_file.read_bytes()
            full["people"] = False
            s.save_conversation(conv)
    with Store.open(folder, clock=fixed_clock) as s:
        assert [(h.id, h.title) for h in s.history(e.id)] == [(conv.id, "Renamed")]
        row = s.home_rows(FIXED_NOW.date())[0]
        assert row.unfinished_conversation_id is None and row.last_conversation == FIXED_NOW.date()


# ------------------------------------------------------------------------------------------------ stale temp files


def test_stale_temp_files_of_a_killed_writer_never_block_saves(store):
    import threading

    e = add_person(store)
    index = store.folder / "index.json"
    # what a writer with this very pid/thread left when it was killed between link and replace
    tmp = index.with_name(f".{index.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    stale_bak = tmp.with_name(tmp.name + ".bak")
    stale_bak.write_bytes(b"stale")
    tmp.write_bytes(b"half written")
    e.role = "Staff Engineer"
    store.save_employee(e)
    assert not stale_bak.exists() and not tmp.exists()
    assert b"Staff Engineer" in index.read_bytes()


def test_open_removes_stale_temp_files(tmp_path):
    folder = tmp_path / "data"
    Store.open(folder).close()
    stale = [folder / ".index.json.999.1.tmp", folder / "conversations" / ".x.json.999.1.tmp.bak"]
    keep = folder / "conversations" / "notes.tmp.txt"
    for p in [*stale, keep]:
        p.write_bytes(b"x")
    with Store.open(folder) as store:
        assert not stale[0].exists()
        assert stale[1].exists()  # thousands of names: swept after the first frame, not before it
        mine = folder / "conversations" / f".y.json.{os.getpid()}.7.tmp"  # a save of this process, in flight
        mine.write_bytes(b"x")
        store.warm_up()
        assert not stale[1].exists() and mine.exists() and keep.exists()


def test_every_folder_made_is_owner_only_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        folder = tmp_path / "a" / "b" / "data"
        with Store.open(folder, clock=fixed_clock):
            pass
    finally:
        os.umask(old)
    for path in (tmp_path / "a", tmp_path / "a" / "b", folder, folder / "people", folder / "conversations"):
        assert path.stat().st_mode & 0o777 == 0o700, path


def test_a_folder_made_stricter_is_not_loosened_and_the_user_is_told(tmp_path):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock):
        pass
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(StoreError, match="mode 0500.*did not change"):
            Store.open(folder, clock=fixed_clock)
        assert folder.stat().st_mode & 0o777 == 0o500
    finally:
        os.chmod(folder, 0o700)
    os.chmod(folder, 0o755)  # looser than owner-only: tightened
    with Store.open(folder, clock=fixed_clock):
        pass
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("planted", ["symlink", "fifo", "folder"])
def test_a_planted_lock_is_refused_and_not_followed(tmp_path, planted):
    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock):
        pass
    lock = folder / ".lock"
    lock.unlink()
    target = tmp_path / "precious.txt"
    target.write_text("do not touch")
    if planted == "symlink":
        lock.symlink_to(target)
    elif planted == "fifo":
        os.mkfifo(lock)
    else:
        lock.mkdir()
    with pytest.raises(StoreError, match=r"\.lock"):
        Store.open(folder, clock=fixed_clock)
    assert target.read_text() == "do not touch"


def _demo_folder(tmp_path: Path) -> tuple[Path, str]:
    from cc_tui.demo import build_demo

    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        build_demo(s, now=FIXED_NOW)
        person = s.employees()[0]
        for _ in range(2):  # two saves: the person file has a good .bak
            s.save_goal(Goal(employee_id=person.id, title="Lead the ledger split", created_at=FIXED_NOW))
    return folder, person.id


WRONG_SHAPES = {
    "empty object": "{}",
    "only TinyDB's default table": '{"_default": {}}',
    "a table cc-tui never writes": '{"goals": {}, "notes": {"1": {"x": 1}}}',
}


@pytest.mark.parametrize("text", list(WRONG_SHAPES.values()), ids=list(WRONG_SHAPES))
def test_a_person_file_of_the_wrong_shape_is_damage_not_emptiness(tmp_path, text):
    """Valid JSON that is no person file: reported with the file and its .bak, never read as 'no goals', never
    overwritten, and the good .bak is still there afterwards."""
    folder, person_id = _demo_folder(tmp_path)
    path = folder / "people" / f"{person_id}.json"
    good_bak = (folder / "people" / f"{person_id}.json.bak").read_bytes()
    path.write_text(text)
    with Store.open(folder, clock=fixed_clock) as s:
        with pytest.raises(DamagedDataError) as info:
            s.goals(person_id)
        assert str(path) in str(info.value) and ".bak" in str(info.value)
        with pytest.raises(DamagedDataError):
            s.save_goal(Goal(employee_id=person_id, title="would overwrite", created_at=FIXED_NOW))
    assert path.read_text() == text
    assert (folder / "people" / f"{person_id}.json.bak").read_bytes() == good_bak


@pytest.mark.parametrize("meta", ['"1"', "true", "1.5", "99999999999999999999", "-1"])
def test_a_schema_version_that_is_not_a_small_whole_number_is_damage(tmp_path, meta):
    folder, _ = _demo_folder(tmp_path)
    index = folder / "index.json"
    data = json.loads(index.read_text())
    data["meta"]["1"]["schema_version"] = json.loads(meta)
    index.write_text(json.dumps(data))
    with pytest.raises(DamagedDataError, match="schema_version"):
        Store.open(folder, clock=fixed_clock)


def test_an_index_row_with_an_unknown_key_is_damage(tmp_path):
    folder, _ = _demo_folder(tmp_path)
    index = folder / "index.json"
    data = json.loads(index.read_text())
    next(iter(data["employees"].values()))["surprise"] = 1
    index.write_text(json.dumps(data))
    with pytest.raises(DamagedDataError, match="keys cc-tui never writes"):
        Store.open(folder, clock=fixed_clock)


def test_a_missing_index_beside_people_files_is_damage_not_a_new_store(tmp_path):
    folder, _ = _demo_folder(tmp_path)
    (folder / "index.json").unlink()
    with pytest.raises(DamagedDataError, match="missing") as info:
        Store.open(folder, clock=fixed_clock)
    assert "index.json.bak" in str(info.value)
    assert not (folder / "index.json").exists()  # nothing new was written over the loss


def test_nesting_200000_deep_is_one_damage_line(tmp_path, cli):
    folder, person_id = _demo_folder(tmp_path)
    (folder / "people" / f"{person_id}.json").write_text("[" * 200_000 + "]" * 200_000)
    with Store.open(folder, clock=fixed_clock) as s, pytest.raises(DamagedDataError, match="nested"):
        s.goals(person_id)
    result = cli("--data-dir", str(folder), "export", "--person", person_id, "--out", "-")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "nested far deeper" in result.stderr and person_id in result.stderr


def test_a_failed_migration_does_not_copy_the_data_again_at_every_command(tmp_path, monkeypatch):
    """#24.5: each attempt used to leave another full backup; the same data reuses the same backup, changed data
    gets a new one, and the error names where the backup is."""
    folder = tmp_path / "data"
    _build(folder)

    def broken(f: Path) -> None:
        raise ValueError("unexpected field")

    monkeypatch.setattr(basics, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_mod.MIGRATIONS, 1, broken)
    messages = []
    for _ in range(3):
        with pytest.raises(StoreError) as info:
            Store.open(folder)
        messages.append(str(info.value))
    backups = list((folder / "backups").iterdir())
    assert len(backups) == 1
    assert all(str(backups[0]) in m and "ValueError" in m for m in messages)
    # data changed since (an older cc-tui wrote to it): that state is backed up too before the next attempt
    monkeypatch.setattr(basics, "SCHEMA_VERSION", 1)
    with Store.open(folder) as s:
        s.add_employees([Employee(name="New Person")])
    monkeypatch.setattr(basics, "SCHEMA_VERSION", 2)
    with pytest.raises(StoreError):
        Store.open(folder)
    assert len(list((folder / "backups").iterdir())) == 2


def test_only_a_few_person_files_stay_in_memory_and_never_one_with_unsaved_changes(tmp_path, disk):
    """Going through everyone's history or conversations in a long session must not keep every person file read (each
    is years of summaries, goals and items): past PEOPLE_KEPT, the ones read longest ago are let go, and read again
    when asked for. One whose save failed (disk full) holds the only copy of that change, so it stays."""
    from cc_tui.store import repository

    folder = tmp_path / "data"
    with Store.open(folder, clock=fixed_clock) as s:
        people = [add_person(s, name=f"Person {i}") for i in range(repository.PEOPLE_KEPT + 6)]
        for person in people[1:]:
            s.save_goal(Goal(employee_id=person.id, title=f"grow {person.name}"))
            assert len(s._people) <= repository.PEOPLE_KEPT
        first = people[0]
        goal = Goal(employee_id=first.id, title="first words")
        s.save_goal(goal)
        disk.full = True
        with pytest.raises(SaveError):
            s.save_goal(goal.model_copy(update={"title": "kept only in memory"}))
        for person in people[1:]:  # reading everyone else while that change waits for the disk
            assert [g.title for g in s.goals(person.id)] == [f"grow {person.name}"]  # read again where forgotten
            assert first.id in s._people and len(s._people) <= repository.PEOPLE_KEPT + 1
        disk.full = False
        s.save_goal(Goal(employee_id=people[2].id, title="another"))  # the next save writes the waiting one too
    with Store.open(folder, clock=fixed_clock) as s:
        assert [g.title for g in s.goals(first.id)] == ["kept only in memory"]
