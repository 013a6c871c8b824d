"""The ledger's export (filtered like the desk), in the request for a few thousand rows or
as a background job above that (`jobs.exports`). Personal data is in full only for the
agencies where the user who asked is an officer; the export of those is audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.jobs import exports
from gongkai.workflow import ActionError

from . import ledger
from .access import desk_agencies, officer_agency_ids
from .models import Application

NAME = "applications.ledger"


def scope(user, chosen: str, year: int | None):
    """The agencies exported and their applications, ordered as the ledger."""
    agencies = [a for a in desk_agencies(user) if not chosen or a.slug == chosen]
    qs = Application.objects.filter(agency__in=agencies).select_related("agency")
    if year is not None:
        qs = qs.filter(received_on__year=year)
    qs = qs.prefetch_related("fee_notices").order_by("agency__path", "received_on", "id")
    return agencies, qs


def filename(chosen: str, year: int | None) -> str:
    stamp = timezone.localdate().isoformat()
    return f"applications-{chosen or 'all'}-{year or 'all'}-{stamp}.xlsx"


def audit(user, agencies, full: set[int], year: int | None, job=None) -> None:
    """One row per agency exported with personal data in full (inside a transaction)."""
    for agency in agencies:
        if agency.pk in full:
            data = {"year": year, "full_personal_data": True}
            if job is not None:
                data["job"] = job.code
            record("application.export", target=agency, agency=agency, acting_user=user, data=data)


def ledger_export(params: dict, progress) -> exports.Export:
    user = get_user_model().objects.filter(pk=params.get("user"), is_active=True).first()
    if user is None:
        raise ActionError("发起导出的用户已不存在或已停用。")
    chosen, year = str(params.get("agency") or ""), params.get("year")
    agencies, qs = scope(user, chosen, year)
    full = officer_agency_ids(user)
    progress(10, f"正在导出{qs.count()}件申请")
    content = ledger.export(qs.iterator(chunk_size=2000), full)
    return exports.Export(
        filename(chosen, year),
        exports.XLSX,
        content,
        rows=qs.count(),
        audit=lambda job: audit(user, agencies, full, year, job),
    )
