"""The six motivators, each rated 0-5 and marked intrinsic or extrinsic, edited with the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from ..models import MotivationRating, MotivationSource, Motivator
from .row_table import Column, RowTable

COLUMNS = [Column("m", "Motivator", min_width=26), Column("r", "Rating", min_width=5), Column("s", "Kind", min_width=9),
           Column("was", "Last time", min_width=9, shrink=1)]


def rating_bar(rating: int) -> Text:
    return Text("●" * rating, style="bold") + Text("○" * (5 - rating), style="dim")


class MotivationTable(RowTable):
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
        super().__init__(COLUMNS, **kwargs)
        self.ratings: dict[Motivator, MotivationRating] = {}
        self.previous: dict[Motivator, MotivationRating] | None = None  # None: no earlier conversation

    def on_mount(self) -> None:
        self._show_all()

    def set_ratings(self, ratings: list[MotivationRating]) -> None:
        self.ratings = {r.motivator: r for r in ratings}
        self._show_all()

    def set_previous(self, ratings: list[MotivationRating] | None) -> None:
        """Last conversation's ratings, shown beside each motivator ("was 3"); None when there was none."""
        self.previous = None if ratings is None else {r.motivator: r for r in ratings}
        self._show_all()

    def _was(self, m: Motivator, now: MotivationRating | None) -> Content:
        if self.previous is None:
            return Content("")
        before = self.previous.get(m)
        if before is None or not before.rating:
            return Content.styled("not rated", "dim")
        text = Content.styled(f"was {before.rating}", "dim")
        if now is not None and now.rating and now.source is not before.source:  # the kind of motivation changed
            text = text.append_text(f" · was {before.source.value}", "bold $cc-changed")
        return text

    def _show_all(self) -> None:
        rows = []
        for m in Motivator:
            r = self.ratings.get(m)
            rows.append((m.value, [Text(m.label), rating_bar(r.rating if r else 0),
                                   Text(r.source.value if r else "—", style="" if r else "dim"), self._was(m, r)]))
        self.set_rows(rows)

    def _current(self) -> Motivator:
        return list(Motivator)[max(0, self.cursor_row)]

    def _apply(self, rating: MotivationRating) -> None:
        self.ratings[rating.motivator] = rating
        self._show_all()
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
