"""Home's first frame parses home's rules only (#25, the first-frame row): cc-tui's ~300 other lines of rules were ~7 ms
of every start on the 2-core machine. They are in ``screens.tcss``, added to the stylesheet in the first pause on
home, and in any case before any other screen is shown (``CCApp.push_screen``): a manager who opens a form at once
sees it styled as it always was."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from cc_tui import app as app_module
from cc_tui.app import SCREEN_STYLES
from cc_tui.dialogs.forms import PersonForm
from cc_tui.screens.home import HomeScreen

from .app_support import demo_app


def has_screen_styles(app: app_module.CCApp) -> bool:
    assert app.screen_styles_loaded == app.stylesheet.has_source(str(SCREEN_STYLES), "")
    return app.screen_styles_loaded


def home_styles(app: app_module.CCApp) -> dict[str, str]:
    return {f"{i} {node!r}": node.styles.css for i, node in enumerate(app.screen.walk_children(with_self=True))}


async def test_a_pause_on_home_adds_the_other_screens_rules(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if has_screen_styles(app):
                break
            await pilot.pause(0.05)
        assert has_screen_styles(app)
        assert isinstance(app.screen, HomeScreen)  # nothing was pushed: the pause did it
    app.store.close()


async def test_a_form_opened_before_that_pause_has_its_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "WARM_IMPORTS_AFTER_S", 1e9)  # no pause long enough: keys every moment
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.6)
        assert not has_screen_styles(app)  # home's first frame and its first pauses: home.tcss only
        await pilot.press("a")
        for _ in range(100):
            if isinstance(app.screen, PersonForm):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, PersonForm)
        assert has_screen_styles(app)
        box = app.screen.query_one(".dialog")
        assert box.styles.border_top[0] == "thick" and box.styles.max_width is not None  # screens.tcss's .dialog
        assert box.region.width == 96  # 80% of 120 columns (at most 100): the form as it always opened
        fields = [f for f in app.screen.query(Input) if f.parent is not None and f.parent.has_class("form-row")]
        assert fields and all(f.styles.width is not None and f.styles.width.fraction == 1 for f in fields)
        await pilot.press("escape")
        await pilot.pause()
    app.store.close()


async def test_the_other_screens_rules_change_nothing_on_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No rule of screens.tcss matches anything home shows (so adding it restyles nothing there, and home looks the
    same before and after): every node of home, styled again with both files, has the styles it had with home's."""
    monkeypatch.setattr(app_module, "WARM_IMPORTS_AFTER_S", 1e9)
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        before = home_styles(app)
        assert not has_screen_styles(app) and len(before) > 10
        app.load_screen_styles()
        app.stylesheet.update(app)  # what Textual would do to apply a new file to every node
        await pilot.pause()
        assert has_screen_styles(app)
        assert home_styles(app) == before
    app.store.close()
