"""The home list from the index alone: a person's brief, their home numbers ("stats") and the row built from both.

No pydantic here: the home list is the first frame, drawn before the models are imported (see
:meth:`~cc_tui.store.Store.warm_up`). The numbers are kept per person in the index and rewritten only when they change.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from ..basics import ID_RE

if TYPE_CHECKING:
    from ..models import Employee


# NamedTuple, not a frozen dataclass, here and in HomeRow: both are made at import on the way to the first frame, where
# a dataclass costs ~0.5-2 ms to create (its methods are generated from source) and a NamedTuple ~0.1 ms (#25)
class PersonBrief(NamedTuple):
    """What the home list shows of a person, read from the index without the pydantic models."""

    id: str
    name: str
    role: str
    team: str
    email: str
    cadence_days: int
    archived: bool

    @classmethod
    def from_record(cls, record: Any) -> PersonBrief | None:
        """The brief of a stored employee record, or None if it is not one the model would accept."""
        if not isinstance(record, dict):
            return None
        ident, name = record.get("id"), record.get("name")
        role, team, email = record.get("role", ""), record.get("team", ""), record.get("email", "")
        cadence, archived = record.get("cadence_days", 30), record.get("archived", False)
        if not (isinstance(ident, str) and ID_RE.fullmatch(ident) and isinstance(name, str) and name.strip()
                and isinstance(role, str) and isinstance(team, str) and isinstance(email, str)
                and isinstance(archived, bool) and type(cadence) is int and 1 <= cadence <= 366):
            return None
        return cls(ident, name, role, team, email, cadence, archived)

    @classmethod
    def of(cls, employee: Employee) -> PersonBrief:
        return cls(employee.id, employee.name, employee.role, employee.team, employee.email, employee.cadence_days,
                   employee.archived)


class HomeRow(NamedTuple):
    """One line of the home list, computed from the index alone."""

    employee: PersonBrief
    last_conversation: date | None
    next_due: date | None
    open_employee: int
    open_manager: int
    overdue_employee: int
    overdue_manager: int
    unfinished_conversation_id: str | None
    open_others: int = 0  # open items someone else (by name) or the team as a whole owes

    def is_due(self, today: date) -> bool:
        """Whether their next conversation is due today or earlier. Someone never talked with yet is due now (the
        home list shows "now" for them): they count, as the column says. Archived people are never due."""
        if self.employee.archived:
            return False
        return self.next_due is None or self.next_due <= today


STATS_VERSION = 2  # 2: the last conversation and the next date are the last one to one's (not a team session's)


def person_stats(summaries: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """A person's home numbers from the raw records of their file: last finished one-to-one (a team session is not
    one: its next date is the group's, and each attendee's next one to one follows it up), the unfinished
    conversation, and the owner and due date of every open action item."""
    finished = [s for s in summaries if s.get("finished_at") and s.get("kind", "individual") != "team"]
    unfinished = sorted(
        (s for s in summaries if not s.get("finished_at")), key=lambda s: datetime.fromisoformat(s["created_at"])
    )
    last = max(finished, key=lambda s: datetime.fromisoformat(s["finished_at"]), default=None)
    return {
        "v": STATS_VERSION,
        "last_at": last["finished_at"] if last else None,
        "last_next_date": last.get("next_date") if last else None,
        "unfinished": unfinished[-1]["id"] if unfinished else None,
        "open": [
            {"owner": a["owner"], "due": a.get("due")}
            for a in actions
            if a.get("status") in ("open", "in_progress", "blocked")
        ],
    }


def home_row(person: PersonBrief, stats: dict[str, Any], today: date) -> HomeRow:
    """One line of the home list from a person's brief and home numbers."""
    last_at = datetime.fromisoformat(stats["last_at"]).date() if stats.get("last_at") else None
    next_due: date | None
    if stats.get("last_next_date"):
        next_due = date.fromisoformat(stats["last_next_date"])
    elif last_at is not None:  # (a date near 9999-12-31, from a handover file, has no date a cadence after it)
        next_due = min(last_at, date.max - timedelta(days=person.cadence_days)) + timedelta(days=person.cadence_days)
    else:
        next_due = None
    counts = {"employee": [0, 0], "manager": [0, 0], "other": [0, 0], "team": [0, 0]}  # models.Owner's values
    for item in stats.get("open", []):
        bucket = counts.get(item.get("owner"))
        if bucket is None:
            continue
        bucket[0] += 1
        if item.get("due") and date.fromisoformat(item["due"]) < today:
            bucket[1] += 1
    return HomeRow(
        employee=person,
        last_conversation=last_at,
        next_due=next_due,
        open_employee=counts["employee"][0],
        open_manager=counts["manager"][0],
        overdue_employee=counts["employee"][1],
        overdue_manager=counts["manager"][1],
        unfinished_conversation_id=stats.get("unfinished"),
        open_others=counts["other"][0] + counts["team"][0],
    )
