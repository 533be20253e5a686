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
    timebox: [prep 3, discussion 15, goals 6, actions 3, wrapup 3]   # optional: how the minutes split
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
    timebox   no        ``[stage minutes, ...]``: how the minutes split across
                        stages (must add up to ``minutes``); the discussion
                        guide's split is the meeting's plan on the stage bar
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

Modules: :mod:`.data` (guide, section, question, problem), :mod:`.front_matter`, :mod:`.parser` (one guide),
:mod:`.lint` and :mod:`.library` (files and folders). Everything is importable from ``cc_tui.guides`` as before.
"""

from __future__ import annotations

# ERROR, WARNING and summarize are outside __all__ but importable (guides_cli uses summarize)
from .data import AUDIENCES, ERROR, MAX_GUIDE_BYTES, STAGES, WARNING, Guide, Problem, Question, Section, summarize
from .library import (
    GuideLibrary,
    check_paths,
    load_guides,
    read_guide_file,
    shipped_guides_dir,
    user_guides_dir,
)
from .lint import lint_guide
from .parser import parse_guide, slugify

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
