"""Themes (#22.2): every colour comes from the theme (no colour name or hex in a style), cc-tui's own colour names
follow the theme picked, and the main screens in a light theme and in a 16-colour (ANSI) theme, as snapshots."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path
from typing import Any

import pytest
from rich.color import ANSI_COLOR_NAMES

from cc_tui.config import Settings
from cc_tui.screens.conversation import PREVIEW_DELAY
from cc_tui.widgets.colours import THEME_COLOURS

from .app_support import demo_app, settle, stop
from .test_snapshots import fixed_ids, steps  # noqa: F401 - fixed_ids: the same ids as the other snapshots

ROOT = Path(__file__).resolve().parents[1] / "cc_tui"
STYLE_WORDS = {"bold", "dim", "italic", "underline", "reverse", "strike", "not", "on", "b", "i", "u", "s"}
COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgb\(.*\)|" + "|".join(sorted(ANSI_COLOR_NAMES, key=len, reverse=True))
                    + r")$")


def _style_strings(path: Path) -> list[tuple[int, str]]:
    """String literals that are a style: only style words, colours, $variables and percentages."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type != tokenize.STRING or token.string.startswith(('"""', "'''", 'f"', "f'")):
            continue
        try:
            value = eval(token.string)  # noqa: S307 - a literal from our own source
        except Exception:  # noqa: BLE001
            continue
        words = value.split() if isinstance(value, str) else []
        if words and all(w in STYLE_WORDS or w.startswith("$") or w.endswith("%") or COLOUR.match(w) for w in words):
            found.append((token.start[0], value))
    return found


def test_no_colour_is_hard_coded_in_a_style_or_the_stylesheet():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if "export" in path.parts:  # files, not the screen
            continue
        for line, style in _style_strings(path):
            if any(COLOUR.match(word) for word in style.split()):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {style!r}")
    sheets = sorted(ROOT.glob("*.tcss"))
    assert [p.name for p in sheets] == ["home.tcss", "screens.tcss"]
    for sheet in sheets:
        for line_number, line in enumerate(sheet.read_text().splitlines(), start=1):
            if ":" in line and not line.strip().startswith("/*"):
                value = line.split(":", 1)[1].strip(" ;")
                if any(COLOUR.match(word) for word in value.split()):
                    offenders.append(f"{sheet.name}:{line_number}: {line.strip()}")
    assert not offenders, "use a theme variable ($error, $cc-overdue...): " + "; ".join(offenders)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark"])
async def test_the_app_colours_follow_the_theme(tmp_path, theme):
    app = demo_app(tmp_path / "data", settings=Settings(theme=theme))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        variables = app.theme_variables
        for name, base in THEME_COLOURS.items():
            assert variables[name] == variables[base], name
        assert app.theme == theme
    stop(app)


CASES = {
    "home": steps(),
    "discussion": steps("s", "f2", "type:Wants the ledger work", "tab", "type:Retention risk"),
    "actions": steps("s", "f4"),
    "prep": steps("s"),
    "goals": steps("s", "f3"),
    "wrapup": steps("s", "f5", "type:Agreed on the ledger split.", f"pause:{PREVIEW_DELAY + 0.3}"),
    "person_form": steps("a"),
    "history": steps("h"),
    "succession": steps("p"),
}


@pytest.mark.parametrize("theme", ["textual-light", "ansi-dark"])
@pytest.mark.parametrize("name", list(CASES))
def test_screen_in_theme(name: str, theme: str, snap_compare: Any, tmp_path: Path) -> None:
    """Readable in a light theme and in the 16-colour ANSI theme (what a 16-colour terminal shows)."""
    app = demo_app(tmp_path / "data", settings=Settings(theme=theme))
    try:
        assert snap_compare(app, terminal_size=(120, 40), run_before=CASES[name])
    finally:
        app.store.close()


@pytest.mark.parametrize("theme", ["textual-light", "ansi-dark"])
def test_share_safe_and_group_view_in_theme(theme: str, snap_compare: Any, tmp_path: Path) -> None:
    """The share-safe banner and a team session's GROUP VIEW marker (a tinted background in 16 colours would be
    solid)."""
    app = demo_app(tmp_path / "data", settings=Settings(theme=theme))
    try:
        assert snap_compare(app, terminal_size=(120, 40),
                            run_before=steps("t", "space", "down", "space", "enter", "f2", "f12"))
    finally:
        app.store.close()
