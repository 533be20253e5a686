"""The JSON export (schema ``cc-tui.actions`` version 1, see docs/export-format.md)."""

from __future__ import annotations

import json
from typing import Any

from ..text import json_escaped_controls
from .bundle import ExportBundle, _iso, _stamp, conversation_day, goal_of

JSON_SCHEMA = "cc-tui.actions"
JSON_VERSION = 1


def json_document(b: ExportBundle) -> dict[str, Any]:
    """The JSON export as a Python object (schema ``cc-tui.actions`` version 1, see docs/export-format.md)."""
    c = b.conversation
    doc: dict[str, Any] = {
        "schema": JSON_SCHEMA,
        "version": JSON_VERSION,
        "exported_at": _stamp(b.exported_at),
        "scope": b.scope,
        "open_only": b.open_only,
        "title": b.title,
        "people": [{"id": p.id, "name": p.name} for p in b.people.values()],
        "conversation": None
        if c is None
        else {
            "id": c.id,
            "date": conversation_day(c).isoformat(),
            "title": c.title,
            "next_date": _iso(c.next_date) or None,
        },
        "summary": None,
        "items": [],
    }
    if b.has_summary and c is not None:
        doc["summary"] = {
            "text": c.summary,
            "shared_notes": c.shared_notes,
            "motivations": [
                {"motivator": m.motivator.value, "rating": m.rating, "source": m.source.value}
                for m in c.motivations
                if m.rating and c.share_motivators
            ],
            "goals": [
                {
                    "id": g.id,
                    "title": g.title,
                    "status": g.status.value,
                    "target_date": _iso(g.target_date) or None,
                    "person_id": g.employee_id,
                }
                for g in b.summary_goals
            ],
        }
    for item in b.items:
        goal = goal_of(b, item)
        doc["items"].append(
            {
                "id": item.id,
                "text": item.text,
                "owner": item.owner.value,
                "owner_name": item.owner_name or None,
                "person": {"id": item.employee_id, "name": b.person_name(item.employee_id)},
                "due": _iso(item.due) or None,
                "status": item.status.value,
                "status_note": item.status_note or None,
                "goal": {"id": goal.id, "title": goal.title} if goal else None,
                "conversation": {
                    "id": item.conversation_id,
                    "date": _iso(b.conversation_date(item.conversation_id)) or None,
                },
                "carried_over": item.carried_over,
            }
        )
    return doc


def to_json(b: ExportBundle) -> str:
    # C1 and bidi controls as \\u escapes (JSON escapes only C0): the same data, none of them raw in the file
    return json_escaped_controls(json.dumps(json_document(b), ensure_ascii=False, indent=2)) + "\n"

