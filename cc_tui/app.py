"""The Textual app: screens, bindings, the command palette, saving, signals."""

from __future__ import annotations

import asyncio
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import ModalScreen, Screen

from . import nav
from .basics import Clock, system_clock
from .config import DEFAULTS, ConfigWriteError, Loaded, Problem, Settings, save_theme
from .errors import CCError
from .key_line import KeyLine
from .palette import binding_commands
from .quiet_gc import QuietCollector
from .saver import Saver
from .screens.home import HomeScreen
from .services import Services
from .store import Store
from .terminal_watch import hung_up, watched_fd
from .textual_compat import (
    QuietCrash,
    forget_closed_widgets,
    install_focus_one_frame,
    install_quiet_layout_sizes,
    terminal_driver,
)
from .warm_imports import WarmImports
from .widgets.colours import with_app_colours
from .widgets.safe_output import ControlFilter
from .widgets.settle import hold_frames

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.widget import Widget

    from .guides import GuideLibrary
    from .screens.history import HistoryScreen
    from .search import SearchIndex


SIGNAL_DRAIN_S = 1.0  # on SIGTERM/SIGHUP, the keys already received get this long to reach their fields
# no key for this long: a step of the first conversation's imports (warm_imports.py). Short enough that a manager
# moving down the list a key every half second still leaves room for it (at 0.5 s, behind the collector's passes, the
# steps never came and the first open imported the conversation's modules itself: a ~25 ms stall inside it)
WARM_IMPORTS_AFTER_S = 0.2

# The screens after home are imported when first shown, not at the top: they import the pydantic models, the guides,
# search and export, ~0.35 s of imports on this 2-core machine that the first frame would wait for (the start-up
# budget is 1.25x a bare Textual app). Screens never import this module, so there is no import circle either way.
# Each one on its own: the history read ahead on home imported all four, the conversation's ~60 ms among them, in one
# step on the UI thread; the conversation's modules are imported in pauses instead (warm_imports.py).
class _Screens:
    def __getattr__(self, name: str) -> Any:
        return importlib.import_module(f"{__package__}.screens.{name}")


def _screens() -> Any:
    return _Screens()


# cc-tui's rules for every screen after home: added to the stylesheet in a pause on home, and in any case before another
# screen is shown (CCApp.load_screen_styles). Home's first frame parses only home.tcss (the ~300 lines here were ~7 ms
# of a start on the 2-core machine, #25)
SCREEN_STYLES = Path(__file__).resolve().with_name("screens.tcss")


def _search_provider() -> type[Any]:
    return _screens().search.SearchProvider  # type: ignore[no-any-return]


