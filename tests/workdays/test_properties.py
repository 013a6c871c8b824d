"""Properties that hold for any start, any day count and any valid events."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import ClockEvent, EventKind, WorkingCalendar, application_clock

from .conftest import schedules

PLAIN = WorkingCalendar()
LOADED = WorkingCalendar(schedules(["2027-crafted.txt", "two-years-and-december.txt"]))

calendars = st.sampled_from([PLAIN, LOADED])
starts = st.dates(min_value=date(2003, 1, 1), max_value=date(2031, 12, 31))
day_counts = st.integers(min_value=1, max_value=80)
first_day = st.booleans()


def _slow_due(calendar: WorkingCalendar, start: date, days: int, count_first_day: bool) -> date:
    """A day loop, the obvious way, to check the bisect arithmetic against."""
    day = start if count_first_day else start + timedelta(days=1)
    counted = 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
            if counted == days:
                return day
        day += timedelta(days=1)


@given(calendars, starts, day_counts, first_day)
def test_due_is_a_working_day_and_matches_a_day_loop(
    calendar: WorkingCalendar, start: date, days: int, count_first_day: bool
) -> None:
    due = calendar.add_working_days(start, days, count_first_day=count_first_day).due
    assert calendar.is_working_day(due)
    assert due == _slow_due(calendar, start, days, count_first_day)


@given(calendars, starts, day_counts, first_day)
def test_more_days_never_earlier(
    calendar: WorkingCalendar, start: date, days: int, count_first_day: bool
) -> None:
    shorter = calendar.add_working_days(start, days, count_first_day=count_first_day).due
    longer = calendar.add_working_days(start, days + 1, count_first_day=count_first_day).due
    assert longer > shorter
    later = calendar.add_working_days(
        start + timedelta(days=1), days, count_first_day=count_first_day
    )
    assert later.due >= shorter


@given(calendars, starts, day_counts)
def test_days_between_inverts_adding(calendar: WorkingCalendar, start: date, days: int) -> None:
    deadline = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, deadline.due) == days
    assert calendar.working_days_between(deadline.due, start) == -days
    counting_first = calendar.add_working_days(start, days, count_first_day=True)
    assert counting_first.due <= deadline.due


@given(calendars, starts, day_counts)
def test_provisional_exactly_when_a_year_lacks_a_schedule(
    calendar: WorkingCalendar, start: date, days: int
) -> None:
    deadline = calendar.add_working_days(start, days)
    years = range(start.year, deadline.due.year + 1)
    assert deadline.provisional == any(calendar.schedule(y) is None for y in years)


# What pauses the clock: a consultation, or a fee notice until the fee is paid.
PAUSES = st.sampled_from(
    [
        (EventKind.CONSULTATION_STARTED, EventKind.CONSULTATION_ENDED),
        (EventKind.FEE_NOTIFIED, EventKind.FEE_PAID),
    ]
)


@st.composite
def clocks(draw: st.DrawFn) -> tuple[WorkingCalendar, date, list[ClockEvent], bool]:
    """A received date and a valid list of events: consultations, maybe one extension."""
    calendar = draw(calendars)
    received = draw(starts)
    count_first_day = draw(first_day)
    events: list[ClockEvent] = []
    extended = False
    for _ in range(draw(st.integers(0, 3))):
        due = application_clock(calendar, received, events, count_first_day=count_first_day).due
        assert due is not None
        last = events[-1].on if events else received
        if last > due:
            break
        on = last + timedelta(days=draw(st.integers(0, (due - last).days)))
        if not extended and draw(st.booleans()):
            events.append(ClockEvent(EventKind.EXTENDED, on, draw(st.integers(1, 20))))
            extended = True
        else:
            end = on + timedelta(days=draw(st.integers(0, 40)))
            start_kind, end_kind = draw(PAUSES)
            events.append(ClockEvent(start_kind, on))
            events.append(ClockEvent(end_kind, end))
    return calendar, received, events, count_first_day


@settings(max_examples=200)
@given(clocks(), st.integers(0, 30), st.integers(0, 30), PAUSES)
def test_a_pause_never_brings_the_due_date_forward(
    clock_input: tuple[WorkingCalendar, date, list[ClockEvent], bool],
    at: int,
    length: int,
    pause: tuple[EventKind, EventKind],
) -> None:
    calendar, received, events, count_first_day = clock_input
    before = application_clock(calendar, received, events, count_first_day=count_first_day)
    assert before.due is not None and calendar.is_working_day(before.due)
    # Add one more pause after the last event, started no later than the due date.
    last = events[-1].on if events else received
    if last > before.due:
        return
    start = min(last + timedelta(days=at), before.due)
    end = start + timedelta(days=length)
    more = [*events, ClockEvent(pause[0], start), ClockEvent(pause[1], end)]
    after = application_clock(calendar, received, more, count_first_day=count_first_day)
    assert after.due is not None and after.due >= before.due
    assert calendar.is_working_day(after.due)
    assert after.due >= end  # never due before the consultation it waited for has ended


@settings(max_examples=200)
@given(clocks())
def test_more_answer_days_never_earlier(
    clock_input: tuple[WorkingCalendar, date, list[ClockEvent], bool],
) -> None:
    calendar, received, events, count_first_day = clock_input
    base = application_clock(calendar, received, events, count_first_day=count_first_day)
    longer = application_clock(calendar, received, events, days=21, count_first_day=count_first_day)
    assert base.due is not None and longer.due is not None
    assert longer.due >= base.due  # equal when the shorter one waited for a pause to end
    # The due date is never before the end of the last pause.
    ends = [e.on for e in events if e.kind is EventKind.CONSULTATION_ENDED]
    if ends:
        assert base.due >= max(ends)
