"""The annual reports' part of the 待办 page: reports returned with comments, to their
agency's editors; reports submitted and waiting, to the supervising office."""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.audit.models import AuditEvent

from .models import AnnualReport


def _last_return_comment(report: AnnualReport) -> str:
    event = (
        AuditEvent.objects.for_object(report).filter(action="report.return").order_by("-at").first()
    )
    return event.comment if event else ""


def render_panel(request) -> str:
    user = request.user
    edited = Membership.objects.filter(user=user, role=Role.EDITOR).values("agency_id")
    returned = [
        {"report": r, "comment": _last_return_comment(r)}
        for r in AnnualReport.objects.filter(
            agency_id__in=edited, status=AnnualReport.Status.RETURNED
        ).select_related("agency")
    ]
    waiting = list(
        AnnualReport.objects.filter(
            agency__in=Agency.objects.supervised_by(user),
            status=AnnualReport.Status.REPORTED,
        )
        .select_related("agency")
        .order_by("-year", "agency__path")[:20]
    )
    if not returned and not waiting:
        return ""
    return render_to_string(
        "reports/_dashboard.html", {"returned": returned, "waiting": waiting}, request
    )
