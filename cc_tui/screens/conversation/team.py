"""The stages of a team session: shown to the group, so nothing individual appears (no one's private notes, style
hints, goals, own items, motivation ratings or succession). Prep lists the opportunities to present and what you want
to learn from the group; the discussion holds the group's notes and who is interested in what; goals are set one to
one (the interests marked here reach each person's next one to one)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, Static

from ...dialogs.basic import PickManyScreen
from ...dialogs.draft import DraftValues
from ...dialogs.forms import OpportunityForm
from ...errors import UserError
from ...models import Employee, Opportunity, Stage
from ...text import one_line
from ...widgets.row_table import Column, RowTable, table_with_header
from ...widgets.worker_errors import report_errors
from .common import ItemsChanged, NotesArea, StagePane, draft_keeper, select_row

GROUP_VIEW = ("GROUP VIEW — on screen for the whole team: no one's notes, goals, own items, ratings or style hints "
              "appear here")
OPPORTUNITY_COLUMNS = [Column("title", "Opportunity", shrink=2, min_width=12), Column("kind", "Kind", shrink=1),
                       Column("description", "What, for whom, when", shrink=3)]
INTEREST_COLUMNS = [Column("title", "Opportunity", shrink=2, min_width=12),
                    Column("who", "Interested", shrink=3, min_width=10)]
MAX_KEYED_ATTENDEES = 9


class TeamPrepPane(StagePane):
    stage = Stage.PREP
    BINDINGS = [
        Binding("a", "add", "Add opportunity", id="team.add"),
        Binding("e", "edit", "Edit opportunity", id="team.edit"),
        Binding("x", "remove", "Remove opportunity", id="team.remove"),
        Binding("p", "attendees", "Attendees", id="team.attendees",
                tooltip="Who attends: add someone who joined late, remove someone who left"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Text(GROUP_VIEW), classes="group-view")
        yield Label("Opportunities to present — a add · e edit · x remove · p attendees", classes="section-title")
        yield from table_with_header(OPPORTUNITY_COLUMNS, id="opportunities")
        yield NotesArea(self.session.conv, "group_questions", classes="short",
                        title="What you want to learn from the group")

    def focus_target(self) -> str:
        return "#opportunities"

    def fill(self) -> None:
        self.refresh_items()

    def refresh_items(self) -> None:
        rows = [(o.id, [Text(one_line(o.title, 60)), Text(o.kind.label), Text(one_line(o.description, 120))])
                for o in self.session.conv.opportunities]
        self.query_one("#opportunities", RowTable).set_rows(rows)

    def selected(self) -> Opportunity | None:
        table = self.query_one("#opportunities", RowTable)
        rows = self.session.conv.opportunities
        return rows[table.cursor_row] if rows and 0 <= table.cursor_row < len(rows) else None

    def action_add(self) -> None:
        self._edit(None)

    def action_edit(self) -> None:
        self._edit(self.selected())

    def action_remove(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.session.remove_opportunity(chosen.id)
            self.refresh_items()
            self.post_message(ItemsChanged(shown=self))
            self.notify(f"Removed “{one_line(chosen.title, 50)}”.", markup=False)

    def action_attendees(self) -> None:
        self._load_people()

    @work(thread=True, exclusive=True, group="team-people")
    @report_errors
    def _load_people(self) -> None:
        people = self.session.store.employees()  # everyone not archived (read off the UI thread)
        self.app.call_from_thread(self._pick_people, people)

    def _pick_people(self, people: list[Employee]) -> None:
        session = self.session
        current = session.conv.employee_ids
        known = {p.id for p in people}
        # someone attending who has been archived since stays listed, so that unticking them is possible
        people = people + [p for e, p in session.data.people.items() if e not in known]
        choices = [(f"{p.name} — {p.role}" if p.role else p.name, p) for p in people]
        ticked = [i for i, p in enumerate(people) if p.id in current]

        def chosen(picked: list[Employee] | None) -> None:
            if picked is None:
                return
            try:
                session.set_attendees(picked)
            except UserError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.post_message(ItemsChanged())
            self.notify(f"Attending: {one_line(', '.join(p.name for p in picked), 200)}.", markup=False)

        self.app.push_screen(PickManyScreen("Who attends? (space ticks, enter confirms)", choices, minimum=2,
                                            ticked=ticked), chosen)

    def offer_draft(self, kind: str, values: DraftValues) -> bool:
        what, _, rest = kind.partition(":")
        known = {o.id: o for o in self.session.conv.opportunities}
        if what == "opportunity" and (rest == "new" or rest in known):
            self._edit(known.get(rest), values)
            return True
        return False

    def _edit(self, opportunity: Opportunity | None, restored: DraftValues | None = None) -> None:
        def saved(result: Opportunity | None) -> None:
            if result is None:
                return
            self.session.save_opportunity(result)
            self.refresh_items()
            self.post_message(ItemsChanged(shown=self))
            select_row(self.query_one("#opportunities", RowTable), result.id)

        keep = draft_keeper(self, self.session, f"opportunity:{opportunity.id if opportunity else 'new'}")
        self.app.push_screen(OpportunityForm(opportunity).keeping_draft(keep, restored), saved)


class TeamDiscussionPane(StagePane):
    stage = Stage.DISCUSSION
    BINDINGS = [
        Binding("1", "interest(1)", "Mark interest", id="team.interest", key_display="1-9",
                tooltip="Mark (or unmark) the n-th attendee's interest in the highlighted opportunity"),
        *[Binding(str(n), f"interest({n})", f"Interest of attendee {n}", show=False) for n in range(2, 10)],
    ]

    def compose(self) -> ComposeResult:
        yield Static(Text(GROUP_VIEW), classes="group-view")
        yield NotesArea(self.session.conv, "shared_notes", classes="notes shared",
                        title="Group notes — what the group wants; they lead, you listen")
        yield Label("Who is interested in what — 1-9 marks an attendee on the highlighted opportunity",
                    classes="section-title")
        yield Static(id="attendees", classes="hint")
        yield from table_with_header(INTEREST_COLUMNS, id="interest")

    def focus_target(self) -> str:
        return "#f-shared_notes"

    def fill(self) -> None:
        self.refresh_items()

    def _show_legend(self) -> None:
        legend = Text()
        for n, employee_id in enumerate(self.session.conv.employee_ids[:MAX_KEYED_ATTENDEES], start=1):
            if n > 1:
                legend.append(" · ")
            legend.append(f"{n} ", style="bold")
            legend.append(one_line(self.session.person_name(employee_id), 40))
        self.query_one("#attendees", Static).update(legend)

    def refresh_items(self) -> None:
        self._show_legend()
        session = self.session
        rows = []
        for o in session.conv.opportunities:
            who = [session.person_name(i.employee_id) for i in session.conv.interests if i.opportunity_id == o.id]
            rows.append((o.id, [Text(one_line(o.title, 60)),
                                Text(one_line(", ".join(who), 200) if who else "—", style="" if who else "dim")]))
        self.query_one("#interest", RowTable).set_rows(rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "interest":
            return self.screen.focused is self.query_one("#interest", RowTable) or None
        return True

    def action_interest(self, n: int) -> None:
        table = self.query_one("#interest", RowTable)
        opportunities = self.session.conv.opportunities
        attendees = self.session.conv.employee_ids
        if not opportunities or not 0 <= table.cursor_row < len(opportunities):
            self.notify("Add the opportunities to present in prep (F1, a) first.", markup=False)
            return
        if not 1 <= n <= min(len(attendees), MAX_KEYED_ATTENDEES):
            return
        opportunity = opportunities[table.cursor_row]
        row = table.cursor_row
        self.session.toggle_interest(attendees[n - 1], opportunity.id)
        self.refresh_items()
        table.move_cursor(row=row)


class TeamGoalsPane(StagePane):
    stage = Stage.GOALS

    def compose(self) -> ComposeResult:
        yield Static(Text(GROUP_VIEW), classes="group-view")
        yield Static(Text("Goals are set one to one, not in front of the group. What each person said they are "
                          "interested in here comes back in their next one to one's prep.", style="italic"),
                     classes="hint")


__all__ = ["GROUP_VIEW", "TeamDiscussionPane", "TeamGoalsPane", "TeamPrepPane"]
