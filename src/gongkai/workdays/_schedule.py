"""Year schedules: the holidays and make-up working days of one year, and their file format."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

# A holiday block in a State Council notice is at most about ten days (the 2020 Spring
# Festival, extended, was eleven); a longer range in a file is almost surely a typo.
MAX_RANGE_DAYS = 31

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEYWORDS = {
    "year": "year",
    "年份": "year",
    "holiday": "holiday",
    "放假": "holiday",
    "workday": "workday",
    "上班": "workday",
}
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WorkdaysError(ValueError):
    """Bad input to the working-day calendar: ``str(error)`` says where and what.

    ``where`` names the place (a schedule file and line, a schedule's year, an event's
    position in the list), ``problem`` says what is wrong. ``line`` is the 1-based line of a
    schedule file and ``event`` the 0-based index into an application's events, when known.
    """

    def __init__(
        self, where: str, problem: str, *, line: int | None = None, event: int | None = None
    ) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem
        self.line = line
        self.event = event


@dataclass(frozen=True)
class YearSchedule:
    """One year's holiday notice: days off (``holidays``) and make-up working days (``workdays``).

    ``holidays`` may include weekend days inside a holiday block; ``workdays`` holds only
    weekend days (调休上班), since weekdays are working days anyway. Dates belong to ``year``,
    or to the December before it, because a notice sometimes moves a working day there
    (the 2012 notice made Saturday 2011-12-31 a working day). :meth:`from_dates` takes any
    iterables. Raises :class:`WorkdaysError` naming ``source`` (or the year).
    """

    year: int
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        where = self.source or f"schedule {self.year}"
        if not 1 < self.year < 9999:
            raise WorkdaysError(where, f"year {self.year} is out of range")
        if not self.holidays:
            raise WorkdaysError(where, f"no holidays listed for {self.year}")
        for day in sorted(self.holidays | self.workdays):
            if not isinstance(day, date):
                raise WorkdaysError(where, f"{day!r} is not a date")
            problem = date_problem(self.year, day, workday=day in self.workdays)
            if problem:
                raise WorkdaysError(where, problem)
        both = self.holidays & self.workdays
        if both:
            raise WorkdaysError(where, f"{min(both)} is listed both as holiday and as workday")

    @classmethod
    def from_dates(
        cls,
        year: int,
        holidays: Iterable[date],
        workdays: Iterable[date] = (),
        *,
        source: str = "",
    ) -> YearSchedule:
        """A schedule from any iterables of dates (database rows, a form's list)."""
        return cls(year, frozenset(holidays), frozenset(workdays), source)

    def changes(self) -> Iterator[tuple[date, bool]]:
        """Yield ``(day, is_working)`` for every day this schedule sets, in date order."""
        marked = [(d, False) for d in self.holidays] + [(d, True) for d in self.workdays]
        yield from sorted(marked)

    def to_text(self) -> str:
        """This schedule in the file format read by :func:`parse_schedules`."""
        lines = [f"year {self.year}"]
        for keyword, days in (("holiday", self.holidays), ("workday", self.workdays)):
            for first, last in _runs(sorted(days)):
                span = str(first) if first == last else f"{first}..{last}"
                lines.append(f"{keyword} {span}")
        return "\n".join(lines) + "\n"


def date_problem(year: int, day: date, *, workday: bool) -> str:
    """Why ``day`` cannot be in ``year``'s schedule, or ``""`` when it can."""
    if not (day.year == year or (day.year == year - 1 and day.month == 12)):
        return f"{day} is not in {year} (nor in the December before it)"
    if workday and day.weekday() < 5:
        name = WEEKDAYS_EN[day.weekday()]
        return f"{day} is a {name}, a working day anyway; list only make-up working weekend days"
    return ""


def _runs(days: list[date]) -> Iterator[tuple[date, date]]:
    """Group sorted dates into runs of consecutive days."""
    start = prev = None
    for day in days:
        if prev is not None and day == prev + timedelta(days=1):
            prev = day
            continue
        if start is not None and prev is not None:
            yield start, prev
        start = prev = day
    if start is not None and prev is not None:
        yield start, prev


def parse_schedules(text: str, *, source: str = "<schedule>") -> tuple[YearSchedule, ...]:
    """Read year schedules from the text format (see ``docs/workdays.md``).

    One statement a line, ``#`` starts a comment::

        year 2027
        holiday 2027-01-01
        holiday 2027-02-06..2027-02-14   # 春节
        workday 2027-02-20               # 调休上班

    ``放假`` and ``上班`` may stand for ``holiday`` and ``workday``; ``年份`` for ``year``.
    Raises :class:`WorkdaysError` naming ``source`` and the line.
    """
    schedules: list[YearSchedule] = []
    year: int | None = None
    year_line = 0
    days: dict[date, tuple[bool, int]] = {}  # day -> (is_working, line)
    seen_years: dict[int, int] = {}

    def close() -> None:
        if year is None:
            return
        where = f"{source}, line {year_line}"
        holidays = {d for d, (working, _) in days.items() if not working}
        workdays = {d for d, (working, _) in days.items() if working}
        if not holidays:
            raise WorkdaysError(where, f"no holidays listed for {year}", line=year_line)
        schedules.append(YearSchedule(year, frozenset(holidays), frozenset(workdays), source))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}, line {number}"
        keyword, _, rest = line.replace("\t", " ").partition(" ")
        kind = _KEYWORDS.get(keyword.lower())
        rest = rest.strip()
        if kind is None:
            raise WorkdaysError(
                where, f"expected 'year', 'holiday' or 'workday', found {keyword!r}", line=number
            )
        if kind == "year":
            if not re.fullmatch(r"\d{4}", rest):
                raise WorkdaysError(
                    where, f"expected a year such as 2027, found {rest!r}", line=number
                )
            close()
            year, year_line, days = int(rest), number, {}
            if year in seen_years:
                raise WorkdaysError(
                    where, f"year {year} already given on line {seen_years[year]}", line=number
                )
            seen_years[year] = number
            continue
        if year is None:
            raise WorkdaysError(where, "a 'year' line must come first", line=number)
        working = kind == "workday"
        for day in _parse_range(rest, where, number):
            problem = date_problem(year, day, workday=working)
            if problem:
                raise WorkdaysError(where, problem, line=number)
            if day in days:
                raise WorkdaysError(
                    where, f"{day} already listed on line {days[day][1]}", line=number
                )
            days[day] = (working, number)
    close()
    if not schedules:
        raise WorkdaysError(source, "no 'year' line: the file holds no schedule")
    return tuple(schedules)


