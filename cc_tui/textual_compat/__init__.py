"""Every use of a private Textual name in cc-tui, in one place.

Textual's private names (``textual._x`` modules, ``_``-prefixed attributes and handlers) can change in any release.
cc-tui uses a few, each for a measured reason; they all live in this package, so that a Textual upgrade is checked
in one place (and by ``tests/test_textual_compat.py``, which names any private name that has gone).

Rules of this package:

* It was checked against Textual ``CHECKED`` (pinned in pyproject.toml: ``textual>=8.2,<8.3``).
* Each workaround is a *feature* (see ``FEATURES``) that is on only if Textual is that version **and** the private
  names it needs are there. Otherwise it is off, and cc-tui gets plain Textual behaviour (slower, or keeping more
  memory), never a crash. Features are computed once, at first use (``enabled``), not at import: the TextArea check
  would otherwise import TextArea at start-up, which cc-tui does not do.
* The one exception is the crash report (:class:`QuietCrash`): plain Textual prints a traceback *with local
  variables*, and those hold the manager's notes. On another Textual the override stays, and reports through the
  public ``App.panic`` instead of the private exit list.
* ``PRIVATE_NAMES`` lists every private name used here, with the feature that needs it.

Numbers quoted in its modules are from benchmarks/README.md ("Framework workarounds, measured off" has the commands
and all runs) and tests/test_responsiveness.py, on the 2-core machine the budgets were set on. A workaround that made
no measurable difference was removed: ``Widget._check_refresh`` (paint_when_settled handed each widget's repaint request
over at once; off, no latency row and no visible-frame count changed).

Replaced by public API, so not here: ``App._check_action_state`` (the palette's ``binding_commands``:
``textual.actions.parse`` + the namespace + ``DOMNode.check_action``), ``Widget._on_click`` (KeyBar: ``on_click``);
``App.batch_update`` (paint_when_settled) is public.

The package, one job per module: ``registry`` (the checked version, the private names, which features are on),
``lines`` (option lists and text areas keep their lines when shown again), ``painting`` (how a screen is styled and
painted when it is shown), ``memory`` (a closed screen's widgets let go), ``edges`` (the crash report, the Escape
key's wait, a closing terminal). The rest of cc-tui imports from the package, never from its modules, and uses no
private Textual name itself (tests/test_architecture.py checks both).
"""

from __future__ import annotations

from .edges import QUICK_ESCAPE_DELAY, QuietCrash, exit_with, terminal_driver
from .lines import SteadyOptionLines, SteadyWrap
from .memory import clear_styles_cache, drop_line_caches, forget_closed_widgets, prune_closed_watchers
from .painting import PaintedOnce, StyledOnce, install_focus_one_frame, install_quiet_layout_sizes
from .registry import (
    CHECKED,
    FEATURES,
    ON_CHECKED_VERSION,
    PRIVATE_NAMES,
    TEXTUAL_VERSION,
    PrivateName,
    enabled,
    is_present,
    missing_private_names,
    set_enabled,
)

__all__ = [
    "CHECKED", "TEXTUAL_VERSION", "ON_CHECKED_VERSION", "PRIVATE_NAMES", "PrivateName", "FEATURES", "enabled",
    "set_enabled", "missing_private_names", "is_present", "SteadyOptionLines", "SteadyWrap", "StyledOnce",
    "PaintedOnce", "install_quiet_layout_sizes", "install_focus_one_frame",
    "clear_styles_cache", "prune_closed_watchers", "drop_line_caches",
    "forget_closed_widgets", "QuietCrash", "exit_with", "terminal_driver", "QUICK_ESCAPE_DELAY",
]
