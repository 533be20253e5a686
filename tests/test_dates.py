"""Due dates as typed in a meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cc_tui.dates import add_months, parse_due
from cc_tui.errors import UserError

WED = date(2026, 11, 25)  # a Wednesday
assert WED.weekday() == 2


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_is_none(text):
    assert parse_due(text, WED) is None


def test_iso():
    assert parse_due("2026-12-01", WED) == date(2026, 12, 1)
    assert parse_due(" 2027-01-31 ", WED) == date(2027, 1, 31)


@pytest.mark.parametrize(
    "text,expected",
    [("+3d", date(2026, 11, 28)), ("3d", date(2026, 11, 28)), ("+2w", date(2026, 12, 9)), ("+1m", date(2026, 12, 25)),
     ("+0d", WED), ("+12m", date(2027, 11, 25)), ("+2W", date(2026, 12, 9))],
)
def test_relative(text, expected):
    assert parse_due(text, WED) == expected


def test_month_end_is_clamped():
    assert parse_due("+1m", date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_due("+1m", date(2028, 1, 31)) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


@pytest.mark.parametrize("text", ["today", "tod", "TODAY"])
def test_today(text):
    assert parse_due(text, WED) == WED


@pytest.mark.parametrize("text", ["tomorrow", "tom", "tmr"])
def test_tomorrow(text):
    assert parse_due(text, WED) == WED + timedelta(days=1)


@pytest.mark.parametrize("start", [WED + timedelta(days=i) for i in range(7)])
@pytest.mark.parametrize("index,names", enumerate([("mon", "monday"), ("tue", "tuesday"), ("wed", "wednesday"),
                                                     ("thu", "thursday"), ("fri", "friday"), ("sat", "saturday"),
                                                     ("sun", "sunday")]))
def test_weekdays_are_the_next_one_never_today(start, index, names):
    for name in (*names, names[1].capitalize()):
        got = parse_due(name, start)
        assert got.weekday() == index
        assert start < got <= start + timedelta(days=7)


def test_weekday_examples():
    assert parse_due("wed", WED) == date(2026, 12, 2)
    assert parse_due("fri", WED) == date(2026, 11, 27)
    assert parse_due("mon", WED) == date(2026, 11, 30)


def test_eow():
    assert parse_due("eow", WED) == date(2026, 11, 27)
    assert parse_due("eow", date(2026, 11, 27)) == date(2026, 11, 27)  # on Friday: today
    assert parse_due("eow", date(2026, 11, 28)) == date(2026, 12, 4)  # on Saturday: next Friday


@pytest.mark.parametrize(
    "today,expected",
    [(WED, date(2026, 11, 30)), (date(2026, 2, 3), date(2026, 2, 28)), (date(2028, 2, 3), date(2028, 2, 29)),
     (date(2100, 2, 1), date(2100, 2, 28)), (date(2000, 2, 1), date(2000, 2, 29)), (date(2026, 12, 31), date(2026, 12, 31))],
)
def test_eom(today, expected):
    assert parse_due("eom", today) == expected


@pytest.mark.parametrize("text", ["soon", "next week", "2026-13-01", "2026-02-30", "+3x", "mond", "+d", "--3d", "3 days"])
def test_garbage_is_a_readable_user_error(text):
    with pytest.raises(UserError) as info:
        parse_due(text, WED)
    message = str(info.value)
    assert text.strip() in message and "+3d" in message and "\n" not in message
