"""Freezing "today" in tests without freezing the dates of stored timestamps."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today_is(day: date):
    """A stand-in for `timezone.localdate`: `day` when asked for today, the real
    conversion when given a datetime (so stored timestamps keep their own dates)."""
    real = timezone.localdate

    def localdate(value=None, tz=None):
        return day if value is None else real(value, tz)

    return localdate
