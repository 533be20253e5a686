"""The one place where stored text becomes what the terminal receives: a line filter on every line the app draws.

Textual draws text as it is: a name, note, goal, guide line or CSV cell holding ESC, C1 codes, NUL or bidi overrides
reached the terminal raw from an Input, a Static, a Label, an OptionList or a border title (measured: only BEL is
dropped). cc-tui cleans text where it shows it (``cc_tui.text``), but one forgotten widget is enough, so the app also
passes every drawn line through :class:`ControlFilter` (Textual's public ``App.get_line_filters``): a control
character inside a segment's text is removed. Control characters are zero cells wide, so no column moves; what is
stored is never changed.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ..text import drop_controls, has_controls


class ControlFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not has_controls("".join([segment.text for segment in segments])):  # one search per line: the usual case
            return segments
        return [
            Segment(drop_controls(segment.text), segment.style, segment.control)
            if segment.control is None and has_controls(segment.text) else segment
            for segment in segments
        ]


class CleansItself:
    """For a widget whose ``render_line`` already drops control characters (``SafeTextArea``): the app's
    :class:`ControlFilter` is skipped for its lines. A stage switch draws ~10 text areas; filtering their lines again
    cost ~15 ms of the switch (benchmarks/workarounds_off.py --opens 3 --cycles 4)."""

    def get_line_filters(self):  # type: ignore[no-untyped-def]
        return [f for f in super().get_line_filters() if not isinstance(f, ControlFilter)]  # type: ignore[misc]
