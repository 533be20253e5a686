"""Making a person's text safe to show: no control characters reach the terminal.

The one home of the control-character rules. :data:`CONTROL` (and :func:`has_controls`, :func:`printable`,
:func:`one_line`, :func:`drop_controls`) is what a screen must never get. Two narrower rules serve callers whose text
must keep more: :func:`drop_terminal_controls` (an export written to standard output keeps its line ends and bidi
marks) and :func:`drop_c0_controls` (a search query: every C0 control and DEL, tab and newline too). And
:func:`counted`: a count with its noun, singular for one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# The rules are compiled when first used, not at import: this module is on the way to the first frame, whose text
# (names, roles) is plainly printable and needs none of them (#25). ``from cc_tui.text import CONTROL`` works as
# before (the module's __getattr__). Every character of every rule is a Unicode control (Cc) or format (Cf)
# character, which ``str.isprintable`` is False for: printable text skips the rules.
_LATER = {
    # C0 (except tab/newline), DEL, C1, and the bidi override/isolate controls that can reorder what a reader sees.
    "CONTROL": "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
    # C0 (except tab, newline and CR), DEL and C1: what could drive a terminal in text that is otherwise kept exact.
    "TERMINAL_CONTROL": "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]",
    # Every C0 control and DEL, tab and newline included.
    "C0_CONTROL": "[\x00-\x1f\x7f]",
    # What an exported text file must not carry raw (C0 but tab/newline/CR, DEL, C1, bidi overrides and isolates).
    "EXPORT_CONTROL": "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
}


@cache
def _rule(name: str) -> re.Pattern[str]:
    return re.compile(_LATER[name])


def __getattr__(name: str) -> re.Pattern[str]:
    if name in _LATER:
        return _rule(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def visible_controls(text: str) -> str:
    """Every character of :data:`EXPORT_CONTROL` replaced by U+FFFD, so a reader sees that something was there; line
    ends (CR LF of CSV and iCalendar included) and tabs are kept."""
    return _rule("EXPORT_CONTROL").sub("\ufffd", text)


def json_escaped_controls(text: str) -> str:
    """JSON text with every character of :data:`EXPORT_CONTROL` written as a ``\\uXXXX`` escape: the data reads back
    exactly, and a file opened in a terminal (``cat``) carries none of them raw. JSON itself escapes only C0; outside
    its strings a JSON text holds only ASCII, so every match is inside a string."""
    return _rule("EXPORT_CONTROL").sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`CONTROL` (CR included; tab and newline are not controls here)."""
    return not text.isprintable() and _rule("CONTROL").search(text) is not None


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control characters with a visible placeholder (U+FFFD for C0/C1, nothing for bidi controls)."""

    def repl(match: re.Match[str]) -> str:
        ch = match.group()
        return "" if unicodedata.category(ch) == "Cf" else "\ufffd"

    if text.isprintable() or ("\r" not in text and not _rule("CONTROL").search(text)):
        return text if keep_newlines or "\n" not in text else text.replace("\n", " ")
    # line ends first: \r is in CONTROL, so CRLF used to become U+FFFD + newline (and the flattening never saw \r)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _rule("CONTROL").sub(repl, text)
    if not keep_newlines:
        cleaned = cleaned.replace("\n", " ")
    return cleaned


WHOLE = 4000  # a limit for text a manager reads aloud (an item, a goal): tables cut it to the room they have and the
# selected row's detail line wraps it whole; only absurd lengths are cut


def one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(printable(text, keep_newlines=False).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def drop_controls(text: str) -> str:
    """Remove control characters outright (C0 but tab/newline, DEL, C1, bidi controls).

    Width-neutral for drawing: Rich counts these characters as zero cells, so a widget that renders stored text
    as-is (a TextArea's ``render_line``) can pass each segment's text through this without moving the cursor or
    the columns.
    """
    return text if text.isprintable() else _rule("CONTROL").sub("", text)


def drop_terminal_controls(text: str) -> str:
    """Remove what could drive a terminal (C0 but tab/LF/CR, DEL, C1) and keep the rest exact: for an export written to
    standard output, whose CSV and iCalendar line ends (CR LF) must survive. Bidi controls stay (see :data:`CONTROL`
    for text shown on a screen)."""
    return _rule("TERMINAL_CONTROL").sub("", text)


def drop_c0_controls(text: str) -> str:
    """Remove every C0 control character and DEL, tab and newline included (C1 and bidi controls stay)."""
    return _rule("C0_CONTROL").sub("", text)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and its noun, singular for one: ``counted(1, "person", "people")`` is "1 person", ``counted(2, "item")``
    "2 items". The one way a count is written for people to read (home, the command line)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
