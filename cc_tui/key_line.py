"""Keys in the order they were typed, however fast they come.

Textual hands a key to the focused widget's message queue and goes on with the next key at once. A key the widget
does not take itself (Backspace, Tab, an arrow, a letter bound on the screen) bubbles up, queue by queue, to the app,
which runs its binding there — by then the keys after it, already handed to the widget, have been handled. In a
burst (a paste without bracketed paste, ``tmux send-keys``, a fast typist on a slow machine) "abc⌫d" became "abd"
minus the wrong letter, and the text after a Tab stayed in the field it left.

:class:`KeyLine` lets one key (or paste) through at a time: Textual handles it exactly as before, in the app's own
task; then the line waits until every node from the widget that had the focus up to the app has worked through its
queue (a callback posted behind the key at each), so the key's bindings have run and the focus is where they left
it; only then does the next key go through. A key typed while the line is free goes through at once, so typing at a
human pace waits for nothing.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode

HOP_TIMEOUT = 0.5  # seconds: a node that never answers (being removed) holds the keys after it no longer than this


class KeyLine:
    def __init__(self, app: App[Any], handle: Callable[[events.Event], Awaitable[None]]) -> None:
        self.app = app
        self.handle = handle  # Textual's own handling of an input event (App.on_event)
        self.waiting: deque[events.Event] = deque()
        self.busy = False
        self._released: events.Event | None = None  # the waiting event handed back to the app, to go through now
        self._task: asyncio.Task[None] | None = None

    async def put(self, event: events.Event) -> None:
        """Called by the app for each key or paste from the terminal, in the app's task."""
        if event is self._released:
            self._released = None
        elif self.busy:
            self.waiting.append(event)
            return
        self.busy = True
        target: DOMNode = self.app.focused or self.app.screen
        await self.handle(event)
        self._task = asyncio.create_task(self._settle(target))

    async def _settle(self, target: DOMNode) -> None:
        try:
            await settled(target)
        finally:
            if self.waiting:
                # back through the app's queue (never handled here, outside the app's task); keys that come
                # meanwhile wait behind it, since the line stays busy
                self._released = self.waiting.popleft()
                if not self.app.post_message(self._released):
                    self._released = None
                    self.busy = False
                    self.waiting.clear()  # the app is closing
            else:
                self.busy = False

    async def drain(self, timeout: float) -> bool:
        """Wait until every key received so far (queued at the app, or waiting here) has gone through, or ``timeout``
        seconds; True if the line is idle. For the signal path: a burst typed just before the terminal closed (or a
        SIGTERM) reaches its fields before they are saved."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            try:
                await asyncio.wait_for(settled(self.app), max(0.0, deadline - loop.time()))
            except TimeoutError:
                break
            if not self.busy and not self.waiting:
                return True
            await asyncio.sleep(0.005)
        return not self.busy and not self.waiting

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self.waiting.clear()


async def settled(node: DOMNode) -> None:
    """Return when ``node`` and each of its ancestors up to the app has handled what is in its queue now."""
    loop = asyncio.get_running_loop()
    for each in node.ancestors_with_self:
        done: asyncio.Future[None] = loop.create_future()

        def resolve(future: asyncio.Future[None] = done) -> None:
            if not future.done():
                future.set_result(None)

        if not each.call_later(resolve):
            continue  # closed: nothing more to wait for there
        try:
            await asyncio.wait_for(done, HOP_TIMEOUT)
        except TimeoutError:
            continue


__all__ = ["KeyLine", "settled"]
