"""Every use of a private Textual name in cc-tui, in one place.

Textual's private names (``textual._x`` modules, ``_``-prefixed attributes and handlers) can change in any release.
cc-tui uses a few, each for a measured reason; they all live here, so that a Textual upgrade is checked in one file
(and by ``tests/test_textual_compat.py``, which names any private name that has gone).

Rules of this module:

* It was checked against Textual ``CHECKED`` (pinned in pyproject.toml: ``textual>=8.2,<8.3``).
* Each workaround is a *feature* (see ``FEATURES``) that is on only if Textual is that version **and** the private
  names it needs are there. Otherwise it is off, and cc-tui gets plain Textual behaviour (slower, or keeping more
  memory), never a crash. Features are computed once, at first use (``enabled``), not at import: the TextArea check
  would otherwise import TextArea at start-up, which cc-tui does not do.
* The one exception is the crash report (:class:`QuietCrash`): plain Textual prints a traceback *with local
  variables*, and those hold the manager's notes. On another Textual the override stays, and reports through the
  public ``App.panic`` instead of the private exit list.
* ``PRIVATE_NAMES`` lists every private name used here, with the feature that needs it.

Numbers quoted below are from benchmarks/README.md ("Framework workarounds, measured off" has the commands and all
runs) and tests/test_responsiveness.py, on the 2-core machine the budgets were set on. A workaround that made no
measurable difference was removed: ``Widget._check_refresh`` (paint_when_settled handed each widget's repaint request
over at once; off, no latency row and no visible-frame count changed).

Replaced by public API, so not here: ``App._check_action_state`` (the palette's ``binding_commands``:
``textual.actions.parse`` + the namespace + ``DOMNode.check_action``), ``Widget._on_click`` (KeyBar: ``on_click``);
``App.batch_update`` (paint_when_settled) is public.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual import events
    from textual.app import App
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.strip import Strip
    from textual.widgets import OptionList, TextArea

    _OptionListBase = OptionList
    _TextAreaBase = TextArea
    _AppBase = App[Any]
    _ScreenBase = Screen[Any]
else:
    _OptionListBase = _TextAreaBase = _AppBase = _ScreenBase = object


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


@dataclass(frozen=True)
class PrivateName:
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
    # crash_output
    PrivateName("textual.app:App", "_fatal_error", "class", "crash_output"),
    PrivateName("textual.app:App", "_exception", "instance", "crash_output"),
    PrivateName("textual.app:App", "_exit_renderables", "instance", "crash_output"),
    PrivateName("textual.app:App", "_close_messages_no_wait", "class", "crash_output"),
    # quick_escape
    PrivateName("textual._xterm_parser", "XTermParser", "class", "quick_escape"),
    PrivateName("textual.drivers.linux_driver:LinuxDriver", "run_input_thread", "class", "quick_escape"),
    PrivateName("textual.constants", "ESCAPE_DELAY", "class", "quick_escape"),
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
    "crash_output",
    "quick_escape",
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


# ------------------------------------------------------------------------------------------------ steady_option_list
#
# Why: Textual sends a Resize to every widget that is shown again (a stage pane coming back, a panel un-hidden), even
# at the size it had. OptionList answers every Resize by dropping its rendered options and its line map
# (``OptionList._on_resize`` -> ``_clear_caches``) and asking for a repaint: one more frame, ~20-30 ms on a 2-core
# machine, after the frame that showed the list. An option list's lines depend on its width only, so a Resize at the
# same width keeps them. Used by every RowTable (home, history, goals, actions, ...) and the guide's question list.
# Also: OptionList keys ``_option_render_cache`` without the width, and the frame after a real resize is drawn before
# the Resize event clears it; ``render_line`` here drops options rendered for another width (a correctness guard: it
# never shows a row cut for the old width).
# Private names: ``OptionList._on_resize`` (stopped with the public ``prevent_default``; a handler defined here runs
# before OptionList's, see ``MessagePump._get_dispatch_methods``), ``_option_render_cache``, ``_line_cache.lines``.
# Measured off (with steady_text_area; ``python benchmarks/workarounds_off.py --off
# steady_option_list,steady_text_area``, and ``--startup 15``; benchmarks/README.md, "Framework workarounds, measured
# off"): the frame it avoids changes no cell (visible frames per key unchanged: 1.09 switch, 1.31 history, 1.10 F7), so
# what it saves is that frame's work: start-up 1.19x -> 1.24x of bare Textual (budget 1.25x: the home list is drawn
# again after its first Resize), first visits of a stage +0 / +42 / +35 ms median in three runs (budget 150 ms);
# switch, history and split-view rows within run-to-run spread. Kept.
# Upstream: no issue found (searched "OptionList resize clears cache", "Resize sent when a widget is shown again";
# closest: Textualize/textual#2582 "Inconsistent events when revealing a widget", closed).
# Off: plain OptionList (drops its caches on every Resize, one more frame when shown again).
# Also (2026-12-04): a layout hands every ScrollView the size of its scrollable region as its virtual size
# (``ScrollView._size_updated``); an OptionList keeps its own (its lines' width less its gutter), which is never that,
# and ScrollView then refreshed both of the list's scroll bars at every layout of the screen: in a pseudo-terminal,
# ~2 KB written after each layout of a conversation (its open, each pane built in a pause, each split view), twice
# after an open, for bars that had not changed. ScrollView uses its own virtual size there anyway, so the one a
# layout hands it is replaced by the list's own: a change of size or container size still updates the bars.


class SteadyOptionLines(_OptionListBase):
    """Mixin for an OptionList (put it before OptionList): keeps its rendered lines across a same-width Resize.

    ``ONE_LINE_OPTIONS``: every option is one line high at any width (RowTable's rows), so a Resize at the width the
    options were last drawn at keeps everything, even before the line map was built."""

    ONE_LINE_OPTIONS: ClassVar[bool] = False
    _lines_width: int | None = None  # the width at the last Resize this list saw
    _drawn_width: int | None = None  # the width the options in OptionList's render cache were drawn at

    def render_line(self, y: int) -> Strip:
        if enabled("steady_option_list"):
            width = self.scrollable_content_region.width
            if width != self._drawn_width:
                cache = getattr(self, "_option_render_cache", None)
                if cache is not None:
                    cache.clear()
                self._drawn_width = width
        return super().render_line(y)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        if enabled("steady_option_list"):
            virtual_size = self.virtual_size  # what ScrollView compares with and then uses (see the note above)
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _on_resize(self, event: events.Resize) -> None:
        if not enabled("steady_option_list"):
            return  # OptionList's own handler runs next
        width = self.scrollable_content_region.width
        if self.ONE_LINE_OPTIONS and width == self._drawn_width:
            event.prevent_default()  # drawn at this width already: nothing depends on anything else
            return
        lines = getattr(getattr(self, "_line_cache", None), "lines", None)
        if width == self._lines_width and lines:
            event.prevent_default()  # Textual calls each class's handler in turn: this stops OptionList's
        self._lines_width = width


# ------------------------------------------------------------------------------------------------ steady_text_area
#
# Why: TextArea re-wraps its whole document on every Resize (``TextArea._on_resize`` ->
# ``_rewrap_and_refresh_virtual_size``), and Textual sends one to each widget shown again (a stage pane coming back,
# the split view opening): a re-wrap, a repaint, and so a second frame ~20-30 ms after the frame that showed it.
# Wrapping depends on the wrap width only, so a Resize that leaves it as it was keeps the wrapped document.
# Private names: ``TextArea._on_resize`` (stopped with ``prevent_default``), ``_rewrap_and_refresh_virtual_size``
# (extended to remember the width wrapped at; Textual has no public "wrapped at" value).
# Also, as for the option lists: every layout of the screen hands each ScrollView its region's size as its virtual
# size, and ``ScrollView._size_updated`` redraws both scroll bars when that differs from the widget's own virtual size
# (a TextArea's is its document's, so it always differs): every layout redrew the scroll bars of every text area on
# screen, identical. Building a stage pane in a pause after an open (a layout, nothing visible changed) wrote ~1.7 KB
# of scroll bars to the terminal ~0.3 s after the open. The widget's own virtual size is passed instead. Private name:
# ``ScrollView._size_updated``.
# Measured off: only together with steady_option_list (numbers there; not measured alone). Kept with it.
# Upstream: no issue found (searched "TextArea rewrap on every resize").
# Off: plain TextArea (re-wraps on every Resize).


class SteadyWrap(_TextAreaBase):
    """Mixin for a TextArea (put it before TextArea): no re-wrap on a Resize that leaves the wrap width unchanged."""

    _wrapped_for: int | None = None  # the wrap width the document was last wrapped at

    def _rewrap_and_refresh_virtual_size(self) -> None:
        super()._rewrap_and_refresh_virtual_size()  # type: ignore[misc]
        self._wrapped_for = self.wrap_width

    def _on_resize(self, event: events.Resize) -> None:
        if enabled("steady_text_area") and self.soft_wrap and self.wrap_width == self._wrapped_for:
            event.prevent_default()  # Textual calls each class's handler in turn: this stops TextArea's re-wrap

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        if enabled("steady_text_area"):
            virtual_size = self.virtual_size  # a TextArea's own (its document's), as for the option lists above
        return super()._size_updated(size, virtual_size, container_size, layout)  # type: ignore[misc]


# ------------------------------------------------------------------------------------------------ forget closed widgets
#
# Why (memory, not speed): two things in Textual 8 kept every closed conversation screen's widgets alive.
# * clear_styles_cache: ``StylesCache.get_inner_outer`` (textual/_styles_cache.py) is an ``lru_cache(1024)`` on a
#   method, so its keys hold the ``StylesCache`` of every widget drawn recently, and each one the lines that widget
#   last rendered. Cleared after a conversation closes; the cache refills in a frame.
#   Upstream: Textualize/textual#6665 (open).
# * prune_watchers: a widget that watches an app reactive (every TextArea watches ``theme``) stays in the app's watcher
#   list (the ``"__watchers"`` attribute textual/reactive.py sets on the watched object) until that reactive next
#   changes; Textual prunes closing widgets (``_closing``) only then. Pruned (``_closing`` or ``_closed``) after a
#   conversation closes.  Upstream: Textualize/textual#6666 (open).
# Measured: ``gc.get_objects()`` over conversations opened and closed: +20,700 objects per conversation without both,
# ~+20-35 with them (tests/test_responsiveness.py::test_closing_a_conversation_lets_its_widgets_go; the benchmark's
# "objects left per conversation" row). Measured off (``python benchmarks/workarounds_off.py --memory --off
# clear_styles_cache,prune_watchers``): 18,869 objects left per conversation instead of 22, peak RSS 155 MB instead of
# 145 MB after six conversations (budget 200 MB). Kept: a leak, not a speed workaround.
# Off: plain Textual (the closed screen's widgets stay until the cache turns over / the theme changes).
#
# drop_line_caches (speed, in the pause after a conversation closes): the collector's full pass that frees a closed
# conversation was the longest pause of the event loop in a replayed meeting (100-180 ms, all UI-thread CPU; the app
# runs it in a pause on home, ``quiet_gc``). A new conversation's screen is ~63,000-70,000 objects when it is freed,
# and a third of them are the lines its widgets last drew: ~2,800 ``Strip`` objects (Textual 8 gives each strip seven
# ``FIFOCache`` at birth), hung from each widget's ``StylesCache`` (``Widget._styles_cache``). None of them is in a
# cycle: emptied when the screen has closed, they are freed at once by reference counting (~2-3 ms), and the pass
# has only the rest to free. The widgets are captured when the screen is dismissed (Textual detaches them as it
# closes). Measured: Strip objects alive after a close without a collection 4,358 -> 1,515, and 4,498 -> 4,136 off
# (tests/test_responsiveness.py::test_what_a_closed_conversation_drew_is_freed_before_the_collector_runs). On the
# 20,000-conversation store, in-process, 24 new conversations opened and closed, on and off in turn: the pass after
# each close frees 46,800 objects instead of 74,000, in 36 ms instead of 52 ms (medians). In the replayed meeting the
# passes moved less than the VM's drift (median pass over 16 ms 45 / 53 ms on, 49 / 57 ms off, two runs each;
# benchmarks/README.md, ninth pass). A closed widget is never drawn again; if one were, its cache would refill.
# Upstream: none filed.
# Off: the strips are freed with the screen, by the collector's pass.


def clear_styles_cache() -> None:
    """Empty ``StylesCache.get_inner_outer``'s lru_cache (it holds recently drawn widgets' style caches)."""
    if not enabled("clear_styles_cache"):
        return
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - memory, not correctness
        pass


def prune_closed_watchers(watched: object) -> None:
    """Drop closing and closed widgets from the watcher lists of ``watched`` (Textual does it on the next change)."""
    if not enabled("prune_watchers"):
        return
    watchers = getattr(watched, "__watchers", None)
    if not isinstance(watchers, dict):
        return
    for entries in watchers.values():
        if isinstance(entries, list):
            try:
                entries[:] = [entry for entry in entries
                              if not (getattr(entry[0], "_closing", False) or getattr(entry[0], "_closed", False))]
            except Exception:  # noqa: BLE001 - an entry of another shape: leave this list as it is
                pass


def drop_line_caches(widgets: Iterable[object]) -> None:
    """Empty the line caches (``Widget._styles_cache``) of a closed screen's widgets: their strips are freed now, by
    reference counting, instead of by the collector's next full pass (see drop_line_caches above)."""
    if not enabled("drop_line_caches"):
        return
    for widget in widgets:
        try:
            widget._styles_cache.clear()  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - speed, not correctness: a widget without one keeps its lines
            pass


