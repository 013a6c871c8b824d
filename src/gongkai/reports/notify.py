"""Tell an agency's staff that something needs their attention (returned reports,
scoring deductions, clean-up requests).

The messages go through the notification store (`gongkai.notify`): kept as rows, sent
by a job once the change they report commits, retried while the mail server is down,
failures shown on 待办. `tell_agency()` is the one call the supervising office's
notices make.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from gongkai.agencies.models import Agency
from gongkai.notify import api as notify


def tell_agency(
    agency: Agency,
    roles: Iterable[str],
    subject: str,
    body: str,
    about=None,
    kind: str = "notice",
) -> list[str]:
    """Tell the agency's staff holding `roles` (by email, where they gave one); the page
    of `about` (an object with get_absolute_url) is linked at the end. Returns the
    addresses written to."""
    if about is not None and hasattr(about, "get_absolute_url"):
        body = f"{body}\n\n查看：{settings.SITE_URL}{about.get_absolute_url()}"
    subject = " ".join(subject.split())[:150]
    messages = notify.tell_staff(agency, tuple(roles), subject, body, about=about, kind=kind)
    return sorted({m.recipient for m in messages})
