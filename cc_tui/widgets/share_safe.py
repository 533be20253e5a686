"""The share-safe view's banner: shown on every screen while the manager's screen is shared (F12), so both sides
can see that nothing private is on it. The hiding itself is the stylesheet's: under ``App.-share-safe`` every widget
with the ``private-view`` class is not displayed (see home.tcss)."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

BANNER = ("SHARE-SAFE VIEW — private notes, style hints, your prep, unshared ratings and other people are hidden · "
          "F12 leaves (asks first)")


def apply_share_safe(root: Widget | Screen[object], on: bool) -> None:
    """Show or hide, under ``root``, what the share-safe view hides (``.private-view``) and shows (the banner,
    ``.share-safe-only``). Set on the widgets themselves: a screen under another one is styled again only when it is
    shown, and it must never appear with private parts for one frame."""
    for widget in root.query(".private-view"):
        widget.display = not on
    for widget in root.query(".share-safe-banner, .share-safe-only"):
        widget.display = on


class ShareSafeBanner(Static):
    def __init__(self) -> None:
        super().__init__(Text(BANNER), classes="share-safe-banner")


__all__ = ["BANNER", "ShareSafeBanner", "apply_share_safe"]
