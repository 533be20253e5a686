"""The six motivators, each rated 0-5 and marked intrinsic or extrinsic, edited with the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from ..models import MotivationRating, MotivationSource, Motivator


def rating_bar(rating: int) -> Text:
    return Text("●" * rating, style="bold") + Text("○" * (5 - rating), style="dim")


class MotivationTable(DataTable[Text]):
    """Rows are the six motivators. ←/→ or 0-5 rate, i toggles intrinsic/extrinsic."""

    BINDINGS = [
        Binding("right,plus", "rate(1)", "Rate +1", id="motivation.up"),
        Binding("left,minus", "rate(-1)", "Rate −1", id="motivation.down"),
        *[Binding(str(n), f"set_rating({n})", f"Rate {n}", show=False) for n in range(6)],
        Binding("i", "toggle_source", "Intrinsic/extrinsic", id="motivation.source"),
    ]

    class Changed(Message):
        def __init__(self, rating: MotivationRating) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.ratings: dict[Motivator, MotivationRating] = {}

    def on_mount(self) -> None:
        self.add_column("Motivator", key="m", width=26)
        self.add_column("Rating", key="r", width=9)
        self.add_column("Kind", key="s", width=10)
        for m in Motivator:
            self.add_row(Text(m.label), rating_bar(0), Text("—", style="dim"), key=m.value)

    def set_ratings(self, ratings: list[MotivationRating]) -> None:
        self.ratings = {r.motivator: r for r in ratings}
        for m in Motivator:
            self._show(m)

    def _show(self, m: Motivator) -> None:
        r = self.ratings.get(m)
        self.update_cell(m.value, "r", rating_bar(r.rating if r else 0))
        self.update_cell(m.value, "s", Text(r.source.value if r else "—", style="" if r else "dim"))

    def _current(self) -> Motivator:
        return list(Motivator)[max(0, self.cursor_row)]

    def _apply(self, rating: MotivationRating) -> None:
        self.ratings[rating.motivator] = rating
        self._show(rating.motivator)
        self.post_message(self.Changed(rating))

    def _get(self, m: Motivator) -> MotivationRating:
        return self.ratings.get(m) or MotivationRating(
            motivator=m,
            source=MotivationSource.EXTRINSIC
            if m in (Motivator.FINANCIAL_REWARD, Motivator.PUBLIC_RECOGNITION)
            else MotivationSource.INTRINSIC,
        )

    def action_rate(self, delta: int) -> None:
        r = self._get(self._current())
        self._apply(r.model_copy(update={"rating": max(0, min(5, r.rating + delta))}))

    def action_set_rating(self, value: int) -> None:
        r = self._get(self._current())
        self._apply(r.model_copy(update={"rating": value}))

    def action_toggle_source(self) -> None:
        r = self._get(self._current())
        other = MotivationSource.EXTRINSIC if r.source is MotivationSource.INTRINSIC else MotivationSource.INTRINSIC
        self._apply(r.model_copy(update={"source": other}))
