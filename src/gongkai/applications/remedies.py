"""The applicant's periods after the answer, from the day it was served (送达):
reconsideration within 60 days (行政复议法第二十条), a lawsuit within 6 months
(行政诉讼法第四十六条).

Counting (民法典第二百零一条 to 第二百零三条): the day of service is not counted; a period
of months ends on the corresponding day of the last month (its last day when it has no
such day); a period whose last day is a rest day or holiday ends on the next working day.
A last day in a year without a loaded holiday schedule is provisional.
"""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.holidays import calendar as holidays

from .models import Service
from .states import ANSWER_OUTCOMES

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6


@dataclass(frozen=True)
class Remedies:
    served_on: date
    reconsideration_by: date
    litigation_by: date
    provisional: bool


def add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months.monthrange(year, month)[1]))


def deadlines(served_on: date) -> Remedies:
    cal = holidays.current()

    def last_day(day: date) -> date:
        return cal.next_working_day(day, inclusive=True)

    reconsideration = last_day(served_on + timedelta(days=RECONSIDERATION_DAYS))
    litigation = last_day(add_months(served_on, LITIGATION_MONTHS))
    provisional = bool(cal.provisional_years(served_on, litigation))
    return Remedies(served_on, reconsideration, litigation, provisional)


def answer_service(application):
    """The service of the answer letter in force (not superseded), or None."""
    return (
        Service.objects.filter(
            application=application,
            letter__kind__in=[str(o) for o in ANSWER_OUTCOMES],
            letter__superseded_at__isnull=True,
        )
        .order_by("-on")
        .first()
    )


def remedies_for(application) -> Remedies | None:
    """The periods from the service of the answer in force; None until it is served."""
    if application.closed_on is None:
        return None
    service = answer_service(application)
    return deadlines(service.on) if service else None
