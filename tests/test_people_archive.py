"""Issue #18 (9, 10): archiving and restoring people (store, command line, home), the "due" count and plurals."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from cc_tui.errors import UserError
from cc_tui.flow import finish_conversation, start_conversation
from cc_tui.models import Employee
from cc_tui.store import Store

from .app_support import NOW, fixed_clock

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
