"""The validity of rules and normative documents: default periods and the warning date.

Provinces set the periods (commonly five years, two for 试行 and 暂行) and how long before
expiry the owner is warned (commonly six months): settings, `DOCUMENT_VALID_YEARS`,
`DOCUMENT_PROVISIONAL_VALID_YEARS`, `DOCUMENT_EXPIRY_WARNING_MONTHS`. A document is
valid through its 有效期至 and lapses (失效) the day after.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings

PROVISIONAL_MARKS = ("试行", "暂行")


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_valid_until(start: date, title: str) -> date:
    """The last day of validity for a document in force from `start`."""
    provisional = any(mark in title for mark in PROVISIONAL_MARKS)
    years = (
        settings.DOCUMENT_PROVISIONAL_VALID_YEARS if provisional else settings.DOCUMENT_VALID_YEARS
    )
    return _add_months(start, 12 * years) - timedelta(days=1)


def warning_date(valid_until: date) -> date:
    """From this day on the owner is warned that the document will lapse."""
    return _add_months(valid_until, -settings.DOCUMENT_EXPIRY_WARNING_MONTHS)


def lapses_on(valid_until: date) -> date:
    return valid_until + timedelta(days=1)
