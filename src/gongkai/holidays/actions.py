"""Loading and removing holiday schedules: audited, and followed by the listeners that
recompute dates stored with the old calendar, in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.workdays import WorkdaysError, YearSchedule, builtin_schedules, parse_schedules
from gongkai.workflow import ActionError

from . import calendar
from .models import HolidaySchedule


def parse(text: str, source: str) -> tuple[YearSchedule, ...]:
    """The schedules in `text`; ActionError (in Chinese, with the line) if it is wrong."""
    from .messages import explain

    try:
        return parse_schedules(text, source=source)
    except WorkdaysError as e:
        raise ActionError(explain(e)) from None


@transaction.atomic
def load(text: str, *, acting_user, source: str = "") -> list[HolidaySchedule]:
    """Store every year of `text` (replacing a stored year of the same number)."""
    schedules = parse(text, source or "表单")
    builtin = builtin_schedules()
    stored = []
    for schedule in schedules:
        row = HolidaySchedule.objects.select_for_update().filter(year=schedule.year).first()
        before = row.text if row else ""
        row = row or HolidaySchedule(year=schedule.year)
        row.text = schedule.to_text()
        row.source = source[:200]
        row.updated_at = timezone.now()
        row.updated_by = acting_user
        row.save()
        record(
            "holidays.load",
            target=row,
            acting_user=acting_user,
            data={
                "year": schedule.year,
                "holidays": len(schedule.holidays),
                "workdays": len(schedule.workdays),
                "replaces": "database"
                if before
                else ("package" if schedule.year in builtin else ""),
                "source": source,
            },
        )
        stored.append(row)
    _changed([s.year for s in schedules], acting_user)
    return stored


@transaction.atomic
def delete(row: HolidaySchedule, *, acting_user) -> None:
    record(
        "holidays.delete",
        target=row,
        acting_user=acting_user,
        data={"year": row.year, "text": row.text},
    )
    year = row.year
    row.delete()
    _changed([year], acting_user)


def _changed(years: list[int], acting_user) -> None:
    for listener in calendar.LISTENERS:
        listener(years, acting_user)
