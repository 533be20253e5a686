"""Prep: what you owe them, their style, their words from last time, last time's goals and items with a quick status
each, your own prep and what they sent beforehand."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Label, Static

from ...dialogs.basic import PromptScreen
from ...errors import UserError
from ...models import EMPLOYEE_PREP_TOPICS, MANAGER_PREP_TOPICS, TOPIC_LABELS, Goal, GoalStatus, Stage
from ...session import ACTION_STATUS_KEYS, GOAL_STATUS_KEYS
from ...text import one_line
from ...widgets.fmt import due_text
from ...widgets.row_table import Column, RowTable, table_with_header
from .common import ItemsChanged, NotesArea, StagePane

CARRY_COLUMNS = [Column("kind", "What"), Column("text", "Item", shrink=2, min_width=12), Column("who", "Who", shrink=1),
                 Column("due", "Due"), Column("status", "Status")]


class PrepPane(StagePane):
    stage = Stage.PREP
    BINDINGS = [
        Binding("d", "status('d')", "Done", id="prep.done", tooltip="Mark last time's item done (goal: achieved)"),
        Binding("p", "status('p')", "In progress", id="prep.progress"),
        Binding("b", "status('b')", "Blocked", id="prep.blocked"),
        Binding("x", "status('x')", "Dropped", id="prep.dropped"),
        Binding("c", "status('c')", "Goal changed", id="prep.changed", show=False),
    ]

    def compose(self) -> ComposeResult:
        conv = self.session.conv
        yield Static(id="style-hints", classes="hint")
        yield Static(id="commitments", classes="hint")
        yield Static(id="last-quotes", classes="hint")
        yield Label("Carried over from last time — d done · p in progress · b blocked · x dropped",
                    classes="section-title")
        yield from table_with_header(CARRY_COLUMNS, id="carry", classes="carry")
        yield Label("Your prep", classes="section-title")
        for topic in MANAGER_PREP_TOPICS:
            with Horizontal(classes="prep-row"):
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
        self.refresh_items()

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
        rows: list[tuple[str, list[Text]]] = []
        for item in session.carried_rows():
            if isinstance(item, Goal):
                rows.append((f"goal:{item.id}", [
                    Text("Goal", style="cyan"), Text(one_line(item.title, 36)),
                    Text(one_line(session.person_name(item.employee_id), 16)),
                    due_text(item.target_date, today) if item.target_date else Text("—", style="dim"),
                    Text(item.status.value)]))
            else:
                rows.append((f"action:{item.id}", [
                    Text("Action"), Text(one_line(item.text, 36)), Text(one_line(session.owner_label(item), 16)),
                    due_text(item.due, today) if item.is_open else Text(item.due.isoformat() if item.due else "—"),
                    Text(item.status.value.replace("_", " "))]))
        self.query_one("#carry", RowTable).set_rows(rows)

    # ---------------------------------------------------------------- quick status on last time's items

    def action_status(self, key: str) -> None:
        table = self.query_one("#carry", RowTable)
        rows = self.session.carried_rows()
        if not rows or not 0 <= table.cursor_row < len(rows):
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
            self.session.update_carried(item, status, note)
            self.post_message(ItemsChanged())

        label = one_line(item.title if isinstance(item, Goal) else item.text, 60)
        self.app.push_screen(
            PromptScreen(f"{label} → {status.replace('_', ' ')}. " + ("Why?" if need_reason else "Note (optional):"),
                         parse=parse, placeholder="a few words; enter to save, escape to cancel"),
            noted,
        )

    @on(Checkbox.Changed, ".prep-check")
    def _prep_checked(self, event: Checkbox.Changed) -> None:
        self.session.set_prep_done((event.checkbox.id or "").removeprefix("done-"), event.value)
