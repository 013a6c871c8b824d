"""Publishing's part of the 待办 page and the supervisor's overview of publishing."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.backoffice.access import staff_view

from .deadlines import overdue_cutoff
from .models import Finding, Item

R = Role
QUEUES = (
    (R.EDITOR, "待修改和草稿", (Item.Status.RETURNED, Item.Status.DRAFT)),
    (R.REVIEWER, "待审核", (Item.Status.SUBMITTED,)),
    (R.PUBLISHER, "待发布", (Item.Status.APPROVED,)),
)


def render_panel(request) -> str:
    """Each agency where the user edits, reviews or publishes: its queues and what is late."""
    memberships = Membership.objects.filter(
        user=request.user, role__in=[role for role, _, _ in QUEUES]
    ).select_related("agency")
    by_agency: dict[int, dict] = {}
    for m in memberships:
        entry = by_agency.setdefault(m.agency_id, {"agency": m.agency, "roles": set()})
        entry["roles"].add(m.role)
    if not by_agency:
        return ""
    cutoff = overdue_cutoff(timezone.localdate())
    panels = []
    for entry in sorted(by_agency.values(), key=lambda e: e["agency"].path):
        agency, roles = entry["agency"], entry["roles"]
        queues = []
        for role, label, states in QUEUES:
            if role in roles:
                qs = Item.objects.filter(agency=agency, status__in=states)
                queues.append(
                    {
                        "label": label,
                        "items": qs.order_by("made_on", "pk")[:10],
                        "count": qs.count(),
                    }
                )
        overdue = Item.objects.filter(
            agency=agency, made_on__lte=cutoff, published_on__isnull=True
        ).exclude(status=Item.Status.WITHDRAWN)
        if R.PUBLISHER in roles:
            open_findings = Finding.objects.open().values("item")
            flagged = Item.objects.filter(
                agency=agency, status__in=Item.PUBLIC_STATES, pk__in=open_findings
            )
            queues.append(
                {
                    "label": "已公开信息自动检查发现问题",
                    "items": flagged.order_by("-published_on", "pk")[:10],
                    "count": flagged.count(),
                }
            )
        panels.append(
            {
                "agency": agency,
                "queues": queues,
                "overdue": overdue.count(),
                "editor": R.EDITOR in roles,
            }
        )
    return render_to_string("publishing/_dashboard.html", {"panels": panels}, request)


@staff_view(R.SUPERVISOR)
def supervision(request):
    year_start = timezone.localdate().replace(month=1, day=1)
    cutoff = overdue_cutoff(timezone.localdate())
    public = Q(items__status__in=Item.PUBLIC_STATES)
    agencies_qs = (
        Agency.objects.supervised_by(request.user)
        .annotate(
            published_this_year=Count(
                "items", filter=public & Q(items__published_on__gte=year_start)
            ),
            public_total=Count("items", filter=public),
            pending=Count(
                "items", filter=Q(items__status__in=[Item.Status.SUBMITTED, Item.Status.APPROVED])
            ),
            overdue=Count(
                "items",
                filter=Q(items__made_on__lte=cutoff, items__published_on__isnull=True)
                & ~Q(items__status=Item.Status.WITHDRAWN),
            ),
            last_published=Max("items__published_on"),
        )
        .order_by("path")
    )
    return render(request, "publishing/supervision.html", {"agencies": agencies_qs})
