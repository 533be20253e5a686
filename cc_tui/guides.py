"""Facilitation guides: parsing, linting and loading (pure core: no Textual import).

A *guide* is a Markdown file that helps a manager run one part of a career
conversation.  cc-tui ships a set of guides (the top-level ``guides/`` folder of
the repository, installed as ``cc_tui/_guides`` inside the wheel) and also reads
the user's own guides from ``<user config dir>/cc-tui/guides`` and from any
folder given with ``--guides DIR``.

File format
===========

A guide is a UTF-8 file whose name ends in ``.md``::

    ---
    id: first-conversation
    title: A first career conversation
    stages: [discussion]      # any of: prep, discussion, goals, actions, wrapup
    audience: manager         # manager | employee | team
    minutes: 30               # suggested minutes (optional, positive integer)
    ---

    Optional intro paragraph(s).

    ## Your story so far
    > Facilitator tip: let them tell it in their own order.
    - Which project of the last year would you happily do again, and why?
    - ...

Front matter
    The file must start with a line ``---`` and the front matter ends at the
    next line ``---``.  Each line inside is ``key: value``; blank lines and
    lines starting with ``#`` are ignored, and `` # comment`` after an unquoted
    value is dropped.  A value is a list ``[a, b]``, an integer, a quoted
    string (``"..."`` or ``'...'``) or a bare string.  This is a deliberately
    small, strict subset of YAML (no PyYAML needed).

    ========  ========  ====================================================
    field     required  meaning
    ========  ========  ====================================================
    id        yes       a slug (``[a-z0-9]`` words joined by ``-``); unique
    title     yes       shown in the guide panel and in ``cc-tui guides list``
    stages    yes       list (or one name) out of :data:`STAGES`
    audience  yes       ``manager``, ``employee`` or ``team``
    minutes   no        suggested length in minutes, a positive integer
    ========  ========  ====================================================

    Unknown fields are a warning.  A guide whose front matter is missing or
    invalid is reported and skipped; the other guides still load.

Body (CommonMark, parsed with markdown-it-py; raw HTML is shown as text)
    * ``## Heading`` starts a section (a theme of the conversation).  Other
      heading levels are shown as text, with a warning.
    * Every list item (bullet or numbered, nested ones too) is one question.
    * A ``>`` block quote is a facilitator tip for the section it stands in.
    * Any other paragraph is the intro (before the first ``##``) or the
      section's text.  Inline formatting is reduced to plain text.

Question ids
    Each question gets a stable id ``<guide-id>/<section-slug>/<question-slug>``
    where the slugs come from the first words of the section title and of the
    question (ASCII, lower case, joined by ``-``), de-duplicated with ``-2``,
    ``-3``... .  The app records asked questions by this id, so rewording the
    *first words* of a question gives it a new id.  :attr:`Question.section`
    is the section's *title* (for display); the slug is in the id.

Lint (``cc-tui guides check``)
    Errors: far-future questions ("Where do you see yourself in five years?",
    "long term"...), closed yes/no questions ("Do you...", "Is there
    anything..."), bad front matter, duplicate guide ids, empty sections, a
    guide without questions.  Warnings: a question that does not end with
    ``?``, asks two things at once, is very long, or is repeated; control
    characters; unsupported headings.  Every problem has a file and a line.

Loading order
    Shipped guides first, then the user's folder, then each ``--guides`` folder:
    a later guide with the same id replaces the earlier one.  Two guides with
    the same id inside one folder are an error (the first file, by name, wins).
"""

from __future__ import annotations

import importlib.resources
import os
import pathlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AUDIENCES",
    "MAX_GUIDE_BYTES",
    "STAGES",
    "Guide",
    "GuideLibrary",
    "Problem",
    "Question",
    "Section",
    "check_paths",
    "lint_guide",
    "load_guides",
    "parse_guide",
    "read_guide_file",
    "shipped_guides_dir",
    "slugify",
    "user_guides_dir",
]

