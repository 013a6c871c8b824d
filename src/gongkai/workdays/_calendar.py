"""The working-day calendar: which days are working days, and counting them fast."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ._schedule import (
    WEEKDAYS_EN,
    WEEKDAYS_ZH,
    WorkdaysError,
    YearSchedule,
    all_changes,
    builtin_schedules,
)

_T = TypeVar("_T")

# How many years the precomputed span grows by when a date falls outside it.
_GROW_YEARS = 10
_MIN_ORDINAL = date(2, 1, 1).toordinal()
_MAX_ORDINAL = date(9998, 12, 31).toordinal()


@dataclass(frozen=True)
class Step:
    """One line of an explanation: a stable English ``key``, its figures, and text for people.

    ``key`` is one of ``received``, ``count``, ``correction_requested``,
    ``correction_received``, ``pause``, ``paused``, ``pause_long``, ``after_pause``,
    ``extension``, ``awaiting_correction``, ``provisional``, ``due``. ``on`` is the date the
    step is about (a start, an event, the due date), ``until`` the end of a pause, ``days``
    the working days it counts, adds or leaves. ``zh`` is for the interface, ``en`` for logs.
    """

    key: str
    zh: str
    en: str
    on: date | None = None
    until: date | None = None
    days: int | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: dates as ISO strings."""
        return {
            "key": self.key,
            "on": self.on.isoformat() if self.on else None,
            "until": self.until.isoformat() if self.until else None,
            "days": self.days,
            "zh": self.zh,
            "en": self.en,
        }