def forget_closed_widgets(app: App[Any], widgets: Iterable[object] = ()) -> None:
    """After a screen closed: let its widgets go (all of the above). ``widgets``: the closed screen's, captured
    before it closed (Textual detaches them as it closes)."""
    clear_styles_cache()
    prune_closed_watchers(app)
    drop_line_caches(widgets)


# ------------------------------------------------------------------------------------------------ styled_once
#
# Why: ``App.push_screen`` posts ``ScreenResume`` with ``refresh_styles=True``, and ``Screen._on_screen_resume`` then
# applies the whole stylesheet again to every widget of the screen (``update_node_styles``). A screen pushed for the
# first time was styled a moment before, widget by widget, as it mounted, with the same stylesheet: the second pass
# changes nothing. On the conversation screen it cost ~150 ms of every open from home (cProfile of 4 opens on the
# 20,000-conversation store: ``update_node_styles`` under ``_on_screen_resume`` 0.59 s of 5.5 s).
# A screen that resumes again later (home after a conversation; a screen pushed a second time) is restyled as
# Textual does: while it was in the background the theme or its classes may have changed.
# Private name: ``Screen._on_screen_resume`` (a handler defined here runs before Screen's, see
# ``MessagePump._get_dispatch_methods``; it only clears the event's public ``refresh_styles`` flag).
# Measured off (``python -m benchmarks meeting --compare``, one run each; benchmarks/README.md, "The workarounds,
# each off in turn"): opening a conversation from home p95 545 ms on, 902 ms off; the longest stall 284 / 372 ms.
# Upstream: no issue found (searched "push_screen ScreenResume refresh_styles").
# Off: plain Screen (a freshly pushed screen is styled twice).


