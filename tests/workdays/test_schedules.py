"""Year schedules: the text format (good files and bad ones) and schedules built in Python."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gongkai.workdays import (
    WorkdaysError,
    WorkingCalendar,
    YearSchedule,
    builtin_schedules,
    load_schedules,
    parse_schedules,
)

from .conftest import DATA, data_files

GOOD = data_files("schedules", "*.txt")
BAD = data_files("schedule_errors", "*.txt")


def _as_json(schedule: YearSchedule) -> dict[str, object]:
    return {
        "year": schedule.year,
        "holidays": [d.isoformat() for d in sorted(schedule.holidays)],
        "workdays": [d.isoformat() for d in sorted(schedule.workdays)],
    }


@pytest.mark.parametrize("path", GOOD, ids=[p.name for p in GOOD])
def test_good_files(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    found = load_schedules(path)
    assert [_as_json(s) for s in found] == expected
    assert all(s.source == str(path) for s in found)
    # What to_text writes reads back the same.
    for schedule in found:
        again = parse_schedules(schedule.to_text(), source="again")
        assert [(s.year, s.holidays, s.workdays) for s in again] == [
            (schedule.year, schedule.holidays, schedule.workdays)
        ]


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_files_say_where(path: Path) -> None:
    expected = path.with_suffix(".error").read_text(encoding="utf-8").strip()
    with pytest.raises(WorkdaysError) as caught:
        parse_schedules(path.read_text(encoding="utf-8"), source=path.name)
    assert str(caught.value) == expected
    if ", line " in expected:
        assert caught.value.line == int(expected.split(", line ")[1].split(":")[0])


def test_load_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WorkdaysError, match=r"nope\.txt: cannot read the file"):
        load_schedules(tmp_path / "nope.txt")
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("year 2027\nholiday 2027-01-01 # 元旦\n".encode("gbk"))
    with pytest.raises(WorkdaysError, match=r"gbk\.txt: not UTF-8 text"):
        load_schedules(bad)


def test_to_text_groups_runs() -> None:
    schedule = YearSchedule.from_dates(
        2027,
        [date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)],
        [date(2027, 2, 20)],
    )
    assert schedule.to_text() == (
        "year 2027\nholiday 2027-01-01\nholiday 2027-02-06..2027-02-08\nworkday 2027-02-20\n"
    )


def test_python_schedules_are_checked_like_files() -> None:
    """The Django app passes schedules built from rows; mistakes are refused the same way."""
    with pytest.raises(WorkdaysError, match=r"^database 2027: 2027-02-10 is a Wednesday"):
        YearSchedule.from_dates(
            2027, [date(2027, 1, 1)], [date(2027, 2, 10)], source="database 2027"
        )
    with pytest.raises(WorkdaysError, match=r"^schedule 2027: 2027-02-20 is listed both"):
        YearSchedule.from_dates(2027, [date(2027, 1, 1), date(2027, 2, 20)], [date(2027, 2, 20)])
    with pytest.raises(WorkdaysError, match=r"^schedule 2027: no holidays listed for 2027"):
        YearSchedule.from_dates(2027, [], [date(2027, 2, 20)])
    with pytest.raises(WorkdaysError, match=r"2026-11-30 is not in 2027"):
        YearSchedule.from_dates(2027, [date(2026, 11, 30)])
    with pytest.raises(WorkdaysError, match=r"'2027-01-01' is not a date"):
        YearSchedule.from_dates(2027, ["2027-01-01"])  # type: ignore[list-item]
    schedule = YearSchedule.from_dates(2027, [date(2027, 1, 1)], [date(2026, 12, 26)])  # a Saturday
    assert schedule.holidays == frozenset({date(2027, 1, 1)})


def test_a_year_given_twice_is_refused() -> None:
    first = YearSchedule.from_dates(2027, [date(2027, 1, 1)], source="a.txt")
    second = YearSchedule.from_dates(2027, [date(2027, 1, 2)], source="b.txt")
    with pytest.raises(WorkdaysError, match=r"^b\.txt: year 2027 is already given by a\.txt$"):
        WorkingCalendar([first, second])


def test_later_notice_wins_a_shared_december_day() -> None:
    """A 2028 notice making 2027-12-25 a working Saturday beats the 2027 schedule's silence."""
    y2027 = YearSchedule.from_dates(2027, [date(2027, 1, 1)])
    y2028 = YearSchedule.from_dates(2028, [date(2028, 1, 1)], [date(2027, 12, 25)])
    calendar = WorkingCalendar([y2027, y2028], builtin=False)
    assert calendar.is_working_day(date(2027, 12, 25))
    assert calendar.provisional_years(date(2027, 12, 1), date(2028, 1, 5)) == ()
    # The December day alone does not make 2027 a scheduled year.
    only_2028 = WorkingCalendar([y2028], builtin=False)
    assert only_2028.provisional_years(date(2027, 12, 20), date(2028, 1, 5)) == (2027,)


def test_builtin_years() -> None:
    years = builtin_schedules()
    assert min(years) == 2004 and max(years) >= 2026
    assert date(2025, 9, 28) in years[2025].workdays
    assert date(2011, 12, 31) in years[2011].workdays
    assert years[2026].source.startswith("chinesecalendar ")


def test_example_in_the_docs_parses() -> None:
    docs = DATA.parents[2] / "docs" / "workdays.md"
    text = docs.read_text(encoding="utf-8")
    block = text.split("```text\n", 1)[1].split("```", 1)[0]
    (schedule,) = parse_schedules(block, source="docs/workdays.md")
    assert schedule.year == 2027
