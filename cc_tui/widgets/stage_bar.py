"""The stage bar: Prep · Discussion · Goals · Actions · Wrap-up, the current one lit, with this stage's and the
total elapsed time."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..models import Stage


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class StageBar(Widget):
    DEFAULT_CSS = """
    StageBar { height: 1; width: 1fr; background: $panel; padding: 0 1; }
    """

    stage: reactive[Stage] = reactive(Stage.PREP)
    stage_seconds: reactive[float] = reactive(0.0)
    total_seconds: reactive[float] = reactive(0.0)
    suggested_minutes: reactive[int | None] = reactive(None)
    plan: reactive[tuple[int, ...]] = reactive(())  # minutes per stage, in Stage order (the meeting's timebox)
    extra: reactive[str] = reactive("")
    compact: reactive[bool] = reactive(False)
    extra_warning: reactive[bool] = reactive(False)
    warn_overrun: reactive[bool] = reactive(True)  # "over time" marks (``timebox_warnings`` in the settings)

    @property
    def over_time(self) -> bool:
        """The current stage has run past the guide's suggested minutes."""
        return bool(self.suggested_minutes) and self.stage_seconds > (self.suggested_minutes or 0) * 60

    @property
    def meeting_minutes(self) -> int:
        return sum(self.plan)

    def render(self) -> Content:
        bar = self._bar(initials=False)
        if self.compact and bar.cell_length > self.content_region.width > 0:
            # too narrow for it all (80 columns and the talk meter on): the other stages by their initial and the
            # clocks without their planned minutes, so the meter's reading (who speaks, the shares) stays whole
            bar = self._bar(initials=True)
        return bar

    def _bar(self, *, initials: bool) -> Content:
        parts: list[Content] = []
        for i, stage in enumerate(Stage):
            label = f" {stage.label} " if self.compact else f" F{i + 1} {stage.label} "
            if initials and stage is not self.stage:
                label = f" {stage.label[0]} "
            if self.plan and not self.compact and self.plan[i]:
                label = f"{label}{self.plan[i]}′ "
            if stage is self.stage:
                parts.append(Content.styled(label, "bold reverse $accent"))
            else:
                parts.append(Content.styled(label, "$text-muted"))
            if i < len(Stage) - 1:
                parts.append(Content.styled("›", "$text-muted"))
        timing = (
            f" {clock_text(self.stage_seconds)}" if self.compact else f"  this stage {clock_text(self.stage_seconds)}"
        )
        style = ""
        if self.suggested_minutes:
            if not initials:
                timing += f"/{self.suggested_minutes}m" if self.compact else f" of ~{self.suggested_minutes}m"
            if self.over_time and self.warn_overrun:
                style = "bold $warning"
                timing += " — over time"
        parts.append(Content.styled(timing, style))
        total = f" Σ{clock_text(self.total_seconds)}" if self.compact else f" · total {clock_text(self.total_seconds)}"
        if self.plan and not initials:
            total += f"/{self.meeting_minutes}m" if self.compact else f" of {self.meeting_minutes}m"
        over_meeting = self.warn_overrun and bool(self.plan) and self.total_seconds > self.meeting_minutes * 60
        parts.append(Content.styled(total, "bold $warning" if over_meeting else ""))
        if self.extra:
            parts.append(Content("  "))
            parts.append(Content.styled(self.extra, "bold $warning" if self.extra_warning else "$text-muted"))
        return Content("").join(parts)