class StyledOnce(_ScreenBase):
    """Mixin for a Screen (put it before Screen): the first resume after the push does not restyle every widget."""

    _resumed_before: bool = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if enabled("styled_once") and not self._resumed_before:
            event.refresh_styles = False  # styled as it mounted, with this same stylesheet
        self._resumed_before = True


# ------------------------------------------------------------------------------------------------ painted_once
#
# Why: a freshly pushed screen was drawn whole three times, the later frames changing nothing a person can see:
# ``Screen._on_screen_resume`` lays it out and draws it whole (``_refresh_layout``), then asks for a whole repaint
# (``refresh()``), and the ``_repaint_required`` flag its earlier refreshes set is not cleared by that frame; then the
# push's ``AwaitMount`` asks ``screen.refresh(layout=True)``, a layout and a whole repaint, though a layout marks dirty
# every region whose widgets appeared, went, moved or resized (``Compositor.reflow``). So the first layout's frame
# clears the flag and drops the whole repaint asked right after it, and the AwaitMount's layout (within a frame)
# repaints only what it changes; widgets still repaint what changed in them.
# repainted_once: a screen shown again (a dialog closed, back home) is repainted whole on its resume, and again when
# the closed screen's removal ends (``App._prune`` -> ``App.refresh(layout=True)``, twice): a layout asked of it within
# 0.5 s of the resume repaints only what it changes (a style change asks its own repaint).
# quiet_background: a screen under a dialog hands what changed in it up to the dialog (``Screen._compositor_refresh``)
# and sets its own ``_repaint_required``, which nothing clears while it is under: at each of its later updates (the
# stage clock, every second) the dialog drew the whole terminal again. Cleared once the regions are handed up; the
# screen is repainted whole on its resume, as before.
# Private names: ``Screen._on_screen_resume`` (a handler here runs before Screen's; it notes the resume),
# ``Screen._refresh_layout`` and ``Screen._compositor_refresh`` (extended), ``Widget._repaint_required``.
# Measured (tests/test_first_paint.py, a pty, the demo store, on/off): an open 44.3 -> 24.3 KB written (with
# quiet_layout_sizes); the export dialog's first 0.8 s 150-170 -> 20.6 KB; closing it 37.8 -> 19.4 KB; back home
# 31 -> 17 KB (benchmarks/README.md, tenth pass). Upstream: none filed. Off: plain Screen.


