"""Parsing one guide: cleaning the text, the front matter, then the Markdown body (markdown-it-py) into sections,
tips and questions with stable ids. Never raises: problems are returned."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..text import CONTROL, has_controls
from .data import ERROR, MAX_GUIDE_BYTES, WARNING, Guide, Problem, Question, Section, _clip
from .front_matter import _check_fields, _split_front_matter

_SLUG_WORDS = 6
_SLUG_MAX = 48


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
                            Problem(
                                path,
                                line_of(tok),
                                WARNING,
                                "questions before the first '##' heading are put in a section 'Questions'",
                            )
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
                        Problem(
                            path,
                            line,
                            WARNING,
                            f"only '##' headings start a section; this level-{level} heading is shown as text",
                        )
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
    # line ends first, so that the control characters left (C0/C1 but tab/newline, bidi overrides: they can move the
    # terminal cursor or disguise text) are exactly cc_tui.text's
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_controls(text):
        for i, line in enumerate(text.split("\n")):
            m = CONTROL.search(line)
            if m:
                problems.append(
                    Problem(
                        path,
                        i + 1,
                        WARNING,
                        f"control character U+{ord(m.group()):04X} removed (it could disturb the terminal)",
                    )
                )
        text = CONTROL.sub("", text)
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
        problems.append(
            Problem(
                path,
                1,
                ERROR,
                f"the file is too large for a guide ({len(text)} characters; at most {MAX_GUIDE_BYTES})",
            )
        )
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
        timebox=meta["timebox"],
    )
    return guide, problems
