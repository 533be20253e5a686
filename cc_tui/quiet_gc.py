"""Cyclic garbage collection in the pauses of a meeting, not in the middle of a key press (plain logic, no Textual).

CPython's collector runs when allocations pass a threshold, wherever that happens. Textual allocates a lot per frame
(strips, segments, styles), so collections of the older generations landed inside stage switches: on a 2-core
machine a generation-1 pass cost ~4 ms and a generation-2 pass ~35 ms with a conversation open, ~0.35 s once the
search index was built (measured with ``gc.callbacks`` around ``benchmarks/app_bench.py``).

:class:`QuietCollector` leaves the cheap young collections (generation 0, ~0.1 ms) to CPython, stops the automatic
older ones, and runs them itself from a timer when nobody has pressed a key for ``quiet`` seconds (a full pass:
``quiet_full`` seconds) — or, if input never pauses, generation 1 at least every ``force_after`` seconds, so garbage
cycles never pile up for long.

Objects that live as long as the app are *frozen* (``gc.freeze``), so later passes do not walk them again: home's
first rows after a young pass only (:meth:`request_freeze`: there is next to no garbage at start-up), the search
index after a full collection at the first short pause once it is built (``request_full(freeze=True)``). A screen
that comes and goes (a conversation) is never frozen (:meth:`hold` while it is open), so a full pass after it closes
frees it.

Start-up (:func:`start_up_pause`, around the app's start on the command line) has no automatic collection at all:
importing Textual and cc-tui and drawing the first frame ran ~110 young and ~7 middle passes over objects that are
nearly all kept (~720 garbage objects of ~83,000 at the first frame), ~9 ms of a ~180 ms first frame on a 2-core
machine. The app's collector ends the pause at its first pause after start-up: a young pass over everything the
start-up made (~15 ms, in a pause, not before the first frame), then the freeze.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

NEVER = 1_000_000_000  # a threshold CPython never reaches in practice

_start_up_paused = False  # start_up_pause turned the automatic collections off and nobody has turned them on since


@contextmanager
def start_up_pause() -> Iterator[None]:
    """No automatic collection while the app starts (see the module's text). The app's :class:`QuietCollector` ends
    the pause once the first frame is drawn; leaving the block ends it in any case (an error before the app ran, or
    the app's end), so nothing outside it ever runs without a collector."""
    global _start_up_paused
    if not gc.isenabled():  # someone else's choice: left as it is
        yield
        return
    gc.disable()
    _start_up_paused = True
    try:
        yield
    finally:
        end_start_up_pause()


def start_up_paused() -> bool:
    return _start_up_paused


def end_start_up_pause() -> None:
    global _start_up_paused
    if _start_up_paused:
        _start_up_paused = False
        gc.enable()


class QuietCollector:
    def __init__(
        self,
        *,
        quiet: float = 0.4,
        quiet_full: float = 1.0,
        full_every: float = 60.0,
        force_after: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[int], int] = gc.collect,
        freeze: Callable[[], None] = gc.freeze,
        count: Callable[[], tuple[int, int, int]] = gc.get_count,
        paused_at_start: Callable[[], bool] = start_up_paused,
        end_pause: Callable[[], None] = end_start_up_pause,
    ) -> None:
        self.quiet = quiet
        self.quiet_full = quiet_full  # a full pass (10-60 ms with a conversation open) waits for a longer pause
        self.full_every = full_every
        self.force_after = force_after
        self._clock = clock
        self._collect = collect
        self._freeze = freeze
        self._count = count
        self._paused_at_start = paused_at_start
        self._end_pause = end_pause
        self._start_up = False  # the automatic collections are off since start-up (start_up_pause)
        self._saved: tuple[int, int, int] | None = None
        now = clock()
        self._last_input = now
        self._last_pass = now
        self._last_full = now
        self._full_wanted = False
        self._closed_screen = False  # a screen closed since the last full pass: free it at the next short pause
        self._freeze_wanted = False
        self._light_freeze_wanted = False
        self._holds = 0
        self.log: list[str] = []  # what was done ("1", "2", "2+freeze"), for tests and benchmarks

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], NEVER, NEVER)
            self._start_up = self._paused_at_start()

    def stop(self) -> None:
        if self._start_up:
            self._start_up = False
            self._end_pause()
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        """A key press or a click: the next collection waits for a pause."""
        self._last_input = self._clock()

    def idle_for(self) -> float:
        """Seconds since the last key press or :meth:`busy`."""
        return self._clock() - self._last_input

    def busy(self) -> None:
        """The app is at work without a key (a screen opened or closed, a conversation filled in): a collection
        waits for a pause after it, as after a key, so it never lands in the middle of opening a screen."""
        self._last_input = self._clock()

    def request_full(self, *, freeze: bool = False) -> None:
        """A full collection at the next pause (safe from any thread: it only sets flags). ``freeze``: then freeze
        whatever is alive, unless a screen holds freezing off."""
        self._full_wanted = True
        self._freeze_wanted = self._freeze_wanted or freeze

    def request_freeze(self) -> None:
        """Freeze what is alive at the next short pause, after a young pass only (no full one first): for a moment
        that holds next to no garbage (home's first rows at start-up: a full pass there found ~40 objects to free,
        and took 25-110 ms as the manager's first keys came). Safe from any thread."""
        self._light_freeze_wanted = True

    def hold(self) -> None:
        """A short-lived screen opened: nothing is frozen until :meth:`release`."""
        self._holds += 1

    def release(self) -> None:
        """That screen closed: a full pass at the next pause (``quiet``, not ``quiet_full``) frees it. Freed one at a
        time, a closed conversation costs a pass of ~30-60 ms; left to pile up over a few quick opens, ten of them
        were freed in one pass of ~0.85 s (``python -m benchmarks meeting``)."""
        self._holds = max(0, self._holds - 1)
        self._closed_screen = True
        self.request_full()

    def _end_start_up(self, now: float) -> str:
        """The first pause after start-up (or ``force_after`` without one): a young pass over what start-up made,
        then the freeze (unless a screen that comes and goes is open already), then the automatic young passes
        again."""
        self._start_up = False
        self._collect(1)
        done = "1"
        if not self._holds and not self._closed_screen:
            self._freeze()
            self._light_freeze_wanted = False
            done = "1+freeze"
        self._end_pause()
        self._last_pass = now
        self.log.append(done)
        return done

    def tick(self) -> str | None:
        """Called every few hundred ms: collect if the user paused (or it has been too long). Returns what was done,
        or None."""
        if self._saved is None:
            return None
        now = self._clock()
        paused = now - self._last_input >= self.quiet
        overdue = now - self._last_pass >= self.force_after
        if not (paused or overdue):
            return None
        # a full pass only in a pause (it walks every object not frozen: ~0.1 s with a conversation open), unless
        # input has not paused for ten full periods
        long_pause = now - self._last_input >= self.quiet_full
        if self._start_up:
            return self._end_start_up(now)
        if paused and self._light_freeze_wanted and not self._holds and not self._closed_screen:
            self._collect(1)
            self._freeze()
            self._light_freeze_wanted = False
            self._last_pass = now
            self.log.append("1+freeze")
            return "1+freeze"
        # a freeze asked with a full pass (the search index, once built) at the first short pause: left for a long one,
        # it waited through a replay's keys on home and came with the first closed conversation's pass, one stall of
        # both (85-114 ms in python -m benchmarks meeting)
        full = (paused and (self._closed_screen or (self._freeze_wanted and not self._holds))) or (
            long_pause and (self._full_wanted or now - self._last_full >= self.full_every)) or (
            now - self._last_full >= 10 * self.full_every)
        if not full and self._count()[1] == 0 and not overdue:
            return None  # no young collection since the last pass: nothing new in generation 1
        self._collect(2 if full else 1)
        done = "2" if full else "1"
        self._last_pass = now
        if full:
            self._last_full = now
            self._full_wanted = False
            self._closed_screen = False
            if self._freeze_wanted and not self._holds:
                self._freeze()
                self._freeze_wanted = False
                done = "2+freeze"
        self.log.append(done)
        return done
