"""Export at wrap-up, from the live conversation: the file is shown first, written on ctrl+s, never overwritten
without asking, and holds no private notes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from cc_tui.dialogs.export_dialog import ExportDialog
from cc_tui.screens.conversation import ConversationScreen

from .app_support import demo_app, open_conversation, settle, type_text


async def test_export_from_wrapup_writes_markdown_without_private_notes(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    app = demo_app(tmp_path / "data", index_delay=None, export_dir=out)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conversation(pilot)
        await pilot.press("f2")
        await type_text(pilot, "Shared: wants the ledger work")
        await pilot.press("tab")
        await type_text(pilot, "PRIVATE-MARKER-123")
        await pilot.press("f5")
        await settle(pilot)
        await type_text(pilot, "We agreed on two steps.")
        await pilot.press("f10")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        target = Path(dialog.query_one("#export-path", Input).value)
        assert target.parent == out and target.suffix == ".md"  # the file is shown before writing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
        text = target.read_text(encoding="utf-8")
        assert "We agreed on two steps." in text
        assert "PRIVATE-MARKER-123" not in text
        for item in screen.session.action_rows():
            assert item.text in text
        # the wrap-up preview is literally the file the employee receives (one renderer for both)
        await pilot.pause(0.5)  # the preview follows the summary once typing pauses
        await settle(pilot)
        preview = screen.query_one("#preview", Static)
        assert str(preview.render()).rstrip() == text.rstrip()
        assert target.stat().st_mode & 0o777 == 0o600
        # a second export to the same file asks first
        before = target.read_bytes()
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog | ConversationScreen)  # the overwrite question
        await pilot.press("n")
        await settle(pilot)
        assert target.read_bytes() == before