STAGES: tuple[str, ...] = ("prep", "discussion", "goals", "actions", "wrapup")
AUDIENCES: tuple[str, ...] = ("manager", "employee", "team")
MAX_GUIDE_BYTES = 128 * 1024
"""Larger files are refused (a guide is a page or two; this keeps parsing well under a second)."""

ERROR = "error"
WARNING = "warning"

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")
_INT_RE = re.compile(r"^[+-]?\d+$")
# C0/C1 control characters (except tab/newline/CR) and bidi overrides: they can
# move the terminal cursor or disguise text, so they never reach the screen.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SLUG_WORDS = 6
_SLUG_MAX = 48


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Question:
    id: str
    """``<guide-id>/<section-slug>/<question-slug>``: stable while the first words stay."""
    text: str
    line: int
    """1-based line of the list item in the file."""
    section: str
    """Title of the section the question stands in."""


@dataclass(frozen=True)
class Section:
    title: str
    slug: str
    line: int
    text: str
    tips: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    stages: tuple[str, ...]
    audience: str
    minutes: int | None
    intro: str
    sections: tuple[Section, ...]
    path: str
    origin: str  # "shipped" | "user"

    def questions(self) -> list[Question]:
        """All questions, in file order."""
        return [q for s in self.sections for q in s.questions]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# --------------------------------------------------------------------------- slugs


