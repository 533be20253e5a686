"""The app's edges: what a crash prints (crash_output), how soon a lone Escape arrives (quick_escape), and what a
closing terminal does (terminal_gone)."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .registry import enabled

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import App

    _AppBase = App[Any]
else:
    _AppBase = object


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
# (back home 145-200 ms key -> frame, where home is drawn ~5 ms after the app gets the key). Here the wait is 15 ms
# (unless ``ESCDELAY`` is set: the user's choice, as ncurses and vim let them make it; tmux 3.5 waits 10 ms), and
# while the parser holds a lone ESC the thread wakes exactly when that wait ends (the parser's deadline), so Escape
# arrives ~15 ms after the key; idle, it wakes every 0.1 s as Textual's does. A terminal sends each key's sequence in
# one write, so the wait splits none (tests/test_key_burst.py: 500 keys in one burst; the pty tests press every
# special key); a sequence that a slow link splits by more than 15 ms reads as Escape and its rest as keys.
# Private names: ``textual._xterm_parser.XTermParser`` (the parser the input thread feeds) and its
# ``_timeout_time`` (when the ESC it holds is due; without it the thread looks every 5 ms), ``LinuxDriver.
# run_input_thread`` (replaced: the same loop with the shorter wait), ``textual.constants.ESCAPE_DELAY`` (read by
# the parser at each ESC).
# Measured: benchmarks/README.md, "the eighth pass" (100 -> 40 ms) and "the twelfth pass" (40 -> 15 ms).
# Off: Textual's LinuxDriver as it is.

QUICK_ESCAPE_DELAY = 0.015  # seconds a lone ESC waits for the rest of a sequence (Textual's default: 0.1)
QUICK_TICK = 0.005  # seconds between two looks at that wait, if the parser does not say when it is due
IDLE_TICK = 0.1  # seconds between two looks otherwise, as Textual's own input thread

# ------------------------------------------------------------------------------------------------------ terminal_gone
#
# Why (a hung process that holds the data folder's lock): when a terminal closes, the kernel sends the process SIGHUP
# and then SIGCONT. Textual's LinuxDriver answers any SIGCONT by starting application mode again, as after a ctrl+z,
# with a second output thread; that thread's first write to the closed terminal fails (EIO) and the thread ends, and
# every later write queues for it (30 at most, then waits). cc-tui's SIGHUP handler saves and exits, and the exit's
# last writes waited there forever: the process stayed, ignored SIGTERM, and the data folder stayed locked ("Another
# cc-tui is already using ..."). Four times in four on a conversation's notes, 80x24, tmux kill-session (this pass's
# manager's-eye audit). Here a SIGCONT starts application mode again only after the driver's own SIGTSTP (ctrl+z,
# ``fg``), and output to a terminal that is gone is dropped, so the output thread lives until the app closes it.
# Private names: ``LinuxDriver._sigcont_application`` (overridden), ``LinuxDriver._must_signal_resume`` (set by the
# driver's SIGTSTP handler when it will resume), ``LinuxDriver._file`` (what the output thread writes to; wrapped).
# Measured: not a speed workaround (tests/test_signals.py::test_the_terminal_closing_as_the_kernel_closes_it...).
# Off: Textual's LinuxDriver as it is.

_GONE = frozenset({errno.EIO, errno.EPIPE, errno.EBADF, errno.ENXIO, errno.ENODEV})


class _TerminalOut:
    """The terminal's file for Textual's output thread: a write or flush to a terminal that is gone is dropped."""

    def __init__(self, file: Any) -> None:
        self._out = file

    def write(self, text: str) -> int:
        try:
            return int(self._out.write(text))
        except OSError as exc:
            if exc.errno not in _GONE:
                raise
            return len(text)

    def flush(self) -> None:
        try:
            self._out.flush()
        except OSError as exc:
            if exc.errno not in _GONE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


_terminal_driver: type[Any] | None = None


def terminal_driver(driver: type[Any]) -> type[Any]:
    """``driver`` (what Textual chose for this terminal), or, for Textual's LinuxDriver, one whose Escape key arrives
    in ~15 ms instead of 100-200 ms (quick_escape) and that exits when its terminal closes (terminal_gone). Any other
    driver (Windows, the web, headless, ``TEXTUAL_DRIVER``) as it is."""
    global _terminal_driver
    if not (enabled("quick_escape") or enabled("terminal_gone")) or sys.platform == "win32":
        return driver
    from textual.drivers.linux_driver import LinuxDriver

    if driver is not LinuxDriver:
        return driver
    if _terminal_driver is None:
        _terminal_driver = _make_terminal_driver(LinuxDriver)
    return _terminal_driver


def _make_terminal_driver(linux_driver: type[Any]) -> type[Any]:
    import os
    import selectors
    import time
    from codecs import getincrementaldecoder

    from textual import constants
    from textual._xterm_parser import XTermParser

    class TerminalDriver(linux_driver):  # type: ignore[misc, valid-type]
        def start_application_mode(self) -> None:
            if enabled("terminal_gone") and not isinstance(self._file, _TerminalOut):
                self._file = _TerminalOut(self._file)
            super().start_application_mode()

        def _sigcont_application(self, *args: Any) -> None:
            if enabled("terminal_gone") and not self._must_signal_resume:
                return  # not stopped by its own SIGTSTP: a terminal closing (SIGHUP, then SIGCONT)
            super()._sigcont_application(*args)

        def run_input_thread(self) -> None:
            if not enabled("quick_escape"):
                super().run_input_thread()
                return
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

            def wait() -> float:
                """Until the lone ESC the parser holds is due (Textual's clock there is ``time.monotonic``)."""
                if not hasattr(parser, "_timeout_time"):
                    return QUICK_TICK  # a Textual that keeps its deadline elsewhere: look often
                due = parser._timeout_time
                return IDLE_TICK if due is None else min(IDLE_TICK, max(0.0, due - time.monotonic()))

            try:
                while not self.exit_event.is_set():
                    process(selector.select(wait()))
                selector.unregister(fileno)
                process(selector.select(0.1), final=True)
            finally:
                selector.close()
                try:
                    for _ in parser.feed(""):
                        pass
                except Exception:  # noqa: BLE001 - EOF or a parse error at the very end, as Textual ignores them
                    pass

    return TerminalDriver
