"""How a meeting's minutes split across its stages.

The meeting's length comes from the guide of its discussion (the first-conversation guide's 45 minutes, the
check-in's 25): that guide may say how the minutes split (``timebox: [prep 5, discussion 20, ...]`` in its front
matter); otherwise they split by :data:`DEFAULT_SHARES`, rounded so that the stages add up to the whole exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Stage

# what each stage usually takes of a career conversation: they talk most; goals and actions need real time too
DEFAULT_SHARES = {Stage.PREP: 0.10, Stage.DISCUSSION: 0.45, Stage.GOALS: 0.20, Stage.ACTIONS: 0.15,
                  Stage.WRAPUP: 0.10}


def stage_minutes(total: int | None, timebox: Iterable[tuple[str, int]] = ()) -> dict[Stage, int]:
    """Minutes per stage adding up to ``total`` (or to the timebox's own sum); ``{}`` when nothing is known."""
    given = {Stage(stage): minutes for stage, minutes in timebox}
    if given:
        return {stage: given.get(stage, 0) for stage in Stage}
    if not total:
        return {}
    exact = {stage: total * share for stage, share in DEFAULT_SHARES.items()}
    plan = {stage: int(value) for stage, value in exact.items()}
    # largest remainder: the minutes rounding lost go to the stages that lost the most
    for stage in sorted(exact, key=lambda s: exact[s] - plan[s], reverse=True)[: total - sum(plan.values())]:
        plan[stage] += 1
    return plan


__all__ = ["DEFAULT_SHARES", "stage_minutes"]
