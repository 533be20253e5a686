"""A TextArea that never sends a stored control character to the terminal.

TextArea draws its document as it is; a note pasted with ESC, OSC 52 ("write the clipboard"), BEL or C1 codes in it
would reach the terminal raw. The document keeps every character (nothing typed is lost or changed); only what is
drawn is cleaned, and the removed characters are zero cells wide, so columns and the cursor do not move.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from ..text import _CONTROL, drop_controls


class SafeTextArea(TextArea):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if not any(_CONTROL.search(segment.text) for segment in segments):
            return strip
        return Strip(
            [Segment(drop_controls(s.text), s.style, s.control) for s in segments], strip.cell_length
        )
