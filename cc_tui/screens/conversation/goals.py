"""Goals: add and edit goals with their development steps; change a goal's status with a reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Label, OptionList, Static

from ...dates import show
from ...dialogs.basic import PickScreen, PromptScreen
from ...dialogs.draft import DraftValues
from ...dialogs.forms import GoalForm
from ...errors import UserError
from ...models import Goal, GoalStatus, Stage
from ...text import WHOLE, one_line
from ...widgets.row_table import Column, RowTable, table_with_header
from .common import ItemsChanged, StagePane, draft_keeper, select_row, write_replacement

GOAL_COLUMNS = [Column("title", "Goal", max_width=160, shrink=2, min_width=16), Column("kind", "Kind", shrink=1),
                Column("status", "Status"), Column("target", "Target"), Column("steps", "Steps")]


class GoalsPane(StagePane):
    stage = Stage.GOALS
    BINDINGS = [
        Binding("a", "add", "Add goal", id="goals.add"),
        Binding("e", "edit", "Edit goal", id="goals.edit"),
        Binding("s", "change_status", "Change status", id="goals.status",
                tooltip="Achieved / changed / dropped, with a reason"),
        Binding("t", "from_their_words", "From their prep", id="goals.theirs",
                tooltip="Turn a line they wrote in their prep into a goal, marked as proposed by them"),
    ]

    def compose(self) -> ComposeResult:
        yield Label("Goals — a add · e edit · s change status · t from their prep", classes="section-title")
        yield from table_with_header(GOAL_COLUMNS, id="goal-table")
        yield Static(id="goal-detail", classes="detail")

    def focus_target(self) -> str:
        return "#goal-table"

    def fill(self) -> None:
        self.refresh_items()

    def refresh_items(self) -> None:
        session = self.session
        rows: list[tuple[str, list[Text]]] = []
        for goal in session.goal_rows():
            title = one_line(goal.title, WHOLE) + (
                f" ({session.person_name(goal.employee_id)})" if session.is_team else ""
            )
            new = goal.conversation_id == session.conv.id
            rows.append((goal.id, [
                Text(title, style="bold" if new else ""),
                Text(goal.kind.value),
                Content.styled(goal.status.label, "$cc-done" if goal.status is GoalStatus.ACHIEVED else ""),
                Text(show(goal.target_date)),
                Text(str(len(goal.activities))),
            ]))
        self.query_one("#goal-table", RowTable).set_rows(rows)
        self._show_detail()

    def selected(self) -> Goal | None:
        table = self.query_one("#goal-table", RowTable)
        rows = self.session.goal_rows()
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row]

    @on(OptionList.OptionHighlighted, "#goal-table")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        goal = self.selected()
        detail = Text()
        if goal is None:
            detail.append("No goals yet. Press a to add the first one, in their words.", style="dim")
        else:
            detail.append(one_line(goal.title, WHOLE), style="bold")
            if goal.proposed_by_employee:
                detail.append("  (proposed by them)", style="italic")
            if goal.why:
                detail.append("\nWhy: " + one_line(goal.why, 300))
            if goal.success_measure:
                detail.append("\nDone when: " + one_line(goal.success_measure, 300))
            for act in goal.activities:
                mark = "x" if act.done else " "
                detail.append(f"\n  [{mark}] {act.kind.value.replace('_', ' ')}: {one_line(act.description, 200)}")
            if goal.replaces:
                detail.append("\nIn place of: " + one_line(self.session.goal_title(goal.replaces), 200), style="dim")
            if goal.replaced_by:
                detail.append("\nReplaced by: " + one_line(self.session.goal_title(goal.replaced_by), 200))
            for change in goal.history:
                detail.append(
                    f"\n  {show(change.at.date())} {change.status_from.label if change.status_from else '—'}"
                    f" → {change.status_to.label}: {one_line(change.reason, 200)}",
                    style="dim",
                )
        self.query_one("#goal-detail", Static).update(detail)

    # ---------------------------------------------------------------- actions

    def action_add(self) -> None:
        self._edit(None)

    def action_edit(self) -> None:
        self._edit(self.selected())

    def action_from_their_words(self) -> None:
        """A goal from what they wrote in their prep (their aspirations, the skills they want to build): their words,
        marked as proposed by them."""
        lines = self.session.their_proposals()
        if not lines:
            self.notify("Nothing in what they sent beforehand yet (prep: aspirations, skills to develop; "
                        "i pastes their page).", markup=False)
            return

        def picked(text: str | None) -> None:
            if text:
                self._edit(None, their_words=text)

        self.app.push_screen(PickScreen("Which of their words becomes a goal?", [(t, t) for t in lines]), picked)

    def offer_draft(self, kind: str, values: DraftValues) -> bool:
        what, _, rest = kind.partition(":")
        goals = {g.id: g for g in self.session.data.goals}
        if what == "goal" and (rest == "new" or rest in goals):
            self._edit(goals.get(rest), values)
            return True
        if what == "goal" and rest.startswith("replaces:") and rest.removeprefix("replaces:") in goals:
            write_replacement(self, goals[rest.removeprefix("replaces:")], values)
            return True
        goal_id, _, status = rest.partition(":")
        if what == "status" and goal_id in goals and status in set(GoalStatus):
            self._ask_reason(goals[goal_id], GoalStatus(status), values)
            return True
        return False

    def _edit(self, goal: Goal | None, restored: DraftValues | None = None, *, their_words: str = "") -> None:
        session = self.session
        if not session.loaded:
            return

        def saved(result: Goal | None) -> None:
            if result is None:
                return
            session.save_goal(result)
            self.refresh_items()
            select_row(self.query_one("#goal-table", RowTable), result.id)
            self.post_message(ItemsChanged(shown=self))

        form = GoalForm(goal, employee_choices=session.employee_choices(), conversation_id=session.conv.id,
                        clock=session.clock, their_words=their_words)
        kind = f"goal:{goal.id if goal else 'new'}"
        self.app.push_screen(form.keeping_draft(draft_keeper(self, session, kind), restored), saved)

    def action_change_status(self) -> None:
        goal = self.selected()
        if goal is None:
            return
        choices = [(s.label.capitalize(), s) for s in GoalStatus if s is not goal.status]

        def picked(status: GoalStatus | None) -> None:
            if status is not None:
                self._ask_reason(goal, status)

        self.app.push_screen(PickScreen(f"New status for {one_line(goal.title, 50)}", choices), picked)

    def _ask_reason(self, goal: Goal, status: GoalStatus, restored: DraftValues | None = None) -> None:
        def parse(reason: str) -> str:
            if not reason.strip():
                raise UserError("A reason is needed; it is kept in the goal's history.")
            return reason.strip()

        def reasoned(reason: str | None) -> None:
            if reason is None:
                return
            self.session.change_goal_status(goal, status, reason)
            self.post_message(ItemsChanged())
            if status is GoalStatus.CHANGED and goal.replaced_by is None:
                write_replacement(self, goal)

        prompt = PromptScreen(f"{one_line(goal.title, 50)} → {status.label}. Why?", parse=parse)
        keep = draft_keeper(self, self.session, f"status:{goal.id}:{status.value}")
        self.app.push_screen(prompt.keeping_draft(keep, restored), reasoned)
