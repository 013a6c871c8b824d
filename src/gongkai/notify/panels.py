"""The 待办 page: messages to applicants that could not be delivered after the last try,
for the officers of their agency."""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.agencies.models import Membership, Role

from .models import Message


def render_panel(request) -> str:
    agencies = Membership.objects.filter(user=request.user, role=Role.OFFICER).values("agency_id")
    failed = list(
        Message.objects.filter(
            audience=Message.Audience.APPLICANT,
            status=Message.Status.FAILED,
            agency_id__in=agencies,
        )
        .select_related("agency")
        .order_by("-created_at")[:20]
    )
    if not failed:
        return ""
    return render_to_string("notify/_panel.html", {"failed": failed}, request)
