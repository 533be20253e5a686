"""The conversation's stage panes: a ContentSwitcher that can be given a pane later, hidden, without redrawing the
stage on screen."""

from __future__ import annotations

from typing import Self

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import ContentSwitcher


class StageSwitcher(ContentSwitcher):
    """One pane shown, the others hidden; :meth:`mount_hidden` adds one that is not shown.

    Textual's mount asks the parent for a layout and a repaint once the new widget is mounted. The layout is needed
    (it finds nothing shown has moved), the repaint is not: it redrew the whole stage on screen for nothing, ~12 KB
    written to the terminal for each pane built after the conversation opened. While a hidden pane mounts, the
    switcher's own layout requests therefore come without the repaint; a change of what is shown is drawn by the
    layout itself (the panes shown and hidden are marked dirty there), and the stage switch repaints as before."""

    hidden_mounts = 0

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if self.hidden_mounts and layout and not regions and not recompose:
            repaint = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    async def mount_hidden(self, pane: Widget, *, before: Widget | None = None) -> None:
        """Mount ``pane`` hidden (``before``: the pane it goes in front of, else at the end)."""
        pane.display = False
        self.hidden_mounts += 1
        try:
            await self.mount(pane, before=before)
        finally:
            # after Textual's own wait for this mount (queued on this switcher by mount), which asks for the layout
            self.call_later(self._hidden_mount_done)

    def _hidden_mount_done(self) -> None:
        self.hidden_mounts -= 1
