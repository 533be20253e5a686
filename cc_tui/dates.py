"""Due dates as a manager types them in a meeting: ISO dates and quick forms."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .errors import UserError

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_REL = re.compile(r"^\+?(\d{1,3})\s*([dwm])$")

HELP = "a date like 2026-12-01, or +3d, +2w, +1m, today, tomorrow, mon..sun (next one), eow, eom"

# Set once by the app from the settings (``config.Settings``): the first day of the week (Monday 0) and how dates are
# shown. Module-wide because dates are parsed and shown in many widgets; the CLI and the tests get the defaults.
_week_start = 0
_display_format = "%Y-%m-%d"


def configure(*, week_start: int = 0, display_format: str = "%Y-%m-%d") -> None:
    global _week_start, _display_format
    _week_start, _display_format = week_start % 7, display_format


def show(day: date | None, empty: str = "—") -> str:
    """A date as the manager chose to see it (``date_format`` in the settings; ISO by default)."""
    if day is None:
        return empty
    try:
        return day.strftime(_display_format)
    except ValueError:  # pragma: no cover - the format was checked when read
        return day.isoformat()


def parse_due(text: str, today: date, *, week_start: int | None = None) -> date | None:
    """Parse a due date; empty means none. Raises :class:`UserError` with a short, friendly message.

    ``eow`` is the end of the working week, the fifth day from the first day of the week (Friday when weeks start
    on Monday, Thursday when on Sunday), today if that is today; ``nw`` is the first day of next week."""
    start = _week_start if week_start is None else week_start % 7
    value = text.strip().lower()
    if not value:
        return None
    if value in ("today", "tod"):
        return today
    if value in ("tomorrow", "tom", "tmr"):
        return today + timedelta(days=1)
    if value == "eow":
        return today + timedelta(days=((start + 4) % 7 - today.weekday()) % 7)
    if value == "nw":
        return today + timedelta(days=(start - today.weekday() - 1) % 7 + 1)
    if value == "eom":
        return today.replace(day=_days_in(today.year, today.month))
    if value[:3] in WEEKDAYS and (len(value) == 3 or WEEKDAYS_FULL.get(value) is not None):
        target = WEEKDAYS.index(value[:3])
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    match = _REL.match(value)
    if match:
        n, unit = int(match.group(1)), match.group(2)
        if unit == "d":
            return today + timedelta(days=n)
        if unit == "w":
            return today + timedelta(weeks=n)
        return add_months(today, n)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{text.strip()!r} is not a date: use {HELP}.") from None


# English, as WEEKDAYS (calendar.day_name would follow LC_TIME once anything set the locale; and the calendar module
# is no longer imported for a start of the app); the settings' week_starts_on takes the same names
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS_FULL = {name: i for i, name in enumerate(WEEKDAY_NAMES)}


def _days_in(year: int, month: int) -> int:
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, _days_in(year, month)))
