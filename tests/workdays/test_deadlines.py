"""add_working_days and friends on the real State Council calendar (chinesecalendar)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from gongkai.workdays import WorkdaysError, WorkingCalendar

from .conftest import data_files, schedules

CASE_FILES = data_files("deadlines", "*.json")


def _cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in CASE_FILES:
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            cases.append((f"{path.stem}:{case['start']}+{case['days']}", case))
    return cases


_CALENDARS: dict[tuple[str, ...], WorkingCalendar] = {}


def _calendar_for(names: list[str]) -> WorkingCalendar:
    key = tuple(names)
    if key not in _CALENDARS:
        _CALENDARS[key] = WorkingCalendar(schedules(names))
    return _CALENDARS[key]


@pytest.mark.parametrize(("name", "case"), _cases(), ids=[n for n, _ in _cases()])
def test_case_files(name: str, case: dict[str, Any]) -> None:
    calendar = _calendar_for(case.get("schedules", []))
    start = date.fromisoformat(case["start"])
    result = calendar.add_working_days(
        start, case["days"], count_first_day=case.get("count_first_day", False)
    )
    assert result.due.isoformat() == case["due"]
    assert list(result.provisional_years) == case.get("provisional_years", [])
    assert result.provisional == bool(case.get("provisional_years"))
    assert calendar.is_working_day(result.due)


def test_make_up_days_of_2025_national_day(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(date(2025, 9, 28))  # Sunday, worked
    assert calendar.is_working_day(date(2025, 10, 11))  # Saturday, worked
    assert not calendar.is_working_day(date(2025, 10, 8))  # Wednesday, off
    assert not calendar.is_working_day(date(2025, 10, 12))  # plain Sunday


def test_agrees_with_chinesecalendar_day_by_day(calendar: WorkingCalendar) -> None:
    """An independent oracle: walk every day of 2004-2026 with chinese_calendar.is_workday."""
    day, end = date(2004, 1, 1), date(2026, 12, 31)
    work = []
    while day <= end:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        if chinese_calendar.is_workday(day):
            work.append(day)
        day += timedelta(days=1)
    # Every 97th working day as a start, 20 days on: the oracle's 20th working day after it.
    for i in range(0, len(work) - 25, 97):
        assert calendar.add_working_days(work[i], 20).due == work[i + 20]
        assert calendar.add_working_days(work[i], 20, count_first_day=True).due == work[i + 19]


def test_explanation_steps(calendar: WorkingCalendar) -> None:
    result = calendar.add_working_days(date(2026, 12, 3), 21)
    assert result.steps == (
        "自2026-12-03起计21个工作日（当日不计入）",
        "2027年节假日安排尚未载入，按周六、周日休息推算，结果为暂定",
        "截止日期：2027-01-01（星期五）",
    )
    assert result.steps_en[0] == "21 working days from 2026-12-03 (that day not counted)"
    assert [s.key for s in result.trace] == ["count", "provisional", "due"]
    saturday = calendar.add_working_days(date(2026, 3, 7), 1, count_first_day=True)
    assert saturday.steps[0] == "自2026-03-07起计1个工作日（当日非工作日，自下一工作日起计）"
    as_dict = result.as_dict()
    assert as_dict["due"] == "2027-01-01" and as_dict["provisional"] is True
    assert json.loads(json.dumps(as_dict, ensure_ascii=False)) == as_dict


def test_loading_2027_makes_it_exact(
    calendar: WorkingCalendar, calendar_2027: WorkingCalendar
) -> None:
    start = date(2026, 12, 24)
    before = calendar.add_working_days(start, 20)
    after = calendar_2027.add_working_days(start, 20)
    assert (before.due, before.provisional) == (date(2027, 1, 21), True)
    assert (after.due, after.provisional) == (date(2027, 1, 22), False)
    assert calendar_2027.schedule(2027) is not None and calendar.schedule(2027) is None
    assert 2027 in calendar_2027.scheduled_years
    assert calendar_2027.provisional_years(date(2026, 1, 1), date(2028, 6, 1)) == (2028,)


def test_a_loaded_year_replaces_the_builtin_one() -> None:
    # An administrator's correction for 2026 wins over the package (e.g. an emergency change).
    from gongkai.workdays import YearSchedule

    fix = YearSchedule.from_dates(2026, [date(2026, 12, 31)], source="correction")
    calendar = WorkingCalendar([fix])
    assert not calendar.is_working_day(date(2026, 12, 31))
    assert calendar.is_working_day(date(2026, 10, 1))  # the package's 2026 is gone entirely
    assert calendar.schedule(2026) is fix


def test_next_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(date(2025, 9, 30)) == date(2025, 10, 9)
    assert calendar.next_working_day(date(2025, 9, 27)) == date(2025, 9, 28)
    assert calendar.next_working_day(date(2025, 9, 29)) == date(2025, 9, 30)
    assert calendar.next_working_day(date(2025, 9, 29), inclusive=True) == date(2025, 9, 29)
    assert calendar.next_working_day(date(2025, 10, 4), inclusive=True) == date(2025, 10, 9)


def test_working_days_between_is_days_left(calendar: WorkingCalendar) -> None:
    due = date(2025, 10, 10)
    assert calendar.working_days_between(date(2025, 9, 26), due) == 5
    assert calendar.working_days_between(due, due) == 0
    assert calendar.working_days_between(date(2025, 10, 9), due) == 1
    assert calendar.working_days_between(date(2025, 10, 11), due) == -1  # Saturday, worked
    assert calendar.working_days_between(date(2025, 10, 12), due) == -1  # Sunday, off


def test_far_dates_grow_the_calendar(calendar: WorkingCalendar) -> None:
    old = calendar.add_working_days(date(1990, 1, 1), 1)
    assert old.due == date(1990, 1, 2) and old.provisional_years == (1990,)
    far = calendar.add_working_days(date(2070, 1, 3), 5)  # a Friday
    assert far.due == date(2070, 1, 10) and far.provisional
    assert calendar.add_working_days(date(2026, 1, 1), 2000).due.year == 2033
    with pytest.raises(WorkdaysError, match="outside the years"):
        calendar.add_working_days(date(9998, 12, 1), 400)


def test_days_must_be_positive(calendar: WorkingCalendar) -> None:
    with pytest.raises(WorkdaysError, match="days must be at least 1, not 0"):
        calendar.add_working_days(date(2026, 1, 5), 0)


def test_without_builtin_every_year_is_provisional() -> None:
    calendar = WorkingCalendar(builtin=False)
    result = calendar.add_working_days(date(2025, 9, 30), 1)
    assert (result.due, result.provisional_years) == (date(2025, 10, 1), (2025,))


def test_pure_module_does_not_import_django() -> None:
    import subprocess
    import sys

    code = "import sys, gongkai.workdays, gongkai.workdays_cli; print('django' in sys.modules)"
    src = Path(__file__).resolve().parents[2] / "src"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src)},
    )
    assert out.stdout.strip() == "False"
