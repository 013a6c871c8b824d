"""Working days under China's holiday notices, and the statutory deadlines counted in them.

Pure Python (no Django). The applications app builds one calendar, keeps an
application's events as rows, and asks this package for the due date, the days left and
an explanation. Everything here is immutable and raises one error type,
:class:`WorkdaysError`, whose message says where (file and line, schedule year, or event
number) and what is wrong.

The calendar
------------
``WorkingCalendar(schedules=(), *, builtin=True)``
    Knows 2004-2026 from the ``chinesecalendar`` package, plus any
    :class:`YearSchedule` given (a given year replaces the package's). A year without a
    schedule counts Saturdays and Sundays as the only days off and makes every result
    that touches it *provisional*: it is never treated as exact.
``YearSchedule(year, holidays, workdays, source="")``
    One year's notice: days off and make-up working weekend days (调休上班). The
    Django app builds these from administrator-entered rows;
    ``load_schedules(path)`` / ``parse_schedules(text, source=...)`` read the text format
    (``year 2027`` / ``holiday 2027-02-06..2027-02-14`` / ``workday 2027-02-20``, see
    ``docs/workdays.md``); ``schedule.to_text()`` writes it.

``calendar.is_working_day(day) -> bool``;
``calendar.next_working_day(day, *, inclusive=False) -> date``;
``calendar.provisional_years(first, last) -> tuple[int, ...]``;
``calendar.schedule(year) -> YearSchedule | None``.

Counting
--------
Day counting is a setting, ``count_first_day`` (default False): by default the start
day is not counted and working day 1 is the first working day after it (民法典第二百零一条
for periods counted in days); with True the start day is day 1 if it is a working day.
Counting walks working days only, so a deadline never falls on a day off.

``calendar.add_working_days(start, days, *, count_first_day=False) -> Deadline``
    ``Deadline.due``, ``.provisional``, ``.provisional_years``, ``.steps`` (Chinese
    text), ``.steps_en``, ``.trace`` (:class:`Step`: ``key``, ``on``, ``until``,
    ``days``, ``zh``, ``en``) and ``.as_dict()``. Proactive publication (第二十六条):
    ``add_working_days(formed_on, PUBLICATION_DAYS)``.
``calendar.working_days_between(first, last) -> int``
    Working days after ``first`` up to ``last``: ``working_days_between(today, due)``
    is the days left (0 on the due date, negative when overdue).

Both run in O(log n): the calendar precomputes the working days of a span of years as a
sorted list of ordinals, and grows it when a date falls outside.

The application clock
---------------------
``application_clock(calendar, received, events=(), *, days=20, count_first_day=False)
-> Clock`` with ``events`` a sequence of ``ClockEvent(kind, on, days=None)`` in date
order (same-day events in the order they happened). Kinds (:class:`EventKind`, or their
string values as stored in a row):

``correction_requested``
    补正 (第三十条): at most once, within 7 working days of receipt, before any
    consultation or extension. The clock stops: no deadline until
``correction_received``
    the corrected application arrives; the period starts again from that day.
``consultation_started`` / ``consultation_ended``
    征求意见 (第三十二至三十四条): the clock pauses. The pause is counted like any
    period: the working days after the start up to the end (with ``count_first_day``,
    from the start to the end inclusive). Several consultations may overlap: the clock
    pauses while any is open. A consultation must start by the current deadline.
``extended`` with ``days``
    The one extension (第三十三条), 1 to 20 working days, decided by the current deadline
    (or while paused).
``fee_notified`` / ``fee_paid``
    收费通知 (第四十二条, 国办函〔2020〕109号): the clock pauses from the notice until the
    fee is paid, counted like a consultation (and together with any that overlaps). One
    notice awaits payment at a time; it must be sent by the current deadline. The
    applications app passes these only when its setting says the wait is not counted.

The due date is ``add_working_days(started, days + paused + extension)`` with
``started`` the receipt or the corrected receipt; ``Clock`` holds ``state``
(``running`` / ``paused`` / ``awaiting_correction``), ``due`` (None unless running),
``remaining`` (while paused), ``started``, ``paused_days``, ``extension_days``,
``correction_by`` (last day to ask for a correction), ``provisional(_years)``,
``steps``, ``steps_en``, ``trace`` and ``as_dict()``.

Raised as :class:`WorkdaysError` with ``error.event`` set to the event's index: events
before the receipt or out of date order; a second correction request, a late one
(after the 7th working day) or one after a consultation or extension; a corrected
application with no request; any event but the correction while awaiting it; a
consultation ended with none open, or started after the deadline; a fee paid with no
notice pending, or a second notice while one is unpaid; a second extension,
one outside 1-20 days, or one decided after the deadline; ``days`` on a non-extension.
"""

from ._calendar import Deadline, Step, WorkingCalendar
from ._clock import (
    ANSWER_DAYS,
    CONSULTATION_DAYS,
    CORRECTION_REQUEST_DAYS,
    EXTENSION_MAX_DAYS,
    PUBLICATION_DAYS,
    Clock,
    ClockEvent,
    ClockState,
    EventKind,
    application_clock,
)
from ._schedule import (
    WorkdaysError,
    YearSchedule,
    builtin_schedules,
    load_schedules,
    parse_schedules,
)

__all__ = [
    "ANSWER_DAYS",
    "CONSULTATION_DAYS",
    "CORRECTION_REQUEST_DAYS",
    "EXTENSION_MAX_DAYS",
    "PUBLICATION_DAYS",
    "Clock",
    "ClockEvent",
    "ClockState",
    "Deadline",
    "EventKind",
    "Step",
    "WorkdaysError",
    "WorkingCalendar",
    "YearSchedule",
    "application_clock",
    "builtin_schedules",
    "load_schedules",
    "parse_schedules",
]
