"""One way for a background load to fail: the store's error (a damaged file, a locked folder) told to the manager in
a notification, never a crash and never a traceback in the terminal."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from textual.dom import DOMNode

from ..errors import CCError

P = ParamSpec("P")
R = TypeVar("R")

ERROR_TIMEOUT_S = 15


def tell_error(node: DOMNode, error: CCError) -> None:
    """From a worker thread: show ``error`` as one plain notification (its text is never parsed as markup)."""
    app = node.app
    try:
        app.call_from_thread(app.notify, str(error), severity="error", markup=False, timeout=ERROR_TIMEOUT_S)
    except RuntimeError:  # the app is closing: nobody to tell
        pass


def report_errors(method: Callable[P, R]) -> Callable[P, R | None]:
    """Decorate a thread worker method of a widget or screen: a CCError it raises is told, and the worker ends."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except CCError as exc:
            node: Any = args[0]
            tell_error(node, exc)
            return None

    return wrapper
