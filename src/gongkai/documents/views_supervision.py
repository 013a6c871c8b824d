"""The supervisor's view of policy documents: per agency of the subtree, what the
inspections look at first, each count with its documents (`queries.py`)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.backoffice.access import staff_view

from . import queries
from .models import CleanupBatch, CleanupEntry


@staff_view(Role.SUPERVISOR)
def supervision(request):
    today = timezone.localdate()
    agencies = Agency.objects.supervised_by(request.user).order_by("path")
    rows = [
        {
            "agency": a,
            "counts": [
                (key, queries.indicator(key, a, today).count()) for key, _ in queries.INDICATORS
            ],
        }
        for a in agencies
    ]
    totals = [
        (key, label, sum(dict(r["counts"])[key] for r in rows)) for key, label in queries.INDICATORS
    ]
    batches = CleanupBatch.objects.filter(
        agency__in=agencies, status=CleanupBatch.Status.OPEN
    ).select_related("agency")
    drill = None
    key, slug = request.GET.get("show", ""), request.GET.get("agency", "")
    if key:
        labels = dict(queries.INDICATORS)
        if key not in labels:
            raise Http404("没有该项统计。")
        scope = agencies
        if slug:
            scope = agencies.filter(slug=slug)
            if not scope.exists():
                raise Http404("没有找到该机关。")
        records = queries.indicator(key, scope, today).select_related("agency")
        drill = {
            "label": labels[key],
            "agency": scope.first() if slug else None,
            "records": records[:500],
            "count": records.count(),
            "entries": records.model is CleanupEntry,
        }
    return render(
        request,
        "documents/supervision.html",
        {"rows": rows, "totals": totals, "batches": batches, "drill": drill, "today": today},
    )
