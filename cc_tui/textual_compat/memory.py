"""Letting a closed screen's widgets go: clear_styles_cache, prune_watchers, drop_line_caches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .registry import enabled

if TYPE_CHECKING:
    from textual.app import App


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
