"""Stalls of the event loop, for the meeting benchmark (``python -m benchmarks meeting``): off unless
``CC_TUI_STALL_LOG=FILE`` is set, and then it costs a 5 ms heartbeat.

A heartbeat callback on the event loop notes, every 5 ms, the time, the CPU time of the main thread and of the whole
process, and how long the main thread has waited for a core (Linux's schedstat). A beat more than 16 ms late ends a
stall, and the beat measures it: how long, and what the main thread (``main_cpu_ms``) and the process
(``process_cpu_ms``) used meanwhile and how long the main thread was ready to run but waited for a core
(``main_queued_ms``). A stall whose main-thread CPU is close to its length was the UI thread's own work; one with much
less was waiting (for a core, the GIL or the kernel). These numbers come from the main thread itself, before and after
the stall: a watcher thread could read them only when it gets the GIL, which a long call in C (a collection) holds to
its end, so its readings began after most of such a stall and counted little of its CPU.

A watcher thread looks every 2 ms and, while the beat is late, samples the main thread's stack every 10 ms (what was
running) and notes what the other threads were at (one holding the GIL stalls the loop too). It needs the GIL to
sample, so a stall spent in one call in C may have no sample (``samples: 0``). Each stall is one JSON line: when, how
long, the first sample's innermost frames of cc-tui and Textual, the innermost frame seen most often, the other
threads, and the numbers above. The app also writes a line with the number of objects the collector tracks after each
full collection (:meth:`StallWatch.objects`), for the objects left per closed conversation.
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
        self._schedstat: int | None = None  # the main thread's /proc schedstat, kept open (read at every beat)
        self._marks = self._read_marks()
        self._ended: list[dict[str, Any]] = []  # stalls the beat measured, for the watcher to write with its samples
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._watch, name="stall-watch", daemon=True)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        try:
            self._schedstat = os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)
        except (OSError, AttributeError):  # not Linux
            self._schedstat = None
        self._marks = self._read_marks()
        self.last = self._marks[0]
        self._loop.call_later(BEAT, self._beat)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching. The log is whole when this returns: the watcher has written what it held and closed the file
        (a reader right after the app ended met a line cut in the middle; at the process's end a daemon thread can be
        stopped mid-write)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(1.0)

    def _read_marks(self) -> tuple[float, float, float, float]:
        """Now, the main thread's CPU seconds, the process's, and the main thread's seconds spent waiting for a core.
        Called on the main thread."""
        queued = 0.0
        if self._schedstat is not None:
            try:
                queued = int(os.pread(self._schedstat, 128, 0).split()[1]) / 1e9
            except (OSError, ValueError, IndexError):
                queued = 0.0
        return time.perf_counter(), time.thread_time(), time.process_time(), queued

    def _beat(self) -> None:
        marks = self._read_marks()
        late = marks[0] - self.last - BEAT
        if late > STALL:  # the loop was stalled since the beat was due: measured here, written by the watcher
            began = self.last + BEAT
            main_cpu, process_cpu, queued = (round((b - a) * 1000, 1) for a, b in zip(self._marks[1:], marks[1:]))
            self._ended.append({"kind": "stall", "at": began, "ms": round((marks[0] - began) * 1000, 1),
                                "main_cpu_ms": main_cpu, "process_cpu_ms": process_cpu, "main_queued_ms": queued})
        self._marks = marks
        self.last = marks[0]
        if not self._stop.is_set() and self._loop is not None:
            self._loop.call_later(BEAT, self._beat)
        elif self._schedstat is not None:
            os.close(self._schedstat)
            self._schedstat = None

    def _watch(self) -> None:
        samples: list[list[str]] = []
        others: list[str] = []
        next_sample = 0.0
        with open(self.path, "a", encoding="utf-8") as out:
            self._out = out
            while True:
                stopping = self._stop.wait(0.002)
                now = time.perf_counter()
                if not stopping and now - self.last - BEAT > STALL:
                    if not samples:
                        others = self._other_threads()
                    if now >= next_sample and len(samples) < 100:
                        samples.append(self._stack())
                        next_sample = now + 0.010
                while self._ended:  # the beat came back: what it measured, with what was seen running
                    record = self._ended.pop(0)
                    record.update({"running": samples[0] if samples else [], "most": _most_common(samples),
                                   "samples": len(samples), "threads": others})
                    self._write(record)
                    samples, others = [], []
                if stopping:
                    break
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
