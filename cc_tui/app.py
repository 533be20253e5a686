"""The Textual app: screens, bindings, the command palette, saving, signals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import actions, events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from .errors import CCError
from .basics import Clock, system_clock
from .quiet_gc import QuietCollector
from .saver import Saver
from .store import Store
from .textual_compat import QuietCrash, forget_closed_widgets

if TYPE_CHECKING:
    from .guides import GuideLibrary
    from .search import SearchIndex


def _search_provider() -> type[Any]:
    from .screens.search import SearchProvider

    return SearchProvider


class CCApp(QuietCrash, App[int]):
    """cc-tui. Build it with :func:`make_app` so tests can inject a store, a clock and guides."""

    CSS_PATH = "cc_tui.tcss"
    TITLE = "cc-tui"
    SUB_TITLE = "career conversations"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", tooltip="Save everything and quit"),
    ]
    COMMANDS = App.COMMANDS | {lambda: _search_provider()}

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = system_clock,
        guides: GuideLibrary | None = None,
        guides_dirs: Sequence[Path] = (),
        retry_seconds: float = 3.0,
        autosave_delay: float = 0.8,
        index_delay: float | None = 3.0,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.autosave_delay = autosave_delay
        self._guides = guides
        self._guides_dirs = list(guides_dirs)
        self._flushers: list[Callable[[], None]] = []
        self.search_index: SearchIndex | None = None
        self._indexing = False
        self._index_lock = threading.Lock()
        self._index_changes: list[tuple[str, Any]] | None = None  # saves made while the index is being built
        self._index_child: Any = None  # the child process building it
        self._closing_down = False
        self._history_ahead: Any = None  # screens.history.HistoryData read ahead for the person under the cursor
        self._index_delay = index_delay
        self.export_dir = export_dir if export_dir is not None else Path.cwd()
        store.listeners.append(self._store_changed)
        self.quiet_gc = QuietCollector()
        self.saver = Saver(
            on_error=self._save_failed,
            on_recovered=self._save_recovered,
            retry_seconds=retry_seconds,
        )

    # ---------------------------------------------------------------- lifecycle

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.push_screen(HomeScreen())
        # the older garbage-collector generations run in the pauses between key presses, not inside them
        self.quiet_gc.start()
        self.set_interval(0.25, self.quiet_gc.tick, name="quiet-gc")
        # after the first frame: parse the guides in the background, so the first conversation opens without parsing
        # Markdown on the UI thread (only plain parsing there: importing Textual modules from a thread raced with the
        # home table's first layout and left its columns 4 cells wide)
        self.set_timer(0.5, lambda: self.run_worker(self._warm_up, thread=True, group="warm-up"))
        if self._index_delay is not None:
            # the search index is built in the background once the home list is up (never at start-up)
            self.set_timer(self._index_delay, self.ensure_search_index)
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._on_signal)
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - not the main thread
            pass

    def on_unmount(self) -> None:
        self.quiet_gc.stop()
        self._closing_down = True
        child = self._index_child
        if child is not None and child.poll() is None:
            child.kill()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.quiet_gc.input_seen()
        await super().on_event(event)

    @property
    def today(self) -> date:
        return self.clock().date()

    @property
    def guides(self) -> GuideLibrary:
        """The guide library (loaded in the background after start-up; here only if asked for sooner)."""
        if self._guides is None:
            from .guides import load_guides

            self._guides = load_guides(self._guides_dirs)
        return self._guides

    def _warm_up(self) -> None:
        """After the first frame: the pydantic models and the people (kept out of start-up), then the guides."""
        try:
            self.store.warm_up()
        except CCError as exc:  # a damaged index: say so now, not when the manager presses a key
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False, timeout=15)
        from .guides import load_guides

        if self._guides is None:
            library = load_guides(self._guides_dirs)
            if self._guides is None:
                self._guides = library

    # ---------------------------------------------------------------- garbage collection

    def freeze_gc(self) -> None:
        """What is alive now lives as long as the app (the home list, the search index): at the next pause, collect
        once, then freeze it (``gc.freeze``) so that later collections do not walk it again. See ``quiet_gc``."""
        self.quiet_gc.request_full(freeze=True)

    def forget_closed_screen(self) -> None:
        """A conversation screen closed: let its widgets go (two things in Textual 8 kept them alive: a style cache
        and the app's watcher lists; see ``textual_compat.forget_closed_widgets``).

        Measured with ``gc.get_objects()`` over ten conversations opened and closed: +20,700 objects each time before,
        ~+30 after (``tests/test_responsiveness.py``). The cache refills in a frame."""
        forget_closed_widgets(self)

    # ---------------------------------------------------------------- search

    def ensure_search_index(self) -> None:
        if self.search_index is None and not self._indexing:
            self._indexing = True
            self.run_worker(self._build_index, thread=True, group="search-index", exclusive=True)

    def _build_index(self) -> None:
        """Worker: build the index in a child process (see ``search_build``; in this thread only if that fails), then
        install it and replay the saves that happened meanwhile."""
        from .search import SearchIndex
        from .search_build import build_in_child

        with self._index_lock:
            self._index_changes = []  # saves from now on are replayed on the new index
        try:
            try:
                index = build_in_child(self.store.folder, started=self._index_child_started)
            except Exception:  # noqa: BLE001 - no child process here (or it failed): build in this thread
                if self._closing_down:
                    raise
                index = SearchIndex.build(self.store.folder)
        except Exception:  # noqa: BLE001 - search is a convenience: never take the app down for it
            with self._index_lock:
                self._index_changes = None
                self._indexing = False
            return
        finally:
            self._index_child = None
        with self._index_lock:
            for kind, payload in self._index_changes or []:
                self._update_index(index, kind, payload)
            self._index_changes = None
            self.search_index = index
            self._indexing = False
        self.freeze_gc()  # ~26 MB of index at 20,000 conversations: out of every later collection

    def _index_child_started(self, proc: Any) -> None:
        self._index_child = proc
        if self._closing_down:
            proc.kill()

    def _store_changed(self, kind: str, payload: Any) -> None:
        """Called by the store (on the saver thread, inside the store's lock) after a save: keep the search index
        current. A person's goals and items are read here, so the index lock is never held while waiting for the
        store's (the worker that installs a new index holds the index lock only)."""
        if self.search_index is None and self._index_changes is None:
            return
        try:
            if kind == "person":
                payload = (payload, self.store.goals(payload), self.store.actions(payload))
        except Exception:  # noqa: BLE001 - an index update must never fail a save
            return
        with self._index_lock:
            if self._index_changes is not None:
                self._index_changes.append((kind, payload))
                return
            index = self.search_index
            if index is not None:
                self._update_index(index, kind, payload)

    @staticmethod
    def _update_index(index: SearchIndex, kind: str, payload: Any) -> None:
        try:
            if kind == "conversation":
                index.update_conversation(payload)
            elif kind == "person":
                index.update_person(*payload)
        except Exception:  # noqa: BLE001 - an index update must never fail a save
            pass

    def names(self) -> dict[str, str]:
        return {e.id: e.name for e in self.store.employees(include_archived=True)}

    def action_search(self) -> None:
        from .screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def open_hit(self, hit: Any) -> None:
        self.open_history(hit.employee_ids[0], select=hit.conversation_id, field=hit.field, start=hit.start)

    # ---------------------------------------------------------------- history, read ahead

    def prefetch_history(self, employee_id: str) -> None:
        """Read a person's history in the background (the cursor rests on them at home), so that ``h`` shows it in
        its first frame instead of after a trip to the store."""
        cached = self._history_ahead
        if cached is not None and cached.employee_id == employee_id and cached.generation == self.store.generation:
            self._prefill_history(cached)  # read already: only (re)fill the hidden screen
            return
        self.run_worker(partial(self._read_history_ahead, employee_id), thread=True, group="history-ahead",
                        exclusive=True)

    def _read_history_ahead(self, employee_id: str) -> None:
        from .screens.history import load_history

        try:
            self._history_ahead = data = load_history(self.store, employee_id)
        except CCError:
            self._history_ahead = None  # the screen reads it again and says what is wrong
            return
        # the history screen, if it exists, is filled in now, while it is hidden and the manager is not typing
        self.call_from_thread(self._prefill_history, data)

    def _prefill_history(self, data: Any) -> None:
        if self.is_screen_installed("history") and self._history_ahead is data:
            self.get_screen("history").prefill(data)  # type: ignore[attr-defined]

    def prefetched_history(self, employee_id: str) -> Any:
        """The history read ahead for this person if nothing was saved since, else None."""
        cached = self._history_ahead
        if cached is not None and cached.employee_id == employee_id and cached.generation == self.store.generation:
            return cached
        return None

    def open_history(self, employee_id: str, **where: Any) -> None:
        """Push the one HistoryScreen, set to this person (``select``/``field``/``start``: a search hit)."""
        from .screens.history import HistoryScreen

        if not self.is_screen_installed("history"):
            self.install_screen(HistoryScreen(), "history")
        screen = self.get_screen("history")
        assert isinstance(screen, HistoryScreen)
        if screen in self.screen_stack:  # from a search opened on top of the history screen
            while self.screen is not screen:
                self.pop_screen()
            self.pop_screen()
        self.push_screen(screen.open_for(employee_id, **where))

    # ---------------------------------------------------------------- saving

    def register_flusher(self, flusher: Callable[[], None]) -> None:
        """A screen with unsaved edits registers a callable that submits them now (quit, signals, crash)."""
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

    def _save_failed(self, message: str) -> None:
        self.call_from_thread(self.notify, message, title="Not saved", severity="error", timeout=12, markup=False)

    def _save_recovered(self) -> None:
        self.call_from_thread(self.notify, "Saving works again; everything is on disk.", title="Saved", markup=False)

    async def action_quit(self) -> None:
        self.submit_edits()
        ok = await asyncio.to_thread(self.saver.flush, 10.0)
        if not ok:
            from .screens.dialogs import ConfirmScreen

            message = (
                f"{self.saver.last_error or 'Saving is not finished.'}\n\n"
                "Quit anyway and lose what is not saved, or stay and free some space?"
            )

            def decided(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self.exit(1)

            self.push_screen(ConfirmScreen(message, yes="Quit anyway", no="Stay"), decided)
            return
        self.exit(0)

    def _on_signal(self) -> None:
        """SIGTERM or SIGHUP (the terminal closed): save what was typed, then exit."""
        self.save_everything(5.0)
        self.exit(0)

    def crash_report(self, error: BaseException | None) -> list[Any]:
        """Never print local variables (they hold notes): one plain line, the details only with CC_TUI_DEBUG. Called
        after an unhandled exception (``textual_compat.QuietCrash``); what was typed is submitted first."""
        self.submit_edits()
        name = type(error).__name__ if error is not None else "error"
        report: list[Any] = [
            f"cc-tui stopped after an internal error ({name}). What you typed was saved; "
            "run with CC_TUI_DEBUG=1 to see details, and please report it."
        ]
        if os.environ.get("CC_TUI_DEBUG") and error is not None:
            from rich.traceback import Traceback

            report.append(
                Traceback.from_exception(type(error), error, error.__traceback__, show_locals=False, width=None)
            )
        return report

    # ---------------------------------------------------------------- command palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from binding_commands(screen)


def binding_commands(screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Every binding with a description that is reachable on ``screen`` becomes a palette command.

    A screen may add nodes whose bindings count even when focus is elsewhere (``command_nodes()``): the current
    stage's pane, for example.
    """
    seen: set[tuple[int, str]] = set()
    nodes: list[DOMNode] = [screen]
    extra = getattr(screen, "command_nodes", None)
    if callable(extra):
        nodes += list(extra())
    focused = screen.focused
    while focused is not None and focused is not screen:
        nodes.append(focused)
        focused = focused.parent  # type: ignore[assignment]
    app = screen.app

    def disabled(action: str, node: DOMNode) -> bool:
        """Textual's own check (as in ``App.run_action``), with public parts only: the action's namespace (``app.``,
        ``screen.``, ``focused.``; none: the node), then that node's ``check_action``. True: not a command."""
        try:
            namespace, name, parameters = actions.parse(action)
        except actions.ActionError:
            return True
        if not namespace:
            target: object = node
        elif namespace in ("app", "screen", "focused"):
            target = getattr(app, namespace, None)
        else:  # an unknown namespace (Textual raises ActionError when such a binding is pressed)
            return True
        if not isinstance(target, DOMNode):
            return True
        return target.check_action(name, parameters) is False

    for node in nodes:
        for binding in getattr(node, "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description or binding.action == "quit":
                continue
            key = (id(node), binding.action)
            if key in seen or disabled(binding.action, node):
                continue
            seen.add(key)
            keys = app.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({keys})",
                partial(app.run_action, binding.action, node),
            )


def make_app(store: Store, **kwargs: Any) -> CCApp:
    return CCApp(store, **kwargs)


def run_app(folder: Path, *, guides_dirs: Sequence[Path] = ()) -> int:
    """Open the store, run the app, and make sure everything typed is on disk before returning."""
    store = Store.open(folder)
    app = make_app(store, guides_dirs=guides_dirs)
    try:
        result = app.run()
    finally:
        ok = app.save_everything(10.0)
        app.saver.stop(2.0)
        store.close()
    if not ok:
        print(f"cc-tui: {app.saver.last_error or 'some changes could not be saved.'}", file=sys.stderr)
        return 1
    if app.return_code not in (0, None):
        return app.return_code or 1
    return int(result or 0)


__all__ = ["CCApp", "make_app", "run_app", "CCError"]
