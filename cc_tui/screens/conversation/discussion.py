"""Discussion: they lead. Shared and private notes, what motivates them, their aspirations."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label

from ...models import TOPIC_LABELS, Stage
from ...widgets.motivations import MotivationTable
from .common import NotesArea, StagePane


class DiscussionPane(StagePane):
    stage = Stage.DISCUSSION

    def compose(self) -> ComposeResult:
        conv = self.session.conv
        yield NotesArea(conv, "shared_notes", classes="notes shared", title="Shared notes — they lead; you listen")
        yield NotesArea(conv, "private_notes", classes="notes private", title="PRIVATE notes — never exported")
        yield Label("What motivates them — ←/→ or 0-5 rate · i intrinsic/extrinsic", classes="section-title")
        yield MotivationTable(id="motivations")
        yield Label("Aspirations", classes="section-title")
        for part in ("ideal_role", "responsibilities", "skills_to_use"):
            yield NotesArea(conv, f"aspirations.{part}", classes="short", title=TOPIC_LABELS[part])

    def on_mount(self) -> None:
        self.query_one(MotivationTable).set_ratings(self.session.conv.motivations)

    def focus_target(self) -> str:
        return "#f-shared_notes"

    @on(MotivationTable.Changed)
    def _motivation_changed(self, event: MotivationTable.Changed) -> None:
        self.session.rate(event.rating)
