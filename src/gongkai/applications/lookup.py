"""The public status page's check: tracking code plus the last four digits of the phone.

The answer is the same for an unknown code and a wrong second factor. Attempts are rows
(`StatusLookup`), so every process counts them: too many failures from one address, or
against one code (existing or not), within the window and the page answers "try later"
before looking at anything.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.utils import timezone

from gongkai import edge, identity

from .models import Application, StatusLookup


class Result(Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"  # unknown code or wrong digits: one answer for both
    LIMITED = "limited"


def client_ip(request) -> str | None:
    """The client's address; behind the trusted proxy, the last hop it added."""
    return edge.client_ip(request)


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()[:32]


def limited(ip: str | None, code: str) -> bool:
    since = timezone.now() - timedelta(minutes=settings.STATUS_LOOKUP_WINDOW_MINUTES)
    failures = StatusLookup.objects.filter(at__gte=since, succeeded=False)
    if ip and failures.filter(ip=ip).count() >= settings.STATUS_LOOKUP_LIMIT:
        return True
    return failures.filter(code=code).count() >= settings.STATUS_LOOKUP_CODE_LIMIT


def retry_at(ip: str | None, code: str):
    """When the oldest failure that keeps this visitor limited leaves the window: the
    time the page tells them to try again."""
    window = timedelta(minutes=settings.STATUS_LOOKUP_WINDOW_MINUTES)
    failures = StatusLookup.objects.filter(at__gte=timezone.now() - window, succeeded=False)
    times = []
    for rows, limit in (
        (failures.filter(ip=ip) if ip else failures.none(), settings.STATUS_LOOKUP_LIMIT),
        (failures.filter(code=code), settings.STATUS_LOOKUP_CODE_LIMIT),
    ):
        ats = list(rows.order_by("-at").values_list("at", flat=True)[:limit])
        if len(ats) >= limit:
            times.append(ats[limit - 1] + window)  # then fewer than `limit` remain
    return max(times) if times else timezone.now() + window


def check(code: str, digits: str, ip: str | None) -> tuple[Result, Application | None]:
    code = normalise_code(code)
    digits = identity.phone_digits(digits)
    # Counted and recorded (as a failure until it succeeds) in one serialized step, so
    # racing requests cannot all pass the same count: at most the limit get through.
    with edge.serialized(f"status-lookup:code:{code}", f"status-lookup:ip:{ip}"):
        if limited(ip, code):
            return Result.LIMITED, None
        attempt = StatusLookup.objects.create(ip=ip, code=code, succeeded=False)
    application = Application.objects.select_related("agency").filter(code=code).first()
    expected = identity.last_digits(application.phone) if application else "0000"
    ok = (
        application is not None
        and len(digits) == 4
        and len(expected) == 4
        and hmac.compare_digest(digits, expected)
    )
    if ok:
        StatusLookup.objects.filter(pk=attempt.pk).update(succeeded=True)
    return (Result.FOUND, application) if ok else (Result.NOT_FOUND, None)


def purge(older_than_days: int = 2) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return StatusLookup.objects.filter(at__lt=cutoff).delete()[0]
