"""Due dates per second: add_working_days and the application clock (target 50,000/s each).

Inputs are random but realistic: receipts in 2020-2028 (so some reach the provisional
year 2028 and the built-in years' holidays), 20 or 40 working days, both day-counting
settings; for the clock, a third of the applications have a consultation, some an
extension, some a correction.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from gongkai.workdays import ClockEvent, EventKind, WorkingCalendar, application_clock

TARGET = 50_000  # due dates per second
SECONDS = 1.0  # measure at least this long


def _rate(
    run: Callable[..., object], inputs: Sequence[tuple[Any, ...]], seconds: float = SECONDS
) -> float:
    """Calls of ``run(*args)`` per second, cycling through ``inputs`` for ``seconds``."""
    calls = 0
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds:
        for args in inputs:
            run(*args)
        calls += len(inputs)
        elapsed = time.perf_counter() - start
    return calls / elapsed


def _applications(
    calendar: WorkingCalendar, rng: random.Random, count: int
) -> list[tuple[WorkingCalendar, date, list[ClockEvent]]]:
    apps = []
    for _ in range(count):
        received = date(2020, 1, 1) + timedelta(days=rng.randrange(9 * 365))
        events: list[ClockEvent] = []
        roll = rng.random()
        if roll < 0.1:
            events.append(ClockEvent(EventKind.CORRECTION_REQUESTED, received + timedelta(days=2)))
            events.append(ClockEvent(EventKind.CORRECTION_RECEIVED, received + timedelta(days=12)))
        if roll > 0.66:
            start = (events[-1].on if events else received) + timedelta(days=rng.randrange(1, 10))
            events.append(ClockEvent(EventKind.CONSULTATION_STARTED, start))
            events.append(
                ClockEvent(EventKind.CONSULTATION_ENDED, start + timedelta(days=rng.randrange(21)))
            )
        if rng.random() < 0.2:
            last = events[-1].on if events else received
            events.append(
                ClockEvent(EventKind.EXTENDED, last + timedelta(days=3), rng.randrange(5, 21))
            )
        apps.append((calendar, received, events))
    return apps


def main() -> list[str]:
    rng = random.Random(20261203)
    calendar = WorkingCalendar()
    deadlines = [
        (
            date(2020, 1, 1) + timedelta(days=rng.randrange(9 * 365)),
            rng.choice((20, 20, 20, 40)),
            rng.random() < 0.5,
        )
        for _ in range(5_000)
    ]

    def add(start: date, days: int, count_first_day: bool) -> object:
        return calendar.add_working_days(start, days, count_first_day=count_first_day)

    add_rate = _rate(add, deadlines)
    clock_rate = _rate(application_clock, _applications(calendar, rng, 5_000))
    lines = []
    for name, rate in (("add_working_days", add_rate), ("application_clock", clock_rate)):
        verdict = "OK" if rate >= TARGET else "MISSED"
        lines.append(f"{name}: {rate:,.0f} due dates/s (target {TARGET:,}/s) {verdict}")
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