def slugify(text: str, max_words: int = _SLUG_WORDS) -> str:
    """ASCII slug of the first ``max_words`` words of ``text`` ("" if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "").replace("`", "")
    words = re.findall(r"[a-z0-9]+", ascii_text)[:max_words]
    slug = "-".join(words)
    if len(slug) > _SLUG_MAX:
        slug = slug[:_SLUG_MAX].rstrip("-")
    return slug


def _unique(slug: str, seen: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in seen:
        n += 1
        candidate = f"{slug}-{n}"
    seen.add(candidate)
    return candidate


# --------------------------------------------------------------------------- front matter


def _parse_scalar(raw: str) -> str | int:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if _INT_RE.match(value):
        return int(value)
    return value


def _strip_comment(raw: str) -> str:
    value = raw.strip()
    if value[:1] in "\"'":
        end = value.find(value[0], 1)
        if end != -1:
            return value[: end + 1]
        return value
    m = re.search(r"\s#", value)
    if m:
        value = value[: m.start()]
    return value.strip()


def _parse_value(raw: str) -> str | int | tuple[Any, ...]:
    value = _strip_comment(raw)
    if value.startswith("["):
        if not value.endswith("]"):
            raise ValueError("a list must end with ']' on the same line")
        inner = value[1:-1].strip()
        if not inner:
            return ()
        return tuple(_parse_scalar(part) for part in inner.split(","))
    return _parse_scalar(value)


def _split_front_matter(
    lines: list[str], path: str, problems: list[Problem]
) -> tuple[dict[str, tuple[Any, int]] | None, int]:
    """Return ({key: (value, line)}, number of lines consumed) or (None, 0) on error."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        problems.append(Problem(path, 1, ERROR, "the file is empty; a guide starts with a '---' front matter block"))
        return None, 0
    if lines[first].strip() != "---":
        problems.append(
            Problem(path, first + 1, ERROR, "missing front matter: a guide must start with a line '---' (id, title, stages, audience)")
        )
        return None, 0
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(Problem(path, first + 1, ERROR, "the front matter is not closed: add a line '---' after it"))
        return None, 0
    fields: dict[str, tuple[Any, int]] = {}
    ok = True
    for i in range(first + 1, end):
        line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _KEY_RE.match(stripped)
        if not m:
            problems.append(Problem(path, i + 1, ERROR, f"front matter line is not 'key: value': {_clip(stripped)}"))
            ok = False
            continue
        key = m.group(1).lower()
        if key in fields:
            problems.append(Problem(path, i + 1, ERROR, f"front matter field '{key}' is given twice"))
            ok = False
            continue
        try:
            fields[key] = (_parse_value(m.group(2)), i + 1)
        except ValueError as err:
            problems.append(Problem(path, i + 1, ERROR, f"front matter field '{key}': {err}"))
            ok = False
    return (fields if ok else None), end + 1


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_fields(
    fields: dict[str, tuple[Any, int]], path: str, fm_line: int, problems: list[Problem]
) -> dict[str, Any] | None:
    ok = True
    out: dict[str, Any] = {}

    def err(line: int, message: str) -> None:
        nonlocal ok
        ok = False
        problems.append(Problem(path, line, ERROR, message))

    for key in ("id", "title", "stages", "audience"):
        if key not in fields:
            err(fm_line, f"front matter is missing the required field '{key}'")

    if "id" in fields:
        value, line = fields["id"]
        if not isinstance(value, str) or not _SLUG_RE.match(value):
            err(line, f"id must be a slug (lower-case letters and digits joined by '-'), not {_clip(str(value))!r}")
        else:
            out["id"] = value
    if "title" in fields:
        value, line = fields["title"]
        if isinstance(value, tuple) or not str(value).strip():
            err(line, "title must be a non-empty text")
        else:
            out["title"] = " ".join(str(value).split())
    if "stages" in fields:
        value, line = fields["stages"]
        stages = value if isinstance(value, tuple) else (value,)
        stages = tuple(str(s).strip() for s in stages)
        bad = [s for s in stages if s not in STAGES]
        if not stages:
            err(line, f"stages must list at least one of: {', '.join(STAGES)}")
        elif bad:
            err(line, f"unknown stage {_clip(bad[0])!r}; stages are: {', '.join(STAGES)}")
        else:
            out["stages"] = tuple(dict.fromkeys(stages))
    if "audience" in fields:
        value, line = fields["audience"]
        if value not in AUDIENCES:
            err(line, f"audience must be one of: {', '.join(AUDIENCES)} (not {_clip(str(value))!r})")
        else:
            out["audience"] = value
    out["minutes"] = None
    if "minutes" in fields:
        value, line = fields["minutes"]
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0 or value > 600:
            err(line, f"minutes must be a positive whole number of minutes, not {_clip(str(value))!r}")
        else:
            out["minutes"] = value
    for key, (_value, line) in fields.items():
        if key not in ("id", "title", "stages", "audience", "minutes"):
            problems.append(Problem(path, line, WARNING, f"unknown front matter field '{_clip(key)}' is ignored"))
    return out if ok else None


# --------------------------------------------------------------------------- body


def _markdown():  # imported lazily: keeps `import cc_tui.guides` cheap
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


_MD = None


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "image":
            parts.append(child.content or "")
        elif child.content:
            parts.append(child.content)
    return " ".join("".join(parts).split())


@dataclass
class _SectionBuilder:
    title: str
    line: int
    slug: str = ""
    text: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    questions: list[list[Any]] = field(default_factory=list)  # [line, [texts]]


