"""``cc-tui handover``: one person's whole history from one store to another, run as real subprocesses."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

import cc_tui.models as models
from cc_tui import handover as ho
from cc_tui.demo import build_demo
from cc_tui.errors import UserError
from cc_tui.export.bundle import PRIVATE_CONVERSATION_FIELDS, public_conversation, public_employee
from cc_tui.models import (
    MANAGER_PREP_TOPICS,
    ActionItem,
    Conversation,
    ConversationKind,
    Owner,
    Readiness,
    StatusUpdate,
    SuccessionEntry,
)
from cc_tui.store import Store
from cc_tui.text import EXPORT_CONTROL

from .app_support import one_error_line
from .conftest import FIXED_NOW, fixed_clock

MARKER = "PRIVATE-MARKER-7f3a9c-do-not-leak"


# ------------------------------------------------------------------------------------------------ helpers




def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def source(tmp_path) -> Path:
    """Store A: the demo team, with a unique marker in Amara's private notes (hers and one conversation's)."""
    folder = tmp_path / "A"
    with Store.open(folder, clock=fixed_clock) as s:
        build_demo(s, now=FIXED_NOW)
        amara = s.find_employee("Amara")
        amara.private_notes = f"Person note {MARKER}"
        # every other private field holds the marker too: style hints, succession readiness, the manager's prep
        amara.style = amara.style.model_copy(update={"notes": f"Style {MARKER}"})
        amara.high_potential = True
        amara.succession = [SuccessionEntry(role=f"Lead {MARKER}", readiness=Readiness.READY_NOW,
                                            updated_at=FIXED_NOW)]
        s.save_employee(amara)
        conv = s.conversation(s.history(amara.id)[0].id)
        conv.private_notes = f"Conversation note {MARKER}"
        for topic in MANAGER_PREP_TOPICS:
            setattr(conv.manager_prep, topic, f"Prep {topic} {MARKER}")
        s.save_conversation(conv, touch=False)
    return folder


def read_person(folder: Path, name: str):
    with Store.open(folder, lock=False) as s:
        person = s.find_employee(name)
        history = s.history(person.id)
        conversations = {h.id: s.conversation(h.id) for h in history}
        return {
            "employee": person,
            "history": history,
            "conversations": conversations,
            "goals": s.goals(person.id),
            "actions": s.actions(person.id),
            "home": next(r for r in s.home_rows(FIXED_NOW.date()) if r.employee.id == person.id),
        }


def export(cli, source: Path, out: Path, *extra: str, ok: bool | None = None) -> subprocess.CompletedProcess[str]:
    return cli("handover", "export", "--person", "Amara", "--out", str(out), "--data-dir", str(source), *extra, ok=ok)


# ------------------------------------------------------------------------------------------------ round trips


@pytest.mark.parametrize("include_private", [False, True])
def test_round_trip_equals_the_source(cli, source, tmp_path, include_private):
    out = tmp_path / "amara.json"
    target = tmp_path / "B"
    extra = ("--include-private",) if include_private else ()
    result = export(cli, source, out, *extra, ok=None)
    assert result.returncode == 0, result.stderr
    assert "Amara Okafor" in result.stdout and str(out) in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    raw = out.read_bytes()
    assert (MARKER.encode() in raw) is include_private
    # one rule for what is private (shared with the exports): with --include-private every field travels, without it
    # none: not the notes, style hints, high-potential flag, succession readiness or the manager's prep
    assert raw.count(MARKER.encode()) == (4 + len(MANAGER_PREP_TOPICS) if include_private else 0)
    assert json.loads(raw)["employee"]["high_potential"] is include_private
    data = json.loads(raw)
    assert data["format"] == ho.FORMAT and data["version"] == ho.VERSION
    assert data["schema_version"] == models.SCHEMA_VERSION and data["exported_at"]
    assert data["private_notes_included"] is include_private

    imported = cli("handover", "import", str(out), "--data-dir", str(target), ok=True)
    assert "Imported Amara Okafor" in imported.stdout

    a = read_person(source, "Amara")
    b = read_person(target, "Amara")
    assert a["conversations"] and a["goals"] and a["actions"]
    assert any(c.private_notes for c in a["conversations"].values())

    expected_employee = a["employee"] if include_private else public_employee(a["employee"])
    assert b["employee"] == expected_employee
    assert (b["employee"].private_notes == a["employee"].private_notes) is include_private

    assert [h.id for h in b["history"]] == [h.id for h in a["history"]]
    assert b["history"] == a["history"]
    for cid, conv_a in a["conversations"].items():
        conv_b = b["conversations"][cid]
        for field in Conversation.model_fields:
            want = getattr(conv_a, field)
            if field in PRIVATE_CONVERSATION_FIELDS and not include_private:
                want = getattr(public_conversation(conv_a), field)
            assert getattr(conv_b, field) == want, (cid, field)
    assert b["goals"] == a["goals"]
    assert b["actions"] == a["actions"]

    # the home list counts the open items and knows the last conversation, as in A
    home_a, home_b = a["home"], b["home"]
    assert (home_b.open_employee, home_b.open_manager) == (home_a.open_employee, home_a.open_manager)
    assert home_b.open_employee + home_b.open_manager > 0
    assert home_b.last_conversation == home_a.last_conversation and home_b.next_due == home_a.next_due

    listed = json.loads(cli("people", "list", "--json", "--data-dir", str(target), ok=True).stdout)
    assert [p["name"] for p in listed] == ["Amara Okafor"]
    assert listed[0]["open_actions_employee"] == home_a.open_employee
    assert listed[0]["open_actions_manager"] == home_a.open_manager
    plain = cli("people", "list", "--data-dir", str(target), ok=True).stdout
    assert "Amara Okafor" in plain


def test_goal_history_travels(cli, tmp_path):
    # Jonas (demo index 1) has a goal whose status changed, with a reason and its conversation
    folder = tmp_path / "A"
    with Store.open(folder, clock=fixed_clock) as s:
        build_demo(s, now=FIXED_NOW)
        jonas = s.find_employee("Jonas")
        goals_a = s.goals(jonas.id)
    assert any(g.history for g in goals_a)
    out = tmp_path / "jonas.json"
    cli("handover", "export", "--person", "Jonas", "--out", str(out), "--data-dir", str(folder), ok=True)
    cli("handover", "import", str(out), "--data-dir", str(tmp_path / "B"), ok=True)
    with Store.open(tmp_path / "B", lock=False) as s:
        goals_b = s.goals(jonas.id)
    assert goals_b == goals_a
    assert [c.reason for g in goals_b for c in g.history] == [c.reason for g in goals_a for c in g.history]


def test_bundle_reads_back_equal_in_process(demo_store):
    amara = demo_store.find_employee("Amara")
    bundle = ho.build_bundle(demo_store, amara, include_private=True, now=FIXED_NOW)
    parsed = ho.parse_bundle(ho.dump_bundle(bundle), "x.json")
    assert parsed.employee == amara
    assert parsed.goals == demo_store.goals(amara.id)
    assert parsed.actions == demo_store.actions(amara.id)
    assert {c.id for c in parsed.conversations} == {h.id for h in demo_store.history(amara.id)}
    assert parsed.exported_at == FIXED_NOW


# ------------------------------------------------------------------------------------------------ team sessions


def test_the_file_holds_no_c1_or_bidi_control_raw_and_reads_back_exactly(demo_store):
    """A handover file is opened in a terminal (``cat``, ``less -r``): JSON escapes C0 itself; C1 and bidi controls
    were written raw. Now as \\u escapes: the same data, nothing that can drive a terminal or reorder a line."""
    amara = demo_store.find_employee("Amara")
    hostile = "\x9b31m \x85 \u202eevil\u202c \u2066x\u2069 \x1b]0;pwned\x07"
    amara.private_notes = f"note {hostile}"
    demo_store.save_employee(amara)
    raw = ho.dump_bundle(ho.build_bundle(demo_store, amara, now=FIXED_NOW, include_private=True))
    assert not EXPORT_CONTROL.search(raw.decode("utf-8"))
    assert b"\\u009b31m" in raw and b"\\u202eevil" in raw
    parsed = ho.parse_bundle(raw, "x.json")
    assert parsed.employee.private_notes == f"note {hostile}"


def test_team_session_keeps_only_this_person(cli, tmp_path):
    folder = tmp_path / "A"
    with Store.open(folder, clock=fixed_clock) as s:
        build_demo(s, now=FIXED_NOW)
        amara = s.find_employee("Amara")
        jonas = s.find_employee("Jonas")
        start = FIXED_NOW - timedelta(days=2)
        team = Conversation(
            kind=ConversationKind.TEAM,
            employee_ids=[amara.id, jonas.id],
            title="Team session with Jonas Weber",
            created_at=start,
            updated_at=start,
            finished_at=start + timedelta(hours=1),
            shared_notes="Amara presented the RFC. Jonas Weber asked about research; jonas@example.com will follow up.",
            summary="Jonas to book the research lead.",
            private_notes=f"Team dynamics {MARKER}",
        )
        jonas_item = s.actions(jonas.id)[0]
        amara_item = s.actions(amara.id)[0]
        team.status_updates = [
            StatusUpdate(kind="action", item_id=jonas_item.id, status="done", note="Jonas did it", at=start),
            StatusUpdate(kind="action", item_id=amara_item.id, status="done", note="Amara did it", at=start),
        ]
        if hasattr(models, "Quote"):  # verbatim quotes arrive with a later model change
            team.quotes = [
                models.Quote(text="I want to lead", tag="dream", at=start, employee_id=amara.id),
                models.Quote(text="I want research", tag="dream", at=start, employee_id=jonas.id),
            ]
        s.save_conversation(team, touch=False)
        s.save_actions(
            [
                ActionItem(employee_id=amara.id, conversation_id=team.id, text="Amara writes the RFC",
                           created_at=start, updated_at=start),
                ActionItem(employee_id=jonas.id, conversation_id=team.id, text="Jonas books the lead",
                           owner=Owner.MANAGER, created_at=start, updated_at=start),
            ]
        )
        amara_actions = s.actions(amara.id)

    out = tmp_path / "amara.json"
    cli("handover", "export", "--person", amara.id, "--out", str(out), "--data-dir", str(folder),
        "--include-private", ok=True)
    raw = out.read_bytes()
    assert jonas.id.encode() not in raw
    assert b"Jonas" not in raw and b"jonas@example.com" not in raw
    assert b"Jonas books the lead" not in raw and b"I want research" not in raw
    assert team.id.encode() not in raw  # the session has a new id in this person's bundle
    assert b"Team dynamics" not in raw  # the manager's notes on the whole team stay home

    data = json.loads(raw)
    new_id = ho.team_conversation_id(team.id, amara.id)
    exported = next(c for c in data["conversations"] if c["id"] == new_id)
    assert exported["employee_ids"] == [amara.id]
    assert exported["kind"] == "individual"
    assert exported["title"].startswith("Team session: ")
    assert "Amara presented the RFC" in exported["shared_notes"]
    assert [u["note"] for u in exported["status_updates"]] == ["Amara did it"]
    if hasattr(models, "Quote"):
        assert [q["text"] for q in exported["quotes"]] == ["I want to lead"]
    team_items = [a for a in data["actions"] if a["conversation_id"] == new_id]
    assert [a["text"] for a in team_items] == ["Amara writes the RFC"]
    assert len(data["actions"]) == len(amara_actions)

    target = tmp_path / "B"
    cli("handover", "import", str(out), "--data-dir", str(target), ok=True)
    with Store.open(target, lock=False) as s:
        assert [e.name for e in s.employees()] == ["Amara Okafor"]
        opened = s.conversation(new_id)
        assert opened.employee_ids == [amara.id]
        assert new_id in {h.id for h in s.history(amara.id)}
        assert {a.text for a in s.actions(amara.id) if a.conversation_id == new_id} == {"Amara writes the RFC"}

    # Jonas can be handed over to the same manager too: his copy of the session does not clash with Amara's
    out_j = tmp_path / "jonas.json"
    cli("handover", "export", "--person", "Jonas", "--out", str(out_j), "--data-dir", str(folder), ok=True)
    assert amara.id.encode() not in out_j.read_bytes()
    cli("handover", "import", str(out_j), "--data-dir", str(target), ok=True)
    with Store.open(target, lock=False) as s:
        assert len(s.employees()) == 2
        assert s.conversation(ho.team_conversation_id(team.id, jonas.id)).employee_ids == [jonas.id]


# ------------------------------------------------------------------------------------------------ errors


def test_unknown_person(cli, source, tmp_path):
    out = tmp_path / "x.json"
    line = one_error_line(
        cli("handover", "export", "--person", "Nobody Here", "--out", str(out), "--data-dir", str(source))
    )
    assert "Nobody Here" in line
    assert not out.exists()


def test_ambiguous_person(cli, source, tmp_path):
    out = tmp_path / "x.json"
    line = one_error_line(cli("handover", "export", "--person", "a", "--out", str(out), "--data-dir", str(source)))
    assert "matches" in line and "Amara Okafor" in line
    assert not out.exists()


def test_export_from_a_missing_folder(cli, tmp_path):
    missing = tmp_path / "nothing-here"
    line = one_error_line(
        cli("handover", "export", "--person", "Amara", "--out", str(tmp_path / "x.json"), "--data-dir", str(missing))
    )
    assert "No cc-tui data" in line
    assert not missing.exists()


def test_out_dash_is_standard_output_and_reads_back(cli, source, tmp_path, monkeypatch):
    """--out - wrote a file named "-" in the current folder; export and prep send read it as standard output."""
    monkeypatch.chdir(tmp_path)
    result = cli("handover", "export", "--person", "Amara", "--out", "-", "--data-dir", str(source), ok=True)
    assert not (tmp_path / "-").exists()
    parsed = ho.parse_bundle(result.stdout.encode("utf-8"), "stdout")
    assert parsed.employee.name == "Amara Okafor" and MARKER not in result.stdout  # private notes left out


def test_out_to_an_existing_file_is_refused_unless_force(cli, source, tmp_path):
    out = tmp_path / "taken.json"
    out.write_text("keep me")
    line = one_error_line(export(cli, source, out))
    assert "already exists" in line and "--force" in line
    assert out.read_text() == "keep me"
    export(cli, source, out, "--force", ok=True)
    assert json.loads(out.read_bytes())["format"] == ho.FORMAT
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_out_into_a_missing_folder(cli, source, tmp_path):
    line = one_error_line(export(cli, source, tmp_path / "no-such-dir" / "x.json"))
    assert "does not exist" in line


def test_file_is_owner_only_whatever_the_umask(cli, source, tmp_path, env):
    out = tmp_path / "amara.json"
    result = subprocess.run(
        ["sh", "-c", 'umask 000 && exec "$0" -m cc_tui.cli "$@"', sys.executable,
         "handover", "export", "--person", "Amara", "--out", str(out), "--data-dir", str(source)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".cc-tui-handover.*"))


def test_import_twice_is_refused(cli, source, tmp_path):
    out = tmp_path / "amara.json"
    target = tmp_path / "B"
    export(cli, source, out, ok=True)
    cli("handover", "import", str(out), "--data-dir", str(target), ok=True)
    before = snapshot(target)
    line = one_error_line(cli("handover", "import", str(out), "--data-dir", str(target)))
    assert "Amara Okafor" in line and "already" in line and "nothing was imported" in line
    assert snapshot(target) == before


def test_import_of_a_namesake_is_refused(cli, source, tmp_path):
    out = tmp_path / "amara.json"
    target = tmp_path / "B"
    export(cli, source, out, ok=True)
    cli("people", "add", "amara okafor", "--data-dir", str(target), ok=True)  # same name, another id
    before = snapshot(target)
    line = one_error_line(cli("handover", "import", str(out), "--data-dir", str(target)))
    assert "already in this store" in line and "nothing was imported" in line
    assert snapshot(target) == before


def _damaged_files(good: bytes) -> dict[str, tuple[bytes, str]]:
    data = json.loads(good)
    wrong_format = dict(data, format="something-else")
    newer = dict(data, version=ho.VERSION + 1)
    newer_schema = dict(data, schema_version=models.SCHEMA_VERSION + 1)
    bad_email = json.loads(good)
    bad_email["employee"]["email"] = "not an address"
    bad_conversation = json.loads(good)
    bad_conversation["conversations"][1]["created_at"] = "yesterday"
    foreign_action = json.loads(good)
    foreign_action["actions"][0]["employee_id"] = "0123456789abcdef0123456789abcdef"
    extra_field = dict(data, surprise=True)
    endless_clock = json.loads(good)  # json writes float("inf") as Infinity: a clock that stopped the app's open
    endless_clock["conversations"][0]["stage_seconds"] = {"prep": float("inf")}
    nan_talk = json.loads(good)
    nan_talk["conversations"][0]["talk_seconds"] = {"employee": float("nan")}
    return {
        "truncated": (good[: len(good) // 2], "invalid JSON"),
        "empty": (b"", "invalid JSON"),
        "binary": (b"\xff\xfe\x00garbage", "not UTF-8"),
        "list": (b"[1, 2, 3]", "not a cc-tui handover file"),
        "wrong-format": (json.dumps(wrong_format).encode(), "not a cc-tui handover file"),
        "newer": (json.dumps(newer).encode(), "newer cc-tui"),
        "newer-schema": (json.dumps(newer_schema).encode(), "Upgrade cc-tui"),
        "bad-email": (json.dumps(bad_email).encode(), "employee.email"),
        "bad-conversation": (json.dumps(bad_conversation).encode(), "conversations.1.created_at"),
        "foreign-action": (json.dumps(foreign_action).encode(), "belongs to someone else"),
        "extra-field": (json.dumps(extra_field).encode(), "surprise"),
        "infinite-clock": (json.dumps(endless_clock).encode(), "conversations.0.stage_seconds.prep"),
        "nan-talk-time": (json.dumps(nan_talk).encode(), "conversations.0.talk_seconds.employee"),
    }


def test_damaged_files_are_refused_and_nothing_is_written(cli, source, tmp_path):
    out = tmp_path / "amara.json"
    export(cli, source, out, ok=True)
    target = tmp_path / "B"
    cli("people", "add", "Someone Else", "--data-dir", str(target), ok=True)
    before = snapshot(target)
    assert before
    for name, (content, expected) in _damaged_files(out.read_bytes()).items():
        damaged = tmp_path / f"{name}.json"
        damaged.write_bytes(content)
        line = one_error_line(cli("handover", "import", str(damaged), "--data-dir", str(target)))
        assert expected in line, (name, line)
        assert "nothing was imported" in line, (name, line)
        assert snapshot(target) == before, name
    # a fresh folder is not even created for a bad file
    fresh = tmp_path / "C"
    one_error_line(cli("handover", "import", str(tmp_path / "truncated.json"), "--data-dir", str(fresh)))
    assert not fresh.exists()


def test_import_of_a_missing_file_or_a_folder(cli, tmp_path):
    line = one_error_line(cli("handover", "import", str(tmp_path / "nope.json"), "--data-dir", str(tmp_path / "B")))
    assert "no such file" in line
    line = one_error_line(cli("handover", "import", str(tmp_path), "--data-dir", str(tmp_path / "B")))
    assert "folder" in line
    assert not (tmp_path / "B").exists()


def test_usage_errors_exit_2(cli, tmp_path):
    result = cli("handover", "export", "--out", str(tmp_path / "x.json"))
    assert result.returncode == 2 and "--person" in result.stderr
    result = cli("handover")
    assert result.returncode == 2


# ------------------------------------------------------------------------------------------------ the core, in process


def test_check_importable_refuses_a_known_conversation(demo_store, tmp_path):
    amara = demo_store.find_employee("Amara")
    bundle = ho.parse_bundle(ho.dump_bundle(ho.build_bundle(demo_store, amara, now=FIXED_NOW)))
    with Store.open(tmp_path / "B", clock=fixed_clock) as target:
        renamed = bundle.model_copy(
            update={"employee": bundle.employee.model_copy(update={"id": "fedcba9876543210fedcba9876543210",
                                                                   "name": "Someone New"})}
        )
        # same conversations, already there after a first import of Amara
        ho.apply_bundle(target, bundle)
        with pytest.raises(UserError, match="already in this store"):
            ho.check_importable(target, renamed)
        assert [e.name for e in target.employees()] == ["Amara Okafor"]


def test_imported_actions_keep_their_times(demo_store, tmp_path):
    amara = demo_store.find_employee("Amara")
    bundle = ho.parse_bundle(ho.dump_bundle(ho.build_bundle(demo_store, amara, now=FIXED_NOW)))
    later = FIXED_NOW + timedelta(days=30)
    with Store.open(tmp_path / "B", clock=lambda: later) as target:
        result = ho.apply_bundle(target, bundle)
        assert result.actions == len(bundle.actions) > 0
        assert [a.updated_at for a in target.actions(amara.id)] == [a.updated_at for a in bundle.actions]
        assert target.clock() == later  # the store's own clock is back


def _big_bundle(demo_store, copies: int) -> ho.HandoverBundle:
    """Amara's bundle with ``copies`` conversations (her first one again under new ids)."""
    amara = demo_store.find_employee("Amara")
    bundle = ho.build_bundle(demo_store, amara, now=FIXED_NOW)
    bundle = ho.parse_bundle(ho.dump_bundle(bundle))
    first = bundle.conversations[0]
    many = [
        first.model_copy(update={"id": f"{i:032x}", "created_at": first.created_at - timedelta(minutes=i)})
        for i in range(1, copies + 1)
    ]
    return bundle.model_copy(update={"conversations": many})


