"""Applications' part of the 待办 page: each agency's open, overdue and soon-due work."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.agencies.models import Membership, Role
from gongkai.holidays import calendar as holidays

from . import desk, throttle


def render_panel(request) -> str:
    """For the agencies where the user handles applications or approves extensions."""
    agencies = sorted(
        {
            m.agency
            for m in Membership.objects.filter(
                user=request.user, role__in=(Role.OFFICER, Role.REVIEWER)
            ).select_related("agency")
        },
        key=lambda a: a.path,
    )
    if not agencies:
        return ""
    today, calendar = timezone.localdate(), holidays.current()
    rows = [
        {
            "agency": a,
            "n": desk.counts(desk.open_base([a.pk]), today, calendar),
            "storage": throttle.storage_alert(a),
        }
        for a in agencies
    ]
    return render_to_string("applications/_dashboard.html", {"rows": rows}, request)
