"""Stalls of the event loop, for the meeting benchmark (``python -m benchmarks meeting``): off unless
``CC_TUI_STALL_LOG=FILE`` is set, and then it costs a 5 ms heartbeat.

A heartbeat callback on the event loop notes the time every 5 ms; a watcher thread looks every 2 ms. When the beat is
late by more than 16 ms, the loop is stalled: the watcher samples the main thread's stack every 10 ms (what was
running) and notes what the other threads were at (one holding the GIL stalls the loop too), and when the beat comes
back it appends one JSON line to the file: when, how long, the first sample's innermost frames of cc-tui and Textual,
the innermost frame seen most often, the other threads, and the CPU time the main thread (``main_cpu_ms``) and the
whole process (``process_cpu_ms``) used meanwhile: a stall whose main-thread CPU is close to its length was the UI
thread's own work, one with much less was waiting (for the GIL, or for a core). The app also writes a line with the
number of objects the collector tracks after each full collection (:meth:`StallWatch.objects`), for the objects left
per closed conversation.
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
        samples: list[list[str]] = []
        others: list[str] = []
        began = 0.0
        cpu_began = (0.0, 0.0)
        next_sample = 0.0
        with open(self.path, "a", encoding="utf-8") as out:
            self._out = out
            while not self._stop.wait(0.002):
                now = time.perf_counter()
                late = now - self.last - BEAT
                if late > STALL:
                    if not samples:
                        began = self.last + BEAT
                        others = self._other_threads()
                        cpu_began = self._cpu()
                    if now >= next_sample and len(samples) < 100:
                        samples.append(self._stack())
                        next_sample = now + 0.010
                elif samples:
                    length = self.last - began
                    main_cpu, process_cpu = (round((b - a) * 1000, 1) for a, b in zip(cpu_began, self._cpu()))
                    self._write({"kind": "stall", "at": began, "ms": round(length * 1000, 1), "running": samples[0],
                                 "most": _most_common(samples), "samples": len(samples), "threads": others,
                                 "main_cpu_ms": main_cpu, "process_cpu_ms": process_cpu})
                    samples = []
            self._out = None

    _out: Any = None
    _out_lock = threading.Lock()

    def _write(self, record: dict[str, Any]) -> None:
        with self._out_lock:
            if self._out is not None:
                self._out.write(json.dumps(record) + "\n")
                self._out.flush()

    def objects(self, label: str) -> None:
        """One line with how many objects the collector tracks now (walked by a full pass) and how many are frozen:
        the meeting benchmark's objects left per closed conversation. Called after a full collection."""
        import gc

        self._write({"kind": "objects", "at": time.perf_counter(), "label": label, "tracked": len(gc.get_objects()),
                     "frozen": gc.get_freeze_count()})

    def _cpu(self) -> tuple[float, float]:
        """CPU seconds of the main thread and of the whole process so far. A stall whose main-thread CPU is much
        less than its length was not the UI thread's own work: it waited (for the GIL, or for a core the machine gave
        to another process)."""
        try:
            main = time.clock_gettime(time.pthread_getcpuclockid(self._main or 0))
        except (AttributeError, OSError):  # not on this platform
            main = 0.0
        return main, time.process_time()

    def _stack(self) -> list[str]:
        frame = sys._current_frames().get(self._main or 0)
        if frame is None:
            return []
        frames = traceback.extract_stack(frame)
        ours = [f"{_short(f.filename)}:{f.lineno} {f.name}" for f in frames
                if "cc_tui" in f.filename or "/textual/" in f.filename or "/rich/" in f.filename]
        return ours[-6:]

    def _other_threads(self) -> list[str]:
        """What the other threads were at when the stall began (a thread holding the GIL stalls the loop too)."""
        names = {t.ident: t.name for t in threading.enumerate()}
        found = []
        for ident, frame in sys._current_frames().items():
            if ident in (self._main, threading.get_ident()):
                continue
            found.append(f"{names.get(ident, ident)}: {_short(frame.f_code.co_filename)}:{frame.f_lineno} "
                         f"{frame.f_code.co_name}")
        return found


def _most_common(samples: list[list[str]]) -> str:
    """The innermost frame seen most often over a stall's samples (one sample every 10 ms)."""
    counts: dict[str, int] = {}
    for sample in samples:
        if sample:
            counts[sample[-1]] = counts.get(sample[-1], 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else ""


def _short(filename: str) -> str:
    for marker in ("cc_tui/", "textual/", "rich/"):
        if marker in filename:
            return marker + filename.split(marker, 1)[1]
    return os.path.basename(filename)


def from_environment() -> Any:
    path = os.environ.get("CC_TUI_STALL_LOG")
    return StallWatch(path) if path else None


__all__ = ["StallWatch", "from_environment"]
