"""The [retention] table of config.toml: 'cc-tui retention' takes it when no rule is given, and the app applies it
when the manager quits (everything saved first), saying what went (#26.2 with #22)."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from cc_tui.store import Store

from .app_support import NOW
from .test_signals import Terminal, demo_folder  # noqa: F401 - demo_folder is a fixture


def _old_private_notes(folder: Path) -> list[str]:
    """The private notes of Amara's conversations from before 2026-10-01 (the demo has some from September)."""
    with Store.open(folder, lock=False) as store:
        amara = store.find_employee("Amara")
        old = [s for s in store.history(amara.id) if s.created_at < NOW - timedelta(days=60)]
        return [store.conversation(s.id).private_notes for s in old]


def test_retention_without_flags_takes_the_config_table(cli, demo_folder: Path, tmp_path: Path) -> None:  # noqa: F811
    config = tmp_path / "config.toml"
    config.write_text("[retention]\nprivate_notes_months = 2\n", encoding="utf-8")
    before = _old_private_notes(demo_folder)
    assert any(before)
    dry = cli("retention", "--dry-run", "--config", str(config), "--data-dir", str(demo_folder), ok=True)
    assert "Would remove" in dry.stdout and "private notes" in dry.stdout
    assert _old_private_notes(demo_folder) == before
    config.write_text("# nothing kept back\n", encoding="utf-8")
    none = cli("retention", "--dry-run", "--config", str(config), "--data-dir", str(demo_folder))
    assert none.returncode == 2 and "[retention]" in none.stderr


def test_the_app_applies_the_retention_table_when_the_manager_quits(demo_folder: Path, tmp_path: Path) -> None:  # noqa: F811
    config = tmp_path / "config.toml"
    config.write_text("[retention]\nprivate_notes_months = 2\n", encoding="utf-8")
    assert any(_old_private_notes(demo_folder))
    term = Terminal(demo_folder, tmp_path / "home", CC_TUI_CONFIG=str(config))
    try:
        term.wait_for("Amara")
        time.sleep(0.5)
        term.type("\x11")  # ctrl+q
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert not any(_old_private_notes(demo_folder))
    assert "retention (config.toml): removed the private notes of" in term.screen_text()


def test_a_closed_terminal_does_not_run_the_purge(demo_folder: Path, tmp_path: Path) -> None:  # noqa: F811
    config = tmp_path / "config.toml"
    config.write_text("[retention]\nprivate_notes_months = 2\n", encoding="utf-8")
    before = _old_private_notes(demo_folder)
    term = Terminal(demo_folder, tmp_path / "home", CC_TUI_CONFIG=str(config))
    try:
        term.wait_for("Amara")
        time.sleep(0.5)
        term.hang_up()
        term.proc.wait(20)
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert _old_private_notes(demo_folder) == before
