"""The lint of a parsed guide (``cc-tui guides check``): broad and closed questions, structure, repeats.

Broad questions are caught by named rules (:data:`BROAD_RULES`), each with a concrete rewrite hint:

``years-ahead``
    a count of years ahead: "in five years", "a ten-year plan", "the years to come".
``far-horizon``
    a far horizon without the word "years": the future, someday, one day, a decade, long term, down the road,
    eventually, "where do you see yourself", the rest of your career.
``life-plan``
    life plans and dream jobs: dream job, ideal life, life plan, ultimate goal, purpose in life, what you want
    out of your career.
``unanchored-goals``
    goals with no anchor: "What are your goals?", "your career aspirations", "What would you like to achieve?".
``too-general``
    feelings and topics with no edge: everything, in general, "Tell me about yourself", "How are things?",
    "How do you feel about your job?".

A question anchored in the present or in a concrete thing (:data:`_ANCHORS`: this quarter, last week, next month,
since our last conversation, by March, Q3, the current project, the launch, a named skill...) passes every rule but
``years-ahead``, even when it mentions a goal, a plan, a month or the future. A question gets at most one broad
finding: the first rule that matches, in the order above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data import ERROR, WARNING, Guide, Problem, _clip

__all__ = ["BROAD_RULES", "BroadRule", "broad_finding", "broad_message", "is_anchored", "lint_guide"]


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


@dataclass(frozen=True)
class BroadRule:
    """One class of too-broad question: a name, what is wrong, how to rewrite it, and the phrases that show it."""

    name: str
    finding: str
    hint: str
    patterns: tuple[re.Pattern[str], ...]
    anchorable: bool = True
    """False: an anchor in the present does not excuse the phrase (a count of years is always too far)."""


_NUMBER = r"(?:\d+|a\s+few|few|several|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)"
_AIMS = r"(?:goals?|aims?|ambitions?|aspirations?|objectives?|plans?)"
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_WORK = (  # concrete pieces of work a question can be anchored in ("the Q3 launch", "this project")
    r"(?:project|launch|release|migration|rollout|incident|outage|review|presentation|demo|workshop|course|"
    r"conference|audit|redesign|rewrite|deadline|hackathon|onboarding|sprint|feature|initiative|programme|"
    r"program|assignment|task|ticket|customer|client|proposal|pilot|experiment|retro|retrospective)"
)
_PERIODS = r"(?:days?|weeks?|months?|quarters?|sprints?|half|cycles?|iterations?)"
_MEETINGS = r"(?:conversation|meeting|check-in|one-to-one|1:1|review|catch-up|session|talk)"
_SKILLS = (  # named skills: "What is your goal for public speaking?" is anchored in a skill
    r"(?:public\s+speaking|presenting|negotiation|negotiating|facilitation|facilitating|delegation|delegating|"
    r"hiring|interviewing|mentoring|coaching|estimation|estimating|budgeting|writing|code\s+review|testing|"
    r"sql|python|javascript|typescript|java|rust|golang|kubernetes|excel|statistics|data\s+analysis|"
    r"stakeholder\s+management|project\s+management|product\s+management|ux|design\s+reviews?)"
)

_ANCHORS = _rx(
    # the present and the recent past
    r"\b(?:today|tonight|tomorrow|yesterday|currently|recently|recent|lately|these\s+days|so\s+far)\b",
    r"\bright\s+now\b|(?<!from )(?<!^)\bnow\b",  # not "years from now", nor a leading "Now, ..." filler
    r"\b(?:at\s+the\s+moment|at\s+this\s+point|for\s+the\s+moment|the\s+present|present[\s-]day)\b",
    r"\bsince\s+(?:our|we|you|the|last|joining|then|your)\b",
    r"\blast\s+time\b",
    # a named period close by: this month, last week, next quarter, the next few weeks, the coming months
    rf"\b(?:this|last|next|coming|past|current)\s+(?:(?:few|couple\s+of|{_NUMBER}(?:[\s-]+(?:to|or)[\s-]+\d+)?|"
    rf"\d+-\d+)\s+)?{_PERIODS}\b",
    r"\b(?:this|last|past)\s+year\b",
    rf"\b(?:this|that|next|our\s+next|our\s+last|the\s+next|the\s+last|last)\s+{_MEETINGS}\b",
    r"\bnext\s+(?:meet|time\s+we\s+meet)\b",
    # a date: by March, in June, the spring, Q3, H2, the end of the month
    rf"\b(?:by|in|until|before|for|during|end\s+of|early|mid|late)\s+(?:the\s+)?{_MONTHS}\b",
    r"\b(?:by|in|until|before|for|during|over|this|next)\s+(?:the\s+)?(?:spring|summer|autumn|fall|winter)\b",
    r"\b[QH][1-4]\b",
    r"\bend\s+of\s+(?:the|this)\s+(?:week|month|quarter|sprint|half)\b",
    # a concrete thing: this project, the current role, the Q3 launch, a typical week, a named skill
    rf"\b(?:this|that|these|those|the\s+current|your\s+current|our\s+current|current)\s+"
    rf"(?:{_WORK}s?|role|job|team|work|goals?|plans?|skills?|position|piece|situation|option|step|opportunity|gap)\b",
    rf"\bthe\s+(?:[\w-]+\s+){{0,2}}{_WORK}s?\b(?!\s+of\s+(?:your\s+)?(?:career|life)\b)",
    r"\ba\s+typical\s+(?:good\s+|bad\s+|normal\s+)?(?:day|week)\b",
    rf"\b{_SKILLS}\b",
    r"\b(?:your|the|their)\s+(?!(?:soft|career|life|people|own|new|right|key|core|main|future|other|best|top)\b)[\w-]+\s+skills?\b",
)

BROAD_RULES: tuple[BroadRule, ...] = (
    BroadRule(
        "years-ahead",
        "looks too far ahead",
        "ask about now and the next step, e.g. 'What would you like to do more of in the next few months?'",
        _rx(
            rf"\b(?:in|within)\s+(?:the\s+next\s+)?{_NUMBER}\s+years?\b",
            rf"\b(?:next|coming)\s+{_NUMBER}\s+years?\b",
            rf"\b{_NUMBER}[\s-]+years?\s+(?:from\s+now|out|ahead|time)\b",
            rf"\b{_NUMBER}[\s-]+year\s+(?:plan|goal|goals|vision|horizon|view)\b",
            r"\b(?:the\s+)?(?:coming|future)\s+years\b",
            r"\byears\s+(?:to\s+come|ahead|down\s+the\s+(?:road|line))\b",
        ),
        anchorable=False,
    ),
    BroadRule(
        "far-horizon",
        "looks too far ahead",
        "ask about the next 3-6 months, e.g. 'What would you like to be doing more of by the spring?'",
        _rx(
            r"\bwhere\s+do\s+you\s+see\s+yourself\b",
            r"\b(?:the|your|a|our|my)\s+(?:distant\s+|far\s+|long[\s-]term\s+|longer[\s-]term\s+)?future\b",
            r"\bfuture\s+(?:self|you|career)\b",
            r"\blong(?:er)?[\s-]+(?:term|range|run)\b",
            r"\b(?:rest|end)\s+of\s+your\s+(?:career|working\s+life|life)\b",
            r"\bsome\s*day\b",
            r"\bone\s+day\b(?!\s+(?:a|per|each|every|of|off)\b)",
            r"\bdecades?\b",
            r"\bdown\s+the\s+(?:road|line|track)\b",
            r"\b(?:eventually|ultimately)\b",
            r"\bat\s+some\s+point\b",
            r"\blater\s+in\s+(?:your\s+)?(?:career|life)\b",
            r"\b(?:when|before|by\s+the\s+time)\s+you\s+retire\b|\bretirement\b",
        ),
    ),
    BroadRule(
        "life-plan",
        "asks for a life plan or a dream job",
        "ask which part of it they could try now, e.g. 'Which part of the work you would love to do could you try "
        "this quarter?'",
        _rx(
            r"\bdream\s+(?:jobs?|roles?|careers?|positions?|companies|company|life|work)\b",
            r"\bof\s+your\s+dreams\b|\bwhat\s+(?:are|is|'s)\s+your\s+(?:biggest\s+)?dreams?\b",
            r"\bideal\s+(?:life|future|self)\b",
            # an ideal role asked for ("What is your ideal job?"), not a skill or a week in the one they described
            r"\b(?:what(?:\s+is|'s|\s+would\s+be)|describe|tell\s+(?:me|us)\s+about)\s+(?:your|the)\s+ideal\s+"
            r"(?:jobs?|roles?|careers?|positions?|company|team)\b",
            r"\bideal\s+(?:job|role|career|position|company)\s+(?:be|look\s+like|is)?\s*[?!.]*\s*$",
            rf"\blife\s+(?:plans?|goals?|ambitions?|purpose|mission|dreams?|{_AIMS})\b",
            rf"\b(?:{_AIMS}|purpose|calling|mission|passion)\s+(?:in|for|of)\s+(?:your\s+)?life\b",
            r"\bultimate\s+(?:career\s+)?(?:goals?|aims?|ambitions?|dreams?|jobs?|roles?|careers?)\b",
            r"\b(?:achieve|accomplish|want|get|become|do)\s+(?:in|with|out\s+of|from)\s+(?:your\s+)?(?:life|career)\b",
            r"\bwhen\s+you\s+grow\s+up\b",
            r"\b(?:who|what)\s+(?:do\s+you\s+want|would\s+you\s+like|do\s+you\s+hope|do\s+you\s+wish)\s+to\s+become\b",
            r"\bwho\s+do\s+you\s+want\s+to\s+be\b",
            r"\bwhat\s+(?:is|'s|’s)\s+your\s+(?:true\s+|real\s+)?(?:passion|calling|purpose)\b",
            r"\b(?:what|your|a)\s+legacy\b(?!\s+(?:code|systems?|services?|apps?|platforms?|stack|data))",
            r"\bbucket\s+list\b",
        ),
    ),
    BroadRule(
        "unanchored-goals",
        "asks about goals with no anchor in the present",
        "tie the goal to a time or a piece of work, e.g. 'Which goal from last time do you want to work on this "
        "month?'",
        _rx(
            rf"\bwhat(?:\s+(?:are|is)|'s|’s|'re|’re)\s+your\s+(?:[\w-]+\s+)?{_AIMS}\b",
            rf"\b(?:tell\s+(?:me|us)|talk|hear)\s+(?:a\s+bit\s+|a\s+little\s+|more\s+)?about\s+your\s+(?:[\w-]+\s+)?"
            rf"{_AIMS}\b",
            rf"\b(?:describe|share|summari[sz]e)\s+your\s+(?:[\w-]+\s+)?{_AIMS}\b",
            rf"\byour\s+(?:career|personal|professional|development|big|main)\s+{_AIMS}\b",
            r"\bwhat\s+(?:do|would)\s+you\s+(?:want|like|hope|wish)\s+to\s+(?:achieve|accomplish)\b",
        ),
    ),
    BroadRule(
        "too-general",
        "too general to answer in a meeting",
        "ask about one recent, concrete thing, e.g. 'What part of this week's work gave you the most energy?'",
        _rx(
            r"\beverything\b",
            r"\bin\s+general\b",
            r"\b(?:about|describe)\s+yourself\b",
            r"\bhow(?:\s+(?:are|is)|'s|’s|'re|’re)\s+(?:things|it|life|work|stuff|everything|you\s+feeling|you\s+doing)"
            r"(?:\s+going)?(?:\s+(?:overall|for\s+you|with\s+you|generally))*\s*[?!.]*\s*$",
            r"\bhow\s+do\s+you\s+feel\s*(?:overall|generally)?\s*[?!.]*\s*$",
            r"\bhow\s+(?:do|are)\s+you\s+(?:feel|feeling)\s+about\s+(?:things|it\s+all|stuff|work|life|"
            r"your\s+(?:job|career|work|life|future|role|situation)|the\s+company|working\s+here)\b",
            r"\bwhat\s+are\s+your\s+(?:greatest\s+|biggest\s+|main\s+)?(?:strengths|weaknesses)\b",
        ),
    ),
)

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


def is_anchored(text: str) -> bool:
    """True if the question names a time close by or a concrete thing (see ``_ANCHORS``)."""
    return any(rx.search(text) for rx in _ANCHORS)


def broad_finding(text: str) -> tuple[BroadRule, str] | None:
    """The first broad rule a question breaks and the words that show it, or None if it is specific enough."""
    text = " ".join(text.replace("’", "'").split())
    anchored = is_anchored(text)
    for rule in BROAD_RULES:
        if rule.anchorable and anchored:
            continue
        for rx in rule.patterns:
            m = rx.search(text)
            if m:
                return rule, m.group(0).strip()
    return None


def broad_message(question: str, rule: BroadRule, words: str) -> str:
    """One line: what is wrong, the question, the rule's name, and the rewrite hint."""
    return f"{rule.finding} ({_clip(words, 40)!r}) in {_clip(question, 100)!r} [{rule.name}]: {rule.hint}"


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
            broad = broad_finding(text)
            if broad:
                add(q.line, ERROR, broad_message(text, *broad))
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