class CCApp(QuietCrash, App[int]):
    """cc-tui. Build it with :func:`make_app` so tests can inject a store, a clock and guides."""

    CSS_PATH = "home.tcss"  # and screens.tcss, see SCREEN_STYLES
    TITLE = "cc-tui"
    SUB_TITLE = "career conversations"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", tooltip="Save everything and quit"),
        Binding("f12", "share_safe", "Share-safe", priority=True, id="share_safe",
                tooltip="Share-safe view for a shared screen: private notes, style hints, unshared ratings and other "
                        "people hidden (leaving asks first)"),
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
        terminal_fd: int | None = None,
        share_safe: bool = False,
        settings: Settings | None = None,
        config: Loaded | None = None,
    ) -> None:
        super().__init__()
        install_quiet_layout_sizes()  # a layout's sizes ask for no second layout (see textual_compat)
        install_focus_one_frame()  # a focus move's restyled descendants are drawn in its frame (see textual_compat)
        # the settings file (``config``, read by the CLI) or settings given directly (tests); defaults otherwise
        self.config = config
        self.settings = settings if settings is not None else (config.settings if config is not None else DEFAULTS)
        from .dates import configure

        configure(week_start=self.settings.week_start, display_format=self.settings.date_format)
        self.quiet_gc = QuietCollector()
        self.warm_imports = WarmImports()  # the first conversation's modules, imported in pauses on home
        self._warmed_up = False  # the warm-up thread is done (its imports and ours must not wait on each other)
        self._read_ahead_waiting: nav.ReadAheadHistory | None = None  # asked for before the warm-up was done
        self.stall_watch: Any = None  # the meeting benchmark's stall log (CC_TUI_STALL_LOG), see on_mount
        self.key_line = KeyLine(self, self.pass_input_on)
        self.quit_by_user = False
        self._signalled: asyncio.Task[None] | None = None  # the save-and-exit a signal started
        self.saver = Saver(
            on_error=self._save_failed,
            on_recovered=self._save_recovered,
            retry_seconds=retry_seconds,
        )
        self.services = Services(store, clock=clock, saver=self.saver, guides=guides, guides_dirs=guides_dirs,
                                 autosave_delay=autosave_delay, export_dir=export_dir, gc=self.quiet_gc,
                                 settings=self.settings)
        self.store = store
        self.clock = clock
        self._index_delay = index_delay
        self._terminal_fd = terminal_fd  # watched for a hang-up that comes without SIGHUP (see terminal_watch)
        self.services.share_safe = share_safe or self.settings.share_safe_at_start
        # the class and the keys before home, the first screen, is composed: its first frame is already share-safe
        # and its key bar shows the keys in use
        if self.services.share_safe:
            self.add_class("-share-safe", update=False)
        self.keymap: dict[str, str] = {}  # the [keys] entries applied (binding id -> keys), for the palette's labels
        if self.settings.keys:
            from .keymap import usable_keymap

            self.keymap = usable_keymap(self.settings.keys, known_ids_only=False)
            self.set_keymap(self.keymap)
        self._saved_theme = self.settings.theme
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self._theme_told = False
        self._theme_lock = threading.Lock()

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and cc-tui's own colour names (``widgets/colours.py``), from the same theme."""
        variables = with_app_colours(super().get_css_variables())
        self.theme_variables = variables
        return variables

    # ---------------------------------------------------------------- what reaches the terminal

    _control_filter = ControlFilter()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and last :class:`ControlFilter`: no stored control character reaches the terminal,
        whichever widget draws it (see ``widgets/safe_output.py``)."""
        return [*super().get_line_filters(), self._control_filter]

    # ---------------------------------------------------------------- lifecycle

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; on Linux and macOS one whose Escape key (home, closing a dialog)
        arrives in ~15 ms, not 100-200 ms, and that saves and exits when its terminal closes, never hangs
        (``textual_compat.terminal_driver``)."""
        return terminal_driver(super().get_driver_class())

    @property
    def screen_styles_loaded(self) -> bool:
        return self.stylesheet.has_source(str(SCREEN_STYLES), "")

    def load_screen_styles(self) -> None:
        """Add screens.tcss to the stylesheet, once. Only that file is parsed here (the others are in the stylesheet's
        parse cache); no node is restyled: its rules are for screens home never shows (tests/test_start_styles.py)."""
        if self.screen_styles_loaded:
            return
        self.stylesheet.read(SCREEN_STYLES)
        self.stylesheet.parse()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Every screen but home is shown through here (dialogs, Textual's command palette): with its rules in."""
        self.load_screen_styles()
        return super().push_screen(screen, *args, **kwargs)

    def get_default_screen(self) -> Screen[Any]:
        """Home is the first screen on the stack (pushing it over Textual's empty default screen composed, styled and
        resumed a screen nobody sees before the first frame)."""
        return HomeScreen(self.services)

    def on_mount(self) -> None:
        # a bad settings file is said once, after the first frame (the key check imports every screen: ~0.35 s). The
        # timer starts once the first frame is drawn: on a slow machine a 0.1 s timer started here fired before it
        self.call_after_refresh(self.set_timer, 0.8 if self.settings.keys else 0.1, self._report_config)
        # the older garbage-collector generations run in the pauses between key presses, not inside them
        self.quiet_gc.start()
        self.set_interval(0.25, self._collect_in_pauses, name="quiet-gc")
        self.screen_change_signal.subscribe(self, lambda _screen: self.quiet_gc.busy(), immediate=True)
        from .stall_watch import from_environment

        self.stall_watch = from_environment()  # the meeting benchmark's loop-stall log (off unless asked for)
        if self.stall_watch is not None:
            self.stall_watch.start()
        # after the first frame: parse the guides in the background, so the first conversation opens without parsing
        # Markdown on the UI thread (only plain parsing there: importing Textual modules from a thread raced with the
        # home table's first layout and left its columns 4 cells wide)
        self.set_timer(0.5, lambda: self.run_worker(self._warm_up, thread=True, group="warm-up"))
        if self.store.unlocking:
            # the key after the first frame (home says it is unlocking meanwhile), then the rows
            self.call_after_refresh(self.store.begin_unlock)
            self.set_timer(0.5, self.store.begin_unlock)
        if self.store.unlocking or self.store.unlock_error is not None:
            # (an unlock that already failed before this frame closes the app too: it has nothing to show)
            self.run_worker(self._wait_unlocked, thread=True, group="unlock")
        if self._index_delay is not None:
            # the search index is built in the background once the home list is up (never at start-up)
            self.set_timer(self._index_delay, self.ensure_search_index)
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._on_signal)
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - not the main thread
            pass
        if self._terminal_fd is not None:
            self.set_interval(0.5, self._check_terminal, name="terminal-watch")

    # ---------------------------------------------------------------- settings

    def config_problems(self) -> list[Problem]:
        """What is wrong in the settings file: its own problems, the theme, and the [keys] table against the
        bindings (unknown ids, unknown key names, a key two bindings share)."""
        if self.config is None:
            return []
        from .keymap import keymap_problems, theme_problem

        problems = list(self.config.problems)
        theme = theme_problem(self.config)
        if theme is not None:
            problems.append(theme)
        return problems + keymap_problems(self.config)

    def _report_config(self) -> None:
        problems = self.config_problems()
        if not problems:
            return
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        self.notify(f"{problems[0]}{more}. cc-tui uses the defaults for these; 'cc-tui config check' lists every "
                    "problem.", title="Settings", severity="warning", timeout=20, markup=False)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen (ctrl+p → Change theme): kept in the settings file, off the UI thread."""
        if self.config is None or theme == self._saved_theme:
            return
        self._saved_theme = theme
        self.run_worker(partial(self._keep_theme, self.config.path, theme), thread=True, group="keep-theme",
                        exclusive=True)

    def _keep_theme(self, path: Path, theme: str) -> None:
        try:
            with self._theme_lock:  # two quick picks: the last one is what the file keeps
                if theme != self._saved_theme:
                    return
                save_theme(path, theme)
        except ConfigWriteError as exc:
            if not self._theme_told:  # said once: every later pick would fail the same way
                self._theme_told = True
                self.call_from_thread(self.notify, str(exc), title="Theme not kept", severity="warning",
                                      timeout=15, markup=False)

    def _check_terminal(self) -> None:
        if self._terminal_fd is not None and hung_up(self._terminal_fd):
            self._terminal_fd = None
            self._on_signal()  # the terminal went away without a SIGHUP: the same as one

    def on_unmount(self) -> None:
        if self.stall_watch is not None:
            self.stall_watch.stop()
        self.key_line.stop()
        from .dates import configure

        configure()  # back to the defaults: the settings' week start and date format held while the app ran
        self.quiet_gc.stop()
        self.services.search.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.quiet_gc.input_seen()
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.key_line.put(event)  # one at a time, in the order typed (see key_line)
            return
        await super().on_event(event)

    async def pass_input_on(self, event: events.Event) -> None:
        """Textual's own handling of a key or paste (the key line calls it when the key's turn comes)."""
        await super().on_event(event)

    @property
    def today(self) -> date:
        return self.clock().date()

    @property
    def guides(self) -> GuideLibrary:
        return self.services.guides

    def _wait_unlocked(self) -> None:
        """An encrypted folder that did not open (a wrong passphrase, another cc-tui using it): the app closes and
        ``run_app`` says why in one line."""
        if not self.store.wait_unlocked():
            # after a refresh: an unlock that failed before the first frame would otherwise close the app while
            # home is still being mounted (its header then asks for parts already gone)
            self.call_from_thread(self.call_after_refresh, self.exit, return_code=1)

    def _warm_up(self) -> None:
        """After the first frame: the pydantic models and the people (kept out of start-up), then the guides."""
        try:
            try:
                self.store.warm_up()
            except CCError as exc:  # a damaged index: say so now, not when the manager presses a key
                self.call_from_thread(self.notify, str(exc), severity="error", markup=False, timeout=15)
            self.services.load_guides()
        finally:
            self._warmed_up = True
            try:
                self.call_from_thread(self._after_warm_up)
            except RuntimeError:  # the app closed meanwhile
                pass

    def _after_warm_up(self) -> None:
        waiting, self._read_ahead_waiting = self._read_ahead_waiting, None
        if waiting is not None:
            self._read_ahead_history(waiting)
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_rows()  # (nothing unless the warm-up changed them: home numbers an older cc-tui wrote)

    # ---------------------------------------------------------------- garbage collection

    def _collect_in_pauses(self) -> None:
        if self.quiet_gc.idle_for() >= WARM_IMPORTS_AFTER_S and not self.screen_styles_loaded:
            self.load_screen_styles()  # the first pause on home: the other screens' rules (~7 ms), before any import
            return
        if (self._warmed_up and not self.warm_imports.done
                and self.quiet_gc.idle_for() >= WARM_IMPORTS_AFTER_S):
            # ~15 ms at most: imported here, not inside the first open (warm_imports.py). Before the collector's pass,
            # which waits a tick: passes come every few ticks while keys come, the imports are needed once, and soon
            self.warm_imports.step()
            return
        done = self.quiet_gc.tick()
        if done is not None and done.startswith("2") and self.stall_watch is not None:
            # the benchmark's objects count (a few ms), a moment later: it is the benchmark's work, not the pass's stall
            self.set_timer(0.02, partial(self.stall_watch.objects, self.screen.id or type(self.screen).__name__))

    def freeze_gc(self) -> None:
        """What is alive now lives as long as the app (the home list, the search index): at the next pause, collect
        once, then freeze it (``gc.freeze``) so that later collections do not walk it again. See ``quiet_gc``."""
        self.quiet_gc.request_full(freeze=True)

    def forget_closed_screen(self, widgets: Sequence[Widget] = ()) -> None:
        """A conversation screen closed: let its widgets go (two things in Textual 8 kept them alive: a style cache
        and the app's watcher lists; see ``textual_compat.forget_closed_widgets``), and empty their line caches, so
        that what they drew is freed now, not in the collector's pass that frees the screen.

        Measured with ``gc.get_objects()`` over ten conversations opened and closed: +20,700 objects each time before,
        ~+30 after (``tests/test_responsiveness.py``). The cache refills in a frame."""
        forget_closed_widgets(self, widgets)

    # ---------------------------------------------------------------- search

    @property
    def search_index(self) -> SearchIndex | None:
        return self.services.search.index

    def ensure_search_index(self) -> None:
        """Build the search index in the background unless it is built or being built."""
        if self.services.search.claim_build():
            self.run_worker(self._build_index, thread=True, group="search-index", exclusive=True)

    def _build_index(self) -> None:
        if self.services.search.build():
            self.freeze_gc()  # ~26 MB of index at 20,000 conversations: out of every later collection

    def names(self) -> dict[str, str]:
        return self.services.names()

    # ---------------------------------------------------------------- the share-safe view

    @property
    def share_safe(self) -> bool:
        return self.services.share_safe

    def action_share_safe(self) -> None:
        """F12: into the share-safe view at once; out of it only after a confirming key (a slip must not show notes
        on a shared screen)."""
        if not self.share_safe:
            self._set_share_safe(True)
            return
        from .dialogs.basic import ConfirmScreen

        def decided(leave: bool | None) -> None:
            if leave:
                self._set_share_safe(False)

        message = ("Leave the share-safe view? Private notes, style hints, ratings and other people will show again "
                   "on this screen.")
        self.push_screen(ConfirmScreen(message, yes="Leave", no="Stay safe", safe_default=True), decided)

    def _set_share_safe(self, on: bool) -> None:
        closed = typed = 0
        if on:
            self.clear_notifications()  # a notice may name someone (a kept form, a save): none stays on a shared screen
        if on:  # history, timeline, search and succession show what a shared screen must not: close them first. And
            # any dialog or the command palette, over whatever screen: a person's form (style hints, private notes),
            # succession, the palette's search results, the team picker (everyone's roles)
            while len(self.screen_stack) > 1 and (isinstance(self.screen, ModalScreen) or not all(
                    getattr(screen, "SHARE_SAFE", True) for screen in self.screen_stack[1:])):
                # a dialog with something typed in it keeps it (closed, not dismissed: neither saved nor dropped)
                typed += bool(getattr(self.screen, "holds_typing", False))
                self.pop_screen()
                closed += 1
        self.services.share_safe = on
        self.set_class(on, "-share-safe")
        for screen in self.screen_stack:
            changed = getattr(screen, "share_safe_changed", None)
            if changed is not None:
                changed()
        said = "Share-safe view: nothing private shows." if on else "Share-safe view off."
        if closed:
            said += " What was open over it is closed."
        if typed:
            said += " What you typed there is kept: it comes back when you open it again."
        self.notify(said, markup=False)

    def _not_while_sharing(self) -> bool:
        if self.share_safe:
            self.notify("Not in the share-safe view (F12 leaves it).", markup=False)
        return self.share_safe

    def action_show_keys(self) -> None:
        """? or F1 on home: every binding from the code, with the key in use (the list ``cc-tui keys`` prints)."""
        from .dialogs.keys_dialog import KeysScreen
        from .keymap import all_bindings
        from .text import one_line

        rows = []
        for info in all_bindings():
            current = self.keymap.get(info.id, info.key)
            shown = ", ".join(self.get_key_display(Binding(key.strip(), "")) for key in current.split(","))
            rows.append((info.id, shown, info.id in self.keymap, info.where, info.description))
        where = one_line(str(self.config.path), 200) if self.config is not None else "the config file"
        note = (f"Change a key in {where}, [keys] table: \"binding id\" = \"key\" (cc-tui config check tests it). "
                "ctrl+p lists every action too. Escape closes.")
        self.push_screen(KeysScreen(rows, note))

    def action_search(self) -> None:
        if self._not_while_sharing():
            return
        self.push_screen(_screens().search.SearchScreen(self.services))

    # ---------------------------------------------------------------- navigation: what screens ask for

    def _history_screen(self) -> HistoryScreen:
        """The one HistoryScreen (composing and styling a new screen cost more than the budget for showing it)."""
        if not self.is_screen_installed("history"):
            self.install_screen(_screens().history.HistoryScreen(self.services), "history")
        return self.get_screen("history")  # type: ignore[return-value]

    def open_history(self, employee_id: str, **where: Any) -> None:
        """Push the history screen, set to this person (``select``/``field``/``start``: a search hit)."""
        screen = self._history_screen()
        if screen in self.screen_stack:  # from a search opened on top of the history screen
            while self.screen is not screen:
                self.pop_screen()
            self.pop_screen()
        self.push_screen(screen.open_for(employee_id, **where))

    @on(nav.OpenHistory)
    def _open_history(self, message: nav.OpenHistory) -> None:
        if self._not_while_sharing():
            return
        self.open_history(message.employee_id, select=message.select, field=message.field, start=message.start)

    @on(nav.ReadAheadHistory)
    def _read_ahead_history(self, message: nav.ReadAheadHistory) -> None:
        if self.share_safe:
            return
        if not self._warmed_up:
            # after the warm-up: the history screen's module imports the models, which the warm-up thread is
            # importing; here that was a ~0.2 s stall of the UI thread soon after start (python -m benchmarks meeting)
            self._read_ahead_waiting = message
            return
        screen = self._history_screen()
        self.run_worker(partial(self._read_ahead, screen, message.employee_id), thread=True, group="history-ahead",
                        exclusive=True)

    def _read_ahead(self, screen: HistoryScreen, employee_id: str) -> None:
        data = screen.read_ahead(employee_id)
        if data is not None and self.is_running:  # filled in now, while it is hidden and the manager is not typing
            try:
                self.call_from_thread(screen.prefill, data)
            except RuntimeError:  # the app closed meanwhile
                pass

    @on(nav.OpenConversation)
    def _open_conversation(self, message: nav.OpenConversation) -> None:
        # its frames held from here until it is built and filled in: no frame of a half-built screen (widgets/settle.py)
        held = hold_frames(self, timeout=0.5)
        self.push_screen(_screens().conversation.ConversationScreen(self.services, message.conversation,
                                                                    data=message.data, frames_held=held))

    @on(nav.OpenTimeline)
    def _open_timeline(self, message: nav.OpenTimeline) -> None:
        if self._not_while_sharing():
            return
        self.push_screen(_screens().history.TimelineScreen(self.services, message.employee_id))

    @on(nav.OpenSearch)
    def _open_search(self, message: nav.OpenSearch) -> None:
        if self._not_while_sharing():
            return
        self.push_screen(_screens().search.SearchScreen(self.services, message.query))

    @on(nav.NeedSearchIndex)
    def _need_search_index(self, message: nav.NeedSearchIndex) -> None:
        self.ensure_search_index()

    @on(nav.OpenSuccession)
    def _open_succession(self, message: nav.OpenSuccession) -> None:
        if self._not_while_sharing():
            return
        self.push_screen(_screens().succession.SuccessionScreen(self.services))

    @on(nav.ScreenClosed)
    def _screen_closed(self, message: nav.ScreenClosed) -> None:
        self.set_timer(0.2, partial(self.forget_closed_screen, message.widgets))  # once its widgets are closed

    # ---------------------------------------------------------------- saving

    def submit_edits(self) -> None:
        self.services.submit_edits()

    def save_everything(self, timeout: float = 10.0) -> bool:
        return self.services.save_everything(timeout)

    def _save_failed(self, message: str) -> None:
        self.call_from_thread(self.notify, message, title="Not saved", severity="error", timeout=12, markup=False)

    def _save_recovered(self) -> None:
        self.call_from_thread(self.notify, "Saving works again; everything is on disk.", title="Saved", markup=False)

    async def action_quit(self) -> None:
        self.quit_by_user = True  # (not a signal or a closed terminal: the quit-time retention may run)
        self.submit_edits()
        ok = await asyncio.to_thread(self.saver.flush, 10.0)
        if not ok:
            from .dialogs.basic import ConfirmScreen

            unsaved = "; ".join(self.saver.unsaved()) or "the last changes"
            message = (
                f"{self.saver.last_error or 'Saving is not finished.'}\n\nNot saved yet: {unsaved}.\n\n"
                "Quit anyway and lose it, or stay and free some space?"
            )

            def decided(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self.exit(1)

            self.push_screen(ConfirmScreen(message, yes="Quit anyway", no="Stay", safe_default=True), decided)
            return
        self.exit(0)

    def _on_signal(self) -> None:
        """SIGTERM or SIGHUP (the terminal closed): the keys already received reach their fields (at most
        SIGNAL_DRAIN_S), then everything typed is saved and the app exits."""
        if self._signalled is not None:
            return
        self._signalled = asyncio.get_running_loop().create_task(self._save_and_exit())

    async def _save_and_exit(self) -> None:
        try:
            await self.key_line.drain(SIGNAL_DRAIN_S)
        finally:
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
        """Textual's commands but three, then every binding's. Not Textual's "Keys" (its help for the focused widget:
        cc-tui's own "Keys" lists every key of the app), nor "Screenshot" (an image of the screen, names and private
        notes in it, saved readable by everyone into ~/Downloads), nor its "Quit" (the app's, with its key, is
        listed with the app's other keys)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Screenshot", "Quit"):  # Quit: the app's own (it saves), with its key
                yield command
        yield from binding_commands(screen)


def retain(store: Store, settings: Any, clock: Any) -> None:
    """The settings' [retention] rules, applied when the manager quits (everything saved, nothing open, no other
    writer: the purge never races an edit). One line on stderr says what went; a failure never loses the quit."""
    from .store.retention import apply_retention, plan_retention

    rules = settings.retention
    months = {"private_notes_months": rules.private_notes_months, "conversations_months": rules.conversations_months,
              "archived_people_months": rules.archived_people_months}
    if all(value is None for value in months.values()):
        return
    try:
        plan = plan_retention(store, clock(), **months)
        if not plan.empty:
            apply_retention(store, plan)
            print(f"cc-tui: retention (config.toml): removed {plan.summary()}.", file=sys.stderr)
    except CCError as exc:
        print(f"cc-tui: retention not applied: {exc}", file=sys.stderr)


def make_app(store: Store, **kwargs: Any) -> CCApp:
    return CCApp(store, **kwargs)


def run_app(folder: Path, *, guides_dirs: Sequence[Path] = (), share_safe: bool = False,
            config: Loaded | None = None, unlock: Any = None) -> int:
    """Open the store, run the app, and make sure everything typed is on disk before returning. ``unlock``: the
    folder is encrypted and this gets its cipher, in the background while the first frame is drawn (home says it
    is unlocking); if it fails, the app closes and the error is raised here (one line)."""
    store = Store.open(folder) if unlock is None else Store.open_unlocking(folder, unlock, start=False)
    app = make_app(store, guides_dirs=guides_dirs, terminal_fd=watched_fd(), share_safe=share_safe, config=config)
    try:
        result = app.run()
    finally:
        ok = app.save_everything(10.0)
        lost = "" if ok else app.saver.lost_message()
        app.saver.stop(2.0)
        if ok and app.quit_by_user and store.is_open:
            retain(store, app.settings, app.services.clock)
        store.close()
    if store.unlock_error is not None:
        raise store.unlock_error
    if not ok:
        print(f"cc-tui: {lost}", file=sys.stderr)
        return 1
    if app.return_code not in (0, None):
        return app.return_code or 1
    return int(result or 0)


__all__ = ["CCApp", "make_app", "run_app", "CCError"]
