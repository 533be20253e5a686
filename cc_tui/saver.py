"""One background thread that owns every write to the store.

The UI hands it *snapshots* (deep copies made on the UI thread) keyed by what they are ("conversation:<id>", ...):
a newer snapshot of the same key replaces a pending older one, so a burst of keystrokes costs one write. Writes run in
order of first submission. A failed write (disk full) keeps its snapshot pending and is retried; the UI is told once
per failure streak and again when saving works again. ``flush()`` blocks until everything pending is on disk (or
failed), for quit and for signals.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from .errors import CCError

Job = Callable[[], None]


class Saver:
    def __init__(
        self,
        *,
        on_error: Callable[[str], None] = lambda message: None,
        on_recovered: Callable[[], None] = lambda: None,
        on_saved: Callable[[str], None] = lambda key: None,
        retry_seconds: float = 3.0,
    ) -> None:
        self._pending: OrderedDict[str, Job] = OrderedDict()
        self._cond = threading.Condition()
        self._busy = False
        self._stopped = False
        self._failing = False
        self._on_error = on_error
        self._on_recovered = on_recovered
        self._on_saved = on_saved
        self._retry = retry_seconds
        self.saves = 0
        self.last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="cc-tui-saver", daemon=True)
        self._thread.start()

    # ---------------------------------------------------------------- API (any thread)

    def submit(self, key: str, job: Job) -> None:
        with self._cond:
            if self._stopped:
                raise RuntimeError("saver stopped")
            self._pending[key] = job
            self._cond.notify_all()

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending) + (1 if self._busy else 0)

    @property
    def failing(self) -> bool:
        return self._failing

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is pending. False if a write keeps failing or the timeout passes."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._cond.notify_all()
            while self._pending or self._busy:
                if self._failing and not self._busy:
                    # one more immediate try, then give up waiting
                    self._cond.notify_all()
                    self._cond.wait(0.05)
                    if self._failing:
                        return False
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
            return True

    def stop(self, timeout: float = 10.0) -> bool:
        ok = self.flush(timeout)
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._thread.join(timeout=1.0)
        return ok

    # ---------------------------------------------------------------- thread

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopped:
                    self._cond.wait()
                if not self._pending and self._stopped:
                    return
                key, job = self._pending.popitem(last=False)
                self._busy = True
            try:
                job()
            except CCError as exc:
                self._failed(key, job, str(exc))
            except Exception as exc:  # noqa: BLE001 - a save must never kill the saver
                self._failed(key, job, f"Saving failed ({type(exc).__name__}); your text is kept in memory.")
            else:
                self._succeeded(key)
                continue
            with self._cond:
                if self._stopped:
                    # stop() already flushed; retrying a failing write now would spin forever with no wait
                    return

    def _succeeded(self, key: str) -> None:
        with self._cond:
            self._busy = False
            self.saves += 1
            recovered = self._failing
            self._failing = False
            self.last_error = None
            self._cond.notify_all()
        if recovered:
            self._on_recovered()
        self._on_saved(key)

    def _failed(self, key: str, job: Job, message: str) -> None:
        with self._cond:
            # keep it pending unless a newer snapshot of the same key arrived meanwhile
            if key not in self._pending:
                self._pending[key] = job
                self._pending.move_to_end(key, last=False)
            first = not self._failing
            self._failing = True
            self.last_error = message
            self._busy = False
            self._cond.notify_all()
        if first:
            self._on_error(message)
        with self._cond:
            if not self._stopped:
                self._cond.wait(self._retry)
