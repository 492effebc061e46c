"""Business hours in Quebec: weekends and statutory holidays do not count."""
from __future__ import annotations

from datetime import date, datetime

from core.business_hours import (
    OFFICE_HOURS, business_hours_between, is_business_day, is_late_cancellation,
)
from core.settings import TIMEZONE


def local(*args) -> datetime:
    return datetime(*args, tzinfo=TIMEZONE)


def test_weekdays_are_business_days_weekends_are_not():
    assert is_business_day(date(2026, 6, 22))  # Monday
    assert not is_business_day(date(2026, 6, 27))  # Saturday
    assert not is_business_day(date(2026, 6, 28))  # Sunday


def test_fete_nationale_and_other_quebec_holidays_are_not_business_days():
    assert not is_business_day(date(2026, 6, 24))  # Fête nationale (Saint-Jean-Baptiste)
    assert not is_business_day(date(2026, 7, 1))
    assert not is_business_day(date(2026, 12, 25))
    assert not is_business_day(date(2026, 5, 18))  # Journée nationale des patriotes


def test_a_weekend_adds_no_business_hours():
    friday_noon, monday_noon = local(2026, 3, 6, 12), local(2026, 3, 9, 12)
    assert business_hours_between(friday_noon, monday_noon) == 24


def test_a_holiday_adds_no_business_hours():
    # Tuesday 23 June noon to Thursday 25 June noon: the 24th is the Fête nationale.
    assert business_hours_between(local(2026, 6, 23, 12), local(2026, 6, 25, 12)) == 24


def test_office_hours_count_only_8_30_to_16_30():
    monday_8, tuesday_8 = local(2026, 3, 2, 8), local(2026, 3, 3, 8)
    assert business_hours_between(monday_8, tuesday_8, office_hours=OFFICE_HOURS) == 8
    assert business_hours_between(local(2026, 3, 2, 17), local(2026, 3, 3, 9),
                                  office_hours=OFFICE_HOURS) == 0.5


def test_end_before_start_is_zero():
    assert business_hours_between(local(2026, 3, 3, 8), local(2026, 3, 2, 8)) == 0


def test_cancellation_less_than_48_business_hours_before_is_late():
    # Friday 15:00 for Monday 10:00: 9 + 10 business hours.
    assert is_late_cancellation(local(2026, 3, 6, 15), local(2026, 3, 9, 10))
    # Tuesday 10:00 for Thursday 10:00 exactly 48 hours: not late.
    assert not is_late_cancellation(local(2026, 3, 3, 10), local(2026, 3, 5, 10))
    # Tuesday 23 June 10:00 for Thursday 25 June 10:00: the Fête nationale makes it late,
    # whereas the same two days a week earlier are not.
    assert is_late_cancellation(local(2026, 6, 23, 10), local(2026, 6, 25, 10))
    assert not is_late_cancellation(local(2026, 6, 16, 10), local(2026, 6, 18, 10))
