"""The Markdown export, and the escaping that makes user text render as exactly that text."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..models import EMPLOYEE_PREP_TOPICS, TOPIC_LABELS, ActionItem, Conversation, ConversationKind, Goal
from .bundle import STATUS_LABELS, ExportBundle, _iso, _stamp, conversation_day, goal_of, owner_label

# Every character that can start inline syntax in CommonMark/GFM, and the pipe of GFM tables. `!` needs no escape:
# it only matters before `[`, which is escaped. `.` `)` `-` `+` `=` only matter at the start of a line (handled in
# _md_line).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_escape(text: str) -> str:
    """User text as inline Markdown that renders as exactly ``text``: no HTML, links, emphasis or code.

    Line breaks become a space (a table row is one line; rendered HTML shows a line break in a paragraph as a space
    anyway); use :func:`md_block` for text whose lines should stay lines.
    """
    return _MD_INLINE.sub(r"\\\1", _LINE_BREAK.sub(" ", text))


def md_cell_text(text: str) -> str:
    """What a Markdown reader sees in the table cell of ``text`` (the inverse of :func:`md_escape`, for tests)."""
    return _LINE_BREAK.sub(" ", text).strip(" \t")


def _md_line(line: str) -> str:
    line = line.strip(" \t")
    escaped = md_escape(line)
    # Block syntax that only means something at the start of a line: list items, thematic breaks, setext headings.
    if escaped[:1] in ("-", "+", "="):
        escaped = "\\" + escaped
    else:
        escaped = _ORDERED.sub(r"\1\\\2", escaped)
    return escaped


def md_block(text: str) -> str:
    """Multi-line user text as Markdown paragraphs: lines stay lines (hard breaks), blank lines separate paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for raw in _LINE_BREAK.split(text):
        if raw.strip():
            paragraphs[-1].append(_md_line(raw))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)


def _md_table(b: ExportBundle, items: list[ActionItem]) -> list[str]:
    lines = [
        "| Action | Owner | Due | Status | Goal | Raised | Carried over |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for item in items:
        goal = goal_of(b, item)
        raised = b.conversation_date(item.conversation_id)
        cells = [
            md_escape(item.text),
            md_escape(owner_label(b, item)),
            _iso(item.due) or "—",
            STATUS_LABELS[item.status] + (f" — {md_escape(item.status_note)}" if item.status_note else ""),
            md_escape(goal.title) if goal else "—",
            _iso(raised) or "—",
            f"{item.carried_over}×" if item.carried_over else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def to_markdown(b: ExportBundle) -> str:
    """A heading saying what this is, a metadata list, the items as a table (one per person when there are several),
    and, with ``include_summary``, the shared summary."""
    out = [f"# {md_escape(b.title)}", ""]
    c = b.conversation
    names = ", ".join(md_escape(p.name) for p in b.people.values())
    out.append(f"- **{'People' if len(b.people) > 1 else 'Person'}:** {names or '—'}")
    if c is not None:
        label = f" — {md_escape(c.title)}" if c.title else ""
        out.append(f"- **Conversation:** {conversation_day(c).isoformat()}{label} (id {c.id})")
    noun = "open action item" if b.open_only else "action item"
    out.append(f"- **Items:** {len(b.items)} {noun}{'' if len(b.items) == 1 else 's'}")
    out.append(f"- **Exported:** {_stamp(b.exported_at)} by cc-tui")
    out.append("")
    if not b.items:
        out += ["No action items.", ""]
    elif len(b.people) > 1:
        by_person: dict[str, list[ActionItem]] = {}
        for item in b.items:
            by_person.setdefault(item.employee_id, []).append(item)
        for employee_id, items in by_person.items():
            out += [f"## {md_escape(b.person_name(employee_id))}", "", *_md_table(b, items), ""]
    else:
        out += [*_md_table(b, b.items), ""]
    if b.has_summary and c is not None:
        out += _md_summary(b, c)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_summary(b: ExportBundle, c: Conversation) -> list[str]:
    return summary_markdown(c, b.summary_goals, b.person_name)


def summary_markdown(c: Conversation, goals: Sequence[Goal], person_name: Callable[[str], str]) -> list[str]:
    """The lines of the shared summary, as the Markdown export writes them and the wrap-up preview shows them.

    ``goals``: the ones to list (:func:`~cc_tui.export.bundle.summary_goals`); ``person_name``: a name by id.
    Reads only shared fields of ``c``: never its private notes or the manager's prep."""
    out = ["## Shared summary", ""]
    if c.summary.strip():
        out += [md_block(c.summary), ""]
    if c.shared_notes.strip():
        out += ["### Shared notes", "", md_block(c.shared_notes), ""]
    rated = sorted((m for m in c.motivations if m.rating), key=lambda m: -m.rating) if c.share_motivators else []
    if rated:
        out += ["### What motivates", ""]
        out += [f"- {m.motivator.label}: {m.rating}/5 ({m.source.value})" for m in rated]
        out.append("")
    if goals:
        out += ["### Goals", ""]
        for g in goals:
            target = f" (by {g.target_date.isoformat()})" if g.target_date else ""
            who = f" — {md_escape(person_name(g.employee_id))}" if len(c.employee_ids) > 1 else ""
            theirs = " (their proposal)" if g.proposed_by_employee else ""
            out.append(f"- {md_escape(g.title)}{target} — {g.status.value}{who}{theirs}")
        out.append("")
    out.append(f"**Next conversation:** {c.next_date.isoformat() if c.next_date else 'not set'}")
    out.append("")
    if c.kind is ConversationKind.INDIVIDUAL:
        # the prep page sent before the next one asks under these same headings, starting from this summary
        topics = " · ".join(TOPIC_LABELS[t] for t in EMPLOYEE_PREP_TOPICS)
        out += [f"**Before the next one:** a few notes under {topics} — the prep page you will get asks the same.",
                ""]
    return out

