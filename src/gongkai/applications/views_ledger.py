"""The ledger's export (filtered like the desk) and import (one agency's rows at a time)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai import edge
from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Role
from gongkai.audit.log import record
from gongkai.backoffice.access import staff_view
from gongkai.workflow import ActionError

from . import intake, ledger
from .access import READ_ROLES, desk_agencies, officer_agency_ids
from .models import Application

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_view(*READ_ROLES)
def export(request):
    agencies = desk_agencies(request.user)
    chosen = request.GET.get("agency", "")
    agencies = [a for a in agencies if not chosen or a.slug == chosen]
    qs = Application.objects.filter(agency__in=agencies).select_related("agency")
    year = request.GET.get("year", "")
    if year:
        number = edge.bounded_int(year, 1900, 2999)
        if number is None:
            raise Http404("不支持该年度。")
        qs = qs.filter(received_on__year=number)
    qs = qs.prefetch_related("fee_notices").order_by("agency__path", "received_on", "id")
    full = officer_agency_ids(request.user)
    with transaction.atomic():
        data = ledger.export(qs, full)
        for agency in agencies:
            if agency.pk in full:
                record(
                    "application.export",
                    target=agency,
                    agency=agency,
                    acting_user=request.user,
                    data={"year": year, "full_personal_data": True},
                )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="applications-{chosen or "all"}-{year or "all"}-{stamp}.xlsx"'
    )
    return response


@staff_view(Role.OFFICER)
def import_ledger(request, slug):
    agency, _ = load_agency(request, slug)
    errors: list = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [ledger.RowError(0, "", "", "请选择要导入的 Excel 文件")]
        elif not upload.name.lower().endswith(".xlsx"):
            errors = [ledger.RowError(0, "", "", "请上传 .xlsx 格式的 Excel 文件")]
        else:
            try:
                created = intake.import_ledger(
                    agency, upload.read(), acting_user=request.user, today=timezone.localdate()
                )
            except ledger.LedgerError as e:
                errors = e.errors
            except ActionError as e:
                errors = [ledger.RowError(0, "", "", e.message)]
            else:
                messages.success(request, f"已导入{created}件申请。")
                return redirect(f"{reverse('applications:desk')}?agency={agency.slug}&queue=open")
    return render(
        request,
        "applications/import.html",
        {
            "agency": agency,
            "errors": errors[:200],
            "error_count": len(errors),
            "headers": ledger.IMPORTED,
        },
    )
