"""An open draws the conversation once (#25, the open row).

Textual drew a freshly pushed screen whole three times: its first frame, a whole repaint asked for right after it
(``Screen._on_screen_resume``, and the ``AwaitMount`` of the push), and a second layout with a repaint of every
widget shown for the first time (each one's virtual size set through a reactive that asks for both).
``textual_compat.painted_once`` and ``quiet_layout_sizes`` take the two later ones out. Checked the way a manager
sees it: the bytes a real terminal receives for one open, with the two features on and off."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .test_signals import Terminal, demo_folder  # noqa: F401 - demo_folder is a fixture

FEATURES = ("painted_once", "quiet_layout_sizes")
OFF = f"""
import sys
from cc_tui import textual_compat
for name in {FEATURES!r}:
    textual_compat.set_enabled(name, False)
from cc_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def bytes_of_an_open(folder: Path, home: Path, command: list[str]) -> tuple[int, str]:
    """Start cc-tui, open the first person's conversation from home; the bytes written from the key to 0.8 s after
    the conversation showed (its panes are built in that pause, which writes nothing), and what the screen shows."""
    term = Terminal(folder, home, command)
    try:
        term.wait_for("Amara")
        time.sleep(1.0)
        mark = len(term.output)
        term.type("s")
        deadline = time.monotonic() + 30
        while b"Carried over" not in term.output[mark:] and "Carried over" not in term.screen_text():
            assert time.monotonic() < deadline, "the conversation never showed"
            time.sleep(0.02)
        time.sleep(0.8)
        written = len(term.output) - mark
        shown = term.screen_text()
        term.type("\x11")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert "Traceback" not in shown
    return written, shown


def test_an_open_is_drawn_once_not_three_times(demo_folder: Path, tmp_path: Path) -> None:  # noqa: F811
    on, off = [], []
    for i in range(2):  # in turn: the first open of the folder starts the conversation, the later ones continue it
        on.append(bytes_of_an_open(demo_folder, tmp_path / f"home-on-{i}", [sys.executable, "-m", "cc_tui.cli"]))
        off.append(bytes_of_an_open(demo_folder, tmp_path / f"home-off-{i}", [sys.executable, "-c", OFF]))
    for _, shown in on + off:
        assert "Carried over" in shown and "Wrap-up" in shown
    # plain Textual wrote the screen ~1.7 times more for the same open (the two whole repaints)
    assert max(n for n, _ in on) < 0.8 * min(n for n, _ in off), (on, off)
