"""Forms for people, goals and action items. Each validates through the models and shows errors inline."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ..basics import Clock, system_clock
from ..dates import HELP as DATE_HELP
from ..dates import parse_due, show
from ..errors import UserError
from ..models import (
    ActionItem,
    ActivityKind,
    DevActivity,
    Employee,
    FeedbackStyle,
    Goal,
    GoalKind,
    Opportunity,
    OpportunityKind,
    Owner,
    PathClarity,
    Readiness,
    StyleHints,
)
from ..text import one_line
from ..widgets.fmt import due_text
from ..widgets.keybar import KeyBar
from .draft import DraftDialog


def explain(exc: ValidationError, labels: dict[str, str] | None = None) -> str:
    """The first problem, in the words of the form: its field by the label the manager sees (``labels``: model field
    -> label; "title" is the "Goal" field of the goal form), and what is wrong in plain words."""
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    name = ".".join(loc) or "value"
    labels = labels or {}
    field = labels.get(name) or labels.get(loc[0] if loc else "") or name.replace("_", " ")
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "string_too_short":
        msg = "cannot be empty"
    elif kind in ("greater_than_equal", "greater_than"):
        msg = f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        msg = f"must be at most {ctx.get('le', ctx.get('lt'))}"
    elif kind == "string_too_long":
        msg = f"is too long (at most {ctx.get('max_length')} characters)"
    else:
        msg = err["msg"]
    return f"{field}: {msg}"


def _options(enum: Any, labels: dict[Any, str] | None = None) -> list[tuple[Text, Any]]:
    return [(Text((labels or {}).get(m, m.value.replace("_", " ").capitalize())), m) for m in enum]


def labelled(label: str, widget: Widget, *, id: str | None = None) -> Vertical:
    """A field with its label above it, for a row of fields side by side (a filled-in field has no placeholder)."""
    return Vertical(Label(label), widget, classes="field", id=id)


class FormScreen(DraftDialog[Any]):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    TITLE_TEXT = ""
    FIELD_LABELS: dict[str, str] = {}  # model field -> the label the form shows it under (for its errors)

    def compose_fields(self) -> ComposeResult:
        yield from ()

    CHROME = 11  # rows around the fields: border 2, padding 2, title 2, error 1, help 2, and 2 to spare

    def compose(self) -> ComposeResult:
        # the title, the error and the save/cancel hint always show; the fields scroll inside when the terminal is
        # short (80x24)
        with Vertical(classes="dialog form"):
            yield Label(Text(self.TITLE_TEXT), classes="dialog-title")
            with VerticalScroll(classes="form-fields"):
                yield from self.compose_fields()
            yield Label("", id="form-error", classes="field-error", markup=False)
            yield Static(Text("ctrl+s save · escape cancel · tab next field"), classes="dialog-help")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fit()
        first = self.query("Input, Select, TextArea, Checkbox").first()
        # now, not through the app's queue (``Widget.focus``): the resume's auto focus then leaves it be, and the
        # field's focus style is in the dialog's first frame, not in a second one ~20 ms later
        self.set_focus(first, scroll_visible=False)  # (before the layout: it is at the top of the fields)

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        height = self.app.size.height
        chrome = self.CHROME + (2 if self._restored else 0)  # the "Restored" note and its margin, over the fields
        self.query_one(".form-fields", VerticalScroll).styles.max_height = max(4, height * 9 // 10 - chrome)

    def error(self, message: str) -> None:
        # what each field held when the save was refused: the message is about those values
        self._refused = {w: w.value for w in self.query(Input)} if message else {}
        self.query_one("#form-error", Label).update(Text(message))

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        """A field changed since a refused save: the message was about what it held then (a date since fixed still
        said it was no date until the next save). A change the save had already seen (one still on its way from a
        key typed just before ctrl+s) keeps it."""
        refused = getattr(self, "_refused", {})
        if event.input in refused and refused[event.input] != event.value:
            self.error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        try:
            result = self.build()
        except ValidationError as exc:
            self.error(explain(exc, self.FIELD_LABELS))
            return
        except (UserError, ValueError) as exc:
            self.error(str(exc))
            return
        self.dismiss(result)

    def build(self) -> Any:
        raise NotImplementedError

    def val(self, selector: str) -> str:
        widget = self.query_one(selector)
        if isinstance(widget, TextArea):
            return widget.text
        return widget.value  # type: ignore[attr-defined, no-any-return]


class PersonForm(FormScreen):
    TITLE_TEXT = "Person"
    FIELD_LABELS = {"name": "Name", "role": "Role", "team": "Team", "email": "E-mail",
                    "cadence_days": "Talk every … days", "private_notes": "Private notes"}

    def __init__(self, employee: Employee | None = None, *, clock: Clock = system_clock,
                 default_cadence: int = 30) -> None:
        super().__init__()
        self.employee = employee
        self.default_cadence = default_cadence  # a new person's (``default_cadence_days`` in the settings)
        self.clock = clock
        self.TITLE_TEXT = f"Edit {one_line(employee.name, 50)}" if employee else "Add a person"

    def compose_fields(self) -> ComposeResult:
        e = self.employee
        # every field has its label above it (a filled-in field shows no placeholder)
        yield Label("Name")
        yield Input(e.name if e else "", id="name", placeholder="Full name")
        with Horizontal(classes="form-row labels"):
            yield Label("Role")
            yield Label("Team")
        with Horizontal(classes="form-row"):
            yield Input(e.role if e else "", id="role", placeholder="Role")
            yield Input(e.team if e else "", id="team", placeholder="Team")
        with Horizontal(classes="form-row labels"):
            yield Label("E-mail (optional)")
            yield Label("Talk every … days (cadence)")
        with Horizontal(classes="form-row"):
            yield Input(e.email if e else "", id="email", placeholder="E-mail (optional)")
            yield Input(str(e.cadence_days if e else self.default_cadence), id="cadence", placeholder="Every N days",
                        type="integer")
        with Horizontal(classes="form-row labels"):
            yield Label("How clear on their path?")
            yield Label("How they take feedback")
        with Horizontal(classes="form-row"):
            yield Select(
                _options(PathClarity, {PathClarity.SURE: "Sure of their path", PathClarity.EXPLORING: "Exploring",
                                       PathClarity.UNSURE: "Unsure"}),
                value=e.style.path_clarity if e else PathClarity.EXPLORING,
                allow_blank=False,
                id="clarity",
            )
            yield Select(
                _options(FeedbackStyle, {FeedbackStyle.DIRECT: "Likes it direct",
                                         FeedbackStyle.BALANCED: "Balanced",
                                         FeedbackStyle.SENSITIVE: "Sensitive to feedback"}),
                value=e.style.feedback if e else FeedbackStyle.BALANCED,
                allow_blank=False,
                id="feedback",
            )
        yield Label("How to adapt to them")  # (a filled-in field shows no placeholder: the label says what it is)
        yield Input(e.style.notes if e else "", id="style-notes", placeholder="How to adapt to them (one line)")
        yield Label("Private notes (only you see these; never exported)")
        yield TextArea(e.private_notes if e else "", id="private-notes", classes="private short")

    def build(self) -> Employee:
        cadence_text = self.val("#cadence").strip() or str(self.default_cadence)
        try:
            cadence = int(cadence_text)
        except ValueError:
            raise UserError("cadence: a whole number of days") from None
        fields = dict(
            name=self.val("#name"),
            role=self.val("#role"),
            team=self.val("#team"),
            email=self.val("#email").strip(),
            cadence_days=cadence,
            style=StyleHints(
                path_clarity=self.val("#clarity"), feedback=self.val("#feedback"), notes=self.val("#style-notes")
            ),
            private_notes=self.val("#private-notes"),
        )
        if self.employee is None:
            return Employee(**fields, created_at=self.clock())
        e = self.employee
        return Employee(**fields, id=e.id, created_at=e.created_at, archived=e.archived,
                        archived_at=e.archived_at)


class GoalForm(FormScreen):
    FIELD_LABELS = {"title": "Goal", "success_measure": "How we will know it is reached",
                    "why": "Why it matters to them", "activities": "Development steps"}
    def __init__(self, goal: Goal | None, *, employee_choices: list[tuple[str, str]], conversation_id: str,
                 clock: Clock = system_clock, replacing: Goal | None = None, their_words: str = "") -> None:
        super().__init__()
        self.goal = goal
        self.their_words = their_words  # a goal they proposed, in their words (from their prep)
        self.clock = clock
        self.employee_choices = employee_choices
        self.conversation_id = conversation_id
        self.replacing = replacing  # a new goal written in place of this changed one (escape: none)
        if replacing is not None:
            self.TITLE_TEXT = f"The goal that replaces “{one_line(replacing.title, 50)}” (escape: none for now)"
        elif their_words:
            self.TITLE_TEXT = "A goal they proposed, in their words"
        else:
            self.TITLE_TEXT = "Edit goal" if goal else "New goal"

    def compose_fields(self) -> ComposeResult:
        g = self.goal or self.replacing  # a replacement starts from what it replaces
        if len(self.employee_choices) > 1 and self.goal is None and self.replacing is None:
            yield Label("For")
            yield Select([(Text(n), i) for n, i in self.employee_choices], allow_blank=False, id="for")
        yield Label("Goal")
        title = g.title if g else one_line(self.their_words, 200)
        yield Input(title, id="title", placeholder="What they want to reach, in their words")
        with Horizontal(classes="form-row"):
            yield labelled("Kind of goal", Select(_options(GoalKind), value=g.kind if g else GoalKind.SKILL,
                                                  allow_blank=False, id="kind"))
            yield labelled("Target: +3m or a date", Input(
                g.target_date.isoformat() if g and g.target_date else "", id="target", placeholder="+3m"))
        yield Label("How we will know it is reached")
        yield Input(g.success_measure if g else "", id="measure", placeholder="How we will know it is reached")
        yield Label("Why it matters to them")
        yield TextArea(g.why if g else "", id="why", classes="short")
        yield Label("Development steps (tick and describe)")
        existing = {a.kind: a for a in (g.activities if g else [])}
        for kind in ActivityKind:
            with Horizontal(classes="form-row activity"):
                yield Checkbox(
                    Text(kind.value.replace("_", " ").capitalize()), kind in existing, id=f"act-{kind.value}"
                )
                yield Input(existing[kind].description if kind in existing else "", id=f"desc-{kind.value}",
                            placeholder="what, with whom")

    def build(self) -> Goal:
        today = self.clock().date()
        target = parse_due(self.val("#target"), today)
        activities = []
        for kind in ActivityKind:
            desc = self.val(f"#desc-{kind.value}")
            if self.query_one(f"#act-{kind.value}", Checkbox).value or desc.strip():
                old = next((a for a in (self.goal.activities if self.goal else []) if a.kind is kind), None)
                activities.append(DevActivity(kind=kind, description=desc, done=old.done if old else False))
        fields = dict(
            title=self.val("#title"),
            kind=self.val("#kind"),
            why=self.val("#why"),
            target_date=target,
            success_measure=self.val("#measure"),
            activities=activities,
        )
        if self.goal is None:
            if self.replacing is not None:
                employee_id = self.replacing.employee_id
            elif len(self.employee_choices) > 1:
                employee_id = self.val("#for")
            else:
                employee_id = self.employee_choices[0][1]
            return Goal(employee_id=employee_id, conversation_id=self.conversation_id,
                        created_at=self.clock(), proposed_by_employee=bool(self.their_words), **fields)
        goal = self.goal.model_copy(deep=True)
        for key, value in fields.items():
            setattr(goal, key, value)
        return goal


class ActionForm(FormScreen):
    FIELD_LABELS = {"text": "Action", "owner_name": "Who", "status_note": "Note"}
    def __init__(
        self,
        item: ActionItem | None,
        *,
        employee_choices: list[tuple[str, str]],
        goal_choices: list[tuple[str, str]],
        conversation_id: str,
        clock: Clock = system_clock,
        team: bool = False,
    ) -> None:
        super().__init__()
        self.team = team  # a team session: the team as a whole can own an item
        self.item = item
        self.clock = clock
        self.employee_choices = employee_choices
        self.goal_choices = goal_choices
        self.conversation_id = conversation_id
        self.TITLE_TEXT = "Edit action item" if item else "New action item"

    def compose_fields(self) -> ComposeResult:
        a = self.item
        yield Label("Action")
        yield Input(a.text if a else "", id="text", placeholder="A concrete next step")
        with Horizontal(classes="form-row"):
            yield labelled("Who does it", Select(
                [(Text("An attendee does it" if self.team else "Employee does it"), Owner.EMPLOYEE),
                 *([(Text("The team does it"), Owner.TEAM)] if self.team else []),
                 (Text("I (manager) do it"), Owner.MANAGER), (Text("Someone else does it"), Owner.OTHER)],
                value=a.owner if a else Owner.EMPLOYEE,
                allow_blank=False,
                id="owner",
            ))
            yield labelled("Their name", Input(a.owner_name if a else "", id="owner-name",
                                               placeholder="Who (someone else: their name)"), id="owner-name-field")
            yield labelled("Due: +2w, fri or a date", Input(
                a.due.isoformat() if a and a.due else "", id="due", placeholder="+2w"))
        yield Label("", id="due-error", classes="field-error", markup=False)
        if len(self.employee_choices) > 1:
            yield Label("Attendee (who does it, or whose file a team item is kept in)" if self.team else "About")
            yield Select(
                [(Text(n), i) for n, i in self.employee_choices],
                value=a.employee_id if a else self.employee_choices[0][1],
                allow_blank=False,
                id="for",
            )
        if self.team:
            return  # goals are one to one: a team session's items serve none
        yield Label("Goal it serves (optional)")
        yield Select(
            [(Text(one_line(t, 60)), i) for t, i in self.goal_choices],
            value=a.goal_id if a and a.goal_id in {i for _, i in self.goal_choices} else Select.NULL,
            allow_blank=True,
            prompt="No goal",
            id="goal",
        )

    def on_mount(self) -> None:
        self._show_owner_name()

    @on(Select.Changed, "#owner")
    def _owner_changed(self) -> None:
        self._show_owner_name()

    def _show_owner_name(self) -> None:
        """The name field is there only when someone else does it (and then it is where the focus goes next)."""
        other = self.query_one("#owner", Select).value == Owner.OTHER
        field = self.query_one("#owner-name-field")
        if field.display != other:
            field.display = other
            if other and self.is_mounted:
                self.query_one("#owner-name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "due":
            return
        message = ""
        try:
            parsed = parse_due(event.value, self.clock().date())
            if parsed is not None:
                message = f"→ {parsed.strftime('%a %d %b %Y')}"
        except UserError as exc:
            message = str(exc)
        self.query_one("#due-error", Label).update(Text(message))

    def build(self) -> ActionItem:
        due = parse_due(self.val("#due"), self.clock().date())
        goal = None if self.team else self.val("#goal")
        employee_id = self.val("#for") if len(self.employee_choices) > 1 else self.employee_choices[0][1]
        owner = Owner(self.val("#owner"))
        owner_name = self.val("#owner-name").strip() if owner is Owner.OTHER else ""
        if owner is Owner.OTHER and not owner_name:
            raise UserError("owner: say who does it (their name)")
        fields = dict(
            text=self.val("#text"),
            owner=owner,
            owner_name=owner_name,
            due=due,
            goal_id=goal if isinstance(goal, str) else None,
            employee_id=employee_id,
        )
        if self.item is None:
            now = self.clock()
            return ActionItem(conversation_id=self.conversation_id, created_at=now, updated_at=now, **fields)
        item = self.item.model_copy(deep=True)
        for key, value in fields.items():
            setattr(item, key, value)
        return item


class OpportunityForm(FormScreen):
    FIELD_LABELS = {"title": "Opportunity", "description": "Description"}
    """A development opportunity to present to a team: a programme, an open role, a stretch project, training."""

    def __init__(self, opportunity: Opportunity | None = None) -> None:
        super().__init__()
        self.opportunity = opportunity
        self.TITLE_TEXT = "Edit opportunity" if opportunity else "New opportunity to present"

    def compose_fields(self) -> ComposeResult:
        o = self.opportunity
        yield Label("Opportunity")
        yield Input(o.title if o else "", id="title", placeholder="Mentoring programme, open role, stretch project…")
        yield Select([(Text(k.label), k) for k in OpportunityKind], value=o.kind if o else OpportunityKind.PROGRAMME,
                     allow_blank=False, id="kind")
        yield Input(o.description if o else "", id="description", placeholder="In a line: what, for whom, when")

    def build(self) -> Opportunity:
        fields = dict(title=self.val("#title"), kind=self.val("#kind"), description=self.val("#description"))
        if self.opportunity is None:
            return Opportunity(**fields)
        return self.opportunity.model_copy(update=Opportunity(id=self.opportunity.id, **fields).model_dump())


class SuccessionForm(FormScreen):
    """High-potential flag and readiness for a named role; returns (hipo, role, readiness)."""

    def __init__(self, employee: Employee) -> None:
        super().__init__()
        self.employee = employee
        self.TITLE_TEXT = f"Succession — {employee.name}"

    def compose_fields(self) -> ComposeResult:
        e = self.employee
        latest = e.succession[-1] if e.succession else None
        yield Checkbox(Text("High potential"), e.high_potential, id="hipo")
        yield Label("Readiness for a named role (leave the role empty to change only the flag)")
        with Horizontal(classes="form-row"):
            yield Input(latest.role if latest else "", id="role", placeholder="Role, e.g. Tech lead, Payments")
            yield Select(
                [(Text(r.label), r) for r in Readiness],
                value=latest.readiness if latest else Readiness.ONE_TWO_YEARS,
                allow_blank=False,
                id="readiness",
            )
        if e.succession:
            yield Static(
                Text("\n".join(f"{s.role}: {s.readiness.label} ({show(s.updated_at.date())})"
                               for s in e.succession)),
                classes="dialog-help",
            )

    def build(self) -> tuple[bool, str, Readiness | None]:
        role = " ".join(self.val("#role").split())
        if len(role) > 200:
            raise UserError("role: at most 200 characters")
        readiness = self.val("#readiness")
        return (self.query_one("#hipo", Checkbox).value, role, Readiness(readiness) if role else None)


__all__ = ["PersonForm", "GoalForm", "ActionForm", "OpportunityForm", "due_text", "DATE_HELP"]
