"""How a screen is styled and painted when it is shown: styled_once, painted_once, repainted_once, one_frame_layout,
quiet_background, quiet_layout_sizes, held_first_frame, quiet_focus, prompt_frames, focus_one_frame."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual.constants import MAX_FPS

from .registry import enabled

_FRAME_PERIOD = 1 / MAX_FPS  # the shortest time between two frames of a screen, as Textual's update timer keeps it
_SETTLING = 0.5  # seconds after a screen is shown in which its frames are left to Textual's update timer

if TYPE_CHECKING:
    from textual import events
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.widget import Widget

    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


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
# held_first_frame: a screen pushed while the app holds its frames (the public ``App.batch_update``: the conversation
# holds them from the push until it is built and laid out, see widgets/settle.py) was drawn by its first layout
# anyway: ``Screen._refresh_layout`` puts its frame off with ``call_later``, not until the hold ends. Its widgets then
# handled that layout's Resize and Show after the frame (the notes wrapped to their width, the guide's line map, the
# header's title from an async watcher), and a second frame drew them again ~35 ms later. Until a screen's first
# frame is drawn, a frame asked while the app holds its frames is owed instead (the screen is marked dirty, and its
# dirty regions, the whole screen, kept): it is drawn once, whole, when the hold ends (``hold_frames``' release asks
# the screen to look, with the public ``check_idle``), at once: not by the screen's update timer, which, new, first
# ticks a whole period (1/60 s) after it is started.
# quiet_focus: ``Screen.set_focus`` sets the screen's ``focused`` reactive, which repaints the whole screen; the
# widgets that gain and lose focus restyle and repaint themselves (their Focus and Blur events, and
# ``_update_focus_styles`` for ``:focus-within``, which no cc-tui or Textual rule puts on a Screen), so every Tab and
# every stage switch drew the whole terminal again for nothing. The screen's whole repaint asked while its focus moves
# is dropped. In a pty on the 20,000-conversation store (16 Tabs in the discussion a side): 20.9 -> 6.8 KB per Tab,
# the last output ~55 -> ~39 ms median. Public names only (``set_focus`` and ``refresh`` extended).
# one_frame_layout: ``Screen._on_timer_update`` lays out a screen (``_refresh_layout``, whose frame draws what the
# layout changed) and then, when a whole repaint was asked too (``_repaint_required``), draws the whole screen again
# in a second frame. A screen shown again did the same in its resume: laid out (when its size changed while it was
# away), then repainted whole. So a history shown a second time was two frames (a partial one, without its key bar,
# then the whole one), and a widget that asked a repaint in between drew a third. A layout asked with a whole repaint
# now draws one frame, whole (the screen in the dirty widgets it draws), and the resume's repaint after its layout is
# dropped. Measured (benchmarks/README.md, twelfth pass, ``--compare``): it moves no row of the meeting; it is what
# lets the key bar skip its repaint on every return (a second frame ~30 ms after home's) without a screen shown again
# drawing its first frame with the last screen's keys (tests/test_first_paint.py, on and off).
# prompt_frames: Textual draws a screen from its update timer, which ticks on a 1/60 s grid and is paused between
# frames. Resumed after a pause it ticks at once (with the tick it missed), then skips to the grid point after the
# next one (``Timer._run``: ``count`` is set to the next point, and the wait is for ``count + 1``). So a change asked
# just after a frame (the widgets that a Focus or Blur handler repaints, a table's line map built as it is first
# drawn) waited 17-33 ms for its frame: the second frame of a Tab between the notes came ~33 ms after the key, of a
# stage switch ~25 ms after the first. A screen with something to draw now draws when it is idle (after its
# messages, as Textual's idle handler would resume the timer), at most once a period: sooner than that, a timer of
# its own draws at the period's end. In the half second after a screen is shown its frames are left to the update
# timer: a screen shown again is asked a whole repaint (its resume), then a layout (the closed screen's removal), and
# drawing at once made those two whole frames where the timer's wait made one.
# Measured in a pty (the 20,000-conversation store): a Tab from the shared to the private notes 35.8 -> 9.5 ms to
# its last frame; F3 to the goals 69 -> 37 ms.
# Private names: ``Screen._on_screen_resume`` (a handler here runs before Screen's; it notes the resume),
# ``Screen._refresh_layout`` and ``Screen._compositor_refresh`` (extended), ``Widget._repaint_required``,
# ``App._batch_count``, ``Screen._dirty_widgets``, ``Screen._on_idle`` (a handler here runs before Screen's) and
# ``Screen._on_timer_update`` (called); prompt_frames also ``Widget._layout_required``, ``_scroll_required`` and
# ``_recompose_required`` (what Screen's idle handler asks before it resumes the timer).
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
    _resume_layout_whole: bool = False  # shown again: a layout in its resume draws the whole screen
    _first_frame_drawn: bool = False  # its first frame was drawn (a frame held before that waits for the release)
    _first_frame_owed: bool = False  # its first frame was asked while the app held its frames
    _focus_moving: bool = False  # inside set_focus (see quiet_focus)
    _last_frame_at: float = 0.0  # time.monotonic() of its last frame (see prompt_frames)
    _frame_timer_set: bool = False  # a frame is due at the end of the current period (see prompt_frames)
    _prompt_after: float = float("inf")  # time.monotonic() from which a frame is drawn when asked (see prompt_frames)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        self._prompt_after = time.monotonic() + _SETTLING  # see prompt_frames
        if enabled("painted_once") and not self._resumed_once:
            self._resumed_once = True
            self._first_resume_pending = True
            self.call_next(self._first_resume_over)  # after Screen's own handler, whatever it did
        else:
            if enabled("repainted_once"):  # a wall-clock limit: a ctrl+z stop does not stretch it
                self._quiet_layout_until = time.monotonic() + 0.5
            if enabled("one_frame_layout"):
                self._resume_layout_whole = True
                self.call_next(self._resume_over)  # after Screen's own handler, whatever it did

    def _first_resume_over(self) -> None:
        self._first_resume_pending = self._drop_whole_repaint = False

    def _resume_over(self) -> None:
        self._resume_layout_whole = self._drop_whole_repaint = False

    def _quiet_layout_over(self) -> None:
        self._quiet_next_layout = False  # one frame later: a layout asked from now on repaints as Textual does

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        if not scroll and enabled("one_frame_layout"):  # see one_frame_layout above
            if self._resume_layout_whole:  # shown again and laid out in its resume, before the resume's repaint
                self._resume_layout_whole = False
                super().refresh()  # type: ignore[misc]  # asked now, drawn with the layout, the resume's dropped
                self._drop_whole_repaint = True
            if self._repaint_required:
                self._repaint_required = False  # its frame, below: Textual would draw the whole screen after it
                self._dirty_widgets.add(self)  # the layout's frame is drawn whole (the screen's dirty region)
        super()._refresh_layout(size, scroll)  # type: ignore[misc]
        if self._first_resume_pending and enabled("painted_once"):
            self._first_resume_pending = False
            self._repaint_required = False  # what was asked before this layout is in the frame it drew
            self._drop_whole_repaint = self._quiet_next_layout = True
            self.call_after_refresh(self._quiet_layout_over)

    def _compositor_refresh(self) -> None:
        app = self.app
        under = self is not app.screen
        if not under and not self._first_frame_drawn:
            if getattr(app, "_batch_count", 0) and enabled("held_first_frame"):
                self._dirty_widgets.add(self)  # owed: drawn when the hold ends (see held_first_frame)
                self._first_frame_owed = True
                return
            self._first_frame_drawn = True
        super()._compositor_refresh()  # type: ignore[misc]
        if not under:
            self._last_frame_at = time.monotonic()
        if under and enabled("quiet_background"):
            self._repaint_required = False  # what changed here went up to the dialog; see quiet_background

    def _on_idle(self, event: events.Idle) -> None:  # before Screen's own handler (held_first_frame, prompt_frames)
        if getattr(self.app, "_batch_count", 0) or not self.is_current:
            return  # frames held (or another screen shows): Screen's handler does nothing either
        if self._first_frame_owed:
            self._first_frame_owed = False
            self._on_timer_update()  # now: a new screen's update timer first ticks a whole period after it starts
        elif enabled("prompt_frames") and time.monotonic() >= self._prompt_after and self._frame_asked():
            wait = self._last_frame_at + _FRAME_PERIOD - time.monotonic()
            if wait <= 0:
                self._on_timer_update()  # see prompt_frames: now, not on the update timer's next-but-one tick
            elif not self._frame_timer_set:
                self._frame_timer_set = True
                self.set_timer(wait, self._prompt_frame)

    def _frame_asked(self) -> bool:
        """What Screen's idle handler asks before it resumes its update timer."""
        return bool(self._layout_required or self._scroll_required or self._repaint_required
                    or self._recompose_required or self._dirty_widgets)

    def _prompt_frame(self) -> None:
        self._frame_timer_set = False
        if not getattr(self.app, "_batch_count", 0) and self.is_current and self._frame_asked():
            self._on_timer_update()

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        self._focus_moving = enabled("quiet_focus")
        try:
            super().set_focus(widget, scroll_visible, from_app_focus)
        finally:
            self._focus_moving = False

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Any:
        if not regions and not recompose:
            if self._focus_moving and not layout:
                return self  # the focused reactive's whole repaint: the widgets repaint their own focus (quiet_focus)
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


