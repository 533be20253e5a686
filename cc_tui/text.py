"""Making a person's text safe to show: no control characters reach the terminal."""

from __future__ import annotations

import re
import unicodedata

# C0 (except tab/newline), DEL, C1, and the bidi override/isolate controls that can reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control characters with a visible placeholder (U+FFFD for C0/C1, nothing for bidi controls)."""

    def repl(match: re.Match[str]) -> str:
        ch = match.group()
        return "" if unicodedata.category(ch) == "Cf" else "\ufffd"

    if "\r" not in text and not _CONTROL.search(text):
        return text if keep_newlines or "\n" not in text else text.replace("\n", " ")
    # line ends first: \r is in _CONTROL, so CRLF used to become U+FFFD + newline (and the flattening never saw \r)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROL.sub(repl, text)
    if not keep_newlines:
        cleaned = cleaned.replace("\n", " ")
    return cleaned


def one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(printable(text, keep_newlines=False).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def drop_controls(text: str) -> str:
    """Remove control characters outright (C0 but tab/newline, DEL, C1, bidi controls).

    Width-neutral for drawing: Rich counts these characters as zero cells, so a widget that renders stored text
    as-is (a TextArea's ``render_line``) can pass each segment's text through this without moving the cursor or
    the columns.
    """
    return _CONTROL.sub("", text)
