"""The working-day calendar in force: the package's years plus the schedules in the database.

    from gongkai.holidays import calendar
    deadline = calendar.add_working_days(day, 20)      # with the site's counting setting
    calendar.current().working_days_between(today, due)

Every process builds the calendar from the rows and rebuilds it when they change (one
small query tells), so a schedule loaded through one process is used by all of them.
Apps that store dates computed with the calendar register a listener, called in the
transaction that changed the schedules, to recompute them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date

from django.conf import settings
from django.db.models import Count, Max

from gongkai.workdays import Deadline, WorkingCalendar

_lock = threading.Lock()
_cached: tuple[tuple, WorkingCalendar] | None = None

# Called as listener(years, acting_user) after schedules of those years changed.
LISTENERS: list[Callable[[Iterable[int], object], None]] = []


def register_listener(listener: Callable[[Iterable[int], object], None]) -> None:
    if listener not in LISTENERS:
        LISTENERS.append(listener)


def count_first_day() -> bool:
    """Whether the day a period starts is its day 1 (setting GONGKAI_COUNT_FIRST_DAY)."""
    return bool(getattr(settings, "WORKDAYS_COUNT_FIRST_DAY", False))


def current() -> WorkingCalendar:
    """The calendar with every schedule stored in the database."""
    global _cached
    from .models import HolidaySchedule

    stamp = HolidaySchedule.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    key = (stamp["n"], stamp["last"], stamp["top"])
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        rows = HolidaySchedule.objects.order_by("year")
        built = WorkingCalendar([row.to_schedule() for row in rows])
        _cached = (key, built)
    return built


def add_working_days(start: date, days: int) -> Deadline:
    """`days` working days from `start`, counted with the site's setting."""
    return current().add_working_days(start, days, count_first_day=count_first_day())
