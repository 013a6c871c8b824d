"""The 20-working-day publication target of 条例第二十六条, on the working-day calendar.

The calendar is the State Council's (holidays and make-up working days), with the years
an administrator loaded (`gongkai.holidays`) and the site's day-counting setting.
"""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.holidays import calendar
from gongkai.workdays import PUBLICATION_DAYS

PUBLICATION_WORKING_DAYS = PUBLICATION_DAYS


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (0 days: `start` itself)."""
    if days <= 0:
        return start
    return calendar.add_working_days(start, days).due


def publication_due(made_on: date) -> date:
    """Last day to publish information made or changed on `made_on`."""
    return add_working_days(made_on, PUBLICATION_WORKING_DAYS)


def overdue_cutoff(today: date) -> date:
    """Items made on or before this date are past their publication target `today`."""
    day = today
    while publication_due(day) >= today:
        day -= timedelta(days=1)
    return day
