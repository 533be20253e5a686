"""The registry of cc-tui's Textual workarounds: the Textual version they were checked against, every private
name they use (``PRIVATE_NAMES``), and which workarounds are on (``FEATURES``, ``enabled``, ``set_enabled``)."""

from __future__ import annotations

import importlib
import inspect
from typing import Any, NamedTuple

CHECKED = (8, 2)
"""The Textual minor version every private name below was read against (Textual 8.2.8)."""


def _textual_version() -> tuple[int, ...]:
    # The version from the name of textual's .dist-info folder beside the package; importlib.metadata (which
    # textual.__version__ uses too) cost ~22 ms of start-up (python -X importtime -c "import cc_tui.app").
    import os

    import textual

    site = os.path.dirname(os.path.dirname(textual.__file__ or ""))
    try:  # (a listing, not glob: that module's import alone was ~0.3 ms of the start)
        found = [n for n in os.listdir(site) if n.startswith("textual-") and n.endswith(".dist-info")]
    except OSError:
        found = []
    if len(found) == 1:
        text = found[0][len("textual-"):-len(".dist-info")]
    else:  # an unusual install: ask the package metadata
        text = str(getattr(textual, "__version__", "0"))
    parts: list[int] = []
    for piece in text.split("."):
        digits = "".join(c for c in piece if c.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


TEXTUAL_VERSION = _textual_version()
ON_CHECKED_VERSION = TEXTUAL_VERSION[:2] == CHECKED


# ------------------------------------------------------------------------------------------------ the private names


class PrivateName(NamedTuple):  # not a dataclass: made at import, before the first frame (store.home.PersonBrief)
    """One private Textual name: ``owner`` is ``"module:Class"`` (or ``"module"``); ``attribute`` may be dotted.

    ``kind``: ``"class"`` (looked up on the class), ``"instance"`` (set in ``__init__``: looked up on a fresh
    instance), ``"source"`` (a string in the module's source: an attribute Textual sets with ``setattr``)."""

    owner: str
    attribute: str
    kind: str
    feature: str

    def __str__(self) -> str:
        return f"{self.owner.replace(':', '.')}.{self.attribute}"


PRIVATE_NAMES: tuple[PrivateName, ...] = (
    # steady_option_list
    PrivateName("textual.widgets:OptionList", "_on_resize", "class", "steady_option_list"),
    PrivateName("textual.widgets:OptionList", "_option_render_cache", "instance", "steady_option_list"),
    PrivateName("textual.widgets:OptionList", "_line_cache.lines", "instance", "steady_option_list"),
    PrivateName("textual.widgets:OptionList", "_line_cache.clear", "instance", "steady_option_list"),
    PrivateName("textual.widgets:OptionList", "_update_lines", "class", "steady_option_list"),
    PrivateName("textual.widgets:OptionList", "_get_left_gutter_width", "class", "steady_option_list"),
    PrivateName("textual.widget:Widget", "_scroll_update", "class", "steady_option_list"),
    PrivateName("textual.scroll_view:ScrollView", "_size_updated", "class", "steady_option_list"),
    # steady_text_area
    PrivateName("textual.widgets:TextArea", "_on_resize", "class", "steady_text_area"),
    PrivateName("textual.widgets:TextArea", "_rewrap_and_refresh_virtual_size", "class", "steady_text_area"),
    PrivateName("textual.scroll_view:ScrollView", "_size_updated", "class", "steady_text_area"),
    # clear_styles_cache
    PrivateName("textual._styles_cache:StylesCache", "get_inner_outer.cache_clear", "class", "clear_styles_cache"),
    # prune_watchers
    PrivateName("textual.reactive", '"__watchers"', "source", "prune_watchers"),
    PrivateName("textual.widget:Widget", "_closing", "instance", "prune_watchers"),
    PrivateName("textual.widget:Widget", "_closed", "instance", "prune_watchers"),
    # drop_line_caches
    PrivateName("textual.widget:Widget", "_styles_cache.clear", "instance", "drop_line_caches"),
    # styled_once
    PrivateName("textual.screen:Screen", "_on_screen_resume", "class", "styled_once"),
    # painted_once
    PrivateName("textual.screen:Screen", "_on_screen_resume", "class", "painted_once"),
    PrivateName("textual.screen:Screen", "_refresh_layout", "class", "painted_once"),
    PrivateName("textual.widget:Widget", "_repaint_required", "instance", "painted_once"),
    # repainted_once
    PrivateName("textual.screen:Screen", "_on_screen_resume", "class", "repainted_once"),
    # quiet_background
    PrivateName("textual.screen:Screen", "_compositor_refresh", "class", "quiet_background"),
    PrivateName("textual.widget:Widget", "_repaint_required", "instance", "quiet_background"),
    # quiet_layout_sizes
    PrivateName("textual.widget:Widget", "_size_updated", "class", "quiet_layout_sizes"),
    # held_first_frame
    PrivateName("textual.screen:Screen", "_compositor_refresh", "class", "held_first_frame"),
    PrivateName("textual.app:App", "_batch_count", "instance", "held_first_frame"),
    PrivateName("textual.screen:Screen", "_dirty_widgets", "instance", "held_first_frame"),
    PrivateName("textual.screen:Screen", "_on_idle", "class", "held_first_frame"),
    PrivateName("textual.screen:Screen", "_on_timer_update", "class", "held_first_frame"),
    # one_frame_layout
    PrivateName("textual.screen:Screen", "_refresh_layout", "class", "one_frame_layout"),
    PrivateName("textual.screen:Screen", "_on_screen_resume", "class", "one_frame_layout"),
    PrivateName("textual.widget:Widget", "_repaint_required", "instance", "one_frame_layout"),
    PrivateName("textual.screen:Screen", "_dirty_widgets", "instance", "one_frame_layout"),
    # crash_output
    PrivateName("textual.app:App", "_fatal_error", "class", "crash_output"),
    PrivateName("textual.app:App", "_exception", "instance", "crash_output"),
    PrivateName("textual.app:App", "_exit_renderables", "instance", "crash_output"),
    PrivateName("textual.app:App", "_close_messages_no_wait", "class", "crash_output"),
    # quick_escape
    PrivateName("textual._xterm_parser", "XTermParser", "class", "quick_escape"),
    PrivateName("textual._xterm_parser:XTermParser", "_timeout_time", "instance", "quick_escape"),
    PrivateName("textual.drivers.linux_driver:LinuxDriver", "run_input_thread", "class", "quick_escape"),
    PrivateName("textual.constants", "ESCAPE_DELAY", "class", "quick_escape"),
    # terminal_gone
    PrivateName("textual.drivers.linux_driver:LinuxDriver", "_sigcont_application", "class", "terminal_gone"),
    PrivateName("textual.drivers.linux_driver", "self._must_signal_resume", "source", "terminal_gone"),
    PrivateName("textual.drivers.linux_driver", "self._file", "source", "terminal_gone"),
    # prompt_frames
    PrivateName("textual.screen:Screen", "_on_idle", "class", "prompt_frames"),
    PrivateName("textual.screen:Screen", "_on_timer_update", "class", "prompt_frames"),
    PrivateName("textual.screen:Screen", "_compositor_refresh", "class", "prompt_frames"),
    PrivateName("textual.screen:Screen", "_dirty_widgets", "instance", "prompt_frames"),
    PrivateName("textual.app:App", "_batch_count", "instance", "prompt_frames"),
    PrivateName("textual.widget:Widget", "_repaint_required", "instance", "prompt_frames"),
    PrivateName("textual.widget:Widget", "_layout_required", "instance", "prompt_frames"),
    PrivateName("textual.widget:Widget", "_scroll_required", "instance", "prompt_frames"),
    PrivateName("textual.widget:Widget", "_recompose_required", "instance", "prompt_frames"),
    # focus_one_frame
    PrivateName("textual.widget:Widget", "_check_refresh", "class", "focus_one_frame"),
)


def _resolve(owner: str) -> Any:
    module_name, _, qualname = owner.partition(":")
    target: Any = importlib.import_module(module_name)
    for part in filter(None, qualname.split(".")):
        target = getattr(target, part)
    return target


def _has_dotted(obj: Any, dotted: str) -> bool:
    for part in dotted.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def is_present(name: PrivateName, *, instances: bool = True) -> bool:
    """Whether this private name exists in the installed Textual (never raises). ``instances=False``: an instance
    attribute counts as present without building an instance (the code that reads one falls back if it is not)."""
    try:
        owner = _resolve(name.owner)
        if name.kind == "source":
            return name.attribute in inspect.getsource(owner)
        if name.kind == "instance":
            if not instances:
                return True
            owner = owner()  # OptionList(), TextArea(), Widget(), App(): cheap, no app needs to run
        return _has_dotted(owner, name.attribute)
    except Exception:  # noqa: BLE001 - a missing module or a constructor that changed: "not there"
        return False


def missing_private_names(feature: str | None = None, *, instances: bool = True) -> list[PrivateName]:
    """The private names (of one feature, or all) that the installed Textual does not have."""
    return [n for n in PRIVATE_NAMES
            if (feature is None or n.feature == feature) and not is_present(n, instances=instances)]


# ------------------------------------------------------------------------------------------------ features

FEATURES: tuple[str, ...] = (
    "steady_option_list",
    "steady_text_area",
    "clear_styles_cache",
    "prune_watchers",
    "drop_line_caches",
    "styled_once",
    "painted_once",
    "repainted_once",
    "quiet_layout_sizes",
    "quiet_background",
    "held_first_frame",
    "quiet_focus",
    "one_frame_layout",
    "crash_output",
    "quick_escape",
    "terminal_gone",
    "focus_one_frame",
    "prompt_frames",
)

_state: dict[str, bool] = {}


def enabled(feature: str) -> bool:
    """Is this workaround on? Computed once: the checked Textual version, and its private names present (the class
    and module ones; no widget or app is built for this, so it is cheap anywhere, even in the crash report)."""
    value = _state.get(feature)
    if value is None:
        value = _state[feature] = ON_CHECKED_VERSION and not missing_private_names(feature, instances=False)
    return value


def set_enabled(feature: str, value: bool | None) -> None:
    """Switch a workaround on or off (tests, and ``benchmarks/workarounds_off.py``); ``None`` computes it again."""
    if feature not in FEATURES:
        raise KeyError(feature)
    if value is None:
        _state.pop(feature, None)
    else:
        _state[feature] = value
