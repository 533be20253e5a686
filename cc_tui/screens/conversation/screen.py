"""The live conversation: the stage bar, the five stage panes, the guide or a past conversation beside them, the key
bar. The screen composes the parts, moves between stages, keeps the clocks ticking and arms the autosave timer; what
each stage shows and does is in its pane, and every record change goes through the session (``cc_tui.session``).

Only the stage the conversation opens at is composed with the screen (a Prep pane is 30 of the screen's 81 widgets,
a Discussion pane 11): the other four are built one at a time in the pauses after it opened (hidden, one a pause, so a
key is never held up by them), and a stage asked for before its turn is built there and then, before the switch and
before any key after it is read."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, TextArea

from ...dates import show
from ...dialogs.basic import ConfirmScreen, PickScreen, PromptScreen
from ...dialogs.draft import DraftValues
from ...dialogs.export_dialog import ExportDialog
from ...dialogs.forms import SuccessionForm
from ...errors import UserError
from ...flow import next_stage
from ...models import Conversation, Employee, Owner, QuoteTag, Readiness, Stage
from ...nav import ScreenClosed
from ...services import Services
from ...session import Loaded
from ...text import counted, one_line
from ...textual_compat import PaintedOnce, StyledOnce
from ...widgets.guide_panel import GuidePanel
from ...widgets.keybar import KeyBar
from ...widgets.settle import paint_when_settled, release_when_settled
from ...widgets.share_safe import ShareSafeBanner, apply_share_safe
from ...widgets.stage_bar import StageBar
from ...widgets.stage_switcher import StageSwitcher
from ...widgets.worker_errors import report_errors
from .actions import ActionsPane
from .common import ItemsChanged, StagePane, draft_keeper
from .discussion import DiscussionPane
from .goals import GoalsPane
from .prep import PrepPane
from .side import SidePanel
from .team import TeamDiscussionPane, TeamGoalsPane, TeamPrepPane
from .wrapup import WrapupPane

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from ...guides import Guide

NARROW = 100  # columns under which the guide gives the stage its room
BUILD_AFTER_IDLE = 0.3  # seconds without a key (or the screen at work) before the next hidden pane is built
COMPACT_BAR = 150  # the full stage bar ("F1 Prep › …", the stage clock, the talk meter) needs ~150 columns


TOGGLE_PAIRS = frozenset({"focus_guide", "focus_notes", "toggle_past", "close_past", "toggle_guide", "show_guide",
                          "past_width"})


PANES: dict[Stage, type[StagePane]] = {Stage.PREP: PrepPane, Stage.DISCUSSION: DiscussionPane, Stage.GOALS: GoalsPane,
                                       Stage.ACTIONS: ActionsPane, Stage.WRAPUP: WrapupPane}
TEAM_PANES: dict[Stage, type[StagePane]] = {Stage.PREP: TeamPrepPane, Stage.DISCUSSION: TeamDiscussionPane,
                                            Stage.GOALS: TeamGoalsPane}
STAGES = list(Stage)


class ConversationScreen(PaintedOnce, StyledOnce, Screen[None]):
    # no automatic focus: it fell on the first stage pane (restyling its ~30 widgets as it took the focus and again as
    # it gave it up a moment later); populate() focuses what the stage starts at
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("f1", "stage('prep')", "Stages", id="stage.prep", key_display="F1-F5",
                tooltip="Go to Prep (F1), Discussion (F2), Goals (F3), Actions (F4), Wrap-up (F5)"),
        Binding("f2", "stage('discussion')", "Discussion", id="stage.discussion", show=False),
        Binding("f3", "stage('goals')", "Goals", id="stage.goals", show=False),
        Binding("f4", "stage('actions')", "Actions", id="stage.actions", show=False),
        Binding("f5", "stage('wrapup')", "Wrap-up", id="stage.wrapup", show=False),
        Binding("ctrl+n", "step(1)", "Next stage", id="stage.next", show=False),
        # a toggle's label says what pressing it does now: each is a pair on one key, check_action keeps one of them
        Binding("f6", "focus_guide", "Questions", id="conv.focus_guide", priority=True,
                tooltip="Move to the guide's questions (space ticks one as asked)"),
        Binding("f6", "focus_notes", "Back to notes", id="conv.focus_notes", priority=True,
                tooltip="Back from the guide's questions to the notes"),
        Binding("f7", "toggle_past", "Past", id="conv.past", priority=True,
                tooltip="Split the screen: a past conversation beside this one"),
        Binding("f7", "close_past", "Close past", id="conv.close_past", priority=True,
                tooltip="Close the past conversation beside this one"),
        Binding("shift+f7", "past_width", "Past width", id="conv.past_width", priority=True,
                tooltip="Give the past conversation a half, two thirds or a third of the screen"),
        Binding("ctrl+o", "pick_past", "Other past", id="conv.pick_past", show=False,
                tooltip="Choose which past conversation the split view shows"),
        Binding("f8", "toggle_speaker", "Who speaks", id="conv.speaker", priority=True,
                tooltip="Talk-time meter: employee → manager → pause (only timings are kept)"),
        Binding("ctrl+r", "quote", "Quote", id="conv.quote",
                tooltip="Save the selected text, or a line you type, as a verbatim quote"),
        Binding("f9", "succession", "Succession", id="conv.succession", priority=True, show=False,
                tooltip="High-potential flag and readiness for a named role"),
        Binding("ctrl+g", "choose_guide", "Guide", id="conv.guide", tooltip="Choose the guide for this stage"),
        Binding("ctrl+l", "app.search", "Search", id="conv.search", show=False,
                tooltip="Search every conversation (this one stays open)"),
        Binding("ctrl+t", "toggle_guide", "Hide guide", id="conv.toggle_guide", tooltip="Hide the guide panel"),
        Binding("ctrl+t", "show_guide", "Show guide", id="conv.show_guide", tooltip="Show the guide panel"),
        Binding("ctrl+s", "save_now", "Save", id="conv.save", show=False, tooltip="Save now (autosave is on)"),
        Binding("f10", "export", "Export", id="conv.export", priority=True,
                tooltip="Export the action items (Markdown, CSV, JSON, iCalendar) or copy them as Markdown"),
        Binding("ctrl+f", "finish", "Finish", id="conv.finish", tooltip="Finish the conversation (in Wrap-up)"),
        Binding("escape", "leave", "Home", id="conv.home", tooltip="Back to the home list (everything is saved)"),
    ]

    def __init__(self, services: Services, conversation: Conversation, *, data: Loaded | None = None,
                 frames_held: Callable[[], None] | None = None) -> None:
        super().__init__(id="conversation")
        self._read_already = data  # read by whoever opened it: shown in the first frame, no loader
        self._frames_held = frames_held  # the app's frames, held since the push (see widgets/settle.py)
        # the first frame waits until the screen is built and filled in, and its widgets have answered its first
        # layout (see widgets/settle.py): one frame for the open, not one and then another with their answers
        self._hold_reasons = {"built", "laid out"}
        self.services = services
        self.session = services.session(conversation)
        self.session.schedule = self._save_soon
        self._save_timer: Timer | None = None
        self._narrow = False
        self._overrun_told: set[Stage] = set()  # stages already told they ran past their share
        self._stage_seconds_came: dict[Stage, float] = {}  # each stage's seconds when this visit first showed it
        # the panes: the stage it opens at is composed, the others are built after the first frame (see the docstring)
        self._building: dict[Stage, asyncio.Future[None]] = {}
        self._builder: Timer | None = None
        self._closing_widgets: tuple[Widget, ...] = ()  # captured by dismiss, for ScreenClosed
        self.typed_drafts: dict[str, DraftValues] = {}  # what its dialogs were last given (see dialogs/draft.py)

    # the records, for tests and tools that look at the screen
    @property
    def conv(self) -> Conversation:
        return self.session.conv

    @property
    def data(self) -> Loaded:
        return self.session.data

    # ---------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        session = self.session
        yield Header()
        yield ShareSafeBanner()
        yield StageBar(id="stage-bar")
        with Horizontal(id="body"):
            with StageSwitcher(id="stages", initial=session.conv.stage.value):
                yield self._new_pane(session.conv.stage)
            self._side = SidePanel(session, id="side")
            yield self._side
        yield KeyBar()

    def _new_pane(self, stage: Stage) -> StagePane:
        session = self.session
        if session.is_team and stage in TEAM_PANES:  # the group's own stages: nothing individual on a shared screen
            return TEAM_PANES[stage](session, id=stage.value)
        if stage is Stage.PREP:
            return PrepPane(session, id=stage.value, export_dir=self.services.export_dir)
        return PANES[stage](session, id=stage.value)

    def pane(self, stage: Stage | None = None) -> StagePane:
        """The pane of ``stage`` (the current one by default); it must be built (``build_pane``)."""
        return self.query_one(f"#{(stage or self.session.conv.stage).value}", StagePane)

    @property
    def panes(self) -> list[StagePane]:
        """The panes built and filled so far, in stage order (one still being built is not among them)."""
        return [pane for pane in self.query_one("#stages").query_children(StagePane)
                if (building := self._building.get(pane.stage)) is not None and building.done()]

    async def build_pane(self, stage: Stage) -> StagePane:
        """The pane of ``stage``, built (hidden, shared-safe if the screen is, filled if the records are in) if it
        was not yet; built once, whoever asks first."""
        if stage not in self._building:
            self._building[stage] = asyncio.ensure_future(self._build(stage))
        await self._building[stage]
        return self.pane(stage)

    async def _build(self, stage: Stage) -> None:
        pane = self._new_pane(stage)
        switcher = self.query_one("#stages", StageSwitcher)
        later = [p for p in switcher.query_children(StagePane) if STAGES.index(p.stage) > STAGES.index(stage)]
        await switcher.mount_hidden(pane, before=later[0] if later else None)
        apply_share_safe(pane, self.services.share_safe)  # hidden still: shown only once it is shared-safe
        if self.session.loaded:
            pane.fill()
        self.services.gc.busy()  # a collection waits for the next pause, as after a key

    async def build_all(self) -> None:
        """Every pane built now (what asks every pane, such as the drafts, and the tests)."""
        for stage in Stage:
            await self.build_pane(stage)

    async def _build_in_pause(self) -> None:
        """In a pause (no key for a moment, nothing else at work): one hidden pane, the stage after this one first."""
        if self.services.gc.idle_for() < BUILD_AFTER_IDLE:
            return
        start = STAGES.index(self.session.conv.stage)
        waiting = [s for s in STAGES[start + 1:] + STAGES[:start] if s not in self._building]
        if not waiting:
            if self._builder is not None:
                self._builder.stop()
                self._builder = None
            return
        await self.build_pane(waiting[0])

    @property
    def side(self) -> SidePanel:
        return self.query_one(SidePanel)

    def on_mount(self) -> None:
        self.query_one(StageBar).warn_overrun = self.services.settings.timebox_warnings
        self.side.share_safe = self.services.share_safe
        apply_share_safe(self, self.services.share_safe)
        self.services.register_flusher(self.session.submit_dirty)
        self.services.gc.hold()  # never frozen: its widgets must be collectable once it closes
        self.session.start_clock()
        self.set_interval(1.0, self._tick)
        composed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        composed.set_result(None)
        self._building[self.session.conv.stage] = composed  # composed with the screen
        self._enter_stage(self.session.conv.stage, first=True)
        if self._read_already is not None:
            data, self._read_already = self._read_already, None
            self.populate(data)
        else:
            self.load()
        if self._frames_held is not None:  # built (and filled in, if it could be): the first frame may come
            release_when_settled([self, *self.query("*").results(Widget)], self._built)
        self._builder = self.set_interval(0.1, self._build_in_pause, name="build-panes")  # the other panes, in pauses

    def _built(self) -> None:
        self._hold_reasons.discard("built")
        self._release_first_frame()

    def on_screen_resume(self) -> None:
        if self._frames_held is not None and "laid out" in self._hold_reasons:
            self.call_later(self._laid_out)  # after Textual's own handler: the first layout is done

    def _laid_out(self) -> None:
        def settled() -> None:
            self._hold_reasons.discard("laid out")
            self._release_first_frame()
        # the app too: the push's own layout request and the header's title (an async watcher) wait in its queue
        release_when_settled([self, *self.query("*").results(Widget)], settled, queued=True, also=[self.app])

    def _release_first_frame(self) -> None:
        if not self._hold_reasons and self._frames_held is not None:
            release, self._frames_held = self._frames_held, None
            release()

    def on_unmount(self) -> None:
        self.session.submit_dirty()  # whatever ends the screen (quit, crash, signal) never drops typed text
        for building in self._building.values():  # a pane still being built is not waited for
            building.cancel()
        self.services.unregister_flusher(self.session.submit_dirty)
        # to the app (this screen is closing and takes no messages): let go of what Textual still holds of its widgets
        self.app.post_message(ScreenClosed(self._closing_widgets))
        self._closing_widgets = ()
        self.services.gc.release()  # a full collection at the next pause frees this screen

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.query_one(StageBar).compact = event.size.width < COMPACT_BAR
        if narrow != self._narrow:
            self._narrow = narrow
            self.side.guide_hidden = narrow
            self.side.lay_out()
            if self.is_mounted:
                self._keys_changed()

    @work(thread=True, exclusive=True, group="conversation-load")
    @report_errors
    def load(self) -> None:
        self.app.call_from_thread(self.populate, self.session.read())

    def populate(self, data: Loaded) -> None:
        session = self.session
        self.services.gc.busy()  # filling ~80 widgets: no collection until the next pause
        session.populate(data)
        names = ", ".join(p.name for p in data.people.values())
        self.title = one_line(names, 80)
        self.sub_title = "Team session — group view" if session.is_team else "Career conversation"
        for pane in self.panes:
            pane.fill()
        # the guide shown before the load did not know yet whether this is a first conversation
        guide = self.current_guide()
        self._show_timebox(guide)
        self.side.show_guide(guide)
        self._focus_stage()
        if data.drafts_problem:
            self.notify(data.drafts_problem, title="Drafts", severity="warning", markup=False, timeout=15)
        if data.drafts:
            self.call_later(self._offer_drafts, data)

    async def _offer_drafts(self, data: Loaded) -> None:
        """Dialogs that were open, with their text, when cc-tui last stopped (killed, the terminal closed): open
        again as they were (each pane is asked, so all are built first). A draft whose record is gone is dropped."""
        await self.build_all()
        for kind, values in list(data.drafts.items()):
            if kind == "quote:new":
                self.action_quote(restored=values)
            elif kind.startswith("succession:") and kind.partition(":")[2] in self.session.data.people:
                self._edit_succession(self.session.data.people[kind.partition(":")[2]], values)
            elif not any(pane.offer_draft(kind, values) for pane in self.panes):
                self.session.keep_draft(kind, None)

    # ---------------------------------------------------------------- saving

    def _save_soon(self, delay: float) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(delay, self._save_due)

    def _save_due(self) -> None:
        self._save_timer = None
        self.session.submit_dirty()

    def action_save_now(self) -> None:
        self.session.save_all()
        self.notify("Saved.", timeout=2)

    @on(ItemsChanged)
    def _items_changed(self, event: ItemsChanged) -> None:
        self.title = one_line(", ".join(self.session.names().values()), 80)  # a team's attendees may have changed
        for pane in self.panes:
            if pane is not event.shown:
                pane.refresh_items()

    # ---------------------------------------------------------------- stages & the clocks

    def _tick(self) -> None:
        bar = self.query_one(StageBar)
        reading = self.session.talk_reading()
        bar.extra = reading.text
        bar.extra_warning = reading.warning
        if reading.nudge:
            self.notify(f"You have talked more than {self.services.settings.talk_time_threshold}% of the time: "
                        "ask, then listen.", title="Let them lead",
                        severity="warning", markup=False)
        bar.stage_seconds, bar.total_seconds = self.session.stage_clock()
        self._tell_overrun()

    def _show_timebox(self, guide: Guide | None) -> None:
        """The meeting's minutes per stage (from the discussion's guide) on the stage bar; this stage's share is its
        suggested length (a stage guide's own minutes when no plan is known)."""
        bar = self.query_one(StageBar)
        plan = self.session.meeting_plan(self.services.guides) if self.session.loaded else {}
        bar.plan = tuple(plan.get(stage, 0) for stage in Stage) if plan else ()
        stage = self.session.conv.stage
        bar.suggested_minutes = (plan.get(stage) or None) if plan else (guide.minutes if guide else None)

    def _tell_overrun(self) -> None:
        """Once per stage, gently: this stage has run past its share of the meeting, in front of the manager. A stage
        already over its time when the conversation was opened (continued on another day) is not told: the stage bar
        says "over time", and a toast about a past meeting followed the manager home (Textual moves toasts to the
        screen shown next), drawn there a frame after home."""
        bar = self.query_one(StageBar)
        stage = self.session.conv.stage
        came_at = self._stage_seconds_came.setdefault(stage, bar.stage_seconds)  # when this visit first showed it
        if (bar.over_time and came_at <= (bar.suggested_minutes or 0) * 60 and stage not in self._overrun_told
                and self.services.settings.timebox_warnings):
            self._overrun_told.add(stage)
            self.notify(f"{stage.label} has run past its {bar.suggested_minutes} minutes. Move on when it suits "
                        "them; the rest of the meeting can give a little.", title="Time", markup=False, timeout=6)

    def action_toggle_speaker(self) -> None:
        self.session.toggle_speaker()
        self._tick()

    async def action_stage(self, stage: str) -> None:
        await self.go_to(Stage(stage))

    async def action_step(self, step: int) -> None:
        await self.go_to(next_stage(self.session.conv.stage, step))

    async def go_to(self, stage: Stage) -> None:
        await self.build_pane(stage)  # not built yet: built now, before the switch and before the next key is read
        if not self.session.go_to(stage):
            self._focus_stage()
            return
        blurred = self.focused
        with self.app.batch_update():  # one frame for the switch, the focus move and the new bindings
            self._enter_stage(stage)
            # ... and not a late one for the widgets whose repaint request comes after that frame has begun
            pane = self.pane(stage)
            paint_when_settled([pane, *pane.query("*").results(Widget), *self.query_one(GuidePanel).query("*"),
                                self.query_one(StageBar), self.query_one(KeyBar),
                                *([blurred] if blurred is not None else [])])

    def _enter_stage(self, stage: Stage, *, first: bool = False) -> None:
        self.query_one("#stages", ContentSwitcher).current = stage.value
        bar = self.query_one(StageBar)
        bar.stage = stage
        guide = self.current_guide()
        self._show_timebox(guide)
        self.side.show_guide(guide)
        self._tick()
        if stage is Stage.WRAPUP and self.session.loaded:
            self.query_one(WrapupPane).refresh_preview()
        if not first:
            self._focus_stage()
        self.refresh_bindings()
        self.query_one(KeyBar).sync()

    def _focus_stage(self) -> None:
        # set_focus, not widget.focus(): the focus moves now, inside the stage switch's batch, so the key bar and the
        # focus styles are drawn in the switch's one frame instead of in a frame of their own after it
        pane = self.pane()
        self.set_focus(pane.query_one(pane.focus_target()))

    def command_nodes(self) -> Iterable[DOMNode]:
        """The current stage's pane: its bindings count in the command palette wherever the focus is."""
        yield self.pane()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish":
            return True if self.session.conv.stage is Stage.WRAPUP and not self.session.conv.finished else None
        if action == "succession" and (self.session.is_team or self.services.share_safe):
            return False  # succession readiness is never on a shared screen, nor in front of the group
        if action in TOGGLE_PAIRS:
            # asked for every binding at every refresh of the key bar: attributes only, no query
            side = getattr(self, "_side", None)
            if side is None or not side.is_mounted:  # before the screen is composed: the first of each pair
                return action in ("focus_guide", "toggle_past", "toggle_guide")
            in_guide = self.focused is not None and self.focused is side.guide_list
            return {"focus_guide": not in_guide, "focus_notes": in_guide,
                    "toggle_past": not side.showing_past, "close_past": side.showing_past,
                    "toggle_guide": not side.guide_hidden, "show_guide": side.guide_hidden,
                    "past_width": side.showing_past}[action]
        return True

    # ---------------------------------------------------------------- the side: guide or past conversation

    def current_guide(self) -> Guide | None:
        return self.session.current_guide(self.services.guides)

    def share_safe_changed(self) -> None:
        """F12: the stylesheet hides what is private; the split view is made again without it; keys follow."""
        self.side.share_safe = self.services.share_safe
        apply_share_safe(self, self.services.share_safe)
        self.side.refresh_past()
        for pane in self.query(DiscussionPane):
            pane.show_ratings_class()
        self.refresh_bindings()
        self.query_one(KeyBar).sync()

    def action_choose_guide(self) -> None:
        library = self.services.guides
        stage = self.session.conv.stage
        fitting = library.for_stage(stage.value)
        others = [g for g in library.guides.values() if g not in fitting]
        choices = [(f"{g.title}  ({g.minutes or '?'} min)", g.id) for g in fitting]
        choices += [(f"{g.title}  (for {', '.join(g.stages)})", g.id) for g in sorted(others, key=lambda g: g.title)]
        current = self.current_guide()
        index = next((i for i, (_, gid) in enumerate(choices) if current and gid == current.id), 0)

        def chosen(guide_id: str | None) -> None:
            if guide_id is None:
                return
            self.session.choose_guide(guide_id)
            guide = self.current_guide()
            self._show_timebox(guide)
            self.side.show_guide(guide)

        self.app.push_screen(PickScreen(f"Guide for {stage.label}", choices, highlighted=index), chosen)

    def action_toggle_guide(self) -> None:
        self.side.toggle_guide()
        if self.side.guide_hidden:
            self._focus_stage()
        self._keys_changed()

    def action_show_guide(self) -> None:
        self.action_toggle_guide()

    def action_focus_guide(self) -> None:
        if self.side.guide_panel.option_list.has_focus:
            self._focus_stage()
        else:
            self.side.focus_guide()
        self._keys_changed()

    def action_focus_notes(self) -> None:
        self.action_focus_guide()

    def _keys_changed(self) -> None:
        """A toggle changed what its key does next: the key bar says so in this frame."""
        self.refresh_bindings()
        self.query_one(KeyBar).sync()

    @on(GuidePanel.QuestionToggled)
    def _question_toggled(self, event: GuidePanel.QuestionToggled) -> None:
        self.session.set_question(event.guide_id, event.question.id, event.question.text, event.asked)

    def action_toggle_past(self) -> None:
        in_guide = self.side.guide_panel.option_list.has_focus
        if not self.side.toggle_past() or in_guide:
            self._focus_stage()  # (opened from the guide's questions, which it hides: the keys go to the notes)
        self._keys_changed()

    def action_close_past(self) -> None:
        self.action_toggle_past()

    def action_past_width(self) -> None:
        share = self.side.cycle_past_width()
        self.notify(f"The past conversation takes {share}% of the width (shift+F7 changes it).", timeout=2,
                    markup=False)

    def action_pick_past(self) -> None:
        self.side.pick_past()

    # ---------------------------------------------------------------- quotes & succession

    def action_quote(self, restored: DraftValues | None = None) -> None:
        focused = self.focused
        selected = focused.selected_text if isinstance(focused, TextArea) and restored is None else ""

        def saved(text: str, tag: QuoteTag, who: str) -> None:
            if isinstance(focused, TextArea) and selected:
                focused.move_cursor(focused.selection.end)  # the quote is taken: drop the selection
            self.session.add_quote(text, tag, who or None)
            whose = f" ({one_line(self.session.person_name(who), 40)})" if who else ""
            self.notify(f"Quote saved as {tag.value}{whose}.", markup=False)

        def tagged(tag: QuoteTag | None, text: str) -> None:
            if tag is None:
                return
            if not self.session.is_team:
                saved(text, tag, "")
                return
            # a team session: whose words (they start that person's next one to one), or the group's
            names = [(self.session.person_name(e), e) for e in self.session.conv.employee_ids]
            self.app.push_screen(PickScreen("Who said it?", [*names, ("The group", "")]),
                                 lambda who: None if who is None else saved(text, tag, who))

        def got_text(text: str | None) -> None:
            if not text:
                return
            self.app.push_screen(
                PickScreen(f"Tag “{one_line(text, 60)}”", [(t.value.capitalize(), t) for t in QuoteTag]),
                lambda tag: tagged(tag, text),
            )

        if selected.strip():
            got_text(selected.strip())
            return

        def parse(value: str) -> str:
            if not value.strip():
                raise UserError("Type their words, or escape to cancel.")
            return value.strip()

        prompt = PromptScreen("Their words, verbatim:", parse=parse)
        self.app.push_screen(prompt.keeping_draft(draft_keeper(self, self.session, "quote:new"), restored), got_text)

    def action_succession(self) -> None:
        if not self.session.loaded:
            return
        people = list(self.session.data.people.values())

        def edit(person: Employee | None) -> None:
            if person is not None:
                self._edit_succession(person)

        if len(people) == 1:
            edit(people[0])
        else:
            self.app.push_screen(PickScreen("Succession for whom?", [(p.name, p) for p in people]), edit)

    def _edit_succession(self, person: Employee, restored: DraftValues | None = None) -> None:
        """The succession form, kept as a draft while it is open (a kill or a closed terminal loses nothing typed)."""

        def saved(result: tuple[bool, str, Readiness | None] | None) -> None:
            if result is None:
                return
            self.session.set_succession(person, *result)
            self.notify(f"Succession updated for {one_line(person.name, 60)}.", markup=False)

        form = SuccessionForm(person).keeping_draft(draft_keeper(self, self.session, f"succession:{person.id}"),
                                                    restored)
        self.app.push_screen(form, saved)

    # ---------------------------------------------------------------- leave, export, finish

    def dismiss(self, result: Any = None) -> AwaitComplete:
        # the widgets, for the app to empty their line caches once closed (ScreenClosed): Textual detaches them as
        # the screen closes, and what they drew is then freed by the collector in one long pass
        self._closing_widgets = tuple(self.walk_children(Widget, with_self=True))
        return super().dismiss(result)

    def action_leave(self) -> None:
        self.session.save_all()
        self.dismiss()

    def action_export(self) -> None:
        if not self.session.loaded:
            return
        self.session.submit_dirty()

        async def done(path: str | None) -> None:
            if path:
                wrapup = await self.build_pane(Stage.WRAPUP)
                assert isinstance(wrapup, WrapupPane)
                wrapup.show_export(path)

        self.app.push_screen(ExportDialog(self.session.export_bundle(), default_dir=self.services.export_dir), done)

    def action_finish(self) -> None:
        wrapup = self.query_one(WrapupPane)
        try:
            day = wrapup.read_next_date()
        except UserError:
            self.query_one("#next-date").focus()
            return
        open_mine = [a for a in self.session.action_rows() if a.is_open and a.owner is Owner.MANAGER]
        message = "Finish this conversation?"
        if day:
            message += f" The next one is set for {show(day)}."
        if open_mine:
            message += f" You owe {counted(len(open_mine), 'item')}."

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.session.finish(day)
            except UserError as exc:
                wrapup.show_note(str(exc), bad=True)
                return
            self.app.notify("Conversation finished and saved.", markup=False)
            self.dismiss()

        self.app.push_screen(ConfirmScreen(message, yes="Finish", no="Not yet"), confirmed)
