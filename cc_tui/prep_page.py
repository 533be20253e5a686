"""The prep page: a Markdown page the employee fills in before the conversation, and reading it back.

:func:`render_prep_page` writes the page (a word on what the conversation is for, their open goals and action items
as the shared summary shows them, and one ``## Topic`` heading per :data:`~cc_tui.models.EMPLOYEE_PREP_TOPICS` with
a question under it and room to answer). :func:`parse_prep_page` reads a filled-in page back: the marker line says
whose page it is; the level-2 ATX headings named after the topics (found with markdown-it, so a heading inside a code
block is not one) are the contract; whatever is between one of them and the next (or the end marker) is that topic's
answer, any Markdown at all. :func:`plan_import` and :func:`apply_answers` say and do what an import changes.

No private field is read: the page is built from :func:`~cc_tui.export.bundle.public_employee` and the goals' and
items' shared fields. See docs/prep-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import UserError
from .export.bundle import public_employee
from .export.markdown import md_escape
from .models import EMPLOYEE_PREP_TOPICS, TOPIC_LABELS, ActionItem, Conversation, Employee, Goal, Owner
from .text import one_line, visible_controls

__all__ = [
    "END_MARKER",
    "QUESTIONS",
    "ImportPlan",
    "PrepAnswers",
    "PrepPageError",
    "apply_answers",
    "default_filename",
    "marker_line",
    "normalise_answer",
    "parse_prep_page",
    "plan_import",
    "preview_lines",
    "render_prep_page",
]

VERSION = 1
MARKER_RE = re.compile(r"<!--\s*cc-tui prep v(\d+) person=([0-9a-f]{32})\s*-->")
END_MARKER = "<!-- cc-tui prep end -->"

QUESTIONS = {
    "aspirations": "Where would you like your work and career to go, this year and further out? "
    "What would you like to do more of?",
    "achievements": "What are you proud of since we last talked? Big or small.",
    "challenges": "What has been hard, or harder than it should be?",
    "skills_to_develop": "Which skills would you like to build next, and how would you like to learn them?",
    "roadblocks": "What is in your way, and what could I do about it?",
}


class PrepPageError(UserError):
    """The text is not a prep page that can be imported (one readable line)."""


def marker_line(person_id: str) -> str:
    return f"<!-- cc-tui prep v{VERSION} person={person_id} -->"


def prompt_line(topic: str) -> str:
    return f"_{QUESTIONS[topic]}_"


def default_filename(person: Employee, day: date) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", person.name.casefold()).strip("-")[:40] or person.id[:8]
    return f"prep-{slug}-{day.isoformat()}.md"


# ------------------------------------------------------------------------------------------------------------ writing


def render_prep_page(person: Employee, goals: Iterable[Goal], actions: Iterable[ActionItem], *, day: date,
                     last: Conversation | None = None) -> str:
    """The page for ``person`` (only their open goals and items are listed; only shared fields are read). ``last``:
    their last finished one to one — the page starts from what was agreed there (its shared summary only)."""
    person = public_employee(person)
    name = md_escape(person.name)
    first = md_escape(person.name.split()[0]) if person.name.split() else name
    out = [
        marker_line(person.id),
        "",
        f"# Prep for our career conversation: {name}",
        "",
        f"Hi {first},",
        "",
        "Our next career conversation is about you: where you want to go, what you are proud of, what gets in your "
        "way, and how I can help. It is not a performance review. A few minutes with the questions below beforehand "
        "helps us use the time well. Answer as much or as little as you like, in your own words, and send the page "
        "back to me.",
        "",
        "Write your answers under each question. Keep the lines that start with `##` as they are: they tell cc-tui "
        "where each answer goes. Anything else is fine in an answer: lists, sub-headings (`###`), code, emoji.",
        "",
        f"_Sent on {day.isoformat()}._",
        "",
    ]
    if last is not None and last.summary.strip():
        out += [f"## What we agreed on {last.created_at.date().isoformat()}", ""]
        out += [f"> {md_escape(line)}" if line.strip() else ">" for line in last.summary.strip().splitlines()]
        out.append("")
    open_goals = sorted((g for g in goals if g.employee_id == person.id and g.status.is_open),
                        key=lambda g: (g.created_at, g.id))
    out += ["## Your goals", ""]
    if open_goals:
        for g in open_goals:
            target = f" (by {g.target_date.isoformat()})" if g.target_date else ""
            out.append(f"- {md_escape(g.title)}{target} — {g.status.label}")
    else:
        out.append("No open goals yet; the questions below may lead to some.")
    out.append("")
    items = sorted((a for a in actions if a.employee_id == person.id and a.is_open),
                   key=lambda a: (a.due or date.max, a.created_at, a.id))
    out += ["## Open action items", ""]
    if items:
        for a in items:
            who = "you" if a.owner is Owner.EMPLOYEE else "me" if a.owner is Owner.MANAGER else a.other_owner
            due = f", due {a.due.isoformat()}" if a.due else ""
            out.append(f"- {md_escape(a.text)} ({md_escape(who)}{due}; {a.status.value.replace('_', ' ')})")
    else:
        out.append("None open.")
    out += ["", "---", ""]
    for topic in EMPLOYEE_PREP_TOPICS:
        out += [f"## {TOPIC_LABELS[topic]}", "", prompt_line(topic), "", "", ""]
    out += [END_MARKER, ""]
    # the page is opened in an editor, a mail or a terminal: no stored control character in it raw (as the exports)
    return visible_controls("\n".join(out))


# ------------------------------------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class PrepAnswers:
    """What a filled-in page holds: whose it is, and the answers given (topic → text; unanswered topics absent)."""

    person_id: str
    answers: dict[str, str]
    topics_found: tuple[str, ...]


def normalise_answer(lines: list[str]) -> str:
    """An answer's lines as stored: leading blank lines dropped, trailing whitespace (blank lines too) dropped; every
    other character kept as written (line ends are already ``\\n``)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    return "\n".join(lines[start:]).rstrip()