def test_import_writes_the_person_file_a_fixed_number_of_times(demo_store, tmp_path, monkeypatch):
    """5,000 conversations took 320 s: every conversation rewrote the growing person file (quadratic). Now each
    file is written a fixed number of times whatever the history's length (the time: benchmarks, handover row)."""
    from cc_tui.store import storage

    bundle = _big_bundle(demo_store, 300)
    writes: dict[str, list[int]] = {}
    real_write = storage.AtomicJSONStorage.write

    def counting(self, data):
        real_write(self, data)
        writes.setdefault(self.path.parent.name + "/" + self.path.name, []).append(self.path.stat().st_size)

    monkeypatch.setattr(storage.AtomicJSONStorage, "write", counting)
    with Store.open(tmp_path / "B", clock=fixed_clock) as target:
        ho.apply_bundle(target, bundle)
        assert len(target.history(bundle.employee.id)) == 300
    person = writes[f"people/{bundle.employee.id}.json"]
    assert len(person) <= 3, person
    index = [n for k, n in writes.items() if k.endswith("index.json")]
    assert len(index) <= 1
    conversation_files = [k for k in writes if k.startswith("conversations/")]
    assert len(conversation_files) == 300 and all(len(writes[k]) == 1 for k in conversation_files)


def test_an_import_stopped_part_way_can_be_run_again(demo_store, tmp_path, monkeypatch):
    """Killed or out of disk after some conversation files: the same import runs again and completes."""
    bundle = _big_bundle(demo_store, 20)
    folder = tmp_path / "B"
    from cc_tui.errors import SaveError, StoreError
    from cc_tui.store import storage

    real_write = storage.AtomicJSONStorage.write

    def disk_full_for_people(self, data):
        if self.path.parent.name == "people":
            raise SaveError("No space left on device")
        real_write(self, data)

    with Store.open(folder, clock=fixed_clock) as target:
        monkeypatch.setattr(storage.AtomicJSONStorage, "write", disk_full_for_people)
        with pytest.raises(StoreError, match="stopped part-way"):
            ho.apply_bundle(target, bundle)
        monkeypatch.setattr(storage.AtomicJSONStorage, "write", real_write)
    assert len(list((folder / "conversations").glob("*.json"))) == 20
    with Store.open(folder, clock=fixed_clock) as target:
        assert target.employees() == []
        ho.apply_bundle(target, bundle)
        assert len(target.history(bundle.employee.id)) == 20
    # a leftover that names someone else is not replaced
    other = _big_bundle(demo_store, 20)
    other = other.model_copy(update={"employee": other.employee.model_copy(update={"id": "ab" * 16, "name": "Zed"})})
    with Store.open(folder, clock=fixed_clock) as target, pytest.raises(UserError, match="already in this store"):
        ho.check_importable(target, other)
