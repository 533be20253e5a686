"""A person to erase, with a marker in every field of theirs (shared by the erase tests: command line and app)."""

from __future__ import annotations

from pathlib import Path

from cc_tui.demo import build_demo
from cc_tui.flow import start_conversation
from cc_tui.models import Interest, Opportunity, Quote, QuoteTag, Readiness, SuccessionEntry
from cc_tui.store import Store, backup_folder

from .app_support import NOW as FIXED_NOW
from .app_support import fixed_clock

MARK = "ERASE-ME-91c2"


def planted(folder: Path) -> tuple[str, str, str, str]:
    """The demo team; the first person with MARK in every field of theirs, in a team session with the second."""
    with Store.open(folder, clock=fixed_clock) as store:
        build_demo(store, now=FIXED_NOW)
        person, other = store.employees()[:2]
        person.private_notes = f"notes {MARK}"
        person.style = person.style.model_copy(update={"notes": f"style {MARK}"})
        person.email = "amara.okafor@example.com"
        person.role = f"Engineer {MARK}"
        person.succession = [SuccessionEntry(role=f"Lead {MARK}", readiness=Readiness.READY_NOW,
                                             updated_at=FIXED_NOW)]
        store.save_employee(person)
        for goal in store.goals(person.id):
            goal.why = f"why {MARK}"
            store.save_goal(goal)
        items = store.actions(person.id)
        for item in items:
            item.status_note = f"note {MARK}"
        store.save_actions(items, touch=False)
        for summary in store.history(person.id):
            conv = store.conversation(summary.id)
            conv.private_notes = f"private {MARK}"
            conv.shared_notes = f"shared {MARK}"
            conv.summary = f"summary {MARK}"
            store.save_conversation(conv)  # twice: a .bak holds the marker too
            store.save_conversation(conv)
        team = start_conversation(store, [person.id, other.id], fixed_clock)
        mentoring = Opportunity(title="Mentoring programme")
        team.opportunities = [mentoring]
        team.interests = [Interest(employee_id=person.id, opportunity_id=mentoring.id),
                          Interest(employee_id=other.id, opportunity_id=mentoring.id)]
        team.quotes = [Quote(text=f"I want to lead {MARK}", tag=QuoteTag.DREAM, at=FIXED_NOW,
                             employee_id=person.id)]
        team.shared_notes = f"{person.name} and {other.name} both want the programme."
        store.save_conversation(team)
        backup_folder(folder, "before-erase", fixed_clock)  # a full copy, as a migration makes
        return person.id, person.name, other.id, team.id


def every_byte(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())