def _parse_body(
    body: str, offset: int, path: str, problems: list[Problem]
) -> tuple[list[str], list[_SectionBuilder]]:
    global _MD
    if _MD is None:
        _MD = _markdown()
    tokens = _MD.parse(body)
    intro: list[str] = []
    sections: list[_SectionBuilder] = []
    stack: list[str] = []  # open containers: "li" / "quote"
    open_items: list[list[Any]] = []  # the question records of open list items
    tip_parts: list[str] | None = None
    heading: tuple[int, int] | None = None  # (level, line) while inside a heading
    loose_warned = False

    def line_of(tok: Any) -> int:
        return (tok.map[0] if tok.map else 0) + offset + 1

    def current() -> _SectionBuilder | None:
        return sections[-1] if sections else None

    def add_text(text: str) -> None:
        sec = current()
        (sec.text if sec else intro).append(text)

    for tok in tokens:
        kind = tok.type
        if kind == "heading_open":
            heading = (int(tok.tag[1:]) if tok.tag[1:].isdigit() else 0, line_of(tok))
        elif kind == "heading_close":
            heading = None
        elif kind == "blockquote_open":
            stack.append("quote")
            if stack.count("quote") == 1:
                tip_parts = []
        elif kind == "blockquote_close":
            if stack:
                stack.pop()
            if "quote" not in stack and tip_parts is not None:
                tip = " ".join(tip_parts)
                if tip:
                    sec = current()
                    if sec is not None:
                        sec.tips.append(tip)
                    else:
                        intro.append(tip)
                tip_parts = None
        elif kind == "list_item_open":
            stack.append("li")
            if "quote" not in stack:
                record = [line_of(tok), []]
                open_items.append(record)
                sec = current()
                if sec is None:
                    sec = _SectionBuilder(title="Questions", line=line_of(tok))
                    sections.append(sec)
                    if not loose_warned:
                        loose_warned = True
                        problems.append(
                            Problem(path, line_of(tok), WARNING, "questions before the first '##' heading are put in a section 'Questions'")
                        )
                sec.questions.append(record)
        elif kind == "list_item_close":
            if stack:
                stack.pop()
            if "quote" not in stack and open_items:
                open_items.pop()
        elif kind == "inline":
            text = _inline_text(tok)
            if heading is not None:
                level, line = heading
                if level == 2:
                    sections.append(_SectionBuilder(title=text, line=line))
                else:
                    problems.append(
                        Problem(path, line, WARNING, f"only '##' headings start a section; this level-{level} heading is shown as text")
                    )
                    if text:
                        add_text(text)
            elif not text:
                continue
            elif "quote" in stack:
                if tip_parts is not None:
                    tip_parts.append(text)
            elif stack and stack[-1] == "li" and open_items:
                open_items[-1][1].append(text)
            else:
                add_text(text)
        elif kind in ("fence", "code_block"):
            text = " ".join(tok.content.split())
            if not text:
                continue
            if "quote" in stack and tip_parts is not None:
                tip_parts.append(text)
            elif stack and stack[-1] == "li" and open_items:
                open_items[-1][1].append(text)
            else:
                add_text(text)
    return intro, sections


def _clean_text(text: str, path: str, problems: list[Problem]) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_RE.search(text):
        for i, line in enumerate(text.split("\n")):
            m = _CONTROL_RE.search(line)
            if m:
                problems.append(
                    Problem(path, i + 1, WARNING, f"control character U+{ord(m.group()):04X} removed (it could disturb the terminal)")
                )
        text = _CONTROL_RE.sub("", text)
    return text.replace("\t", "    ")


def parse_guide(text: str, path: str = "<string>", origin: str = "user") -> tuple[Guide | None, list[Problem]]:
    """Parse one guide.  Never raises on any input: problems are returned instead.

    Returns ``(None, problems)`` when the guide cannot be used (front matter
    missing or invalid, too large).  Question-quality checks are in
    :func:`lint_guide`; empty sections and guides without questions are also
    reported there.
    """
    problems: list[Problem] = []
    try:
        return _parse_guide(text, path, origin, problems)
    except Exception as exc:  # pragma: no cover - defensive: a parser bug must not break loading
        problems.append(Problem(path, 1, ERROR, f"cannot parse this guide ({type(exc).__name__}: {_clip(str(exc))})"))
        return None, problems