# ------------------------------------------------------------------------------------------------ focus_one_frame
#
# Why: a widget gaining or losing focus restyles itself and its descendants in its Focus or Blur handler
# (``Widget.watch_has_focus`` -> ``update_node_styles``): a Select's inner line and arrow, an Input's parts. Each
# descendant then asks its repaint from its own idle handler, after the screen has drawn the frame of the focus move:
# the descendants came in a second frame ~25 ms later. A Tab into a form's Select was ~8 ms to its first frame and
# ~37 ms to its last; the second drew only the Select's line again. Here the descendants' pending repaints are handed
# to the screen as the restyle ends, as their idle handlers would a moment later, so they are in the same frame.
# Private name: ``Widget._check_refresh`` (called; what a widget's idle handler does with a pending repaint).
# Upstream: none filed. Off: plain Widget (a second frame after a focus move into or out of a composite widget).

_focus_installed = False


def install_focus_one_frame() -> None:
    """Wrap ``Widget.watch_has_focus`` once (the app does it when it starts); the wrapper asks ``enabled`` each time."""
    global _focus_installed
    if _focus_installed or not enabled("focus_one_frame"):
        return
    from textual.widget import Widget

    original = Widget.watch_has_focus

    def watch_has_focus(self: Any, has_focus: bool) -> None:
        original(self, has_focus)
        if enabled("focus_one_frame"):
            for node in self.walk_children(Widget):
                node._check_refresh()  # its pending repaint to the screen now, not after this frame

    Widget.watch_has_focus = watch_has_focus  # type: ignore[method-assign]
    _focus_installed = True
