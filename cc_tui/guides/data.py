"""What a parsed guide is (guide, section, question), the problem record every check reports, and the fixed
vocabularies (stages, audiences)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STAGES: tuple[str, ...] = ("prep", "discussion", "goals", "actions", "wrapup")
AUDIENCES: tuple[str, ...] = ("manager", "employee", "team")
MAX_GUIDE_BYTES = 128 * 1024
"""Larger files are refused (a guide is a page or two; this keeps parsing well under a second)."""

ERROR = "error"
WARNING = "warning"


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
    timebox: tuple[tuple[str, int], ...] = ()  # how ``minutes`` split across stages, when the guide says

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


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summarize(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for p in problems:
        if p.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
