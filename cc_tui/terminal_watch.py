"""Whether the terminal cc-tui runs in is still there.

A terminal window closed, an ssh link dropped, a multiplexer pane killed: the kernel usually sends SIGHUP (handled:
save, exit), but not when the terminal is not the process's controlling terminal (started under some supervisors,
``setsid``, a pty handed over by another program). Then input simply stops: reads return end-of-file. The app asks
:func:`hung_up` twice a second (a zero-timeout ``poll``, a few microseconds) and, when it says so, saves and exits
as for SIGHUP: never a process left running, or spinning, with no terminal.
"""

from __future__ import annotations

import os
import select
import stat

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def served_in_browser() -> bool:
    """True in the app process that ``cc-tui serve`` started for a browser tab (textual-serve sets the driver)."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def watched_fd() -> int | None:
    """The input descriptor to watch: stdin when it is a terminal, or the pipe from ``cc-tui serve`` in a browser
    session (the server gone, even by ``kill -9``, closes it: the app saves and exits instead of waiting forever).
    A headless or piped run watches nothing."""
    try:
        if os.isatty(0):
            return 0
        return 0 if served_in_browser() and stat.S_ISFIFO(os.fstat(0).st_mode) else None
    except OSError:
        return None


def hung_up(fd: int) -> bool:
    """True when the terminal on ``fd`` is gone (hang-up, error, closed descriptor)."""
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        events = poller.poll(0)
    except (OSError, ValueError):
        return True
    gone = select.POLLHUP | select.POLLERR | select.POLLNVAL
    return any(mask & gone for _, mask in events)


__all__ = ["WEB_DRIVER", "hung_up", "served_in_browser", "watched_fd"]
