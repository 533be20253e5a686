"""The lint of a parsed guide (``cc-tui guides check``): far-future and closed questions, structure, repeats."""

from __future__ import annotations

import re

from .data import ERROR, WARNING, Guide, Problem, _clip

_NUMBER = r"(?:\d+|a\s+few|few|several|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)"
_FAR_FUTURE = [
    re.compile(r"\bwhere\s+do\s+you\s+see\s+yourself\b", re.I),
    re.compile(rf"\b(?:in|within)\s+(?:the\s+next\s+)?{_NUMBER}\s+years?\b", re.I),
    re.compile(rf"\b(?:next|coming)\s+{_NUMBER}\s+years?\b", re.I),
    re.compile(rf"\b{_NUMBER}[\s-]+years?\s+(?:from\s+now|out|ahead|time)\b", re.I),
    re.compile(rf"\b{_NUMBER}[\s-]+year\s+(?:plan|goal|goals|vision|horizon|view)\b", re.I),
    re.compile(r"\blong[\s-]+(?:term|range|run)\b", re.I),
    re.compile(r"\b(?:rest|end)\s+of\s+your\s+career\b", re.I),
    re.compile(r"\b(?:some\s*day|one\s+day)\b", re.I),
]
_CLOSED_OPENERS = (
    "do", "does", "did", "don't", "doesn't", "didn't",
    "are", "is", "was", "were", "am", "aren't", "isn't", "wasn't",
    "have", "has", "had", "haven't", "hasn't",
    "can", "could", "can't", "couldn't",
    "will", "would", "won't", "wouldn't",
    "shall", "should", "shouldn't",
    "may", "might", "must",
    "any", "anything",
)
_FILLERS = {"and", "so", "but", "now", "also", "then", "ok", "okay", "right", "well"}
_CLAUSE_SPLIT = re.compile(r"(?<=[.!?:;])\s+|\s+[—–]\s+|\s+-{1,2}\s+")
_MAX_QUESTION_WORDS = 45


def _opener(clause: str) -> tuple[str, str] | None:
    """(first word, first two words) of a clause, skipping fillers; None if no words."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", clause.replace("’", "'"))
    while words and words[0].lower() in _FILLERS:
        words = words[1:]
    if not words:
        return None
    first = words[0].lower()
    return first, " ".join(words[:2])


def lint_guide(guide: Guide) -> list[Problem]:
    """Question-quality and structure checks on a parsed guide (see the module docstring)."""
    problems: list[Problem] = []
    path = guide.path

    def add(line: int, severity: str, message: str) -> None:
        problems.append(Problem(path, line, severity, message))

    if not guide.questions():
        add(1, ERROR, "the guide has no questions: add list items ('- What ...?') under a '## section'")
    seen_text: dict[str, int] = {}
    for section in guide.sections:
        if not section.questions and not section.text and not section.tips:
            add(
                section.line,
                ERROR,
                f"section {_clip(section.title)!r} is empty: add questions or text, or remove the heading",
            )
        if not section.title:
            add(section.line, ERROR, "a '##' heading needs a title")
        for q in section.questions:
            text = q.text
            for rx in _FAR_FUTURE:
                m = rx.search(text)
                if m:
                    add(
                        q.line,
                        ERROR,
                        f"looks too far ahead ({m.group(0)!r}): ask about now and the next step, "
                        "e.g. 'What would you like to do more of in the next few months?'",
                    )
                    break
            clauses = [c for c in _CLAUSE_SPLIT.split(text) if c.strip()]
            checked: set[str] = set()
            for clause in (clauses[0], clauses[-1]) if clauses else ():
                op = _opener(clause)
                if op and op[0] in _CLOSED_OPENERS and op[1] not in checked:
                    checked.add(op[1])
                    add(
                        q.line,
                        ERROR,
                        f"closed question ('{op[1]} ...' invites a yes or no): "
                        "open it with What, How, Which or 'Tell me about'",
                    )
                    break
            if not text.rstrip(" \"'”’)]*_").endswith("?"):
                add(q.line, WARNING, "a question should end with '?'")
            elif text.count("?") > 1:
                add(q.line, WARNING, "asks more than one question: split it into separate items")
            if len(text.split()) > _MAX_QUESTION_WORDS:
                add(q.line, WARNING, f"long question ({len(text.split())} words): keep it short enough to ask aloud")
            key = " ".join(text.lower().split())
            if key in seen_text:
                add(q.line, WARNING, f"same question as on line {seen_text[key]}")
            else:
                seen_text[key] = q.line
    return problems

