"""Actions: the action items, last time's open ones already here; owner, due date, goal; quick status keys."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Label, OptionList, Static

from ...dates import show
from ...dialogs.draft import DraftValues
from ...dialogs.forms import ActionForm
from ...models import ActionItem, ActionStatus, Stage
from ...text import WHOLE, counted, one_line
from ...widgets.fmt import due_text
from ...widgets.row_table import Column, RowTable, table_with_header
from .common import ItemsChanged, StagePane, draft_keeper, select_row

# the action's words take the room there is; on a narrow terminal the goal and carried columns give way to them (the
# selected item's detail line below the table says both, and the text whole)
ACTION_COLUMNS = [Column("text", "Action", max_width=160, shrink=2, min_width=16), Column("owner", "Owner", shrink=1),
                  Column("due", "Due"), Column("status", "Status"),
                  Column("goal", "Goal", max_width=40, shrink=4, optional=True),
                  Column("carried", "Carried", shrink=3, optional=True)]


class ActionsPane(StagePane):
    stage = Stage.ACTIONS
    BINDINGS = [
        Binding("a", "add", "Add item", id="actions.add"),
        Binding("e", "edit", "Edit item", id="actions.edit"),
        Binding("space", "toggle_done", "Done/open", id="actions.done"),
        Binding("b", "set_status('blocked')", "Blocked", id="actions.blocked"),
        Binding("x", "set_status('dropped')", "Dropped", id="actions.dropped"),
    ]

    def compose(self) -> ComposeResult:
        yield Label("Action items — a add · e edit · space done · b blocked · x dropped", classes="section-title")
        yield from table_with_header(ACTION_COLUMNS, id="action-table")
        yield Static(id="action-detail", classes="detail")

    def focus_target(self) -> str:
        return "#action-table"

    def fill(self) -> None:
        self.refresh_items()

    def refresh_items(self) -> None:
        session = self.session
        today = session.today
        goals = {g.id: g for g in session.data.goals}
        rows: list[tuple[str, list[Text]]] = []
        for item in session.action_rows():
            goal = goals.get(item.goal_id or "")
            status_style = "dim strike" if item.status in (ActionStatus.DONE, ActionStatus.DROPPED) else ""
            rows.append((item.id, [
                Text(one_line(item.text, WHOLE), style=status_style),
                Text(one_line(session.owner_label(item), 24)),
                due_text(item.due, today) if item.is_open else Text(show(item.due)),
                Text(item.status.value.replace("_", " ")),
                Text(one_line(goal.title, WHOLE) if goal else "—"),
                Text(f"×{item.carried_over}" if item.carried_over else ""),
            ]))
        self.query_one("#action-table", RowTable).set_rows(rows)
        self._show_detail()

    @on(OptionList.OptionHighlighted, "#action-table")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected item whole, to read back to them: its words, who, by when, its goal, its note."""
        item = self.selected()
        parts: list[tuple[str, str]] = []
        if item is None:
            parts.append(("No action items yet. Press a to add one: a verb, an owner, a date.", "dim"))
        else:
            session = self.session
            parts += [(one_line(item.text, WHOLE), "bold"), (f"\n{one_line(session.owner_label(item), 80)} · ", "")]
            if item.due is None:
                parts.append(("no date", "dim"))
            elif item.is_open and item.due < session.today:
                parts.append((f"due {show(item.due)} (overdue)", "bold $cc-overdue"))
            else:
                parts.append((f"{'due' if item.is_open else 'was due'} {show(item.due)}", ""))
            parts.append((f" · {item.status.value.replace('_', ' ')}", ""))
            if item.carried_over:
                parts.append((f" · carried over {counted(item.carried_over, 'time')}", "dim"))
            goal = next((g for g in session.data.goals if g.id == item.goal_id), None) if item.goal_id else None
            if goal is not None:
                parts.append(("\nFor the goal: " + one_line(goal.title, WHOLE), ""))
            if item.status_note:
                parts.append(("\nNote: " + one_line(item.status_note, WHOLE), "italic"))
        self.query_one("#action-detail", Static).update(Content.assemble(*parts))

    def selected(self) -> ActionItem | None:
        table = self.query_one("#action-table", RowTable)
        rows = self.session.action_rows()
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row]

    # ---------------------------------------------------------------- actions

    def action_add(self) -> None:
        self._edit(None)

    def action_edit(self) -> None:
        self._edit(self.selected())

    def offer_draft(self, kind: str, values: DraftValues) -> bool:
        what, _, rest = kind.partition(":")
        items = {a.id: a for a in self.session.data.actions}
        if what == "action" and (rest == "new" or rest in items):
            self._edit(items.get(rest), values)
            return True
        return False

    def _edit(self, item: ActionItem | None, restored: DraftValues | None = None) -> None:
        session = self.session
        if not session.loaded:
            return

        def saved(result: ActionItem | None) -> None:
            if result is None:
                return
            session.save_action(result)
            self.refresh_items()
            select_row(self.query_one("#action-table", RowTable), result.id)
            self.post_message(ItemsChanged(shown=self))

        form = ActionForm(item, employee_choices=session.employee_choices(), goal_choices=session.goal_choices(),
                          conversation_id=session.conv.id, clock=session.clock, team=session.is_team)
        kind = f"action:{item.id if item else 'new'}"
        self.app.push_screen(form.keeping_draft(draft_keeper(self, session, kind), restored), saved)

    def action_toggle_done(self) -> None:
        self.action_set_status(ActionStatus.DONE.value)

    def action_set_status(self, status: str) -> None:
        item = self.selected()
        if item is not None:
            self.session.set_action_status(item, ActionStatus(status))
            self.refresh_items()
            self.post_message(ItemsChanged(shown=self))
