"""Which formats exist, rendering a bundle in one of them, and the default file name of an export."""

from __future__ import annotations

import re
import unicodedata

from ..errors import UserError
from ..text import visible_controls
from .bundle import SCOPE_OPEN, ExportBundle
from .csv_format import to_csv
from .icalendar_format import to_ics
from .json_format import to_json
from .markdown import to_markdown

FORMATS = ("md", "csv", "json", "ics")
FORMAT_LABELS = {"md": "Markdown", "csv": "CSV", "json": "JSON", "ics": "iCalendar"}
EXTENSIONS = {"md": "md", "csv": "csv", "json": "json", "ics": "ics"}


def check_format(fmt: str) -> str:
    value = (fmt or "").strip().lower().lstrip(".")
    value = {"markdown": "md", "ical": "ics", "icalendar": "ics"}.get(value, value)
    if value not in FORMATS:
        raise UserError(f"Unknown export format {fmt!r}; use one of: {', '.join(FORMATS)} (e.g. --format md).")
    return value


def render(b: ExportBundle, fmt: str, *, all_day_events: bool = False) -> str:
    """The export of ``b`` in ``fmt`` (one of :data:`FORMATS`) as text; for CSV it starts with the BOM."""
    fmt = check_format(fmt)
    if fmt == "json":
        return to_json(b)  # JSON escapes what it must; the data round-trips exactly
    if fmt == "md":
        text = to_markdown(b)
    elif fmt == "csv":
        text = to_csv(b)
    else:
        text = to_ics(b, all_day_events=all_day_events)
    # a text file opened in a terminal (cat, less -r, an e-mail) must not obey a stored escape sequence
    return visible_controls(text)


def slug(text: str, *, limit: int = 40) -> str:
    """``Smith [/] Jr`` -> ``smith-jr``: ASCII letters, digits and single dashes; ``person`` if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return value[:limit].rstrip("-") or "person"


def default_filename(b: ExportBundle, fmt: str) -> str:
    """``cc-<person>-<date>.<ext>`` for one person, ``cc-team-<date>`` for several, ``cc-open-items-...`` for open
    items of everyone."""
    ext = EXTENSIONS[check_format(fmt)]
    if len(b.people) == 1:
        who = slug(next(iter(b.people.values())).name)
    elif b.scope == SCOPE_OPEN:
        who = "open-items"
    else:
        who = "team"
    if b.scope == SCOPE_OPEN and len(b.people) == 1:
        who += "-open"
    return f"cc-{who}-{b.date.isoformat()}.{ext}"

