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

from .errors import CCError, SaveError

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
        self.last_reason: str | None = None  # the short cause of the last failure ("the disk is full")
        self._labels: dict[str, str] = {}  # what each pending key is, in words, for "what was not saved"
        self._running: str | None = None
        self._thread = threading.Thread(target=self._run, name="cc-tui-saver", daemon=True)
        self._thread.start()

    # ---------------------------------------------------------------- API (any thread)

    def submit(self, key: str, job: Job, label: str = "") -> None:
        """Queue ``job`` under ``key``; ``label`` says what it saves, in words ("the notes of ..."), for the one line
        that names what was not saved when cc-tui has to close on a failing disk."""
        with self._cond:
            if self._stopped:
                raise RuntimeError("saver stopped")
            self._pending[key] = job
            self._labels[key] = label or key
            self._cond.notify_all()

    def unsaved(self) -> list[str]:
        """What is still not on disk, in words, in the order it was first submitted."""
        with self._cond:
            keys = ([self._running] if self._running and self._busy else []) + list(self._pending)
            seen: list[str] = []
            for key in keys:
                label = self._labels.get(key, key)
                if label not in seen:
                    seen.append(label)
            return seen

    def lost_message(self) -> str:
        """The last line when cc-tui must close with writes still failing: what was lost and why (not "kept")."""
        lost = self.unsaved()
        what = "; ".join(lost) if lost else "the last changes"
        reason = self.last_reason or "saving did not finish in time"
        return (
            f"NOT SAVED ({reason}): {what}. These changes were lost when cc-tui closed; "
            "the files on disk hold what was saved before."
        )

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
                self._running = key
            try:
                job()
            except CCError as exc:
                self._failed(key, job, str(exc), exc.reason if isinstance(exc, SaveError) else str(exc))
            except Exception as exc:  # noqa: BLE001 - a save must never kill the saver
                self._failed(key, job, f"Saving failed ({type(exc).__name__}); your text is kept in memory.",
                             f"an internal error ({type(exc).__name__})")
            else:
                self._succeeded(key)
                continue
            with self._cond:
                if self._stopped:
                    # stop() already flushed; retrying a failing write now would spin forever with no wait
                    return

    @staticmethod
    def _tell(callback: Callable[..., object], *args: object) -> None:
        """Tell the app; whatever the callback raises (the app is closing: its loop is gone) never stops the saver
        thread, which still holds the unsaved text and the retries."""
        try:
            callback(*args)
        except Exception:  # noqa: BLE001 - concurrent.futures.CancelledError, RuntimeError from a closed loop
            pass

    def _succeeded(self, key: str) -> None:
        with self._cond:
            self._busy = False
            self._running = None
            if key not in self._pending:
                self._labels.pop(key, None)
            self.saves += 1
            recovered = self._failing
            self._failing = False
            self.last_error = None
            self.last_reason = None
            self._cond.notify_all()
        if recovered:
            self._tell(self._on_recovered)
        self._tell(self._on_saved, key)

    def _failed(self, key: str, job: Job, message: str, reason: str) -> None:
        with self._cond:
            # keep it pending unless a newer snapshot of the same key arrived meanwhile
            if key not in self._pending:
                self._pending[key] = job
                self._pending.move_to_end(key, last=False)
            first = not self._failing
            self._failing = True
            self.last_error = message
            self.last_reason = reason
            self._busy = False
            self._running = None
            self._cond.notify_all()
        if first:
            self._tell(self._on_error, message)
        with self._cond:
            if not self._stopped:
                self._cond.wait(self._retry)
