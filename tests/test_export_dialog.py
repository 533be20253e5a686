"""Tests for cc_tui.dialogs.export_dialog.ExportDialog (Textual 8.x, headless, driven by the keyboard)."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt
from textual.app import App
from textual.widgets import Checkbox, Input, Label, Static

from cc_tui import export as ex
from cc_tui.demo import build_demo
from cc_tui.dialogs.basic import ConfirmScreen
from cc_tui.dialogs.export_dialog import ExportDialog
from cc_tui.models import ActionItem, Owner
from cc_tui.store import Store

FIXED = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
HOSTILE = '=HYPERLINK("http://x") | <script>alert(1)</script> [b]not bold[/b] [@click=app.quit]q[/]'


@pytest.fixture
def bundle(tmp_path) -> ex.ExportBundle:
    store = Store.open(tmp_path / "data", clock=lambda: FIXED)
    try:
        build_demo(store, now=FIXED)
        smith = store.find_employee("Smith")
        last = store.history(smith.id)[0]
        store.save_action(
            ActionItem(employee_id=smith.id, conversation_id=last.id, text=HOSTILE, owner=Owner.MANAGER,
                       created_at=last.created_at, updated_at=last.created_at)
        )
        return ex.bundle_for_person_last(store, smith, now=FIXED)
    finally:
        store.close()


class DialogApp(App[None]):
    def __init__(self, bundle: ex.ExportBundle, folder: Path) -> None:
        super().__init__()
        self.bundle = bundle
        self.folder = folder
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(ExportDialog(self.bundle, default_dir=self.folder), self.results.append)


async def settle(app: App, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def choose(pilot, index: int) -> None:
    """From the dialog as opened (format list focused, Markdown highlighted): move to ``index`` and press space."""
    await pilot.press(*(["right"] * index), "space")


def dialog(app: App) -> ExportDialog:
    screen = app.screen
    assert isinstance(screen, ExportDialog)
    return screen


def parse(fmt: str, path: Path) -> int:
    """Parse the file the way its readers would; return the number of action items found."""
    raw = path.read_bytes()
    if fmt == "md":
        tokens = MarkdownIt("commonmark").enable("table").parse(raw.decode("utf-8"))
        return sum(1 for t in tokens if t.type == "tr_open") - 1
    if fmt == "csv":
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert HOSTILE in [ex.csv_restore(r[2]) for r in rows[1:]]
        return len(rows) - 1
    if fmt == "json":
        doc = json.loads(raw)
        assert doc["schema"] == "cc-tui.actions"
        assert HOSTILE in [i["text"] for i in doc["items"]]
        return len(doc["items"])
    cal = Calendar.from_ical(raw.decode("utf-8"))
    assert HOSTILE in [str(t["SUMMARY"]) for t in cal.walk("VTODO")]
    return len(list(cal.walk("VTODO")))


@pytest.mark.parametrize(("index", "fmt"), list(enumerate(ex.FORMATS)))
async def test_choose_each_format_by_keyboard_and_write(bundle, tmp_path, index, fmt):
    app = DialogApp(bundle, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, index)
        await pilot.pause()
        d = dialog(app)
        assert d.fmt == fmt
        expected = tmp_path / ex.default_filename(bundle, fmt)
        assert d.query_one("#export-path", Input).value == str(expected)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.results == [str(expected)]
        assert not isinstance(app.screen, ExportDialog)
    assert parse(fmt, expected) == len(bundle.items)
    assert stat.S_IMODE(expected.stat().st_mode) == 0o600


async def test_options_follow_the_format(bundle, tmp_path):
    app = DialogApp(bundle, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        d = dialog(app)
        summary = d.query_one("#export-summary", Checkbox)
        allday = d.query_one("#export-allday", Checkbox)
        assert summary.value and not summary.disabled and allday.disabled
        await choose(pilot, 1)  # CSV: no summary, no events
        await pilot.pause()
        assert summary.disabled and allday.disabled and not d.include_summary
        await pilot.press("right", "right", "space")  # iCalendar
        await pilot.pause()
        assert d.fmt == "ics" and not allday.disabled
        await pilot.press("tab", "tab", "space")  # to the all-day checkbox (the summary one is enabled again)
        await pilot.pause()
        assert app.focused is allday and allday.value and d.all_day_events
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    written = Path(app.results[0])
    cal = Calendar.from_ical(written.read_text(encoding="utf-8"))
    assert not list(cal.walk("VTODO")) and list(cal.walk("VEVENT"))


async def test_edited_path_is_kept_when_the_format_changes(bundle, tmp_path):
    app = DialogApp(bundle, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        d = dialog(app)
        path_input = d.query_one("#export-path", Input)
        path_input.focus()
        await pilot.press("ctrl+u", *"mine.md")
        await pilot.pause()
        assert path_input.value == "mine.md"
        d.query_one("#export-format").focus()
        await pilot.press("right", "right", "space")  # JSON: the extension follows, the name stays
        await pilot.pause()
        assert d.fmt == "json" and path_input.value == "mine.json"
        path_input.focus()
        await pilot.press("enter")  # enter in the path writes too; a relative name goes to default_dir
        await settle(app, pilot)
    assert app.results == [str(tmp_path / "mine.json")]
    assert json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))["version"] == 1


async def test_existing_file_asks_before_overwriting(bundle, tmp_path):
    target = tmp_path / ex.default_filename(bundle, "md")
    target.write_text("keep me")
    app = DialogApp(bundle, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        d = dialog(app)
        assert target.read_text() == "keep me"
        error = d.query_one("#export-error", Label)
        assert "already exists" in str(error.render())
        assert app.results == []

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.results == [str(target)]
    assert target.read_text(encoding="utf-8").startswith("# Action items: Smith \\[/\\] Jr")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_copy_markdown_to_clipboard(bundle, tmp_path):
    app = DialogApp(bundle, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard == ex.to_markdown(bundle)
        assert "## Shared summary" in app.clipboard
        assert any("Copied" in n.message for n in app._notifications)
        assert isinstance(app.screen, ExportDialog)  # still open: the file can be written too
        await pilot.press("tab", "space")  # untick "include the shared summary"
        await pilot.pause()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard == ex.to_markdown(bundle.with_summary(False))
        assert "Shared summary" not in app.clipboard
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert not list(tmp_path.glob("cc-*"))


async def test_write_errors_show_inline_as_one_line(bundle, tmp_path):
    app = DialogApp(bundle, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        d = dialog(app)
        path_input = d.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "no-such-folder" / "x.md")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        error = str(d.query_one("#export-error", Label).render())
        assert "does not exist" in error and "\n" not in error.strip()
        assert app.results == [] and isinstance(app.screen, ExportDialog)
        path_input.value = str(tmp_path)  # a folder
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "is a folder" in str(d.query_one("#export-error", Label).render())
        path_input.value = "  "
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Give a file name" in str(d.query_one("#export-error", Label).render())
        assert app.results == []


async def test_footer_bindings_and_literal_names(bundle, tmp_path):
    app = DialogApp(bundle, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        d = dialog(app)
        shown = {k: b.binding.description for k, b in d.active_bindings.items() if b.binding.show}
        assert shown["ctrl+s"] == "Write file"
        assert shown["ctrl+y"] == "Copy Markdown"
        assert shown["escape"] == "Cancel"
        what = d.query_one("#export-what", Static)
        text = str(what.render())
        assert "Smith [/] Jr" in text  # shown literally, not parsed as markup
        assert f"{len(bundle.items)} action items" in text
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