class PaintedOnce(_ScreenBase):
    """Mixin for a Screen (put it before Screen): drawn whole once per push or return; see painted_once above."""

    _resumed_once: bool = False
    _first_resume_pending: bool = False  # the first resume has begun, its layout not yet done
    _drop_whole_repaint: bool = False  # the first frame was laid out and drawn whole: the resume's repaint is moot
    _quiet_next_layout: bool = False  # the push's AwaitMount asks for a layout next: no whole repaint with it
    _quiet_layout_until: float = 0.0  # shown again: the closed screen's removal asks for a layout before then

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if enabled("painted_once") and not self._resumed_once:
            self._resumed_once = True
            self._first_resume_pending = True
            self.call_next(self._first_resume_over)  # after Screen's own handler, whatever it did
        elif enabled("repainted_once"):  # a wall-clock limit: a ctrl+z stop does not stretch it
            self._quiet_layout_until = time.monotonic() + 0.5

    def _first_resume_over(self) -> None:
        self._first_resume_pending = self._drop_whole_repaint = False

    def _quiet_layout_over(self) -> None:
        self._quiet_next_layout = False  # one frame later: a layout asked from now on repaints as Textual does

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        super()._refresh_layout(size, scroll)  # type: ignore[misc]
        if self._first_resume_pending and enabled("painted_once"):
            self._first_resume_pending = False
            self._repaint_required = False  # what was asked before this layout is in the frame it drew
            self._drop_whole_repaint = self._quiet_next_layout = True
            self.call_after_refresh(self._quiet_layout_over)

    def _compositor_refresh(self) -> None:
        under = self is not self.app.screen
        super()._compositor_refresh()  # type: ignore[misc]
        if under and enabled("quiet_background"):
            self._repaint_required = False  # what changed here went up to the dialog; see quiet_background

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Any:
        if not regions and not recompose:
            if self._drop_whole_repaint and not layout:
                self._drop_whole_repaint = False
                return self
            if layout and (self._quiet_next_layout or time.monotonic() < self._quiet_layout_until):
                self._quiet_next_layout = False
                repaint = False  # the layout repaints what it changes
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)  # type: ignore[misc]


