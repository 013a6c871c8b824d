"""The statutory clock of an application, driven by the scenario files in data/workdays/clocks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gongkai.workdays import (
    ClockEvent,
    ClockState,
    EventKind,
    WorkdaysError,
    WorkingCalendar,
    application_clock,
)

from .conftest import data_files, schedules

SCENARIOS = data_files("clocks", "*.json")


def _events(rows: list[list[object]]) -> list[ClockEvent]:
    events = []
    for row in rows:
        kind, on, *days = row
        assert isinstance(kind, str) and isinstance(on, str)
        events.append(ClockEvent(kind, date.fromisoformat(on), *days))  # type: ignore[arg-type]
    return events


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenarios(path: Path) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    calendar = WorkingCalendar(schedules(scenario.get("schedules", [])))
    received = date.fromisoformat(scenario["received"])
    events = _events(scenario["events"])
    expect = scenario["expect"]
    count_first_day = scenario.get("count_first_day", False)
    if "error" in expect:
        with pytest.raises(WorkdaysError) as caught:
            application_clock(calendar, received, events, count_first_day=count_first_day)
        assert str(caught.value) == expect["error"]
        assert caught.value.event == expect["event"]
        return
    clock = application_clock(calendar, received, events, count_first_day=count_first_day)
    found = clock.as_dict()
    assert {key: found[key] for key in expect} == expect
    if clock.due is not None:
        assert calendar.is_working_day(clock.due)
        # The due date is the sum the explanation states.
        total = clock.days + clock.paused_days + clock.extension_days
        plain = calendar.add_working_days(clock.started, total, count_first_day=count_first_day)
        assert clock.due >= plain.due


def test_the_due_date_is_the_sum_of_the_steps(calendar: WorkingCalendar) -> None:
    events = [
        ClockEvent(EventKind.CONSULTATION_STARTED, date(2025, 9, 29)),
        ClockEvent(EventKind.CONSULTATION_ENDED, date(2025, 10, 13)),
        ClockEvent(EventKind.EXTENDED, date(2025, 10, 20), 15),
    ]
    clock = application_clock(calendar, date(2025, 9, 26), events)
    # Paused (09-29, 10-13]: 09-30, 10-09, 10-10, the worked Saturday 10-11, 10-13.
    assert clock.paused_days == 5
    assert clock.due == calendar.add_working_days(date(2025, 9, 26), 20 + 5 + 15).due
    assert clock.state is ClockState.RUNNING


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(WorkdaysError, match=r"^event: unknown kind 'paused'; expected one of"):
        ClockEvent("paused", date(2026, 1, 5))  # type: ignore[arg-type]


def test_days_setting(calendar: WorkingCalendar) -> None:
    clock = application_clock(calendar, date(2026, 3, 2), days=5)
    assert clock.due == date(2026, 3, 9)
    with pytest.raises(WorkdaysError, match="days must be at least 1"):
        application_clock(calendar, date(2026, 3, 2), days=0)


def test_correction_by_is_the_seventh_working_day(calendar: WorkingCalendar) -> None:
    assert application_clock(calendar, date(2025, 9, 26)).correction_by == date(2025, 10, 13)
    first_day = application_clock(calendar, date(2025, 9, 26), count_first_day=True)
    assert first_day.correction_by == date(2025, 10, 11)


def test_paused_clock_has_no_due_date_but_a_remainder(calendar: WorkingCalendar) -> None:
    started = ClockEvent(EventKind.CONSULTATION_STARTED, date(2026, 3, 30))
    clock = application_clock(calendar, date(2026, 3, 2), [started])
    # Begun on the due date itself (default counting): that day was the clock's last.
    assert (clock.state, clock.due, clock.remaining) == (ClockState.PAUSED, None, 0)
    earlier = ClockEvent(EventKind.CONSULTATION_STARTED, date(2026, 3, 27))
    first = application_clock(calendar, date(2026, 3, 2), [earlier], count_first_day=True)
    # Count-first-day: 03-27 is the deadline and, the pause counting its first day, is left.
    assert (first.state, first.remaining) == (ClockState.PAUSED, 1)


def test_count_first_day_deadline_refuses_a_late_pause(calendar: WorkingCalendar) -> None:
    started = ClockEvent(EventKind.CONSULTATION_STARTED, date(2026, 3, 30))
    with pytest.raises(WorkdaysError, match="after the deadline 2026-03-27"):
        application_clock(calendar, date(2026, 3, 2), [started], count_first_day=True)
