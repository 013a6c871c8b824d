"""Shared helpers for the working-day tests: the data folders and the calendars."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.workdays import WorkingCalendar, YearSchedule, load_schedules

DATA = Path(__file__).resolve().parent.parent / "data" / "workdays"


def data_files(folder: str, pattern: str) -> list[Path]:
    """The files of a data folder; an empty folder is a failure, not a pass."""
    files = sorted((DATA / folder).glob(pattern))
    assert files, f"no {pattern} files in {DATA / folder}"
    return files


def schedules(names: list[str]) -> list[YearSchedule]:
    found: list[YearSchedule] = []
    for name in names:
        found.extend(load_schedules(DATA / "schedules" / name))
    return found


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.fixture(scope="session")
def calendar_2027() -> WorkingCalendar:
    return WorkingCalendar(schedules(["2027-crafted.txt"]))
