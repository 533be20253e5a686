"""Prep: what you owe them, their style, their words from last time, last time's goals and items with a quick status
each, your own prep and what they sent beforehand."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Checkbox, Label, OptionList, Static

from ...dates import show
from ...dialogs.basic import PromptScreen
from ...dialogs.draft import DraftValues
from ...dialogs.prep_page_dialog import PrepAnswersDialog, PrepPageWriteDialog
from ...errors import UserError
from ...models import (
    EMPLOYEE_PREP_TOPICS,
    MANAGER_PREP_TOPICS,
    TOPIC_LABELS,
    ActionItem,
    ActionStatus,
    Employee,
    Goal,
    GoalStatus,
    Owner,
    Stage,
)
from ...session import ACTION_STATUS_KEYS, ConversationSession, goal_status_for_key
from ...text import WHOLE, counted, one_line
from ...widgets.fmt import due_text
from ...widgets.row_table import Column, RowTable, table_with_header
from .common import ItemsChanged, NotesArea, StagePane, draft_keeper, write_replacement

CARRY_COLUMNS = [Column("kind", "What"), Column("text", "Item", max_width=160, shrink=2, min_width=16),
                 Column("who", "Who", shrink=1), Column("due", "Due"), Column("status", "Status"),
                 Column("note", "Last note", shrink=3, optional=True)]


class PrepPane(StagePane):
    stage = Stage.PREP
    BINDINGS = [
        Binding("d", "status('d')", "Done", id="prep.done", tooltip="Mark last time's item done (goal: achieved)"),
        Binding("p", "status('p')", "In progress", id="prep.progress", tooltip="Item in progress; goal active again"),
        Binding("b", "status('b')", "Blocked", id="prep.blocked", tooltip="Item blocked; goal on hold"),
        Binding("x", "status('x')", "Dropped", id="prep.dropped"),
        Binding("c", "status('c')", "Goal changed", id="prep.changed", show=False),
        Binding("w", "prep_page", "Prep page", id="prep.page", tooltip="Write the prep page to send them (a file)"),
        Binding("i", "prep_answers", "Their answers", id="prep.answers", show=False,
                tooltip="Paste their filled-in prep page: its answers go into what they sent beforehand"),
    ]

    def __init__(self, session: ConversationSession, *, export_dir: Path | None = None, **kwargs: object) -> None:
        super().__init__(session, **kwargs)
        self.export_dir = export_dir if export_dir is not None else Path.home()  # where the prep page is offered

    def compose(self) -> ComposeResult:
        conv = self.session.conv
        yield Static(id="style-hints", classes="hint private-view")
        yield Static(id="commitments", classes="hint")
        yield Static(id="last-quotes", classes="hint")
        yield Static(id="team-follow-up", classes="hint")
        yield Label("Carried over from last time — d done · p in progress · b blocked/on hold · x dropped · "
                    "c goal changed", classes="section-title")
        yield from table_with_header(CARRY_COLUMNS, id="carry", classes="carry")
        yield Static(id="carry-detail", classes="detail")
        yield Label("Your prep", classes="section-title private-view")
        for topic in MANAGER_PREP_TOPICS:
            with Horizontal(classes="prep-row private-view"):
                yield Checkbox(Text(TOPIC_LABELS[topic]), topic in conv.manager_prep.done,
                               id=f"done-{topic}", classes="prep-check")
                yield NotesArea(conv, f"manager_prep.{topic}", classes="short")
        yield Label("What they sent beforehand", classes="section-title")
        for topic in EMPLOYEE_PREP_TOPICS:
            yield NotesArea(conv, f"employee_prep.{topic}", classes="short", title=TOPIC_LABELS[topic])

    def focus_target(self) -> str:
        carry = self.session.data.carry
        return "#carry" if carry.goals or carry.actions else "#f-manager_prep--performance_history"

    def fill(self) -> None:
        self._show_hints()
        self._show_last_quotes()
        self._show_team_follow_up()
        self.refresh_items()

    def _show_team_follow_up(self) -> None:
        """What they said in the team sessions since your last one to one: follow it up with them now."""
        session = self.session
        person = session.conv.employee_ids[0]
        text = Text()
        for team in session.data.carry.team_sessions:
            chosen = [o for o in team.opportunities if any(i.employee_id == person and i.opportunity_id == o.id
                                                           for i in team.interests)]
            text.append(f"From the team session of {team.created_at.strftime('%-d %b')}: ", style="bold")
            if chosen:
                text.append("interested in " + "; ".join(one_line(o.title, 60) for o in chosen))
            else:
                text.append("no interest marked", style="dim")
            owned = [a for a in session.data.actions if a.conversation_id == team.id and a.employee_id == person
                     and a.owner is Owner.EMPLOYEE]
            if owned:
                text.append(" · their items: " + "; ".join(one_line(a.text, 50) for a in owned))
            words = [q for q in team.quotes if q.employee_id == person]
            if words:
                text.append(" · in their words: " + "; ".join(f"“{one_line(q.text, 80)}” ({q.tag.value})"
                                                              for q in words[:3]))
            text.append("\n")
        text.rstrip()
        widget = self.query_one("#team-follow-up", Static)
        widget.update(text)
        widget.display = bool(text)

    def refresh_items(self) -> None:
        self._fill_carry()
        self._show_commitments()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "status":
            return self.screen.focused is self.query_one("#carry", RowTable) or None
        return True

    # ---------------------------------------------------------------- display

    def _show_hints(self) -> None:
        lines = Text()
        for person in self.session.data.people.values():
            style = person.style
            lines.append(one_line(person.name, 80), style="bold")
            lines.append(f" — {style.path_clarity.value} about their path · takes feedback {style.feedback.value}")
            if style.notes:
                lines.append(" · " + one_line(style.notes, 160), style="italic")
            lines.append("\n")
        lines.rstrip()
        self.query_one("#style-hints", Static).update(lines)

    def _show_commitments(self) -> None:
        mine, overdue = self.session.owed_by_me()
        who = one_line(", ".join(p.name for p in self.session.data.people.values()), 60)
        if mine:
            parts: list[tuple[str, str]] = [(f"You owe {who} {counted(len(mine), 'item')}", "bold")]
            if overdue:
                parts.append((f", {len(overdue)} overdue", "bold $cc-overdue"))
            parts.append((": " + "; ".join(one_line(a.text, 50) for a in mine[:3]), ""))
            commit = Content.assemble(*parts)
        else:
            commit = Content.styled(f"You owe {who} nothing from last time.", "dim")
        self.query_one("#commitments", Static).update(commit)

    def _show_last_quotes(self) -> None:
        previous = self.session.data.carry.previous
        quotes = previous.quotes if previous else []
        text = Text()
        if quotes:
            text.append("In their words last time:", style="bold")
            for q in quotes[:6]:
                text.append(f"\n  “{one_line(q.text, 140)}”", style="italic")
                text.append(f" ({q.tag.value})", style="dim")
        widget = self.query_one("#last-quotes", Static)
        widget.update(text)
        widget.display = bool(quotes)

    def _fill_carry(self) -> None:
        session = self.session
        today = session.today
        rows: list[tuple[str, list[Text | Content]]] = []
        for item in session.carried_rows():
            if isinstance(item, Goal):
                last = item.last_change
                status = Text(item.status.label)
                if item.replaced_by:
                    status.append(" → new goal", style="dim")
                rows.append((f"goal:{item.id}", [
                    Content.styled("Goal", "$cc-goal"), Text(one_line(item.title, WHOLE)),
                    Text(one_line(session.person_name(item.employee_id), 24)),
                    due_text(item.target_date, today) if item.target_date else Text("—", style="dim"),
                    status, Text(one_line(last.reason, 60) if last else "", style="italic")]))
            else:
                rows.append((f"action:{item.id}", [
                    Text("Action"), Text(one_line(item.text, WHOLE)), Text(one_line(session.owner_label(item), 24)),
                    due_text(item.due, today) if item.is_open else Text(show(item.due)),
                    Text(item.status.value.replace("_", " ")), Text(one_line(item.status_note, 60), style="italic")]))
        self.query_one("#carry", RowTable).set_rows(rows)
        self._show_carry_detail()

    @on(OptionList.OptionHighlighted, "#carry")
    def _carry_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_carry_detail()

    def _show_carry_detail(self) -> None:
        """The highlighted goal's story (what it was, every change with its reason, what replaced it) or item's note."""
        item = self._highlighted_item()
        detail = Text()
        if isinstance(item, Goal):
            session = self.session
            detail.append(one_line(item.title, WHOLE), style="bold")
            detail.append(f" — {item.status.label}")
            if item.replaces:
                detail.append("\nIn place of: " + one_line(session.goal_title(item.replaces), 200), style="dim")
            for change in item.history:
                before = change.status_from.label if change.status_from else "—"
                detail.append(f"\n  {show(change.at.date())} {before} → {change.status_to.label}: "
                              f"{one_line(change.reason, 200)}", style="dim")
            if item.replaced_by:
                detail.append("\nReplaced by: " + one_line(session.goal_title(item.replaced_by), 200), style="bold")
        elif item is not None:
            detail.append(one_line(item.text, WHOLE), style="bold")
            detail.append(f" — {one_line(self.session.owner_label(item), 80)}, {item.status.value.replace('_', ' ')}")
            if item.status_note:
                detail.append(f"\n  {one_line(item.status_note, WHOLE)}", style="dim")
        widget = self.query_one("#carry-detail", Static)
        widget.update(detail)
        widget.display = bool(detail)

    def _highlighted_item(self) -> Goal | ActionItem | None:
        table = self.query_one("#carry", RowTable)
        rows = self.session.carried_rows()
        return rows[table.cursor_row] if rows and 0 <= table.cursor_row < len(rows) else None

    # ---------------------------------------------------------------- quick status on last time's items

    def action_status(self, key: str) -> None:
        item = self._highlighted_item()
        if item is None:
            return
        if isinstance(item, Goal):
            goal_status = goal_status_for_key(item, key)
            if goal_status is None:
                return
            if goal_status is item.status:
                self.notify(f"The goal is {item.status.label} already.", markup=False)
                return
            self._ask_status(item, goal_status.value)
        elif key in ACTION_STATUS_KEYS:
            self._ask_status(item, ACTION_STATUS_KEYS[key].value)

    def offer_draft(self, kind: str, values: DraftValues) -> bool:
        if kind == "prep-answers" and not self.session.is_team:
            self.action_prep_answers(values)
            return True
        what, _, rest = kind.partition(":")
        item_id, _, status = rest.partition(":")
        item = next((i for i in self.session.carried_rows() if i.id == item_id), None)
        if what != "carried" or item is None:
            return False
        allowed = {s.value for s in (GoalStatus if isinstance(item, Goal) else ActionStatus)}
        if status not in allowed:
            return False
        self._ask_status(item, status, values)
        return True

    def _ask_status(self, item: Goal | ActionItem, status: str, restored: DraftValues | None = None) -> None:
        """Last time's goal or item gets ``status``, with a note (a reason, for a goal that is not simply active)."""
        need_reason = isinstance(item, Goal) and status != GoalStatus.ACTIVE.value

        def parse(note: str) -> str:
            if need_reason and not note.strip():
                raise UserError("A reason is needed when a goal changes; it is kept in the goal's history.")
            return note.strip()

        def noted(note: str | None) -> None:
            if note is None:
                return
            self.session.update_carried(item, status, note)
            self.post_message(ItemsChanged())
            if isinstance(item, Goal) and item.status is GoalStatus.CHANGED and item.replaced_by is None:
                write_replacement(self, item)

        label = one_line(item.title if isinstance(item, Goal) else item.text, 60)
        question = "Why?" if need_reason else "Note (optional):"
        prompt = PromptScreen(f"{label} → {status.replace('_', ' ')}. {question}",
                              parse=parse, placeholder="a few words; enter to save, escape to cancel")
        keep = draft_keeper(self, self.session, f"carried:{item.id}:{status}")
        self.app.push_screen(prompt.keeping_draft(keep, restored), noted)

    # ---------------------------------------------------------------- the prep page (dialogs/prep_page_dialog.py)

    def action_prep_page(self) -> None:
        session, person = self.session, self._one_person()
        if person is not None:
            dialog = PrepPageWriteDialog(person, session.data.goals, session.data.actions, day=session.today,
                                         default_dir=self.export_dir, last=session.data.carry.previous)
            self.app.push_screen(dialog, lambda path: path and self.notify(f"Wrote {path}.", markup=False))

    def action_prep_answers(self, restored: DraftValues | None = None) -> None:
        person = self._one_person()
        if person is None:
            return

        def imported(answers: dict[str, str] | None) -> None:
            for topic, text in (answers or {}).items():
                try:
                    self.session.set_text(f"employee_prep.{topic}", text)
                except UserError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                stored = self.session.text(f"employee_prep.{topic}")
                self.query_one(f"#f-employee_prep--{topic}", NotesArea).show_stored(stored)
            if answers:
                self.notify(f"Imported {counted(len(answers), 'answer')} from their prep page.", markup=False)

        dialog = PrepAnswersDialog(self.session.conv, person)
        self.app.push_screen(dialog.keeping_draft(draft_keeper(self, self.session, "prep-answers"), restored), imported)

    def _one_person(self) -> Employee | None:
        if self.session.is_team:
            self.notify("Prep pages are for one-to-one conversations.", markup=False)
            return None
        return self.session.data.people.get(self.session.conv.employee_ids[0])

    @on(Checkbox.Changed, ".prep-check")
    def _prep_checked(self, event: Checkbox.Changed) -> None:
        self.session.set_prep_done((event.checkbox.id or "").removeprefix("done-"), event.value)
