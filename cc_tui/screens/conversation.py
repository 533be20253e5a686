"""The live conversation: Prep · Discussion · Goals · Actions · Wrap-up, the guide beside the notes, autosave."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, ContentSwitcher, Header, Input, Label, OptionList, Static, TextArea

from ..dates import parse_due
from ..errors import CCError, UserError
from ..history import LABELS as PREP_LABELS
from ..history import conversation_document
from ..flow import CarryOver, apply_finish, apply_status_update, carry_over, default_next_date, next_stage, set_motivation, shared_summary
from ..models import (
    EMPLOYEE_PREP_TOPICS,
    MANAGER_PREP_TOPICS,
    ActionItem,
    ActionStatus,
    Conversation,
    ConversationKind,
    Employee,
    Goal,
    GoalStatus,
    Owner,
    QuestionAsked,
    Quote,
    QuoteTag,
    Readiness,
    Speaker,
    Stage,
    SuccessionEntry,
)
from ..text import one_line
from ..widgets.guide_panel import GuidePanel
from ..widgets.keybar import KeyBar
from ..widgets.motivations import MotivationTable
from ..widgets.row_table import Column, RowTable, table_with_header
from ..widgets.safe_text_area import SafeTextArea
from ..widgets.settle import paint_when_settled
from ..widgets.stage_bar import StageBar
from .dialogs import ConfirmScreen, PickScreen, PromptScreen
from .history import DocumentView, summary_label
from .fmt import due_text
from .forms import ActionForm, GoalForm, SuccessionForm

if TYPE_CHECKING:
    from ..app import CCApp
    from ..guides import Guide

TOPIC_LABELS = {
    **PREP_LABELS,
    "ideal_role": "Qualities of their ideal role",
    "responsibilities": "Responsibilities they would take on",
    "skills_to_use": "Skills they want to use",
}

DEFAULT_GUIDES = {
    Stage.PREP: ("check-in", "manager-prep"),
    Stage.DISCUSSION: ("check-in", "first-conversation"),
    Stage.GOALS: ("skill-gaps", "grow-coaching"),
    Stage.ACTIONS: ("actions-wrapup",),
    Stage.WRAPUP: ("actions-wrapup",),
}

ACTION_STATUS_KEYS = {"d": ActionStatus.DONE, "p": ActionStatus.IN_PROGRESS, "b": ActionStatus.BLOCKED,
                      "x": ActionStatus.DROPPED}
GOAL_STATUS_KEYS = {"d": GoalStatus.ACHIEVED, "p": GoalStatus.ACTIVE, "c": GoalStatus.CHANGED,
                    "x": GoalStatus.DROPPED}


PREVIEW_DELAY = 0.4  # s after the last key in the summary, the preview follows


@dataclass
class Loaded:
    people: dict[str, Employee]
    goals: list[Goal]
    actions: list[ActionItem]
    carry: CarryOver = field(default_factory=CarryOver)


def field_id(path: str) -> str:
    """The widget id of a conversation text field: ``manager_prep.strengths`` -> ``f-manager_prep--strengths``."""
    return "f-" + path.replace(".", "--")


def get_path(model: Any, path: str) -> Any:
    for part in path.split("."):
        model = getattr(model, part)
    return model


def set_path(model: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        model = getattr(model, part)
    setattr(model, last, value)


def notes_area(conversation: Conversation, path: str, *, classes: str = "", title: str = "") -> TextArea:
    area = SafeTextArea(get_path(conversation, path), id=field_id(path), classes=classes, soft_wrap=True)
    if title:
        area.border_title = title
    return area


CARRY_COLUMNS = [Column("kind", "What"), Column("text", "Item", shrink=2, min_width=12), Column("who", "Who", shrink=1),
                 Column("due", "Due"), Column("status", "Status")]
GOAL_COLUMNS = [Column("title", "Goal", max_width=80, shrink=2, min_width=12), Column("kind", "Kind", shrink=1),
                Column("status", "Status"), Column("target", "Target"), Column("steps", "Steps")]
ACTION_COLUMNS = [Column("text", "Action", shrink=2, min_width=12), Column("owner", "Owner", shrink=1),
                  Column("due", "Due"), Column("status", "Status"), Column("goal", "Goal", shrink=3),
                  Column("carried", "Carried")]


class StagePane(VerticalScroll):
    stage: Stage


class PrepPane(StagePane):
    stage = Stage.PREP
    BINDINGS = [
        Binding("d", "status('d')", "Done", id="prep.done", tooltip="Mark last time's item done (goal: achieved)"),
        Binding("p", "status('p')", "In progress", id="prep.progress"),
        Binding("b", "status('b')", "Blocked", id="prep.blocked"),
        Binding("x", "status('x')", "Dropped", id="prep.dropped"),
        Binding("c", "status('c')", "Goal changed", id="prep.changed", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "status":
            return self.screen.focused is self.query_one("#carry", RowTable) or None
        return True

    def action_status(self, key: str) -> None:
        self.screen.update_carried_status(key)  # type: ignore[attr-defined]


class GoalsPane(StagePane):
    stage = Stage.GOALS
    BINDINGS = [
        Binding("a", "add", "Add goal", id="goals.add"),
        Binding("e", "edit", "Edit goal", id="goals.edit"),
        Binding("s", "change_status", "Change status", id="goals.status",
                tooltip="Achieved / changed / dropped, with a reason"),
    ]

    def action_add(self) -> None:
        self.screen.edit_goal(None)  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        self.screen.edit_goal(self.screen.selected_goal())  # type: ignore[attr-defined]

    def action_change_status(self) -> None:
        self.screen.change_goal_status()  # type: ignore[attr-defined]


class ActionsPane(StagePane):
    stage = Stage.ACTIONS
    BINDINGS = [
        Binding("a", "add", "Add item", id="actions.add"),
        Binding("e", "edit", "Edit item", id="actions.edit"),
        Binding("space", "toggle_done", "Done/open", id="actions.done"),
        Binding("b", "set_status('blocked')", "Blocked", id="actions.blocked"),
        Binding("x", "set_status('dropped')", "Dropped", id="actions.dropped"),
    ]

    def action_add(self) -> None:
        self.screen.edit_action(None)  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        self.screen.edit_action(self.screen.selected_action())  # type: ignore[attr-defined]

    def action_toggle_done(self) -> None:
        self.screen.toggle_action_done()  # type: ignore[attr-defined]

    def action_set_status(self, status: str) -> None:
        self.screen.set_action_status(ActionStatus(status))  # type: ignore[attr-defined]


class ConversationScreen(Screen[None]):
    BINDINGS = [
        Binding("f1", "stage('prep')", "Stages", id="stage.prep", key_display="F1-F5",
                tooltip="Go to Prep (F1), Discussion (F2), Goals (F3), Actions (F4), Wrap-up (F5)"),
        Binding("f2", "stage('discussion')", "Discussion", id="stage.discussion", show=False),
        Binding("f3", "stage('goals')", "Goals", id="stage.goals", show=False),
        Binding("f4", "stage('actions')", "Actions", id="stage.actions", show=False),
        Binding("f5", "stage('wrapup')", "Wrap-up", id="stage.wrapup", show=False),
        Binding("ctrl+n", "step(1)", "Next stage", id="stage.next", show=False),
        Binding("f6", "focus_guide", "Questions", id="conv.focus_guide", priority=True,
                tooltip="Jump between the notes and the guide's questions"),
        Binding("f7", "toggle_past", "Past", id="conv.past", priority=True,
                tooltip="Split the screen: a past conversation beside this one (F7 again closes it)"),
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
        Binding("ctrl+t", "toggle_guide", "Hide guide", id="conv.toggle_guide",
                tooltip="Show or hide the guide panel"),
        Binding("ctrl+s", "save_now", "Save", id="conv.save", show=False, tooltip="Save now (autosave is on)"),
        Binding("f10", "export", "Export", id="conv.export", priority=True,
                tooltip="Export the action items (Markdown, CSV, JSON, iCalendar) or copy them as Markdown"),
        Binding("ctrl+f", "finish", "Finish", id="conv.finish", tooltip="Finish the conversation (in Wrap-up)"),
        Binding("escape", "leave", "Home", id="conv.home", tooltip="Back to the home list (everything is saved)"),
    ]

    app: CCApp

    def __init__(self, conversation: Conversation) -> None:
        super().__init__(id="conversation")
        self.conv = conversation
        self.data = Loaded(people={}, goals=[], actions=[])
        self.dirty: set[str] = set()
        self._save_timer: Timer | None = None
        self._first_dirty: float | None = None
        self._stage_started: datetime | None = None
        self._flusher = self.submit_dirty
        self.loaded = False
        self._narrow = False
        self._past_id: str | None = None
        self.showing_past = False  # F7: a past conversation beside this one (instead of the guide)
        self.guide_hidden = False  # ctrl+t, or a terminal under 100 columns
        self._speaker: Speaker | None = None
        self._speaker_since: datetime | None = None
        self._nudged = False
        self._preview_shown: str | None = None  # the text the wrap-up preview shows
        self._preview_timer: Timer | None = None

    # ---------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        c = self.conv
        yield Header()
        yield StageBar(id="stage-bar")
        with Horizontal(id="body"):
            with ContentSwitcher(id="stages", initial=c.stage.value):
                with PrepPane(id="prep"):
                    yield Static(id="style-hints", classes="hint")
                    yield Static(id="commitments", classes="hint")
                    yield Static(id="last-quotes", classes="hint")
                    yield Label("Carried over from last time — d done · p in progress · b blocked · x dropped",
                                classes="section-title")
                    yield from table_with_header(CARRY_COLUMNS, id="carry", classes="carry")
                    yield Label("Your prep", classes="section-title")
                    for topic in MANAGER_PREP_TOPICS:
                        with Horizontal(classes="prep-row"):
                            yield Checkbox(Text(TOPIC_LABELS[topic]), topic in c.manager_prep.done,
                                           id=f"done-{topic}", classes="prep-check")
                            yield notes_area(c, f"manager_prep.{topic}", classes="short")
                    yield Label("What they sent beforehand", classes="section-title")
                    for topic in EMPLOYEE_PREP_TOPICS:
                        yield notes_area(c, f"employee_prep.{topic}", classes="short", title=TOPIC_LABELS[topic])
                with StagePane(id="discussion"):
                    yield notes_area(c, "shared_notes", classes="notes shared",
                                     title="Shared notes — they lead; you listen")
                    yield notes_area(c, "private_notes", classes="notes private",
                                     title="PRIVATE notes — never exported")
                    yield Label("What motivates them — ←/→ or 0-5 rate · i intrinsic/extrinsic",
                                classes="section-title")
                    yield MotivationTable(id="motivations")
                    yield Label("Aspirations", classes="section-title")
                    for part in ("ideal_role", "responsibilities", "skills_to_use"):
                        yield notes_area(c, f"aspirations.{part}", classes="short", title=TOPIC_LABELS[part])
                with GoalsPane(id="goals"):
                    yield Label("Goals — a add · e edit · s change status", classes="section-title")
                    yield from table_with_header(GOAL_COLUMNS, id="goal-table")
                    yield Static(id="goal-detail", classes="detail")
                with ActionsPane(id="actions"):
                    yield Label("Action items — a add · e edit · space done · b blocked · x dropped",
                                classes="section-title")
                    yield from table_with_header(ACTION_COLUMNS, id="action-table")
                with StagePane(id="wrapup"):
                    yield notes_area(c, "summary", classes="short summary",
                                     title="Shared summary (what you agreed, in a few lines)")
                    with Horizontal(classes="form-row"):
                        yield Label("Next conversation", classes="inline-label")
                        yield Input(c.next_date.isoformat() if c.next_date else "", id="next-date",
                                    placeholder="+4w, 2027-01-15")
                    yield Label("", id="next-date-error", classes="field-note", markup=False)
                    yield Label("Preview of what the employee may see (no private notes)", classes="section-title")
                    yield Static(id="preview", classes="preview", markup=False)
                    with Vertical(id="export-area"):
                        yield Label("Export", classes="section-title")
                        yield Static(
                            Text("F10 exports the action items, with the shared summary if you want it, as Markdown, "
                                 "CSV, JSON or iCalendar — or copies the Markdown to the clipboard. Private notes are "
                                 "never included."),
                            id="export-help",
                        )
            yield GuidePanel(id="guide")
            with Vertical(id="past"):
                yield Label("", id="past-title", markup=False)
                yield DocumentView(id="past-doc")
        yield KeyBar()

    def on_mount(self) -> None:
        self.app.register_flusher(self._flusher)
        self.app.quiet_gc.hold()  # never frozen: its widgets must be collectable once it closes
        self.query_one(MotivationTable).set_ratings(self.conv.motivations)
        self._stage_started = self.app.clock()
        self.set_interval(1.0, self._tick)
        self._enter_stage(self.conv.stage, first=True)
        self.load()

    def on_unmount(self) -> None:
        self.submit_dirty()  # whatever ends the screen (quit, crash, signal) never drops typed text
        self.app.unregister_flusher(self._flusher)
        self.app.set_timer(0.2, self.app.forget_closed_screen)  # once its widgets are closed
        self.app.quiet_gc.release()  # a full collection at the next pause frees this screen

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < 100
        # the full stage bar ("F1 Prep › …", "this stage 04:20 of ~25m · total …", the talk meter) needs ~150 columns
        self.query_one(StageBar).compact = event.size.width < 150
        if narrow != self._narrow:
            self._narrow = narrow
            self.guide_hidden = narrow
            self._lay_out_side()

    @work(thread=True, exclusive=True, group="conversation-load")
    def load(self) -> None:
        store = self.app.store
        try:
            people = {e: store.employee(e) for e in self.conv.employee_ids}
            goals = [g for e in self.conv.employee_ids for g in store.goals(e)]
            actions = [a for e in self.conv.employee_ids for a in store.actions(e)]
            carry = carry_over(store, self.conv, goals=goals, actions=actions)
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False, timeout=15)
            return
        self.app.call_from_thread(self.populate, Loaded(people, goals, actions, carry))

    def populate(self, data: Loaded) -> None:
        self.data = data  # carry-over holds the very goal/item objects of data.goals/actions (one object per id)
        self.loaded = True
        names = ", ".join(p.name for p in data.people.values())
        self.title = one_line(names, 80)
        self.sub_title = "Team session" if self.conv.kind is ConversationKind.TEAM else "Career conversation"
        self._show_hints()
        self._show_last_quotes()
        self._fill_carry()
        self._fill_goals()
        self._fill_actions()
        self._refresh_preview()
        if not self.conv.next_date and self.conv.kind is ConversationKind.INDIVIDUAL:
            person = next(iter(data.people.values()))
            self.query_one("#next-date", Input).value = default_next_date(person, self.app.today).isoformat()
        self._focus_stage()

    # ---------------------------------------------------------------- display helpers

    def person_name(self, employee_id: str) -> str:
        person = self.data.people.get(employee_id)
        return person.name if person else "?"

    def _show_hints(self) -> None:
        lines = Text()
        for person in self.data.people.values():
            style = person.style
            lines.append(one_line(person.name, 80), style="bold")
            lines.append(f" — {style.path_clarity.value} about their path · takes feedback {style.feedback.value}")
            if style.notes:
                lines.append(" · " + one_line(style.notes, 160), style="italic")
            lines.append("\n")
        lines.rstrip()
        self.query_one("#style-hints", Static).update(lines)
        today = self.app.today
        mine = [a for a in self.data.carry.actions if a.owner is Owner.MANAGER and a.is_open]
        overdue = [a for a in mine if a.is_overdue(today)]
        who = one_line(", ".join(p.name for p in self.data.people.values()), 60)
        commit = Text()
        if mine:
            commit.append(f"You owe {who} {len(mine)} item(s)", style="bold")
            if overdue:
                commit.append(f", {len(overdue)} overdue", style="bold red")
            commit.append(": " + "; ".join(one_line(a.text, 50) for a in mine[:3]))
        else:
            commit.append(f"You owe {who} nothing from last time.", style="dim")
        self.query_one("#commitments", Static).update(commit)

    def _show_last_quotes(self) -> None:
        previous = self.data.carry.previous
        quotes = previous.quotes if previous else []
        text = Text()
        if quotes:
            text.append("In their words last time:", style="bold")
            for q in quotes[:6]:
                text.append(f"\n  “{one_line(q.text, 140)}”", style="italic")
                text.append(f" ({q.tag.value})", style="dim")
        self.query_one("#last-quotes", Static).update(text)
        self.query_one("#last-quotes").display = bool(quotes)

    def carried_rows(self) -> list[Goal | ActionItem]:
        rows: list[Goal | ActionItem] = []
        rows += [a for a in self.data.carry.actions if a.owner is Owner.MANAGER]
        rows += [a for a in self.data.carry.actions if a.owner is Owner.EMPLOYEE]
        rows += self.data.carry.goals
        return rows

    def _fill_carry(self) -> None:
        table = self.query_one("#carry", RowTable)
        rows: list[tuple[str, list[Text]]] = []
        today = self.app.today
        team = self.conv.kind is ConversationKind.TEAM
        for item in self.carried_rows():
            if isinstance(item, Goal):
                who = self.person_name(item.employee_id)
                rows.append((f"goal:{item.id}", [
                    Text("Goal", style="cyan"), Text(one_line(item.title, 36)), Text(one_line(who, 16)),
                    due_text(item.target_date, today) if item.target_date else Text("—", style="dim"),
                    Text(item.status.value)]))
            else:
                who = "me" if item.owner is Owner.MANAGER else self.person_name(item.employee_id)
                if team and item.owner is Owner.MANAGER:
                    who = f"me → {self.person_name(item.employee_id)}"
                rows.append((f"action:{item.id}", [
                    Text("Action"), Text(one_line(item.text, 36)), Text(one_line(who, 16)),
                    due_text(item.due, today) if item.is_open else Text(item.due.isoformat() if item.due else "—"),
                    Text(item.status.value.replace("_", " "))]))
        table.set_rows(rows)

    def goal_rows(self) -> list[Goal]:
        order = {GoalStatus.ACTIVE: 0, GoalStatus.CHANGED: 1, GoalStatus.ACHIEVED: 2, GoalStatus.DROPPED: 3}
        return sorted(self.data.goals, key=lambda g: (order[g.status], g.created_at))

    def _fill_goals(self) -> None:
        table = self.query_one("#goal-table", RowTable)
        team = self.conv.kind is ConversationKind.TEAM
        rows: list[tuple[str, list[Text]]] = []
        for goal in self.goal_rows():
            title = one_line(goal.title, 60) + (f" ({self.person_name(goal.employee_id)})" if team else "")
            new = goal.conversation_id == self.conv.id
            rows.append((goal.id, [
                Text(title, style="bold" if new else ""),
                Text(goal.kind.value),
                Text(goal.status.value, style="green" if goal.status is GoalStatus.ACHIEVED else ""),
                Text(goal.target_date.isoformat() if goal.target_date else "—"),
                Text(str(len(goal.activities))),
            ]))
        table.set_rows(rows)
        self._show_goal_detail()

    def _show_goal_detail(self) -> None:
        goal = self.selected_goal()
        detail = Text()
        if goal is None:
            detail.append("No goals yet. Press a to add the first one, in their words.", style="dim")
        else:
            detail.append(goal.title, style="bold")
            if goal.why:
                detail.append("\nWhy: " + one_line(goal.why, 300))
            if goal.success_measure:
                detail.append("\nDone when: " + one_line(goal.success_measure, 300))
            for act in goal.activities:
                mark = "x" if act.done else " "
                detail.append(f"\n  [{mark}] {act.kind.value.replace('_', ' ')}: {one_line(act.description, 200)}")
            for change in goal.history:
                detail.append(
                    f"\n  {change.at.date().isoformat()} {change.status_from.value if change.status_from else '—'}"
                    f" → {change.status_to.value}: {one_line(change.reason, 200)}",
                    style="dim",
                )
        self.query_one("#goal-detail", Static).update(detail)

    def action_rows(self) -> list[ActionItem]:
        carried_ids = {a.id for a in self.data.carry.actions}
        return [a for a in self.data.actions if a.id in carried_ids or a.conversation_id == self.conv.id]

    def _fill_actions(self) -> None:
        table = self.query_one("#action-table", RowTable)
        rows: list[tuple[str, list[Text]]] = []
        today = self.app.today
        goals = {g.id: g for g in self.data.goals}
        team = self.conv.kind is ConversationKind.TEAM
        for item in self.action_rows():
            owner = "me" if item.owner is Owner.MANAGER else self.person_name(item.employee_id)
            if team and item.owner is Owner.MANAGER:
                owner = f"me → {self.person_name(item.employee_id)}"
            goal = goals.get(item.goal_id or "")
            status_style = "dim strike" if item.status in (ActionStatus.DONE, ActionStatus.DROPPED) else ""
            rows.append((item.id, [
                Text(one_line(item.text, 36), style=status_style),
                Text(one_line(owner, 16)),
                due_text(item.due, today) if item.is_open else Text(item.due.isoformat() if item.due else "—"),
                Text(item.status.value.replace("_", " ")),
                Text(one_line(goal.title, 30) if goal else "—"),
                Text(f"×{item.carried_over}" if item.carried_over else ""),
            ]))
        table.set_rows(rows)

    def _refresh_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        names = {e: p.name for e, p in self.data.people.items()}
        goals = [g for g in self.data.goals if g.status is GoalStatus.ACTIVE or g.conversation_id == self.conv.id]
        text = shared_summary(self.conv, goals, self.action_rows(), names)
        if text == self._preview_shown:
            return  # wrapping the whole preview again costs a layout of the pane (~10-40 ms with long notes)
        self._preview_shown = text
        self.query_one("#preview", Static).update(Text(text))

    # ---------------------------------------------------------------- stages & timing

    def _bank_time(self) -> None:
        self._bank_talk()
        now = self.app.clock()
        if self._stage_started is not None:
            spent = max(0.0, (now - self._stage_started).total_seconds())
            seconds = dict(self.conv.stage_seconds)
            seconds[self.conv.stage] = seconds.get(self.conv.stage, 0.0) + spent
            self.conv.stage_seconds = seconds
        self._stage_started = now

    # ---------------------------------------------------------------- talk-time meter (timings only)

    def _bank_talk(self) -> None:
        now = self.app.clock()
        if self._speaker is not None and self._speaker_since is not None:
            spent = max(0.0, (now - self._speaker_since).total_seconds())
            talk = dict(self.conv.talk_seconds)
            talk[self._speaker] = talk.get(self._speaker, 0.0) + spent
            self.conv.talk_seconds = talk
        self._speaker_since = now

    def action_toggle_speaker(self) -> None:
        self._bank_talk()
        order = [Speaker.EMPLOYEE, Speaker.MANAGER, None]
        self._speaker = order[(order.index(self._speaker) + 1) % len(order)]
        self.mark_dirty("conversation")
        self._tick()

    def talk_shares(self) -> tuple[float, float]:
        """(employee seconds, manager seconds), including the running turn."""
        talk = dict(self.conv.talk_seconds)
        if self._speaker is not None and self._speaker_since is not None:
            running = max(0.0, (self.app.clock() - self._speaker_since).total_seconds())
            talk[self._speaker] = talk.get(self._speaker, 0.0) + running
        return talk.get(Speaker.EMPLOYEE, 0.0), talk.get(Speaker.MANAGER, 0.0)

    def _show_talk(self, bar: StageBar) -> None:
        them, me = self.talk_shares()
        total = them + me
        who = {Speaker.EMPLOYEE: "▶ them", Speaker.MANAGER: "▶ you", None: "⏸"}[self._speaker]
        if total <= 0:
            bar.extra = f"talk {who}" if self._speaker else ""
            bar.extra_warning = False
            return
        mine = me / total
        bar.extra = f"talk {who} · them {1 - mine:.0%} you {mine:.0%}"
        over = mine > 0.40 and total >= 60
        bar.extra_warning = over
        if over and not self._nudged:
            self._nudged = True
            self.notify("You have talked more than 40% of the time: ask, then listen.", title="Let them lead",
                        severity="warning", markup=False)
        elif not over and mine < 0.35:
            self._nudged = False

    def _tick(self) -> None:
        bar = self.query_one(StageBar)
        self._show_talk(bar)
        running = 0.0
        if self._stage_started is not None:
            running = max(0.0, (self.app.clock() - self._stage_started).total_seconds())
        bar.stage_seconds = self.conv.stage_seconds.get(self.conv.stage, 0.0) + running
        bar.total_seconds = sum(self.conv.stage_seconds.values()) + running

    def action_stage(self, stage: str) -> None:
        self.go_to(Stage(stage))

    def action_step(self, step: int) -> None:
        self.go_to(next_stage(self.conv.stage, step))

    def go_to(self, stage: Stage) -> None:
        if stage is self.conv.stage:
            self._focus_stage()
            return
        self._bank_time()
        self.conv.stage = stage
        self.mark_dirty("conversation", now=True)
        blurred = self.focused
        with self.app.batch_update():  # one frame for the switch, the focus move and the new bindings
            self._enter_stage(stage)
            # ... and not a late one for the widgets whose repaint request comes after that frame has begun
            pane = self.query_one(f"#{stage.value}")
            paint_when_settled([pane, *pane.query("*").results(Widget), *self.query_one(GuidePanel).query("*"),
                                self.query_one(StageBar), self.query_one(KeyBar),
                                *([blurred] if blurred is not None else [])])

    def _enter_stage(self, stage: Stage, *, first: bool = False) -> None:
        self.query_one("#stages", ContentSwitcher).current = stage.value
        bar = self.query_one(StageBar)
        bar.stage = stage
        guide = self.current_guide()
        bar.suggested_minutes = guide.minutes if guide else None
        self._show_guide(guide)
        self._tick()
        if stage is Stage.WRAPUP and self.loaded:
            self._refresh_preview()
        if not first:
            self._focus_stage()
        self.refresh_bindings()
        self.query_one(KeyBar).sync()

    def _focus_stage(self) -> None:
        target = {
            Stage.PREP: "#carry" if self.data.carry.goals or self.data.carry.actions else field_id("manager_prep.performance_history"),
            Stage.DISCUSSION: field_id("shared_notes"),
            Stage.GOALS: "#goal-table",
            Stage.ACTIONS: "#action-table",
            Stage.WRAPUP: field_id("summary"),
        }[self.conv.stage]
        if not target.startswith("#"):
            target = "#" + target
        # set_focus, not widget.focus(): the focus moves now, inside the stage switch's batch, so the key bar and the
        # focus styles are drawn in the switch's one frame instead of in a frame of their own after it
        self.set_focus(self.query_one(target))

    def command_nodes(self) -> Iterable[DOMNode]:
        """The current stage's pane: its bindings count in the command palette wherever the focus is."""
        yield self.query_one(f"#{self.conv.stage.value}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish":
            return True if self.conv.stage is Stage.WRAPUP and not self.conv.finished else None
        if action == "toggle_guide":
            return True
        return True

    # ---------------------------------------------------------------- guides

    def current_guide(self) -> Guide | None:
        library = self.app.guides
        chosen = self.conv.guide_choice.get(self.conv.stage)
        if chosen:
            guide = library.get(chosen)
            if guide is not None:
                return guide
        for guide_id in DEFAULT_GUIDES[self.conv.stage]:
            if guide_id == "check-in" and self.data.carry.previous is None and self.conv.stage is not Stage.PREP:
                continue
            guide = library.get(guide_id)
            if guide is not None and self.conv.stage.value in guide.stages:
                return guide
        candidates = library.for_stage(self.conv.stage.value)
        return candidates[0] if candidates else None

    def _show_guide(self, guide: Guide | None) -> None:
        asked = [q.question_id for q in self.conv.questions_asked if guide and q.guide_id == guide.id]
        panel = self.query_one(GuidePanel)
        if panel.guide is guide and panel.asked_ids == frozenset(asked):
            return  # the same guide serves several stages: nothing to redraw
        panel.show_guide(guide, asked)

    def action_choose_guide(self) -> None:
        library = self.app.guides
        stage = self.conv.stage.value
        fitting = library.for_stage(stage)
        others = [g for g in library.guides.values() if g not in fitting]
        choices = [(f"{g.title}  ({g.minutes or '?'} min)", g.id) for g in fitting]
        choices += [(f"{g.title}  (for {', '.join(g.stages)})", g.id) for g in sorted(others, key=lambda g: g.title)]
        current = self.current_guide()
        index = next((i for i, (_, gid) in enumerate(choices) if current and gid == current.id), 0)

        def chosen(guide_id: str | None) -> None:
            if guide_id is None:
                return
            choice = dict(self.conv.guide_choice)
            choice[self.conv.stage] = guide_id
            self.conv.guide_choice = choice
            self.mark_dirty("conversation")
            guide = self.current_guide()
            self.query_one(StageBar).suggested_minutes = guide.minutes if guide else None
            self._show_guide(guide)

        self.app.push_screen(PickScreen(f"Guide for {self.conv.stage.label}", choices, highlighted=index), chosen)

    def _lay_out_side(self) -> None:
        """Show the guide, the past conversation (in the guide's place and width) or neither beside the stage.

        ``display`` on the two panes, not a class on the screen: a screen class makes Textual match the CSS of every
        widget of this screen again (~100 of them, ~0.2 s on a 2-core machine)."""
        past, guide = self.query_one("#past"), self.query_one(GuidePanel)
        past.display = self.showing_past
        guide.display = not self.showing_past and not self.guide_hidden
        # the pane that appears, in the frame that shows it (not also in a late one)
        shown = past if self.showing_past else guide
        paint_when_settled([shown, *shown.query("*").results(Widget)])

    def action_toggle_guide(self) -> None:
        self.guide_hidden = not self.guide_hidden
        self._lay_out_side()
        if self.guide_hidden:
            self._focus_stage()

    def action_focus_guide(self) -> None:
        panel = self.query_one(GuidePanel)
        if panel.option_list.has_focus:
            self._focus_stage()
            return
        self.guide_hidden = False
        self._lay_out_side()
        panel.option_list.focus()

    @on(GuidePanel.QuestionToggled)
    def _question_toggled(self, event: GuidePanel.QuestionToggled) -> None:
        asked = [q for q in self.conv.questions_asked
                 if not (q.guide_id == event.guide_id and q.question_id == event.question.id)]
        if event.asked:
            asked.append(QuestionAsked(guide_id=event.guide_id, question_id=event.question.id,
                                       text=event.question.text, asked_at=self.app.clock()))
        self.conv.questions_asked = asked
        self.mark_dirty("conversation", now=True)

    # ---------------------------------------------------------------- quotes & succession

    def action_quote(self) -> None:
        focused = self.focused
        selected = focused.selected_text if isinstance(focused, TextArea) else ""
        employee_id = self.conv.employee_ids[0] if len(self.conv.employee_ids) == 1 else None

        def tagged(tag: QuoteTag | None, text: str) -> None:
            if tag is None:
                return
            if isinstance(focused, TextArea) and selected:
                focused.move_cursor(focused.selection.end)  # the quote is taken: drop the selection
            quote = Quote(text=text, tag=tag, at=self.app.clock(), employee_id=employee_id)
            self.conv.quotes = [*self.conv.quotes, quote]
            self.mark_dirty("conversation", now=True)
            self.notify(f"Quote saved as {tag.value}.", markup=False)

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

        self.app.push_screen(PromptScreen("Their words, verbatim:", parse=parse), got_text)

    def action_succession(self) -> None:
        if not self.loaded:
            return
        people = list(self.data.people.values())

        def edit(person: Employee | None) -> None:
            if person is None:
                return

            def saved(result: tuple[bool, str, Readiness | None] | None) -> None:
                if result is None:
                    return
                hipo, role, readiness = result
                entries = [e for e in person.succession if e.role.casefold() != role.casefold()]
                if role and readiness is not None:
                    entries.append(SuccessionEntry(role=role, readiness=readiness, updated_at=self.app.clock(),
                                                   conversation_id=self.conv.id))
                updated = person.model_copy(update={"high_potential": hipo, "succession": entries})
                self.data.people[person.id] = updated
                snapshot = updated.model_copy(deep=True)
                self.app.saver.submit(f"employee:{person.id}", partial(self.app.store.save_employee, snapshot))
                self.notify(f"Succession updated for {person.name}.", markup=False)

            self.app.push_screen(SuccessionForm(person), saved)

        if len(people) == 1:
            edit(people[0])
        else:
            self.app.push_screen(PickScreen("Succession for whom?", [(p.name, p) for p in people]), edit)

    # ---------------------------------------------------------------- split view: a past conversation beside

    def action_toggle_past(self) -> None:
        if self.showing_past:
            self.showing_past = False
            self._lay_out_side()
            self._focus_stage()
            return
        self.showing_past = True
        self._lay_out_side()
        if self._past_id is None:
            previous = self.data.carry.previous
            if previous is not None:
                self._show_past(previous)
            else:
                self._load_past(None)

    def action_pick_past(self) -> None:
        self._load_history_choices()

    @work(thread=True, exclusive=True, group="past-list")
    def _load_history_choices(self) -> None:
        try:
            summaries = [s for s in self.app.store.history(self.conv.employee_ids[0]) if s.id != self.conv.id]
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._pick_from, summaries)

    def _pick_from(self, summaries: list[Any]) -> None:
        if not summaries:
            self.notify("No past conversation to show yet.", markup=False)
            return

        def chosen(conversation_id: str | None) -> None:
            if conversation_id:
                self.showing_past = True
                self._lay_out_side()
                self._load_past(conversation_id)

        self.app.push_screen(
            PickScreen("Show which past conversation?", [(summary_label(s), s.id) for s in summaries]), chosen
        )

    @work(thread=True, exclusive=True, group="past-load")
    def _load_past(self, conversation_id: str | None) -> None:
        store = self.app.store
        try:
            if conversation_id is None:
                earlier = [s for s in store.history(self.conv.employee_ids[0]) if s.id != self.conv.id]
                if not earlier:
                    self.app.call_from_thread(self._show_past, None)
                    return
                conversation_id = earlier[0].id
            conversation = store.conversation(conversation_id)
        except CCError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_past, conversation)

    def _show_past(self, conversation: Conversation | None) -> None:
        title = self.query_one("#past-title", Label)
        view = self.query_one("#past-doc", DocumentView)
        if conversation is None:
            title.update(Text("Past conversation"))
            view.load_text("This is the first conversation: nothing to compare with yet.")
            return
        self._past_id = conversation.id
        names = {e: p.name for e, p in self.data.people.items()}
        doc = conversation_document(conversation, names, self.data.goals, self.data.actions)
        title.update(Text(f"Past: {conversation.created_at.date().isoformat()} — F7 close · ctrl+o other"))
        view.load_text(doc.text)
        view.scroll_home(animate=False)

    # ---------------------------------------------------------------- editing & autosave

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        widget_id = event.text_area.id or ""
        if not widget_id.startswith("f-"):
            return
        path = widget_id[2:].replace("--", ".")
        value = event.text_area.text
        if get_path(self.conv, path) == value:
            return
        try:
            set_path(self.conv, path, value)
        except ValidationError:
            # beyond the notes limit (2 million characters): keep what is stored, tell the manager, never crash
            self.notify("That is more text than one field can hold (2 million characters); the paste was not kept "
                        "in the saved notes. Split it across fields.", severity="error", markup=False, timeout=10)
            return
        self.mark_dirty("conversation")
        if path in ("summary", "shared_notes"):
            self._preview_later()

    def _preview_later(self) -> None:
        """The preview follows the summary once typing pauses (0.4 s), not at every key: it re-wraps all of the
        shared notes, and at every key it was a second frame ~50 ms after the one that showed the letter."""
        if self.conv.stage is not Stage.WRAPUP:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._refresh_preview, name="preview")

    @on(Checkbox.Changed, ".prep-check")
    def _prep_checked(self, event: Checkbox.Changed) -> None:
        topic = (event.checkbox.id or "").removeprefix("done-")
        done = set(self.conv.manager_prep.done)
        (done.add if event.value else done.discard)(topic)
        if done != set(self.conv.manager_prep.done):
            self.conv.manager_prep.done = sorted(done)
            self.mark_dirty("conversation")

    @on(MotivationTable.Changed)
    def _motivation_changed(self, event: MotivationTable.Changed) -> None:
        set_motivation(self.conv, event.rating)
        self.mark_dirty("conversation")

    @on(Input.Changed, "#next-date")
    def _next_date_changed(self, event: Input.Changed) -> None:
        note = self.query_one("#next-date-error", Label)
        try:
            day = parse_due(event.value, self.app.today)
        except UserError as exc:
            note.update(Text(str(exc)))
            note.add_class("bad")
            return
        if day is not None and day < self.app.today:
            note.update(Text("The next conversation cannot be in the past."))
            note.add_class("bad")
            return
        note.remove_class("bad")
        note.update(Text(f"→ {day.strftime('%A %d %B %Y')}" if day else "No next date set."))
        if day != self.conv.next_date:
            self.conv.next_date = day
            self.mark_dirty("conversation")
            self._preview_later()

    @on(OptionList.OptionHighlighted, "#goal-table")
    def _goal_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_goal_detail()

    def mark_dirty(self, key: str, *, now: bool = False) -> None:
        """Something changed: save within a second of the last change (at once for ``now``)."""
        self.dirty.add(key)
        clock = self.app.clock().timestamp()
        if self._first_dirty is None:
            self._first_dirty = clock
        if now or clock - self._first_dirty > 5:
            self.submit_dirty()
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(self.app.autosave_delay, self.submit_dirty)

    def submit_dirty(self) -> None:
        """Hand snapshots of everything changed to the saver thread (never blocks on the disk)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._first_dirty = None
        if not self.dirty:
            return
        store = self.app.store
        keys, self.dirty = self.dirty, set()
        for key in sorted(keys):
            if key == "conversation":
                self._bank_time()
                snap = self.conv.model_copy(deep=True)
                self.app.saver.submit(f"conversation:{snap.id}", partial(store.save_conversation, snap))
            elif key.startswith("goal:"):
                goal = next((g for g in self.data.goals if g.id == key[5:]), None)
                if goal is not None:
                    self.app.saver.submit(key, partial(store.save_goal, goal.model_copy(deep=True)))
            elif key.startswith("action:"):
                item = next((a for a in self.data.actions if a.id == key[7:]), None)
                if item is not None:
                    self.app.saver.submit(key, partial(store.save_action, item.model_copy(deep=True)))

    def action_save_now(self) -> None:
        self.dirty.add("conversation")
        self.submit_dirty()
        self.notify("Saved.", timeout=2)

    # ---------------------------------------------------------------- carried items (prep)

    def update_carried_status(self, key: str) -> None:
        table = self.query_one("#carry", RowTable)
        rows = self.carried_rows()
        if not rows or table.cursor_row < 0:
            return
        item = rows[table.cursor_row]
        if isinstance(item, Goal):
            if key not in GOAL_STATUS_KEYS:
                self.notify("A goal is achieved (d), active (p), changed (c) or dropped (x).", markup=False)
                return
            status = GOAL_STATUS_KEYS[key].value
            need_reason = GOAL_STATUS_KEYS[key] is not GoalStatus.ACTIVE
        else:
            if key not in ACTION_STATUS_KEYS:
                return
            status = ACTION_STATUS_KEYS[key].value
            need_reason = False

        def parse(note: str) -> str:
            if need_reason and not note.strip():
                raise UserError("A reason is needed when a goal changes; it is kept in the goal's history.")
            return note.strip()

        def noted(note: str | None) -> None:
            if note is None:
                return
            apply_status_update(self.conv, item, status, note, self.app.clock())
            self.mark_dirty(f"{'goal' if isinstance(item, Goal) else 'action'}:{item.id}", now=True)
            self.mark_dirty("conversation", now=True)
            self._fill_carry()
            self._fill_goals()
            self._fill_actions()
            self._show_hints()

        label = one_line(item.title if isinstance(item, Goal) else item.text, 60)
        self.app.push_screen(
            PromptScreen(f"{label} → {status.replace('_', ' ')}. " + ("Why?" if need_reason else "Note (optional):"),
                         parse=parse, placeholder="a few words; enter to save, escape to cancel"),
            noted,
        )

    # ---------------------------------------------------------------- goals

    def selected_goal(self) -> Goal | None:
        table = self.query_one("#goal-table", RowTable)
        rows = self.goal_rows()
        if not rows or table.cursor_row < 0 or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def _employee_choices(self) -> list[tuple[str, str]]:
        return [(p.name, e) for e, p in self.data.people.items()]

    def edit_goal(self, goal: Goal | None) -> None:
        if not self.loaded:
            return
        if goal is None and self.query_one("#goal-table", RowTable).row_count and self.screen.focused is None:
            pass

        def saved(result: Goal | None) -> None:
            if result is None:
                return
            existing = next((i for i, g in enumerate(self.data.goals) if g.id == result.id), None)
            if existing is None:
                self.data.goals.append(result)
            else:
                self.data.goals[existing] = result
                carry = self.data.carry.goals
                self.data.carry.goals = [result if g.id == result.id else g for g in carry]
            self.mark_dirty(f"goal:{result.id}", now=True)
            self._fill_goals()
            self._select_row("#goal-table", result.id)

        self.app.push_screen(
            GoalForm(goal, employee_choices=self._employee_choices(), conversation_id=self.conv.id), saved
        )

    def change_goal_status(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            return
        choices = [(s.value.capitalize(), s) for s in GoalStatus if s is not goal.status]

        def picked(status: GoalStatus | None) -> None:
            if status is None:
                return

            def parse(reason: str) -> str:
                if not reason.strip():
                    raise UserError("A reason is needed; it is kept in the goal's history.")
                return reason.strip()

            def reasoned(reason: str | None) -> None:
                if reason is None:
                    return
                goal.change_status(status, reason, self.app.clock(), self.conv.id)
                self.mark_dirty(f"goal:{goal.id}", now=True)
                self._fill_goals()
                self._fill_carry()

            self.app.push_screen(
                PromptScreen(f"{one_line(goal.title, 50)} → {status.value}. Why?", parse=parse), reasoned
            )

        self.app.push_screen(PickScreen(f"New status for {one_line(goal.title, 50)}", choices), picked)

    def _select_row(self, selector: str, key: str) -> None:
        table = self.query_one(selector, RowTable)
        try:
            table.move_cursor(row=table.get_row_index(key))
        except Exception:  # noqa: BLE001 - the row may be filtered out
            pass

    # ---------------------------------------------------------------- action items

    def selected_action(self) -> ActionItem | None:
        table = self.query_one("#action-table", RowTable)
        rows = self.action_rows()
        if not rows or table.cursor_row < 0 or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def edit_action(self, item: ActionItem | None) -> None:
        if not self.loaded:
            return
        goal_choices = [(g.title, g.id) for g in self.data.goals if g.status is GoalStatus.ACTIVE]

        def saved(result: ActionItem | None) -> None:
            if result is None:
                return
            existing = next((i for i, a in enumerate(self.data.actions) if a.id == result.id), None)
            if existing is None:
                self.data.actions.append(result)
            else:
                self.data.actions[existing] = result
                self.data.carry.actions = [result if a.id == result.id else a for a in self.data.carry.actions]
            self.mark_dirty(f"action:{result.id}", now=True)
            self._fill_actions()
            self._fill_carry()
            self._select_row("#action-table", result.id)

        self.app.push_screen(
            ActionForm(item, employee_choices=self._employee_choices(), goal_choices=goal_choices,
                       conversation_id=self.conv.id),
            saved,
        )

    def _set_status(self, item: ActionItem, status: ActionStatus) -> None:
        if item.conversation_id != self.conv.id:
            apply_status_update(self.conv, item, status.value, "", self.app.clock())
            self.mark_dirty("conversation", now=True)
        else:
            item.status = status
        self.mark_dirty(f"action:{item.id}", now=True)
        self._fill_actions()
        self._fill_carry()

    def toggle_action_done(self) -> None:
        item = self.selected_action()
        if item is not None:
            self._set_status(item, ActionStatus.OPEN if item.status is ActionStatus.DONE else ActionStatus.DONE)

    def set_action_status(self, status: ActionStatus) -> None:
        item = self.selected_action()
        if item is not None:
            self._set_status(item, ActionStatus.OPEN if item.status is status else status)

    # ---------------------------------------------------------------- leave & finish

    def action_leave(self) -> None:
        self._bank_time()
        self.dirty.add("conversation")
        self.submit_dirty()
        self.app.pop_screen()

    def action_export(self) -> None:
        if not self.loaded:
            return
        from ..export import bundle_from_parts
        from .export_dialog import ExportDialog

        self.submit_dirty()
        bundle = bundle_from_parts(
            self.conv.model_copy(deep=True),
            list(self.data.people.values()),
            [a.model_copy() for a in self.data.actions],
            [g.model_copy() for g in self.data.goals],
            now=self.app.clock(),
            carried_ids={a.id for a in self.data.carry.actions},
        )

        def done(path: str | None) -> None:
            if path:
                self.query_one("#export-help", Static).update(Text(f"Last export: {path}"))

        self.app.push_screen(ExportDialog(bundle, default_dir=self.app.export_dir), done)

    def action_finish(self) -> None:
        error = self.query_one("#next-date-error", Label)
        try:
            day = parse_due(self.query_one("#next-date", Input).value, self.app.today)
        except UserError as exc:
            error.update(Text(str(exc)))
            error.add_class("bad")
            self.query_one("#next-date", Input).focus()
            return
        if day is not None and day < self.app.today:
            error.update(Text("The next conversation cannot be in the past."))
            error.add_class("bad")
            return
        open_mine = [a for a in self.action_rows() if a.is_open and a.owner is Owner.MANAGER]
        message = "Finish this conversation?"
        if day:
            message += f" The next one is set for {day.isoformat()}."
        if open_mine:
            message += f" You owe {len(open_mine)} item(s)."

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            self._bank_time()
            try:
                apply_finish(self.conv, self.app.clock(), next_date=day)
            except UserError as exc:
                error.update(Text(str(exc)))
                error.add_class("bad")
                return
            self.dirty.add("conversation")
            self.submit_dirty()
            self.app.notify("Conversation finished and saved.", markup=False)
            self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(message, yes="Finish", no="Not yet"), confirmed)


__all__ = ["ConversationScreen", "date"]
