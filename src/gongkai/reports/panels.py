"""The annual reports' part of the 待办 page: the supervising office's notices (returned
reports with their comments, deductions, clean-up requests) to their agency's editors
and administrators; reports submitted and waiting, to the supervising office."""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.agencies.models import Agency, Membership
from gongkai.audit.models import AuditEvent

from .models import AnnualReport, Notice
from .notice_actions import HANDLERS


def _last_return_comment(report: AnnualReport) -> str:
    event = (
        AuditEvent.objects.for_object(report).filter(action="report.return").order_by("-at").first()
    )
    return event.comment if event else ""


def render_panel(request) -> str:
    user = request.user
    handled = Membership.objects.filter(user=user, role__in=HANDLERS).values("agency_id")
    notices = list(
        Notice.objects.open()
        .filter(agency_id__in=handled)
        .select_related("agency", "report")
        .order_by("-created_at")[:50]
    )
    # Reports returned before notices existed still show, with the return's comment.
    noticed = {n.report_id for n in notices if n.report_id}
    returned = [
        {"report": r, "comment": _last_return_comment(r)}
        for r in AnnualReport.objects.filter(
            agency_id__in=handled, status=AnnualReport.Status.RETURNED
        )
        .exclude(pk__in=noticed)
        .exclude(notices__kind=Notice.Kind.RETURN, notices__resolved_at__isnull=True)
        .select_related("agency")
    ]
    waiting = list(
        AnnualReport.objects.filter(
            agency__in=Agency.objects.supervised_by(user),
            status=AnnualReport.Status.REPORTED,
        )
        .select_related("agency")
        .order_by("-year", "agency__path")[:20]
    )
    if not returned and not waiting and not notices:
        return ""
    return render_to_string(
        "reports/_dashboard.html",
        {"returned": returned, "waiting": waiting, "notices": notices},
        request,
    )