def _parse_guide(text: str, path: str, origin: str, problems: list[Problem]) -> tuple[Guide | None, list[Problem]]:
    if not isinstance(text, str):
        problems.append(Problem(path, 1, ERROR, "a guide must be text"))
        return None, problems
    if len(text) > MAX_GUIDE_BYTES:
        problems.append(Problem(path, 1, ERROR, f"the file is too large for a guide ({len(text)} characters; at most {MAX_GUIDE_BYTES})"))
        return None, problems
    text = text.lstrip("\ufeff")
    text = _clean_text(text, path, problems)
    lines = text.split("\n")
    fields, consumed = _split_front_matter(lines, path, problems)
    if fields is None:
        return None, problems
    fm_line = next(i for i, line in enumerate(lines) if line.strip()) + 1
    meta = _check_fields(fields, path, fm_line, problems)
    if meta is None:
        return None, problems

    intro, builders = _parse_body("\n".join(lines[consumed:]), consumed, path, problems)
    guide_id = meta["id"]
    seen_sections: set[str] = set()
    sections: list[Section] = []
    for b in builders:
        slug = _unique(slugify(b.title) or "section", seen_sections)
        seen_q: set[str] = set()
        questions: list[Question] = []
        for line, parts in b.questions:
            q_text = " ".join(parts)
            if not q_text:
                problems.append(Problem(path, line, WARNING, "empty list item is ignored"))
                continue
            q_slug = _unique(slugify(q_text) or "q", seen_q)
            questions.append(Question(id=f"{guide_id}/{slug}/{q_slug}", text=q_text, line=line, section=b.title))
        sections.append(
            Section(
                title=b.title,
                slug=slug,
                line=b.line,
                text="\n\n".join(b.text),
                tips=tuple(b.tips),
                questions=tuple(questions),
            )
        )
    guide = Guide(
        id=guide_id,
        title=meta["title"],
        stages=meta["stages"],
        audience=meta["audience"],
        minutes=meta["minutes"],
        intro="\n\n".join(intro),
        sections=tuple(sections),
        path=path,
        origin=origin,
    )
    return guide, problems


# --------------------------------------------------------------------------- lint

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
            add(section.line, ERROR, f"section {_clip(section.title)!r} is empty: add questions or text, or remove the heading")
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
                        f"closed question ('{op[1]} ...' invites a yes or no): open it with What, How, Which or 'Tell me about'",
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


# --------------------------------------------------------------------------- files


