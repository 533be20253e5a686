"""Discussion: they lead. Shared and private notes, what motivates them, their aspirations."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, Static

from ...models import TOPIC_LABELS, Stage
from ...text import one_line
from ...widgets.motivations import MotivationTable
from .common import NotesArea, StagePane

ASPIRATIONS = ("ideal_role", "responsibilities", "skills_to_use")


class DiscussionPane(StagePane):
    stage = Stage.DISCUSSION

    def compose(self) -> ComposeResult:
        conv = self.session.conv
        yield NotesArea(conv, "shared_notes", classes="notes shared", title="Shared notes — they lead; you listen")
        yield NotesArea(conv, "private_notes", classes="notes private private-view",
                        title="PRIVATE notes — never exported")
        yield Label("What motivates them — ←/→ or 0-5 rate · i intrinsic/extrinsic", classes="section-title ratings")
        yield MotivationTable(id="motivations", classes="ratings")
        yield Label("Aspirations", classes="section-title")
        for part in ASPIRATIONS:
            yield Static(id=f"was-{part}", classes="last-time")
            yield NotesArea(conv, f"aspirations.{part}", classes="short", title=TOPIC_LABELS[part])

    def on_mount(self) -> None:
        self.query_one(MotivationTable).set_ratings(self.session.conv.motivations)
        self.show_ratings_class()
        for part in ASPIRATIONS:
            self.query_one(f"#was-{part}", Static).display = False

    def fill(self) -> None:
        """What they said last time, beside what they say now: aspirations and motivations change."""
        previous = self.session.data.carry.previous
        self.query_one(MotivationTable).set_previous(previous.motivations if previous else None)
        for part in ASPIRATIONS:
            before = getattr(previous.aspirations, part) if previous else ""
            widget = self.query_one(f"#was-{part}", Static)
            widget.update(Text.assemble(("Last time: ", "bold"), (one_line(before, 300), "italic")))
            widget.display = bool(before.strip())

    def show_ratings_class(self) -> None:
        """The ratings are hidden on a shared screen unless the manager ticked "share" in the wrap-up."""
        for widget in self.query(".ratings"):
            widget.set_class(not self.session.conv.share_motivators, "-unshared")

    def on_show(self) -> None:
        self.show_ratings_class()

    def focus_target(self) -> str:
        return "#f-shared_notes"

    @on(MotivationTable.Changed)
    def _motivation_changed(self, event: MotivationTable.Changed) -> None:
        self.session.rate(event.rating)
