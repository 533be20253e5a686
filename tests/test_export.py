"""Tests for cc_tui.export: bundles, the four formats (round trips with hostile text), privacy, file writing."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from markdown_it import MarkdownIt

from cc_tui import export as ex
from cc_tui.demo import build_demo
from cc_tui.errors import UserError
from cc_tui.flow import start_conversation
from cc_tui.models import (
    ActionItem,
    ActionStatus,
    Conversation,
    ConversationKind,
    Employee,
    Goal,
    ItemKind,
    ManagerPrep,
    Owner,
    StatusUpdate,
    StyleHints,
)
from cc_tui.store import Store
from cc_tui.text import EXPORT_CONTROL, visible_controls

FIXED = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
START = datetime(2026, 11, 18, 10, 0, tzinfo=timezone.utc)
MARKER = "PRIVATE-MARKER-7f3c"

HOSTILE = [
    'He said "quote", then, left',
    "line one\nline two\r\nline three\rline four",
    "pipe | in | cell \\| escaped",
    "<script>alert(1)</script> & <b>bold</b> &amp;",
    '=HYPERLINK("http://x","click")',
    "+1 call them",
    "-1 minus",
    "@SUM(A1:A2)",
    "'already quoted",
    "emoji 🎯🚀👩🏽‍💻 done",
    "RTL \u202eevil\u202c text",
    "Smith [/] Jr [b]bold[/b] [@click=app.quit]x[/]",
    "**bold** _it_ `code` [link](http://x) ![img](x) ~~strike~~ # hash \\ back",
    "1. not a list",
    "# not a heading",
    "> not a quote",
    "tab\tinside",
    "ends with backslash \\",
    "".join("ab|<>&\\`*_[]#\n,\"'"[i % 16] for i in range(2_000)).strip(),
    "é" * 1999 + "|",
]
HOSTILE_NAME = '=cmd|" /c calc"!A1 <b>Smith</b> [/] Jr | "x"'
HOSTILE_GOAL = "Goal | with <em>html</em>, [link](x) and \"quotes\" =1+1"


# --------------------------------------------------------------------------------------------------------- fixtures


def hostile_parts(marker: str = MARKER):
    person = Employee(
        id="person-hostile-01",
        name=HOSTILE_NAME,
        role="Role [b]x[/b]",
        private_notes=f"employee {marker}",
        style=StyleHints(notes=f"style {marker}"),
        created_at=START - timedelta(days=300),
    )
    goal = Goal(
        id="goal-hostile-0001",
        employee_id=person.id,
        title=HOSTILE_GOAL,
        conversation_id="conv-hostile-0001",
        created_at=START,
    )
    conversation = Conversation(
        id="conv-hostile-0001",
        employee_ids=[person.id],
        title="Career conversation with " + HOSTILE_NAME,
        created_at=START,
        updated_at=START,
        shared_notes="Shared | notes <script>x</script>\n    indented code?\n- not a list\n\n=== setext?\n1) item",
        private_notes=f"conversation {marker}",
        manager_prep=ManagerPrep(performance_history=f"prep {marker}"),
        summary="We agreed: *stars* and `ticks`\nsecond line \\\n\nsecond paragraph # hash",
        next_date=date(2026, 12, 18),
    )
    statuses = list(ActionStatus)
    items = []
    for i, text in enumerate(HOSTILE):
        items.append(
            ActionItem(
                id=f"item-hostile-{i:04d}",
                employee_id=person.id,
                conversation_id=conversation.id,
                text=text,
                owner=Owner.MANAGER if i % 3 == 1 else Owner.EMPLOYEE,
                due=None if i % 5 == 4 else date(2026, 12, 1) + timedelta(days=i),
                status=statuses[i % len(statuses)],
                goal_id=goal.id if i % 2 == 0 else None,
                carried_over=i % 3,
                created_at=START + timedelta(minutes=i),
                updated_at=START + timedelta(minutes=i),
            )
        )
    return person, conversation, goal, items


def hostile_bundle(**kwargs) -> ex.ExportBundle:
    person, conversation, goal, items = hostile_parts()
    return ex.bundle_from_parts(conversation, [person], items, [goal], now=FIXED, **kwargs)


@pytest.fixture
def demo_store(tmp_path):
    store = Store.open(tmp_path / "data", clock=lambda: FIXED)
    build_demo(store, now=FIXED)
    yield store
    store.close()


# --------------------------------------------------------------------------------------------------------- CSV


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith(ex.CSV_BOM)
    return list(csv.reader(io.StringIO(text[len(ex.CSV_BOM) :], newline=""), strict=True))


def test_csv_round_trip_with_hostile_text():
    b = hostile_bundle()
    text = ex.to_csv(b)
    rows = read_csv(text)
    assert tuple(rows[0]) == ex.CSV_COLUMNS
    assert len(rows) == len(b.items) + 1
    col = {name: i for i, name in enumerate(ex.CSV_COLUMNS)}
    for item, row in zip(b.items, rows[1:]):
        assert len(row) == len(ex.CSV_COLUMNS)
        for cell in row:  # nothing a spreadsheet would run as a formula
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        back = [ex.csv_restore(cell) for cell in row]
        assert back[col["text"]] == item.text
        assert back[col["person"]] == HOSTILE_NAME
        assert back[col["conversation_date"]] == "2026-11-18"
        assert back[col["conversation_id"]] == "conv-hostile-0001"
        assert back[col["item_id"]] == item.id
        assert back[col["owner"]] == item.owner.value
        assert back[col["status"]] == item.status.value
        assert back[col["due"]] == (item.due.isoformat() if item.due else "")
        assert back[col["goal"]] == (HOSTILE_GOAL if item.goal_id else "")
        assert back[col["carried_over"]] == str(item.carried_over)
        assert back[col["exported_at"]] == "2026-11-20T09:30:00+00:00"
    formula = rows[1 + HOSTILE.index('=HYPERLINK("http://x","click")')][col["text"]]
    assert formula == '\'=HYPERLINK("http://x","click")'
    assert rows[1 + HOSTILE.index("'already quoted")][col["text"]] == "''already quoted"


def test_csv_uses_crlf_and_bom_option():
    b = hostile_bundle()
    text = ex.to_csv(b)
    assert text.startswith("\ufeffperson,conversation_date,text,")
    assert text.endswith("\r\n")
    records = text.split("\r\n")
    assert records[0].lstrip("\ufeff").split(",") == list(ex.CSV_COLUMNS)
    assert not ex.to_csv(b, bom=False).startswith("\ufeff")
    assert ex.to_csv(b, bom=False) == text[1:]


@pytest.mark.parametrize(
    ("cell", "neutral"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("x=1", "x=1"),
        ("", ""),
        ("2026-11-20", "2026-11-20"),
    ],
)
def test_csv_neutralise_and_restore(cell, neutral):
    assert ex.csv_neutralise(cell) == neutral
    assert ex.csv_restore(ex.csv_neutralise(cell)) == cell


# --------------------------------------------------------------------------------------------------------- JSON


def test_json_round_trip_and_schema():
    b = hostile_bundle()
    doc = json.loads(ex.to_json(b))
    assert doc["schema"] == "cc-tui.actions"
    assert doc["version"] == 1
    assert doc["exported_at"] == "2026-11-20T09:30:00+00:00"
    assert doc["scope"] == "conversation"
    assert doc["people"] == [{"id": "person-hostile-01", "name": HOSTILE_NAME}]
    assert doc["conversation"] == {
        "id": "conv-hostile-0001",
        "date": "2026-11-18",
        "title": "Career conversation with " + HOSTILE_NAME,
        "next_date": "2026-12-18",
    }
    assert doc["summary"]["text"] == b.conversation.summary
    assert doc["summary"]["shared_notes"] == b.conversation.shared_notes
    assert [g["title"] for g in doc["summary"]["goals"]] == [HOSTILE_GOAL]
    assert len(doc["items"]) == len(b.items)
    for item, out in zip(b.items, doc["items"]):
        assert set(out) == {"id", "text", "owner", "owner_name", "person", "due", "status", "status_note", "goal",
                            "conversation", "carried_over"}
        assert out["id"] == item.id
        assert out["text"] == item.text
        assert out["owner"] == item.owner.value
        assert out["person"] == {"id": "person-hostile-01", "name": HOSTILE_NAME}
        assert out["due"] == (item.due.isoformat() if item.due else None)
        assert out["status"] == item.status.value
        assert out["goal"] == ({"id": "goal-hostile-0001", "title": HOSTILE_GOAL} if item.goal_id else None)
        assert out["conversation"] == {"id": "conv-hostile-0001", "date": "2026-11-18"}
        assert out["carried_over"] == item.carried_over


def test_json_holds_no_c1_or_bidi_control_raw_and_reads_back_exactly():
    """JSON escapes C0 itself; C1 (an 8-bit CSI) and bidi controls were written raw to the file and, printed with
    ``--out -``, reached the terminal (bidi ones uncut). Now as \\u escapes: the same data, none of them raw."""
    b = hostile_bundle()
    hostile = "x \x9b31m \x85 \u202eevil\u202c \u2066y\u2069 \x1b]0;pwned\x07"
    b.items[0].text = hostile
    text = ex.to_json(b)
    assert not EXPORT_CONTROL.search(text) and "\\u009b31m" in text and "\\u202eevil" in text
    assert json.loads(text)["items"][0]["text"] == hostile
    assert ex.render(b, "json") == text


def test_json_without_summary_has_null_summary():
    doc = json.loads(ex.to_json(hostile_bundle(include_summary=False)))
    assert doc["summary"] is None
    assert doc["items"]


# --------------------------------------------------------------------------------------------------------- hypothesis

safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300
).filter(lambda s: s.strip())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=safe_text, name=safe_text, goal_title=safe_text)
def test_property_csv_and_json_round_trip(text, name, goal_title):
    name = name.strip()[:200]
    goal_title = goal_title.strip()[:200]
    person = Employee(id="person-prop-0001", name=name, created_at=START)
    conversation = Conversation(
        id="conv-prop-00001", employee_ids=[person.id], created_at=START, updated_at=START
    )
    goal = Goal(id="goal-prop-00001", employee_id=person.id, title=goal_title, created_at=START)
    item = ActionItem(
        id="item-prop-00001",
        employee_id=person.id,
        conversation_id=conversation.id,
        text=text,
        goal_id=goal.id,
        created_at=START,
        updated_at=START,
    )
    b = ex.bundle_from_parts(conversation, [person], [item], [goal], now=FIXED)

    rows = read_csv(ex.to_csv(b))
    assert len(rows) == 2
    back = dict(zip(ex.CSV_COLUMNS, (ex.csv_restore(c) for c in rows[1])))
    assert back["text"] == item.text
    assert back["person"] == person.name
    assert back["goal"] == goal.title

    doc = json.loads(ex.to_json(b))
    assert doc["items"][0]["text"] == item.text
    assert doc["items"][0]["person"]["name"] == person.name
    assert doc["items"][0]["goal"]["title"] == goal.title


# --------------------------------------------------------------------------------------------------------- Markdown


def md_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def inline_text(token) -> str:
    """The visible text of an inline token: text and code, breaks as newlines; anything else fails the test."""
    out = []
    for child in token.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type in ("strong_open", "strong_close"):
            continue  # our own **Label:** in the metadata list
        else:  # pragma: no cover - a failure shows the token
            raise AssertionError(f"unexpected markup from user text: {child.type} {child.content!r}")
    return "".join(out)


def table_rows(tokens) -> list[list[str]]:
    rows, row, in_cell = [], None, False
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            rows.append(row)
        elif tok.type in ("td_open", "th_open"):
            in_cell = True
        elif tok.type in ("td_close", "th_close"):
            in_cell = False
        elif tok.type == "inline" and in_cell:
            row.append(inline_text(tok))
    return rows


def test_markdown_renders_hostile_text_literally():
    b = hostile_bundle()
    md = ex.to_markdown(b)
    parser = md_parser()
    tokens = parser.parse(md)
    rows = table_rows(tokens)
    assert rows[0] == ["Action", "Owner", "Due", "Status", "Goal", "Raised", "Carried over"]
    assert len(rows) == len(b.items) + 1
    for item, row in zip(b.items, rows[1:]):
        assert len(row) == 7, row
        assert row[0] == ex.md_cell_text(item.text)
        assert row[1] == ("Manager" if item.owner is Owner.MANAGER else HOSTILE_NAME)
        assert row[2] == (item.due.isoformat() if item.due else "—")
        assert row[3] == ex.STATUS_LABELS[item.status]
        assert row[4] == (HOSTILE_GOAL if item.goal_id else "—")
        assert row[5] == "2026-11-18"
    # Newlines in a cell are shown as spaces; nothing else changes.
    assert rows[1 + 1][0] == "line one line two line three line four"
    html = parser.render(md)
    assert "<script" not in html and "<b>" not in html and "<em>html" not in html
    assert "<a " not in html and "<img" not in html and "<code>" not in html and "<s>" not in html
    assert "&lt;script&gt;" in html
    heading = next(t for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].type == "heading_open")
    assert inline_text(heading) == b.title


def paragraphs_after(tokens, heading: str) -> list[str]:
    """Visible text of the paragraphs that follow the heading ``heading`` (up to the next heading)."""
    out, seen, in_para = [], False, False
    for i, tok in enumerate(tokens):
        if tok.type in ("heading_open", "heading_close"):
            continue
        if tok.type == "inline" and tokens[i - 1].type == "heading_open":
            if seen:
                break
            seen = inline_text(tok) == heading
        elif seen and tok.type == "paragraph_open":
            in_para = True
        elif seen and tok.type == "paragraph_close":
            in_para = False
        elif seen and in_para and tok.type == "inline":
            out.append(inline_text(tok))
        elif seen and tok.type not in ("paragraph_open", "paragraph_close", "inline"):
            raise AssertionError(f"user text made a {tok.type}")
    return out


def test_markdown_summary_keeps_lines_and_makes_no_blocks():
    b = hostile_bundle()
    tokens = md_parser().parse(ex.to_markdown(b))
    assert paragraphs_after(tokens, "Shared summary") == [
        "We agreed: *stars* and `ticks`\nsecond line \\",
        "second paragraph # hash",
    ]
    assert paragraphs_after(tokens, "Shared notes") == [
        "Shared | notes <script>x</script>\nindented code?\n- not a list",
        "=== setext?\n1) item",
    ]


def test_markdown_without_summary_and_empty():
    b = hostile_bundle(include_summary=False)
    md = ex.to_markdown(b)
    assert "Shared summary" not in md and "second paragraph" not in md
    empty = ex.ExportBundle(
        people=b.people, conversation=b.conversation, items=[], goals={}, include_summary=False,
        title="Nothing", exported_at=FIXED,
    )
    assert "No action items." in ex.to_markdown(empty)


def test_md_escape_is_inverse_of_rendering():
    parser = md_parser()
    for text in HOSTILE:
        rendered = parser.parseInline(ex.md_escape(text))[0]
        assert inline_text(rendered) == ex.md_cell_text(text)


# --------------------------------------------------------------------------------------------------------- iCalendar


def ics_unescape(raw) -> str:
    """RFC 5545 TEXT unescaping, for X- properties that icalendar hands back raw."""
    text = raw.to_ical().decode() if hasattr(raw, "to_ical") else str(raw)
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def test_ics_round_trip_todos():
    b = hostile_bundle()
    text = ex.to_ics(b)
    cal = Calendar.from_ical(text)
    assert ics_unescape(cal["X-WR-CALNAME"]) == "cc-tui: " + b.title
    assert ics_unescape(cal["NAME"]) == "cc-tui: " + b.title
    assert "conv-hostile-0001" in ics_unescape(cal["X-WR-CALDESC"])
    assert str(cal["DESCRIPTION"]).startswith(b.title + "\n")
    todos = list(cal.walk("VTODO"))
    assert len(todos) == len(b.items)
    for item, todo in zip(b.items, todos):
        assert str(todo["SUMMARY"]) == ex.ics_text(item.text)
        assert str(todo["UID"]) == f"{item.id}@cc-tui"
        assert todo.decoded("DTSTAMP") == FIXED
        assert str(todo["STATUS"]) == ex.ICS_TODO_STATUS[item.status]
        if item.due:
            assert todo.decoded("DUE") == item.due
        else:
            assert "DUE" not in todo
        assert HOSTILE_NAME in str(todo["DESCRIPTION"])
        assert ics_unescape(todo["X-CC-TUI-PERSON"]) == HOSTILE_NAME
        assert str(todo["X-CC-TUI-STATUS"]) == item.status.value
    mapping = {str(t["X-CC-TUI-STATUS"]): str(t["STATUS"]) for t in todos}
    assert mapping == {
        "open": "NEEDS-ACTION",
        "in_progress": "IN-PROCESS",
        "done": "COMPLETED",
        "blocked": "NEEDS-ACTION",
        "dropped": "CANCELLED",
    }
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "next-conv-hostile-0001@cc-tui"
    assert event.decoded("DTSTART") == date(2026, 12, 18)
    assert event.decoded("DTEND") == date(2026, 12, 19)
    assert HOSTILE_NAME in str(event["SUMMARY"])


def test_ics_all_day_events_and_stable_uids():
    b = hostile_bundle()
    cal = Calendar.from_ical(ex.to_ics(b, all_day_events=True))
    assert not list(cal.walk("VTODO"))
    events = [e for e in cal.walk("VEVENT") if not str(e["UID"]).startswith("next-")]
    dated = [i for i in b.items if i.due]
    assert len(events) == len(dated)
    for item, event in zip(dated, events):
        assert str(event["SUMMARY"]) == ex.ics_text(item.text)
        assert str(event["UID"]) == f"{item.id}-event@cc-tui"
        assert event.decoded("DTSTART") == item.due
        assert event.decoded("DTEND") == item.due + timedelta(days=1)
        assert event.decoded("DTSTAMP") == FIXED
    assert "without a due date" in ics_unescape(cal["X-WR-CALDESC"])
    # Same data, same clock: byte-identical, so a re-import updates the same UIDs.
    assert ex.to_ics(hostile_bundle()) == ex.to_ics(hostile_bundle())


def test_the_last_day_a_date_can_hold_exports_as_a_one_day_event():
    """A due date or next date of 9999-12-31 (typeable in the app) has no day after it: the export stopped with
    OverflowError ("internal error"). Its all-day event is now that one day, without DTEND (RFC 5545, 3.6.1)."""
    person, conversation, goal, items = hostile_parts()
    items[0].due = date.max
    conversation.next_date = date.max
    b = ex.bundle_from_parts(conversation, [person], items, [goal], now=FIXED)
    for all_day in (False, True):
        cal = Calendar.from_ical(ex.to_ics(b, all_day_events=all_day))
        last = [e for e in cal.walk("VEVENT") if e.decoded("DTSTART") == date.max]
        assert len(last) == (2 if all_day else 1) and all("DTEND" not in e for e in last)
    assert any(t.decoded("DUE") == date.max for t in Calendar.from_ical(ex.to_ics(b)).walk("VTODO"))


def test_ics_uids_survive_a_new_export_of_the_same_items(demo_store):
    amara = demo_store.find_employee("Amara")
    first = ex.bundle_for_person_last(demo_store, amara, now=FIXED)
    later = ex.bundle_for_person_last(demo_store, amara, now=FIXED + timedelta(days=3))
    uids = [sorted(str(c["UID"]) for c in Calendar.from_ical(ex.to_ics(x)).walk() if "UID" in c) for x in (first, later)]
    assert uids[0] == uids[1] and len(uids[0]) == len(first.items) + 1


# --------------------------------------------------------------------------------------------------------- privacy


def all_outputs(b: ex.ExportBundle) -> dict[str, str]:
    return {
        "md": ex.to_markdown(b),
        "csv": ex.to_csv(b),
        "json": ex.to_json(b),
        "ics": ex.to_ics(b),
        "ics-events": ex.to_ics(b, all_day_events=True),
    }


def test_private_notes_never_exported_from_parts():
    b = hostile_bundle()
    for fmt, text in all_outputs(b).items():
        assert MARKER not in text, fmt
        assert "Role [b]" not in text, fmt
    assert MARKER not in repr(b)


def test_private_notes_never_exported_from_the_store(demo_store):
    amara = demo_store.find_employee("Amara")
    demo_store.save_employee(
        amara.model_copy(update={"private_notes": f"person {MARKER}", "style": StyleHints(notes=f"style {MARKER}")})
    )
    last = demo_store.history(amara.id)[0]
    conv = demo_store.conversation(last.id)
    conv.private_notes = f"conversation {MARKER}"
    conv.manager_prep = ManagerPrep(strengths=f"prep {MARKER}")
    demo_store.save_conversation(conv)
    bundles = [
        ex.bundle_for_conversation(demo_store, conv.id, now=FIXED),
        ex.bundle_for_person_last(demo_store, amara, now=FIXED),
        ex.bundle_all_open(demo_store, now=FIXED),
    ]
    checked = 0
    for b in bundles:
        assert b.items
        for fmt, text in all_outputs(b).items():
            assert MARKER not in text, fmt
            checked += 1
    assert checked == 15


# --------------------------------------------------------------------------------------------------------- bundles


def test_conversation_bundle_has_its_items_and_carried_open_ones(demo_store):
    amara = demo_store.find_employee("Amara")
    history = demo_store.history(amara.id)
    b = ex.bundle_for_person_last(demo_store, amara, now=FIXED)
    assert b.conversation.id == history[0].id
    own = [i for i in b.items if i.conversation_id == history[0].id]
    carried = [i for i in b.items if i.conversation_id != history[0].id]
    assert len(own) == 2 and len(carried) == 1
    assert all(i.is_open for i in carried) and carried[0].carried_over == 1
    assert b.items[0] is carried[0] or b.items[0].id == carried[0].id  # carried-over first
    assert b.conversation_dates[carried[0].conversation_id] == history[1].created_at.date()
    older = ex.bundle_for_conversation(demo_store, history[-1].id, now=FIXED)
    assert all(i.conversation_id == history[-1].id for i in older.items)


def test_open_only_and_carried_ids(demo_store):
    amara = demo_store.find_employee("Amara")
    conv = demo_store.conversation(demo_store.history(amara.id)[0].id)
    actions = demo_store.actions(amara.id)
    own = next(a for a in actions if a.conversation_id == conv.id)
    own.status = ActionStatus.DONE
    everything = ex.select_conversation_items(conv, actions)
    open_only = ex.select_conversation_items(conv, actions, open_only=True)
    assert own in everything and own not in open_only
    assert all(a.is_open for a in open_only)
    assert ex.select_conversation_items(conv, actions, carried_ids=[]) == [
        a for a in everything if a.conversation_id == conv.id
    ]
    # A carried item closed by a status update in this conversation still belongs to it.
    carried = next(a for a in everything if a.conversation_id != conv.id)
    carried.status = ActionStatus.DONE
    conv.status_updates = [
        StatusUpdate(kind=ItemKind.ACTION, item_id=carried.id, status="done", at=conv.created_at)
    ]
    assert carried in ex.select_conversation_items(conv, actions)


def test_all_open_bundle(demo_store):
    b = ex.bundle_all_open(demo_store, now=FIXED)
    assert b.conversation is None and b.scope == "open-items"
    assert b.items and all(i.is_open for i in b.items)
    assert len(b.people) == len(demo_store.employees())
    expected = sum(1 for p in demo_store.employees() for a in demo_store.actions(p.id) if a.is_open)
    assert len(b.items) == expected
    md = ex.to_markdown(b)
    assert md.count("\n## ") == len(b.people)
    smith = demo_store.find_employee("Smith")
    one = ex.bundle_all_open(demo_store, now=FIXED, employees=[smith])
    assert {i.employee_id for i in one.items} == {smith.id}
    assert ex.default_filename(one, "csv") == "cc-smith-jr-open-2026-11-20.csv"
    assert ex.default_filename(b, "json") == "cc-open-items-2026-11-20.json"


def test_team_conversation_groups_items_by_person(demo_store):
    people = demo_store.employees()[:2]
    conv = start_conversation(demo_store, [p.id for p in people], lambda: FIXED)
    for p in people:
        demo_store.save_action(
            ActionItem(employee_id=p.id, conversation_id=conv.id, text=f"Team item for {p.name}",
                       created_at=FIXED, updated_at=FIXED)
        )
    b = ex.bundle_for_conversation(demo_store, conv.id, now=FIXED)
    assert conv.kind is ConversationKind.TEAM
    md = ex.to_markdown(b)
    for p in people:
        assert f"## {ex.md_escape(p.name)}" in md
        assert f"Team item for {ex.md_escape(p.name)}" in md
    assert ex.default_filename(b, "md") == "cc-team-2026-11-20.md"


def test_person_without_conversations(demo_store):
    newbie = Employee(name="New Person", created_at=FIXED)
    demo_store.save_employee(newbie)
    with pytest.raises(UserError, match="no conversations yet"):
        ex.bundle_for_person_last(demo_store, newbie, now=FIXED)


# --------------------------------------------------------------------------------------------------------- names, formats


def test_default_filename_and_slug(demo_store):
    smith = demo_store.find_employee("Smith")
    b = ex.bundle_for_person_last(demo_store, smith, now=FIXED)
    day = b.conversation.created_at.date().isoformat()
    assert [ex.default_filename(b, f) for f in ex.FORMATS] == [
        f"cc-smith-jr-{day}.md", f"cc-smith-jr-{day}.csv", f"cc-smith-jr-{day}.json", f"cc-smith-jr-{day}.ics"
    ]
    assert ex.slug("Mateo García") == "mateo-garcia"
    assert ex.slug("../../etc/passwd") == "etc-passwd"
    assert ex.slug("🎯") == "person"
    assert ex.default_filename(hostile_bundle(), "md") == "cc-cmd-c-calc-a1-b-smith-b-jr-x-2026-11-18.md"


def test_render_dispatch_and_unknown_format():
    b = hostile_bundle()
    # text files: control characters replaced visibly (#24.1); JSON escapes them itself and round-trips exactly
    assert ex.render(b, "md") == visible_controls(ex.to_markdown(b))
    assert ex.render(b, "CSV") == visible_controls(ex.to_csv(b))
    assert ex.render(b, "json") == ex.to_json(b)
    assert ex.render(b, "ics", all_day_events=True) == visible_controls(ex.to_ics(b, all_day_events=True))
    assert ex.check_format("markdown") == "md"
    with pytest.raises(UserError, match="Unknown export format 'xml'; use one of: md, csv, json, ics"):
        ex.render(b, "xml")


# --------------------------------------------------------------------------------------------------------- writing


def test_write_export_is_private_atomic_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "out.csv"
    text = ex.to_csv(hostile_bundle())
    assert ex.write_export(target, text) == target
    assert target.read_bytes() == text.encode("utf-8")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(ex.TargetExistsError, match="already exists"):
        ex.write_export(target, "other")
    assert target.read_bytes() == text.encode("utf-8")
    ex.write_export(target, "other", overwrite=True)
    assert target.read_text(encoding="utf-8") == "other"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temp file left


def test_write_export_refuses_a_symlink_and_a_folder(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    with pytest.raises(ex.TargetExistsError):
        ex.write_export(link, "x")
    assert victim.read_text() == "keep"
    with pytest.raises(UserError, match="is a folder"):
        ex.write_export(tmp_path, "x")


def test_write_export_errors_are_one_line(tmp_path):
    with pytest.raises(UserError) as missing:
        ex.write_export(tmp_path / "nope" / "x.md", "x")
    assert "does not exist" in str(missing.value) and "\n" not in str(missing.value)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.geteuid() == 0:  # root ignores permissions; simulate with a read-only path instead
            with pytest.raises(UserError) as denied:
                ex.write_export(Path("/proc/cc-tui-test.md"), "x")
        else:
            with pytest.raises(UserError) as denied:
                ex.write_export(locked / "x.md", "x")
    finally:
        locked.chmod(0o700)
    assert str(denied.value).startswith("Could not write") and "\n" not in str(denied.value)
