"""Business hours in Quebec: weekdays that are not statutory holidays (province QC).

The BI bills a cancellation made less than 48 business hours before the appointment, even in an
emergency (reference: `cancellation.late_rule`). A business hour is an hour of a business day:
by default the whole day counts (48 business hours = two business days); pass `office_hours`
to count only the office's opening hours (Monday to Friday, 8:30 to 16:30).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from core.settings import TIMEZONE

LATE_CANCELLATION_HOURS = 48
OFFICE_HOURS = (time(8, 30), time(16, 30))
WHOLE_DAY = (time(0, 0), None)  # None: until midnight


@lru_cache(maxsize=32)
def _quebec_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CA", subdiv="QC", years=[year])


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _quebec_holidays(day.year)


def _window(day: date, hours: tuple[time, time | None]) -> tuple[datetime, datetime]:
    opens = datetime.combine(day, hours[0], tzinfo=TIMEZONE)
    closes = (datetime.combine(day, hours[1], tzinfo=TIMEZONE) if hours[1] is not None
              else datetime.combine(day + timedelta(days=1), time(0), tzinfo=TIMEZONE))
    return opens, closes


def business_hours_between(start: datetime, end: datetime, *,
                           office_hours: tuple[time, time | None] = WHOLE_DAY) -> float:
    """Business hours from `start` to `end` (aware instants); 0 when `end` is not after `start`."""
    if end <= start:
        return 0.0
    start, end = start.astimezone(TIMEZONE), end.astimezone(TIMEZONE)
    total = timedelta()
    day = start.date()
    while day <= end.date():
        if is_business_day(day):
            opens, closes = _window(day, office_hours)
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def is_late_cancellation(now: datetime, service_start: datetime, *,
                         office_hours: tuple[time, time | None] = WHOLE_DAY) -> bool:
    """Less than 48 business hours before the service: the cancellation is billable."""
    hours = business_hours_between(now, service_start, office_hours=office_hours)
    return hours < LATE_CANCELLATION_HOURS