class Explained:
    """What a deadline and a clock share: the steps that explain them, and whether a
    year without a holiday schedule made them provisional."""

    provisional_years: tuple[int, ...]
    trace: tuple[Step, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def steps(self) -> tuple[str, ...]:
        """The explanation in Chinese, one string a step."""
        return tuple(step.zh for step in self.trace)

    @property
    def steps_en(self) -> tuple[str, ...]:
        return tuple(step.en for step in self.trace)


@dataclass(frozen=True)
class Deadline(Explained):
    """The result of :meth:`WorkingCalendar.add_working_days`.

    ``due`` is the last day of the period, always a working day. ``provisional_years``
    lists the years between ``start`` and ``due`` that have no holiday schedule, counted with
    weekends only; ``provisional`` is true when there is any. ``trace`` explains the result.
    """

    start: date
    days: int
    due: date
    provisional_years: tuple[int, ...]
    trace: tuple[Step, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "steps": list(self.steps),
            "steps_en": list(self.steps_en),
            "trace": [step.as_dict() for step in self.trace],
        }


class OutOfSpan(Exception):
    """Internal: a computation needs working days beyond the precomputed span."""

    def __init__(self, ordinal: int) -> None:
        super().__init__(ordinal)
        self.ordinal = ordinal


@dataclass(frozen=True)
class Span:
    """Working days of the years ``first``..``last`` as a sorted list of ordinals.

    Indices into ``ordinals`` number the working days; a period of n working days is a
    run of n consecutive indices, so counting is a bisect and an index, not a day loop.
    Indices are only comparable within one span.
    """

    first: int  # first ordinal covered
    last: int  # last ordinal covered
    ordinals: list[int]

    def after(self, ordinal: int) -> int:
        """Index of the first working day after ``ordinal`` (= working days up to it)."""
        if not self.first <= ordinal <= self.last:
            raise OutOfSpan(ordinal)
        return bisect_right(self.ordinals, ordinal)

    def on_or_after(self, ordinal: int) -> int:
        """Index of the first working day on or after ``ordinal``."""
        if not self.first <= ordinal <= self.last:
            raise OutOfSpan(ordinal)
        return bisect_left(self.ordinals, ordinal)

    def start(self, ordinal: int, count_first_day: bool) -> int:
        """Index of working day 1 of a period counted from ``ordinal``."""
        return self.on_or_after(ordinal) if count_first_day else self.after(ordinal)

    def day(self, index: int) -> date:
        if index < 0:
            raise OutOfSpan(self.first - 1)
        if index >= len(self.ordinals):
            raise OutOfSpan(self.last + 1)
        return date.fromordinal(self.ordinals[index])


class WorkingCalendar:
    """Working days under the State Council's holiday notices.

    ``WorkingCalendar()`` knows the years of the ``chinesecalendar`` package; pass
    ``schedules`` (from :func:`load_schedules` or built from database rows) to add later
    years or to replace a built-in year; ``builtin=False`` leaves the package out. A year
    with no schedule counts Saturdays and Sundays as the only days off, and every result
    that touches it is provisional. Raises :class:`WorkdaysError` if a year is given twice.

    The calendar does not change after it is built; it is safe to share between threads.
    """

    __slots__ = ("_changes", "_schedules", "_span")

    def __init__(self, schedules: Iterable[YearSchedule] = (), *, builtin: bool = True) -> None:
        loaded: dict[int, YearSchedule] = {}
        for schedule in schedules:
            if schedule.year in loaded:
                first = loaded[schedule.year].source or "an earlier schedule"
                where = schedule.source or f"schedule {schedule.year}"
                raise WorkdaysError(where, f"year {schedule.year} is already given by {first}")
            loaded[schedule.year] = schedule
        effective = dict(builtin_schedules()) if builtin else {}
        effective.update(loaded)  # a loaded year replaces the package's
        self._schedules = effective
        self._changes = all_changes(effective.values())
        years = sorted(effective) or [date.today().year]
        self._span = self._build(
            date(max(years[0] - 1, 2), 1, 1).toordinal(),
            date(min(years[-1] + 2, 9998), 12, 31).toordinal(),
        )

    # -- which days work -------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """True on weekdays that are not holidays and on make-up working days."""
        return self._changes.get(day.toordinal(), day.weekday() < 5)

    def schedule(self, year: int) -> YearSchedule | None:
        """The schedule in force for ``year``, or None when the year is provisional."""
        return self._schedules.get(year)

    @property
    def scheduled_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._schedules))

    def provisional_years(self, first: date, last: date) -> tuple[int, ...]:
        """Years from ``first`` to ``last`` (either order) without a schedule."""
        low, high = sorted((first.year, last.year))
        return tuple(y for y in range(low, high + 1) if y not in self._schedules)

    def next_working_day(self, day: date, *, inclusive: bool = False) -> date:
        """The first working day after ``day`` (or ``day`` itself if ``inclusive`` and working)."""
        return self._run(lambda s: s.day(s.start(day.toordinal(), inclusive)))

    # -- counting --------------------------------------------------------------------

    def add_working_days(
        self, start: date, days: int, *, count_first_day: bool = False
    ) -> Deadline:
        """The last day of a period of ``days`` working days counted from ``start``.

        By default ``start`` is not counted: working day 1 is the first working day after
        it (民法典第二百零一条). With ``count_first_day`` the start counts as day 1 when it
        is a working day. Raises :class:`WorkdaysError` if ``days`` is below 1.
        """
        if days < 1:
            raise WorkdaysError("add_working_days", f"days must be at least 1, not {days}")
        ordinal = start.toordinal()
        span = self._span
        try:  # the hot path: one bisect and one index
            first = span.on_or_after(ordinal) if count_first_day else span.after(ordinal)
            due = span.day(first + days - 1)
        except OutOfSpan:
            due = self._run(lambda s: s.day(s.start(ordinal, count_first_day) + days - 1))
        provisional = self.provisional_years(start, due)
        working = self.is_working_day(start)
        trace = (
            count_step(start, days, count_first_day=count_first_day, working=working),
            *provisional_steps(provisional),
            due_step(due),
        )
        return Deadline(start, days, due, provisional, trace)

    def working_days_between(self, first: date, last: date) -> int:
        """Working days after ``first`` up to and including ``last``; negative if ``last`` is earlier.

        This is "days left": ``working_days_between(today, due)`` is 0 on the due date, 1 the
        working day before, -1 on the first working day after it. For any ``d`` and ``n``,
        ``working_days_between(d, add_working_days(d, n).due) == n``.
        """
        a, b = first.toordinal(), last.toordinal()
        if b < a:
            return -self.working_days_between(last, first)
        return self._run(lambda s: s.after(b) - s.after(a))

    # -- the precomputed span --------------------------------------------------------

    def _run(self, compute: Callable[[Span], _T]) -> _T:
        """Call ``compute(span)``, growing the span and retrying when it needs more years."""
        while True:
            span = self._span
            try:
                return compute(span)
            except OutOfSpan as exc:
                self._grow(exc.ordinal)

    def _grow(self, ordinal: int) -> None:
        if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
            raise WorkdaysError(
                "calendar", f"{date.fromordinal(ordinal)} is outside the years the calendar counts"
            ) from None
        span = self._span
        year = date.fromordinal(ordinal).year
        first, last = span.first, span.last
        if ordinal < first:
            first = date(max(year - _GROW_YEARS, 2), 1, 1).toordinal()
        if ordinal > last:
            last = date(min(year + _GROW_YEARS, 9998), 12, 31).toordinal()
        # One assignment replaces the span, so a thread reading the old one stays consistent.
        self._span = self._build(first, last)

    def _build(self, first: int, last: int) -> Span:
        changes = self._changes
        ordinals = [
            o for o in range(first, last + 1) if changes.get(o, (o + 6) % 7 < 5)
        ]  # date.fromordinal(1) is a Monday, so (o + 6) % 7 is the weekday
        return Span(first, last, ordinals)


def weekday_zh(day: date) -> str:
    return WEEKDAYS_ZH[day.weekday()]


def count_step(start: date, days: int, *, count_first_day: bool, working: bool) -> Step:
    if not count_first_day:
        zh, en = "当日不计入", "that day not counted"
    elif working:
        zh, en = "当日计为第1日", "that day counted as day 1"
    else:
        zh, en = (
            "当日非工作日，自下一工作日起计",
            "not a working day: counting starts on the next one",
        )
    return Step(
        "count",
        f"自{start}起计{days}个工作日（{zh}）",
        f"{days} working days from {start} ({en})",
        on=start,
        days=days,
    )


def provisional_steps(years: tuple[int, ...]) -> tuple[Step, ...]:
    return tuple(
        Step(
            "provisional",
            f"{year}年节假日安排尚未载入，按周六、周日休息推算，结果为暂定",
            f"no holiday schedule for {year}: counted with weekends only, so the date is provisional",
            on=date(year, 1, 1),
        )
        for year in years
    )


def due_step(due: date, *, zh_label: str = "截止日期") -> Step:
    return Step(
        "due",
        f"{zh_label}：{due}（{weekday_zh(due)}）",
        f"due {due} ({WEEKDAYS_EN[due.weekday()]})",
        on=due,
    )