def read_guide_file(path: Any, origin: str = "user") -> tuple[Guide | None, list[Problem]]:
    """Read and parse one file (a path or an importlib Traversable).  Never raises."""
    name = str(path)
    try:
        data = path.read_bytes() if hasattr(path, "read_bytes") else pathlib.Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Problem(name, 1, ERROR, f"cannot read this file ({reason})")]
    except Exception as exc:  # e.g. a Traversable that is not a file
        return None, [Problem(name, 1, ERROR, f"cannot read this file ({type(exc).__name__})")]
    if len(data) > MAX_GUIDE_BYTES:
        return None, [Problem(name, 1, ERROR, f"the file is too large for a guide ({len(data)} bytes; at most {MAX_GUIDE_BYTES})")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, ERROR, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")]
    return parse_guide(text, name, origin)


def shipped_guides_dir() -> pathlib.Path | importlib.abc.Traversable:
    """The guides shipped with cc-tui: ``cc_tui/_guides`` in a wheel, ``<repo>/guides`` in a checkout."""
    try:
        packaged = importlib.resources.files("cc_tui") / "_guides"
        if packaged.is_dir():
            return packaged
    except Exception:  # pragma: no cover - unusual loaders
        pass
    return pathlib.Path(__file__).resolve().parent.parent / "guides"


def user_guides_dir() -> pathlib.Path:
    """The user's own guides: ``platformdirs.user_config_dir("cc-tui") / "guides"``."""
    import platformdirs

    return pathlib.Path(platformdirs.user_config_dir("cc-tui")) / "guides"


def _guide_files(folder: Any) -> tuple[list[Any], list[Problem]]:
    """The ``*.md`` files directly inside ``folder``, sorted by name."""
    try:
        if not folder.is_dir():
            return [], []
        entries = list(folder.iterdir())
    except OSError as exc:
        return [], [Problem(str(folder), 1, ERROR, f"cannot list this folder ({exc.strerror or type(exc).__name__})")]
    files = [e for e in entries if e.name.lower().endswith(".md") and not e.name.startswith((".", "~"))]
    files = [f for f in files if _is_file(f)]
    return sorted(files, key=lambda f: f.name), []


def _is_file(entry: Any) -> bool:
    try:
        return bool(entry.is_file())
    except OSError:
        return False


def _load_folder(folder: Any, origin: str, *, lint: bool) -> tuple[list[Guide], list[Problem]]:
    files, problems = _guide_files(folder)
    guides: list[Guide] = []
    ids: dict[str, str] = {}
    for f in files:
        guide, probs = read_guide_file(f, origin)
        problems.extend(probs)
        if guide is None:
            continue
        if lint:
            problems.extend(lint_guide(guide))
        if guide.id in ids:
            problems.append(Problem(guide.path, 1, ERROR, f"duplicate guide id {guide.id!r}: also used by {ids[guide.id]}; this file is skipped"))
            continue
        ids[guide.id] = guide.path
        guides.append(guide)
    return guides, problems


@dataclass
class GuideLibrary:
    guides: dict[str, Guide] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def for_stage(self, stage: str) -> list[Guide]:
        """Guides offered for ``stage``: shipped ones first, then by title."""
        found = [g for g in self.guides.values() if stage in g.stages]
        return sorted(found, key=lambda g: (g.origin != "shipped", g.title.lower(), g.id))

    def get(self, guide_id: str) -> Guide | None:
        return self.guides.get(guide_id)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load_guides(
    extra_dirs: Sequence[os.PathLike[str] | str] = (), *, include_user: bool = True, lint: bool = False
) -> GuideLibrary:
    """Load shipped guides, then the user's folder, then ``extra_dirs``; never raises.

    A later guide with the same id replaces the earlier one.  ``problems`` holds
    what was wrong with files that were skipped or with duplicate ids (plus the
    lint results when ``lint=True``).
    """
    library = GuideLibrary()
    folders: list[tuple[Any, str]] = [(shipped_guides_dir(), "shipped")]
    if include_user:
        folders.append((user_guides_dir(), "user"))
    folders.extend((pathlib.Path(d), "user") for d in extra_dirs)
    for folder, origin in folders:
        guides, problems = _load_folder(folder, origin, lint=lint)
        library.problems.extend(problems)
        for guide in guides:
            library.guides[guide.id] = guide
    return library


def check_paths(paths: Sequence[os.PathLike[str] | str]) -> list[Problem]:
    """Parse and lint files and/or folders (``*.md`` inside); also report duplicate ids.

    A path that does not exist is an error problem.  Duplicate ids are checked
    across *all* the given paths (a guide that replaces a shipped one on
    purpose is only checked when both are passed).
    """
    problems: list[Problem] = []
    ids: dict[str, str] = {}

    def check_file(f: Any) -> None:
        guide, probs = read_guide_file(f)
        problems.extend(probs)
        if guide is None:
            return
        problems.extend(lint_guide(guide))
        if guide.id in ids:
            problems.append(Problem(guide.path, 1, ERROR, f"duplicate guide id {guide.id!r}: also used by {ids[guide.id]}"))
        else:
            ids[guide.id] = guide.path

    for raw in paths:
        p = raw if hasattr(raw, "iterdir") and not isinstance(raw, (str, os.PathLike)) else pathlib.Path(raw)
        if _is_dir(p):
            files, probs = _guide_files(p)
            problems.extend(probs)
            for f in files:
                check_file(f)
        elif _is_file(p):
            check_file(p)
        else:
            problems.append(Problem(str(p), 1, ERROR, "no such file or folder"))
    return problems


def _is_dir(entry: Any) -> bool:
    try:
        return bool(entry.is_dir())
    except OSError:
        return False


def summarize(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for p in problems:
        if p.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
