"""A TextArea that never sends a stored control character to the terminal, and does not re-wrap when shown again.

TextArea draws its document as it is; a note pasted with ESC, OSC 52 ("write the clipboard"), BEL or C1 codes in it
would reach the terminal raw. The document keeps every character (nothing typed is lost or changed); only what is
drawn is cleaned, and the removed characters are zero cells wide, so columns and the cursor do not move.

TextArea also re-wraps its whole document on every Resize event, and Textual sends one to each widget shown again (a
stage pane coming back, the split view opening): a repaint, and so a second frame, after the frame that showed it.
Wrapping depends on the wrap width only, so a resize that leaves it as it was keeps the wrapped document (the private
parts are in :class:`cc_tui.textual_compat.SteadyWrap`; plain TextArea behaviour on another Textual).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from ..text import drop_controls, has_controls
from ..textual_compat import SteadyWrap
from .safe_output import CleansItself


class SafeTextArea(CleansItself, SteadyWrap, TextArea):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if not any(has_controls(segment.text) for segment in segments):
            return strip
        return Strip(
            [Segment(drop_controls(s.text), s.style, s.control) for s in segments], strip.cell_length
        )
