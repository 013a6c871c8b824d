"""The supervisor's view of the website inspection: each supervised agency's findings."""

from __future__ import annotations

from django.shortcuts import render

from gongkai.agencies.models import Agency, Role
from gongkai.backoffice.access import staff_view

from .models import SiteCheck


def latest_for(agencies) -> dict[int, SiteCheck]:
    """The newest check of each agency (one query)."""
    latest: dict[int, SiteCheck] = {}
    rows = SiteCheck.objects.filter(agency__in=agencies).order_by("agency_id", "-checked_at", "-pk")
    for row in rows:
        latest.setdefault(row.agency_id, row)
    return latest


@staff_view(Role.SUPERVISOR)
def board(request):
    agencies = list(Agency.objects.supervised_by(request.user).order_by("path"))
    latest = latest_for(agencies)
    rows = [{"agency": a, "check": latest.get(a.pk)} for a in agencies]
    return render(
        request,
        "sitecheck/board.html",
        {
            "rows": rows,
            "failing": sum(1 for r in rows if r["check"] and r["check"].failing),
            "with_findings": sum(1 for r in rows if r["check"] and r["check"].findings),
            "unchecked": sum(1 for r in rows if r["check"] is None),
        },
    )
