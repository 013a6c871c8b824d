"""The 20-working-day publication target of 条例第二十六条.

Until the working-day calendar (`gongkai.workdays`) lands, only weekends are skipped;
swap the body of `add_working_days` for the calendar and every caller follows.
"""

from __future__ import annotations

from datetime import date, timedelta

PUBLICATION_WORKING_DAYS = 20


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def publication_due(made_on: date) -> date:
    """Last day to publish information made or changed on `made_on`."""
    return add_working_days(made_on, PUBLICATION_WORKING_DAYS)
