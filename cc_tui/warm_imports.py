"""The modules the first conversation needs, imported on home in the pauses before it (plain logic, no Textual).

cc-tui imports only what home needs before its first frame; the conversation screen, its dialogs, export and the
text area were imported when the first conversation opened: ~85 ms of imports on the UI thread inside that open, the
longest stall of the replayed meeting after the screen's build (``python -m benchmarks meeting``). The app's
background warm-up already imports the models and parses the guides in a thread; importing Textual widget modules from
a thread raced with home's first layout once (see ``CCApp._warm_up``), so these are imported on the UI thread, a few
at a time, each step at most ``budget_s`` long, only when nobody has pressed a key for a moment (the app's collector
timer calls :meth:`WarmImports.step`).
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable, Iterable

# Leaves first, as ``python -X importtime`` lists them once home is up: each step is then one module's own code. The
# conversation package comes last, whole: importing any of its modules runs its ``__init__``, which imports them all.
MODULES: tuple[str, ...] = (
    "textual.document",
    "textual.scrollbar",
    "textual.widgets.text_area",
    "textual.widgets:Checkbox",
    "cc_tui.dialogs.basic",
    "cc_tui.dialogs.draft",
    "cc_tui.export",
    "cc_tui.dialogs.export_dialog",
    "cc_tui.dialogs.forms",
    "cc_tui.flow",
    "cc_tui.session",
    "cc_tui.timebox",
    "cc_tui.widgets.guide_panel",
    "cc_tui.widgets.stage_bar",
    "cc_tui.widgets.safe_text_area",
    "cc_tui.widgets.motivations",
    "cc_tui.dialogs.prep_page_dialog",
    "cc_tui.history",
    "cc_tui.reports",
    "cc_tui.widgets.document_view",
    "cc_tui.screens.conversation",
    "cc_tui.screens.history",
    "cc_tui.screens.search",
    "cc_tui.screens.succession",
)


def load(name: str) -> None:
    """Import ``module`` or ``module:Attribute`` (a lazily loaded name, as ``textual.widgets`` has)."""
    module_name, _, attribute = name.partition(":")
    module = importlib.import_module(module_name)
    if attribute:
        getattr(module, attribute)


class WarmImports:
    def __init__(self, modules: Iterable[str] = MODULES, *, importer: Callable[[str], None] = load,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self._left = list(modules)
        self._importer = importer
        self._clock = clock
        self.done_names: list[str] = []  # what was imported here, in order (tests)

    @property
    def done(self) -> bool:
        return not self._left

    def step(self, budget_s: float = 0.015) -> list[str]:
        """Import the next modules not imported yet, until one has taken the step past ``budget_s``. A module that
        cannot be imported is skipped: it is imported (and fails, with its message) where it is used."""
        started = self._clock()
        imported: list[str] = []
        while self._left and self._clock() - started < budget_s:
            name = self._left.pop(0)
            if name.partition(":")[0] in sys.modules and ":" not in name:
                continue
            try:
                self._importer(name)
            except Exception:  # noqa: BLE001 - a warm-up only: the real import reports it
                continue
            imported.append(name)
        self.done_names.extend(imported)
        return imported


__all__ = ["MODULES", "WarmImports", "load"]
