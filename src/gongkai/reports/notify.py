"""Tell an agency's staff by email that something needs their attention.

The one place that sends such mail: `tell_agency()` finds the members of the agency
holding the given roles who have an address, and sends once the transaction of the
change it reports commits (nothing is sent for a change rolled back). A notification
store that keeps and retries messages can take this function's place.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.agencies.models import Agency, Membership


def recipients(agency: Agency, roles: Iterable[str]) -> list[str]:
    found = (
        Membership.objects.filter(agency=agency, role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(found))


def tell_agency(
    agency: Agency, roles: Iterable[str], subject: str, body: str, about=None
) -> list[str]:
    """Email `subject` and `body` to the agency's staff holding `roles`, on commit; the
    page of `about` (an object with get_absolute_url) is linked at the end. Returns the
    addresses it will write to."""
    to = recipients(agency, roles)
    if not to:
        return []
    if about is not None and hasattr(about, "get_absolute_url"):
        body = f"{body}\n\n查看：{settings.SITE_URL}{about.get_absolute_url()}"
    subject = " ".join(subject.split())[:150]

    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)

    transaction.on_commit(send)
    return to
