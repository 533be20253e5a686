"""A TextArea that never sends a stored control character to the terminal, and does not re-wrap when shown again.

TextArea draws its document as it is; a note pasted with ESC, OSC 52 ("write the clipboard"), BEL or C1 codes in it
would reach the terminal raw. The document keeps every character (nothing typed is lost or changed); only what is
drawn is cleaned, and the removed characters are zero cells wide, so columns and the cursor do not move.

TextArea also re-wraps its whole document on every Resize event, and Textual sends one to each widget shown again (a
stage pane coming back, the split view opening): a repaint, and so a second frame, after the frame that showed it.
Wrapping depends on the wrap width only, so a resize that leaves it as it was keeps the wrapped document.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import TextArea

from ..text import _CONTROL, drop_controls


class SafeTextArea(TextArea):
    _wrapped_for: int | None = None  # the wrap width the document was last wrapped at

    def _rewrap_and_refresh_virtual_size(self) -> None:
        super()._rewrap_and_refresh_virtual_size()
        self._wrapped_for = self.wrap_width

    def _on_resize(self, event: events.Resize) -> None:
        if self.soft_wrap and self.wrap_width == self._wrapped_for:
            event.prevent_default()  # Textual calls each class's handler: this stops TextArea's re-wrap

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if not any(_CONTROL.search(segment.text) for segment in segments):
            return strip
        return Strip(
            [Segment(drop_controls(s.text), s.style, s.control) for s in segments], strip.cell_length
        )
