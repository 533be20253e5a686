"""Tests for ``cc-tui export`` (cc_tui.export_cli): in-process through cli.main, and for real as a subprocess."""

from __future__ import annotations

import csv
import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from cc_tui import cli
from cc_tui import export as ex
from cc_tui.models import StyleHints
from cc_tui.store import Store

CC_TUI = Path(sys.executable).parent / "cc-tui"
MARKER = "CLI-PRIVATE-MARKER-91b2"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A demo data folder made by the real command, with private-note markers added."""
    folder = tmp_path_factory.mktemp("export-cli") / "data"
    done = subprocess.run([str(CC_TUI), "demo", "--data-dir", str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    with Store.open(folder) as store:
        for person in store.employees():
            store.save_employee(
                person.model_copy(update={"private_notes": MARKER, "style": StyleHints(notes=MARKER)})
            )
            for summary in store.history(person.id):
                conv = store.conversation(summary.id)
                conv.private_notes = f"notes {MARKER}"
                store.save_conversation(conv)
    return folder


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(CC_TUI), "export", "--data-dir", str(data_dir), *args], capture_output=True, timeout=60
    )


def main(capsysbinary, data_dir: Path, *args: str) -> tuple[int, bytes, str]:
    code = cli.main(["export", "--data-dir", str(data_dir), *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cc-tui: ")
    assert "Traceback" not in err
    return lines[0]


# --------------------------------------------------------------------------------------------------------- subprocess


def test_subprocess_every_format_to_stdout_parses(data_dir):
    outputs = {}
    for fmt in ex.FORMATS:
        done = run(data_dir, "--person", "Smith", "--format", fmt)
        assert done.returncode == 0, done.stderr
        assert done.stderr == b""
        outputs[fmt] = done.stdout.decode("utf-8")
    md = outputs["md"]
    assert md.startswith("# Action items: Smith \\[/\\] Jr, ")
    assert "## Shared summary" in md
    rows = list(csv.reader(io.StringIO(outputs["csv"].removeprefix("\ufeff"), newline="")))
    assert rows[0][:3] == ["person", "conversation_date", "text"] and len(rows) > 1
    assert {r[0] for r in rows[1:]} == {"Smith [/] Jr"}
    doc = json.loads(outputs["json"])
    assert doc["schema"] == "cc-tui.actions" and doc["version"] == 1
    assert doc["people"][0]["name"] == "Smith [/] Jr"
    cal = Calendar.from_ical(outputs["ics"])
    assert len(list(cal.walk("VTODO"))) == len(doc["items"]) == len(rows) - 1
    for text in outputs.values():
        assert MARKER not in text


def test_subprocess_writes_private_file_and_refuses_to_overwrite(data_dir, tmp_path):
    target = tmp_path / "amara.ics"
    done = run(data_dir, "--person", "Amara", "--out", str(target), "--all-day-events")
    assert done.returncode == 0, done.stderr
    assert b"Wrote" in done.stdout and str(target).encode() in done.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    cal = Calendar.from_ical(target.read_text(encoding="utf-8"))
    assert list(cal.walk("VEVENT")) and not list(cal.walk("VTODO"))  # format from the extension
    before = target.read_bytes()

    again = run(data_dir, "--person", "Amara", "--out", str(target))
    assert again.returncode == 1
    line = one_line_error(again.stderr.decode())
    assert "already exists" in line and "--force" in line
    assert target.read_bytes() == before

    forced = run(data_dir, "--person", "Amara", "--out", str(target), "--force", "--format", "json")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "cc-tui.actions"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--person", "Nobody Here"], "No person matches 'Nobody Here'"),
        (["--person", "a"], "matches 5 people"),
        (["--person", "Amara", "--conversation", "ffffffff"], "No conversation matches 'ffffffff'"),
        (["--conversation", "../../etc/passwd"], "is not a conversation id"),
        (["--person", "Amara", "--format", "xlsx"], "Unknown export format 'xlsx'; use one of: md, csv, json, ics"),
        (["--last"], "--last needs --person"),
        (["--person", "Amara", "--all-day-events"], "--all-day-events only applies to --format ics"),
    ],
)
def test_subprocess_errors_exit_1_with_one_line(data_dir, args, expected):
    done = run(data_dir, *args)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout == b""
    assert expected in one_line_error(done.stderr.decode())


def test_subprocess_missing_selection_is_usage_error(data_dir):
    done = run(data_dir, "--format", "md")
    assert done.returncode == 2
    assert b"say what to export" in done.stderr


def test_subprocess_missing_data_folder(tmp_path):
    done = run(tmp_path / "nothing-here", "--all-open")
    assert done.returncode == 1
    assert "No cc-tui data in" in one_line_error(done.stderr.decode())
    assert not (tmp_path / "nothing-here").exists()  # an export never creates a data folder


# --------------------------------------------------------------------------------------------------------- in process


def test_last_is_the_default_for_person(capsysbinary, data_dir):
    code, default, _ = main(capsysbinary, data_dir, "--person", "Jonas", "--format", "json")
    assert code == 0
    code, last, _ = main(capsysbinary, data_dir, "--person", "Jonas", "--last", "--format", "json")
    assert code == 0
    a, b = json.loads(default), json.loads(last)
    assert a["conversation"] == b["conversation"] and a["items"] == b["items"]
    with Store.open(data_dir, lock=False) as store:
        jonas = store.find_employee("Jonas")
        newest = store.history(jonas.id)[0]
    assert a["conversation"]["id"] == newest.id


def test_conversation_by_prefix_and_open_only(capsysbinary, data_dir):
    with Store.open(data_dir, lock=False) as store:
        lena = store.find_employee("Lena")
        oldest = store.history(lena.id)[-1].id
    code, out, err = main(capsysbinary, data_dir, "--person", "Lena", "--conversation", oldest[:8], "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["conversation"]["id"] == oldest
    assert any(i["status"] == "done" for i in doc["items"])
    code, out, _ = main(
        capsysbinary, data_dir, "--conversation", oldest, "--open-only", "--format", "json", "--no-summary"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["summary"] is None
    assert all(i["status"] in ("open", "in_progress", "blocked") for i in doc["items"])


def test_all_open_every_format(capsysbinary, data_dir, tmp_path):
    with Store.open(data_dir, lock=False) as store:
        expected = sum(1 for p in store.employees() for a in store.actions(p.id) if a.is_open)
    for fmt in ex.FORMATS:
        target = tmp_path / f"open.{fmt}"
        code, out, err = main(capsysbinary, data_dir, "--all-open", "--out", str(target))
        assert code == 0, err
        text = target.read_text(encoding="utf-8-sig")
        assert MARKER not in text
        if fmt == "json":
            doc = json.loads(text)
            assert len(doc["items"]) == expected and doc["conversation"] is None
            assert all(i["status"] in ("open", "in_progress", "blocked") for i in doc["items"])
        elif fmt == "csv":
            assert len(list(csv.reader(io.StringIO(text, newline="")))) == expected + 1
        elif fmt == "ics":
            assert len(list(Calendar.from_ical(text).walk("VTODO"))) == expected
        else:
            assert text.startswith("# Open action items: everyone, ")
    code, out, _ = main(capsysbinary, data_dir, "--all-open", "--person", "Smith", "--format", "json", "--out", "-")
    assert code == 0
    doc = json.loads(out)
    assert {i["person"]["name"] for i in doc["items"]} == {"Smith [/] Jr"}


def test_stdout_is_utf8_with_bom_for_csv(capsysbinary, data_dir):
    code, out, _ = main(capsysbinary, data_dir, "--person", "Mateo", "--format", "csv")
    assert code == 0
    assert out.startswith(b"\xef\xbb\xbfperson,")
    assert b"Mateo Garc\xc3\xada" in out
    assert b"\r\n" in out


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["export", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for option in ("--person", "--conversation", "--last", "--all-open", "--open-only", "--format", "--out",
                   "--force", "--no-summary", "--all-day-events"):
        assert option in text
