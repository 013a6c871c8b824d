"""The statutory clock of an application, computed by `gongkai.workdays` and stored.

`application_clock()` is run over the application's event rows every time one is
added, in the same transaction, and its result is kept on the application (`due_on`,
`due_provisional`, `clock_state`, ...) so that the desk filters and sorts on an indexed
column. The explanation is computed again when a page shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from gongkai.holidays import calendar as holidays
from gongkai.holidays.messages import problem_zh
from gongkai.workdays import (
    ANSWER_DAYS,
    Clock,
    ClockEvent,
    EventKind,
    WorkdaysError,
    WorkingCalendar,
    application_clock,
)
from gongkai.workflow import ActionError

FEE_KINDS = (EventKind.FEE_NOTIFIED, EventKind.FEE_PAID)


def fee_pauses_clock() -> bool:
    """Whether the wait for a fee is left out of the answer period (setting, default yes)."""
    return bool(getattr(settings, "APPLICATION_FEE_PAUSES_CLOCK", True))


def clock_events(rows: Iterable) -> list[ClockEvent]:
    """Event rows as the clock takes them (fee events only when the setting says so)."""
    skip_fees = not fee_pauses_clock()
    return [
        ClockEvent(row.kind, row.on, row.days)
        for row in rows
        if not (skip_fees and row.kind in FEE_KINDS)
    ]


def run(
    application,
    events: Sequence[ClockEvent] | None = None,
    *,
    calendar: WorkingCalendar | None = None,
) -> Clock:
    """The clock after the application's stored events (or the given ones).

    Raises ActionError with the reason in Chinese when the events are not allowed.
    """
    if events is None:
        events = clock_events(application.events.order_by("on", "id"))
    try:
        return application_clock(
            calendar or holidays.current(),
            application.received_on,
            events,
            days=ANSWER_DAYS,
            count_first_day=holidays.count_first_day(),
        )
    except WorkdaysError as e:
        raise ActionError(problem_zh(e.problem), field="on") from None


def apply_clock(application, events: Sequence[ClockEvent] | None = None, *, calendar=None) -> Clock:
    """Run the clock and store its result on the application (the caller saves it)."""
    clock = run(application, events, calendar=calendar)
    application.due_on = clock.due
    application.due_provisional = clock.provisional
    application.clock_state = clock.state.value
    application.clock_remaining = clock.remaining
    application.extension_days = clock.extension_days
    application.paused_days = clock.paused_days
    return clock


def days_left(due: date, today: date, calendar: WorkingCalendar) -> int:
    """Working days left: 0 on the due date, negative when overdue."""
    return calendar.working_days_between(today, due)


def soon_cutoff(today: date, calendar: WorkingCalendar, days: int = 3) -> date:
    """The last due date that counts as "due within `days` working days" today."""
    return calendar.add_working_days(today, days).due


def recompute_years(years: Iterable[int], acting_user=None) -> int:
    """After holiday schedules of `years` changed: recompute the open applications whose
    stored clock was provisional or touches those years. Returns how many changed."""
    from .models import Application, ApplicationEvent

    years = sorted(set(years))
    if not years:
        return 0
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    condition = (
        Q(due_provisional=True)
        | Q(due_on__range=(first, last))
        | Q(received_on__range=(first, last))
        | Q(clock_state__in=["paused", "awaiting_correction"])
    )
    calendar = holidays.current()
    candidates = Application.objects.open().filter(condition).exclude(status="unconfirmed")
    ids = list(candidates.order_by("pk").values_list("pk", flat=True))
    fields = ("due_on", "due_provisional", "clock_state", "clock_remaining", "paused_days")
    changed = 0
    for start in range(0, len(ids), 500):
        # Each chunk is locked (in id order, as every move locks its application before
        # adding an event) and its events read under the lock: a move made meanwhile
        # waits, then runs its own clock over the new calendar; none is overwritten
        # with a clock computed from the events before it.
        with transaction.atomic():
            locked = (
                candidates.filter(pk__in=ids[start : start + 500])
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            rows = list(locked)
            events_of: dict[int, list] = {}
            for event in ApplicationEvent.objects.filter(application__in=rows).order_by("on", "id"):
                events_of.setdefault(event.application_id, []).append(event)
            batch = []
            for application in rows:
                before = tuple(getattr(application, f) for f in fields)
                events = clock_events(events_of.get(application.pk, []))
                try:
                    apply_clock(application, events, calendar=calendar)
                except ActionError:
                    continue  # events the new calendar refuses keep their stored clock
                if tuple(getattr(application, f) for f in fields) != before:
                    batch.append(application)
            Application.objects.bulk_update(batch, fields, batch_size=500)
            changed += len(batch)
    return changed