def _topic_headings(text: str) -> list[tuple[str, int, int]]:
    """(topic, first line, line after) of every level-2 ATX heading named after a topic, in page order."""
    from markdown_it import MarkdownIt

    labels = {TOPIC_LABELS[t].casefold(): t for t in EMPLOYEE_PREP_TOPICS}
    tokens = MarkdownIt("commonmark", {"html": False}).parse(text)
    found = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag != "h2" or token.markup != "##" or token.map is None:
            continue
        inline = tokens[i + 1] if i + 1 < len(tokens) else None
        title = " ".join((inline.content if inline is not None else "").split()).casefold()
        if title in labels:
            found.append((labels[title], token.map[0], token.map[1]))
    return found


def parse_prep_page(text: str, *, source: str = "The text") -> PrepAnswers:
    """Read a filled-in page; :class:`PrepPageError` (one line) when it is not one, or nothing is filled in."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    markers = MARKER_RE.findall(text)
    if not markers:
        raise PrepPageError(f"{source} is not a cc-tui prep page (it has no '<!-- cc-tui prep v1 person=... -->' "
                            "line); nothing imported.")
    if len({m[1] for m in markers}) > 1:
        raise PrepPageError(f"{source} holds the prep pages of {len({m[1] for m in markers})} people; "
                            "import one page at a time. Nothing imported.")
    version, person_id = markers[0]
    if version.lstrip("0") != str(VERSION):  # compared as text: int() of a 5,000-digit version raised ValueError
        raise PrepPageError(f"{source} is a prep page of format v{one_line(version, 12)}, which this cc-tui does not "
                            f"read (it reads v{VERSION}); nothing imported.")
    lines = text.split("\n")  # markdown-it's lines: only \n ends one (never U+2028, \x0b, \x0c, \x85)
    end = next((n for n, line in enumerate(lines) if line.strip() == END_MARKER), len(lines))
    headings = [h for h in _topic_headings(text) if h[1] < end]
    if not headings:
        raise PrepPageError(f"{source} has none of the question headings (## {TOPIC_LABELS['aspirations']}, ...); "
                            "nothing imported.")
    seen = [topic for topic, _, _ in headings]
    twice = sorted({t for t in seen if seen.count(t) > 1}, key=EMPLOYEE_PREP_TOPICS.index)
    if twice:
        raise PrepPageError(f"{source} has the heading '## {TOPIC_LABELS[twice[0]]}' twice; keep one and import "
                            "again. Nothing imported.")
    answers: dict[str, str] = {}
    for n, (topic, _, after) in enumerate(headings):
        stop = headings[n + 1][1] if n + 1 < len(headings) else end
        body = lines[after:stop]
        first = next((k for k, line in enumerate(body) if line.strip()), None)
        if first is not None and body[first].strip() == prompt_line(topic):
            body = body[first + 1:]
        answer = normalise_answer(body)
        if answer:
            answers[topic] = answer
    missing = _hidden_headings(lines[:end], seen)
    if missing:
        raise PrepPageError(f"{source}: the heading '## {TOPIC_LABELS[missing[0]]}' is inside a code block or quote "
                            "(is a ``` left open above it?); fix the page and import again. Nothing imported.")
    if not answers:
        raise PrepPageError(f"{source} has nothing filled in under its questions; nothing imported.")
    return PrepAnswers(person_id=person_id, answers=answers, topics_found=tuple(seen))


def _hidden_headings(lines: list[str], seen: list[str]) -> list[str]:
    """Topics whose heading line is written as such but markdown-it did not read as a heading (an unclosed fence
    swallowed it): the answers after it would silently join the wrong topic."""
    wanted = {f"## {TOPIC_LABELS[t]}".casefold(): t for t in EMPLOYEE_PREP_TOPICS if t not in seen}
    return [wanted[key] for line in lines if (key := " ".join(line.split()).casefold()) in wanted]


# ------------------------------------------------------------------------------------------------------------ importing

NEW, SAME, REPLACE = "new", "same", "replace"


@dataclass(frozen=True)
class ImportPlan:
    """Per answered topic: ``new`` (the field is empty), ``same`` (it holds exactly this) or ``replace``."""

    states: dict[str, str]

    @property
    def replacing(self) -> list[str]:
        return [t for t, s in self.states.items() if s == REPLACE]

    @property
    def changes(self) -> list[str]:
        return [t for t, s in self.states.items() if s != SAME]


def plan_import(conversation: Conversation, answers: PrepAnswers) -> ImportPlan:
    prep = conversation.employee_prep
    states = {}
    for topic in EMPLOYEE_PREP_TOPICS:
        if topic not in answers.answers:
            continue
        stored = getattr(prep, topic)
        new = answers.answers[topic]
        states[topic] = SAME if stored == new else NEW if not stored.strip() else REPLACE
    return ImportPlan(states)


def apply_answers(conversation: Conversation, answers: PrepAnswers, plan: ImportPlan) -> list[str]:
    """Write the answered topics into ``conversation.employee_prep`` (unanswered ones are left as they are)."""
    from pydantic import ValidationError

    for topic in plan.changes:
        try:
            setattr(conversation.employee_prep, topic, answers.answers[topic])
        except ValidationError:
            raise UserError(f"The answer under '{TOPIC_LABELS[topic]}' is longer than a field holds (2 million "
                            "characters); nothing imported.") from None
    return plan.changes


def preview_lines(answers: PrepAnswers, plan: ImportPlan, *, max_lines: int = 12) -> list[str]:
    """Plain lines saying what goes where (the caller makes them safe for where they are shown)."""
    out = []
    for topic, state in plan.states.items():
        text = answers.answers[topic]
        lines = text.split("\n")
        what = {NEW: "new", SAME: "already there, unchanged", REPLACE: "REPLACES what is there"}[state]
        out.append(f"{TOPIC_LABELS[topic]} ({what}; {len(lines)} line{'' if len(lines) == 1 else 's'}, "
                   f"{len(text):,} characters):")
        out += [f"    {line}" for line in lines[:max_lines]]
        if len(lines) > max_lines:
            out.append(f"    … ({len(lines) - max_lines} more lines)")
    skipped = [TOPIC_LABELS[t] for t in EMPLOYEE_PREP_TOPICS if t not in plan.states]
    if skipped:
        out.append(f"Not answered (left as they are): {', '.join(skipped)}.")
    return out
