"""What screens are handed to do their work: the store, the saver, the clock, the guides, search, the history cache
and the flushers. No Textual here: the app builds one ``Services`` and passes it down; screens call it and never the
app's internals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .basics import Clock, system_clock
from .config import DEFAULTS, Settings
from .quiet_gc import QuietCollector
from .saver import Saver
from .search_service import SearchService

if TYPE_CHECKING:
    from .guides import GuideLibrary
    from .models import Conversation
    from .reports import HistoryData
    from .session import ConversationSession
    from .store import Store


class HistoryCache:
    """One person's history read ahead (the cursor rests on them at home), valid while nothing was saved since."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._data: HistoryData | None = None

    def read(self, employee_id: str, select: str | None = None) -> HistoryData:
        """Read a person's history (any thread; raises CCError) and keep it for :meth:`fresh`."""
        from .reports import load_history

        data = load_history(self.store, employee_id, select)
        if select is None:
            self._data = data
        return data

    def forget(self) -> None:
        self._data = None

    def fresh(self, employee_id: str) -> HistoryData | None:
        """The history read ahead for this person if nothing was saved since, else None."""
        data = self._data
        if data is not None and data.employee_id == employee_id and data.generation == self.store.generation:
            return data
        return None


class Services:
    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = system_clock,
        saver: Saver | None = None,
        guides: GuideLibrary | None = None,
        guides_dirs: Sequence[Path] = (),
        autosave_delay: float = 0.8,
        export_dir: Path | None = None,
        gc: QuietCollector | None = None,
        settings: Settings = DEFAULTS,
    ) -> None:
        self.store = store
        self.settings = settings
        self.gc = gc if gc is not None else QuietCollector()
        self.clock = clock
        self.saver = saver if saver is not None else Saver()
        self.autosave_delay = autosave_delay
        # given (tests, screenshots), else the settings' export folder, else the folder cc-tui was started in
        self.export_dir = export_dir if export_dir is not None else (settings.export_folder or Path.cwd())
        # the screen is shared (a video call): nothing private, no other person, no search or history shows
        self.share_safe = False
        self.search = SearchService(store)
        self.history = HistoryCache(store)
        self._guides = guides
        self._guides_dirs = list(guides_dirs)
        self._guides_lock = threading.Lock()
        self._flushers: list[Callable[[], None]] = []

    @property
    def today(self) -> date:
        return self.clock().date()

    # ---------------------------------------------------------------- guides

    @property
    def guides(self) -> GuideLibrary:
        """The guide library (loaded in the background after start-up; here only if asked for sooner)."""
        if self._guides is None:
            self.load_guides()
        assert self._guides is not None
        return self._guides

    def load_guides(self) -> None:
        from .guides import load_guides

        if self._guides is None:
            library = load_guides(self._guides_dirs)
            with self._guides_lock:
                if self._guides is None:
                    self._guides = library

    # ---------------------------------------------------------------- conversations

    def session(self, conversation: Conversation) -> ConversationSession:
        from .session import ConversationSession

        return ConversationSession(conversation, store=self.store, saver=self.saver, clock=self.clock,
                                   autosave_delay=self.autosave_delay, talk_share=self.settings.talk_share)

    def names(self) -> dict[str, str]:
        return {e.id: e.name for e in self.store.employees(include_archived=True)}

    # ---------------------------------------------------------------- flushing what is typed

    def register_flusher(self, flusher: Callable[[], None]) -> None:
        """Something with unsaved edits registers a callable that submits them now (quit, signals, crash)."""
        self._flushers.append(flusher)

    def unregister_flusher(self, flusher: Callable[[], None]) -> None:
        if flusher in self._flushers:
            self._flushers.remove(flusher)

    def submit_edits(self) -> None:
        for flusher in list(self._flushers):
            try:
                flusher()
            except Exception:  # noqa: BLE001 - one failing screen must not stop the others from saving
                pass

    def save_everything(self, timeout: float = 10.0) -> bool:
        self.submit_edits()
        return self.saver.flush(timeout)