# ------------------------------------------------------------------------------------------------ quiet_layout_sizes
#
# Why: a layout hands each widget its size and virtual size (``Widget._size_updated``), and Textual sets the virtual
# size through its reactive, which asks for another layout and a repaint of the widget: every widget shown for the
# first time was laid out and drawn twice. The layout already placed it at that size; a change of scroll bars still
# asks for a layout (``_scroll_update`` sets the public scroll-bar reactives). Textual itself sets it quietly
# (``layout=False``) when it lays out what a scroll exposed; nothing in Textual watches ``virtual_size``.
# Private name: ``Widget._size_updated`` (wrapped app-wide by ``install_quiet_layout_sizes``). Measured: with
# painted_once, above. Upstream: none filed. Off: plain Widget.

_quiet_sizes_installed = False


def install_quiet_layout_sizes() -> None:
    """Wrap ``Widget._size_updated`` once (the app does it when it starts); the wrapper asks ``enabled`` each time."""
    global _quiet_sizes_installed
    if _quiet_sizes_installed or not enabled("quiet_layout_sizes"):
        return
    from textual.widget import Widget

    original = Widget._size_updated

    def _size_updated(self: Any, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return original(self, size, virtual_size, container_size, layout and not enabled("quiet_layout_sizes"))

    Widget._size_updated = _size_updated  # type: ignore[method-assign]
    _quiet_sizes_installed = True


# ------------------------------------------------------------------------------------------------ crash_output
#
# Why (privacy): on an unhandled exception Textual prints a Rich traceback with ``show_locals=True``
# (``App._handle_exception`` -> ``App._fatal_error``); the local variables hold the manager's notes. cc-tui prints one
# plain line instead (the traceback, without locals, only with CC_TUI_DEBUG=1), after submitting unsaved edits.
# Private names: ``App._fatal_error`` (overridden: there is no public hook), ``App._exception`` (the error; fallback
# ``sys.exc_info()``), ``App._exit_renderables`` + ``App._close_messages_no_wait`` (what ``App._fatal_error`` itself
# does; printed after the app closes). Fallback: the public ``App.panic`` (the same text, rendered at the app
# console's width before it is printed), then ``App.exit(1)``.
# Measured: not a speed workaround (tests/test_hostile.py::test_crash_output_has_no_note_text).
# Upstream: no issue found (searched "traceback show_locals unhandled exception"); other Textual apps override
# ``_fatal_error`` the same way.
# Off: the override stays (see the module docstring); output goes through ``App.panic``.


class QuietCrash(_AppBase):
    """Mixin for the App (put it before App): the crash report comes from ``crash_report(error)``, never a traceback
    with local variables."""

    def crash_report(self, error: BaseException | None) -> list[RenderableType]:
        """What to print after an unhandled exception (override)."""
        name = type(error).__name__ if error is not None else "error"
        return [f"The app stopped after an internal error ({name})."]

    def _fatal_error(self) -> None:
        self.bell()
        error: BaseException | None = None
        if enabled("crash_output"):
            error = getattr(self, "_exception", None)
        if error is None:
            error = sys.exc_info()[1]
        try:
            renderables = list(self.crash_report(error))
        except Exception:  # noqa: BLE001 - the report must never be a second crash
            renderables = ["The app stopped after an internal error."]
        exit_with(self, renderables)


def exit_with(app: App[Any], renderables: Iterable[RenderableType]) -> None:
    """Close the app now and print ``renderables`` after it (what ``App._fatal_error`` does with its traceback)."""
    renderables = list(renderables)
    if enabled("crash_output"):
        try:
            app._exit_renderables.extend(renderables)  # type: ignore[attr-defined]
            app._close_messages_no_wait()  # type: ignore[attr-defined]
            return
        except Exception:  # noqa: BLE001 - fall back to the public way
            pass
    _public_exit(app, renderables)


def _public_exit(app: App[Any], renderables: list[RenderableType]) -> None:
    attempts: list[Callable[[], object]] = [lambda: app.panic(*renderables), lambda: app.exit(1)]
    for attempt in attempts:
        try:
            attempt()
            return
        except Exception:  # noqa: BLE001
            continue


# ------------------------------------------------------------------------------------------------------ quick_escape
#
# Why: in a terminal, Escape is a lone ESC byte, and ESC also starts every other key's sequence, so Textual's parser
# waits ``ESCAPE_DELAY`` (100 ms, or the ``ESCDELAY`` variable) for more; and its input thread only looks at that
# wait when ``select`` returns, which without more input is after 0.1 s. So every Escape reached the app 100-200 ms
# after the key: going home, closing a dialog or the search, the slowest keys of ``python -m benchmarks meeting``
# (back home 145-200 ms key -> frame, where home is drawn ~5 ms after the app gets the key). Here the wait is 40 ms
# (unless ``ESCDELAY`` is set: the user's choice, as ncurses and vim let them make it), and for a moment after any
# input the thread looks every 10 ms, so a lone Escape arrives ~40-50 ms after the key; idle, it wakes every 0.1 s as
# Textual's does. Keys sent by a terminal arrive in one write, so 40 ms splits none (tests/test_key_burst.py: 500
# keys in one burst; the pty tests press every special key).
# Private names: ``textual._xterm_parser.XTermParser`` (the parser the input thread feeds), ``LinuxDriver.
# run_input_thread`` (replaced: the same loop with the shorter wait), ``textual.constants.ESCAPE_DELAY`` (read by
# the parser at each ESC).
# Measured: benchmarks/README.md, "the eighth pass".
# Off: Textual's LinuxDriver as it is.

QUICK_ESCAPE_DELAY = 0.04  # seconds a lone ESC waits for the rest of a sequence (Textual's default: 0.1)
QUICK_TICK = 0.01  # seconds between two looks at that wait, for a moment after any input
QUICK_WINDOW = 0.25  # seconds after the last input during which the thread looks that often

_quick_driver: type[Any] | None = None


def quick_escape(driver: type[Any]) -> type[Any]:
    """``driver`` (what Textual chose for this terminal), or, for Textual's LinuxDriver, one whose Escape key arrives
    in ~50 ms instead of 100-200 ms. Any other driver (Windows, the web, headless, ``TEXTUAL_DRIVER``) as it is."""
    global _quick_driver
    if not enabled("quick_escape") or sys.platform == "win32":
        return driver
    from textual.drivers.linux_driver import LinuxDriver

    if driver is not LinuxDriver:
        return driver
    if _quick_driver is None:
        _quick_driver = _make_quick_driver(LinuxDriver)
    return _quick_driver


def _make_quick_driver(linux_driver: type[Any]) -> type[Any]:
    import os
    import selectors
    import time
    from codecs import getincrementaldecoder

    from textual import constants
    from textual._xterm_parser import XTermParser

    class QuickEscapeDriver(linux_driver):  # type: ignore[misc, valid-type]
        def run_input_thread(self) -> None:
            if "ESCDELAY" not in os.environ:
                constants.ESCAPE_DELAY = QUICK_ESCAPE_DELAY  # type: ignore[misc]
            fileno = self.fileno
            selector = selectors.SelectSelector()
            selector.register(fileno, selectors.EVENT_READ)
            parser = XTermParser(getattr(self, "_debug", False))
            decode = getincrementaldecoder("utf-8")().decode

            def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
                for index, (_key, mask) in enumerate(events):
                    if mask & selectors.EVENT_READ:
                        data = decode(os.read(fileno, 1024 * 4), final=final and index == len(events) - 1)
                        if not data:  # stdin piped
                            break
                        for event in parser.feed(data):
                            self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)

            last_input = -QUICK_WINDOW
            try:
                while not self.exit_event.is_set():
                    quick = time.monotonic() - last_input < QUICK_WINDOW
                    events = selector.select(QUICK_TICK if quick else 0.1)
                    if events:
                        last_input = time.monotonic()
                    process(events)
                selector.unregister(fileno)
                process(selector.select(0.1), final=True)
            finally:
                selector.close()
                try:
                    for _ in parser.feed(""):
                        pass
                except Exception:  # noqa: BLE001 - EOF or a parse error at the very end, as Textual ignores them
                    pass

    return QuickEscapeDriver


__all__ = [
    "CHECKED", "TEXTUAL_VERSION", "ON_CHECKED_VERSION", "PRIVATE_NAMES", "PrivateName", "FEATURES", "enabled",
    "set_enabled", "missing_private_names", "is_present", "SteadyOptionLines", "SteadyWrap", "StyledOnce",
    "clear_styles_cache", "prune_closed_watchers", "forget_closed_widgets", "QuietCrash", "exit_with",
    "quick_escape",
]
