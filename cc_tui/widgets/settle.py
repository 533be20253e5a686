"""Paint a change in one frame, not in one frame plus a late one.

Textual collects repaints per widget: ``refresh()`` only marks the widget, and the widget tells its screen when its
own message queue next runs empty. A change that touches many widgets at once (a stage switch: a new pane, a focus
move, restyled scroll bars; a screen shown again, which Textual restyles whole) is therefore drawn in the frame that
follows the change *and* in another one ~20-30 ms later, for the widgets whose word came after the first frame had
started.

:func:`paint_when_settled` holds the app's frames (the public ``App.batch_update``; ``App.delay_update`` is public too,
but only a timer that then repaints the whole screen) until each given widget has run through its queue (a
``call_next`` callback in the widget's own task), then releases them from the screen's own queue, so the one frame that
follows has them all. A timer releases the frames anyway after ``timeout``: a widget that went away can never freeze
the screen.

Measured (``benchmarks/workarounds_off.py``; benchmarks/README.md, "Framework workarounds, measured off"): the history
screen, shown again and restyled whole, is drawn in 1.31 visible frames per open with this and 1.85 without; the time
to its last visible frame is the same either way, and stage switches and the split view are drawn in as many frames
(1.09, 1.10 per key) with or without it. It also handed each widget's repaint request to its screen at once, through
a private Textual method; measured off, that changed nothing, and it was removed.

:func:`hold_frames` + :func:`release_when_settled` do the same for a screen being built: a conversation opened from
home was drawn in ~8 frames and laid out ~6 times while its ~80 widgets mounted and filled in (~12 ms a frame, ~17 ms a
layout at 120x40); held from the push until everything is mounted and filled, it is laid out and drawn once. The
screen's first layout comes inside that hold, and its widgets answer it (each one's Resize and Show: the notes wrap to
their width, the guide maps its lines, the header sets its title from an async watcher): the conversation waits for
those answers too (``queued=True``, the app's queue with them), and ``textual_compat.held_first_frame`` keeps
Textual from drawing that first layout before the hold ends. An open is one frame: 29 -> 18 KB written, Enter -> the
frame 117 -> 86 ms median in a pty (benchmarks/README.md, eleventh pass).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

TIMEOUT_S = 0.1


def paint_when_settled(widgets: Iterable[Widget], *, timeout: float = TIMEOUT_S) -> None:
    waiting = [w for w in widgets if w.is_attached]
    if not waiting:
        return
    release_when_settled(waiting, hold_frames(waiting[0].app, timeout=timeout))


def hold_frames(app: App[Any], *, timeout: float) -> Callable[[], None]:
    """Hold the app's frames (the public ``App.batch_update``) until the function returned is called, or ``timeout``
    seconds have passed, whichever comes first; calling it again does nothing."""
    batch = app.batch_update()
    batch.__enter__()
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            batch.__exit__(None, None, None)
            app.screen.check_idle()  # the screen draws what it held now, even when a timer released the hold

    app.set_timer(timeout, release)
    return release


def release_when_settled(widgets: Iterable[Widget], release: Callable[[], None], *, queued: bool = False,
                         also: Iterable[MessagePump] = ()) -> None:
    """Call ``release`` once each of ``widgets`` (and the pumps in ``also``, the app) has run through its message
    queue, from the widgets' screen's queue. ``queued``: after every message already in each queue (a layout's Resize
    and Show), not only the current one."""
    waiting = [w for w in widgets if w.is_attached]
    if not waiting:
        release()
        return
    screen = waiting[0].screen
    pumps: list[MessagePump] = [*waiting, *also]
    pending = {id(w) for w in pumps}

    def settled(widget: MessagePump) -> None:
        pending.discard(id(widget))
        if not pending and not screen.call_later(release):  # from the screen's own queue, behind what it has
            release()

    for widget in pumps:
        if queued:
            widget.call_later(settled, widget)
        else:
            widget.call_next(settled, widget)
