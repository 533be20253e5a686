"""Stalls of the event loop, for the meeting benchmark (``python -m benchmarks meeting``): off unless
``CC_TUI_STALL_LOG=FILE`` is set, and then it costs a 5 ms heartbeat.

A heartbeat callback on the event loop notes the time every 5 ms; a watcher thread looks every 2 ms. When the beat is
late by more than 16 ms, the loop is stalled: the watcher takes one sample of the main thread's stack (what was
running), and when the beat comes back it appends one JSON line to the file: when, how long, and the innermost frames
of cc-tui and Textual that were running.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
import traceback
from typing import Any

BEAT = 0.005
STALL = 0.016


class StallWatch:
    def __init__(self, path: str) -> None:
        self.path = path
        self.last = time.perf_counter()
        self._stop = threading.Event()
        self._main = threading.main_thread().ident
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._watch, name="stall-watch", daemon=True)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.last = time.perf_counter()
        self._loop.call_later(BEAT, self._beat)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _beat(self) -> None:
        self.last = time.perf_counter()
        if not self._stop.is_set() and self._loop is not None:
            self._loop.call_later(BEAT, self._beat)

    def _watch(self) -> None:
        sample: list[str] | None = None
        began = 0.0
        with open(self.path, "a", encoding="utf-8") as out:
            while not self._stop.wait(0.002):
                late = time.perf_counter() - self.last - BEAT
                if late > STALL:
                    if sample is None:
                        began = self.last + BEAT
                        sample = self._stack()
                elif sample is not None:
                    length = self.last - began
                    out.write(json.dumps({"at": began, "ms": round(length * 1000, 1), "running": sample}) + "\n")
                    out.flush()
                    sample = None

    def _stack(self) -> list[str]:
        frame = sys._current_frames().get(self._main or 0)
        if frame is None:
            return []
        frames = traceback.extract_stack(frame)
        ours = [f"{_short(f.filename)}:{f.lineno} {f.name}" for f in frames
                if "cc_tui" in f.filename or "/textual/" in f.filename or "/rich/" in f.filename]
        return ours[-6:]


def _short(filename: str) -> str:
    for marker in ("cc_tui/", "textual/", "rich/"):
        if marker in filename:
            return marker + filename.split(marker, 1)[1]
    return os.path.basename(filename)


def from_environment() -> Any:
    path = os.environ.get("CC_TUI_STALL_LOG")
    return StallWatch(path) if path else None


__all__ = ["StallWatch", "from_environment"]
