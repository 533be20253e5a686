"""Paint a change in one frame, not in one frame plus a late one.

Textual collects repaints per widget: ``refresh()`` only marks the widget, and the widget tells its screen when its
own message queue next runs empty. A change that touches many widgets at once (a stage switch: a new pane, a focus
move, restyled scroll bars; a screen shown again, which Textual restyles whole) is therefore drawn in the frame that
follows the change *and* in another one ~20-30 ms later, for the widgets whose word came after the first frame had
started. Measured with ``benchmarks/app_bench.py`` (key press to the last frame it caused), that late frame was most
of what separated a stage switch or the history screen from its budget.

:func:`paint_when_settled` holds the app's frames (``App.batch_update``) until each given widget has run through its
queue (a ``call_next`` callback in the widget's own task, which also hands over the widget's repaint request at once:
Textual would send it only when the widget is next idle), then releases them from the screen's own queue, behind
those repaint requests, so the one frame that follows has them all. A timer releases the frames anyway after
``timeout``: a widget that went away can never freeze the screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget

from ..textual_compat import hand_over_repaint

TIMEOUT_S = 0.1


def paint_when_settled(widgets: Iterable[Widget], *, timeout: float = TIMEOUT_S) -> None:
    waiting = [w for w in widgets if w.is_attached]
    if not waiting:
        return
    app = waiting[0].app
    screen = waiting[0].screen
    batch = app.batch_update()
    batch.__enter__()
    pending = {id(w) for w in waiting}
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            batch.__exit__(None, None, None)

    def settled(widget: Widget) -> None:
        hand_over_repaint(widget)  # Textual's "tell the screen I need a repaint", now instead of when next idle
        pending.discard(id(widget))
        if not pending and not screen.call_later(release):  # behind the repaint requests in the screen's queue
            release()

    app.set_timer(timeout, release)
    for widget in waiting:
        widget.call_next(settled, widget)
