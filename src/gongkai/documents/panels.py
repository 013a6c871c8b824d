"""The 待办 page's part for policy documents: steps of a sign-off chain waiting for the
user, 不予公开 entries waiting for the office's confirmation, and 清理 decisions due."""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.publishing import signoff
from gongkai.publishing.models import Item

from .models import CleanupEntry, Document

SHOWN = 10


def render_panel(request) -> str:
    user = request.user
    agencies = list(Agency.objects.visible_to(user).order_by("path"))
    roles = {a.pk: roles_in(user, a) for a in agencies}
    to_sign = []
    chained = [a for a in agencies if signoff.chain(a)]
    for item in Item.objects.filter(agency__in=chained, status=Item.Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    ):
        step = signoff.next_step(item)
        if step is not None and step.role in roles[item.agency_id]:
            to_sign.append((item, step))
    confirming = [a.pk for a in agencies if roles[a.pk] & {Role.ADMIN, Role.SUPERVISOR}]
    to_confirm = [
        d
        for d in Document.objects.filter(
            agency__in=confirming, attribute="withheld", confirmed_at__isnull=True
        )
        .select_related("agency")
        .order_by("made_on", "pk")
        if d.needs_confirmation
    ]
    deciding = [a.pk for a in agencies if roles[a.pk] & {Role.EDITOR, Role.ADMIN}]
    cleanup = CleanupEntry.objects.filter(
        agency__in=deciding, decision="", batch__status="open"
    ).select_related("batch", "document")
    if not (to_sign or to_confirm or cleanup.exists()):
        return ""
    return render_to_string(
        "documents/_dashboard.html",
        {
            "to_sign": to_sign[:SHOWN],
            "to_confirm": to_confirm[:SHOWN],
            "cleanup": cleanup[:SHOWN],
            "cleanup_count": cleanup.count(),
        },
        request,
    )