def _parse_range(text: str, where: str, line: int) -> list[date]:
    """``YYYY-MM-DD`` or ``YYYY-MM-DD..YYYY-MM-DD`` (inclusive) as a list of dates."""
    parts = [p.strip() for p in text.split("..")]
    if not text or len(parts) > 2:
        raise WorkdaysError(
            where,
            f"expected a date or a range such as 2027-02-06..2027-02-14, found {text!r}",
            line=line,
        )
    ends = [_parse_date(p, where, line) for p in parts]
    first, last = ends[0], ends[-1]
    if last < first:
        raise WorkdaysError(where, f"range ends ({last}) before it starts ({first})", line=line)
    length = (last - first).days + 1
    if length > MAX_RANGE_DAYS:
        raise WorkdaysError(
            where,
            f"range of {length} days is longer than {MAX_RANGE_DAYS}: check the dates",
            line=line,
        )
    return [first + timedelta(days=i) for i in range(length)]


def _parse_date(text: str, where: str, line: int) -> date:
    if not _DATE.fullmatch(text):
        raise WorkdaysError(where, f"expected a date as YYYY-MM-DD, found {text!r}", line=line)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WorkdaysError(where, f"{text} is not a valid date", line=line) from None


def load_schedules(path: str | Path) -> tuple[YearSchedule, ...]:
    """Read a schedule file (UTF-8). Raises :class:`WorkdaysError` naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise WorkdaysError(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise WorkdaysError(str(path), f"not UTF-8 text (byte {exc.start})") from None
    return parse_schedules(text, source=str(path))


@functools.cache
def builtin_schedules() -> dict[int, YearSchedule]:
    """The years the ``chinesecalendar`` package holds (2004-2026 in version 1.11), by year."""
    import chinese_calendar

    try:
        version = metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed from a checkout
        version = "?"
    source = f"chinesecalendar {version}"
    by_year: dict[int, tuple[set[date], set[date]]] = {}
    for day in chinese_calendar.holidays:
        by_year.setdefault(day.year, (set(), set()))[0].add(day)
    for day in chinese_calendar.workdays:
        by_year.setdefault(day.year, (set(), set()))[1].add(day)
    return {
        year: YearSchedule(year, frozenset(h), frozenset(w), source)
        for year, (h, w) in sorted(by_year.items())
    }


def all_changes(schedules: Iterable[YearSchedule]) -> dict[int, bool]:
    """Ordinal -> is_working for every day the schedules set; later years win a shared day."""
    changes: dict[int, bool] = {}
    for schedule in sorted(schedules, key=lambda s: s.year):
        for day, working in schedule.changes():
            changes[day.toordinal()] = working
    return changes
