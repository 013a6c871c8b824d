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
from gongkai.backoffice.access import staff_view
from gongkai.jobs import exports
from gongkai.workflow import ActionError

from . import intake, ledger, ledger_export
from .access import READ_ROLES, officer_agency_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_view(*READ_ROLES)
def export(request):
    chosen = request.GET.get("agency", "")
    year = None
    if request.GET.get("year"):
        year = edge.bounded_int(request.GET["year"], 1900, 2999)
        if year is None:
            raise Http404("不支持该年度。")
    agencies, qs = ledger_export.scope(request.user, chosen, year)
    if exports.too_big(qs.count()):
        # the file holds personal data as the starter may see it: it is theirs alone
        job = exports.start(
            ledger_export.NAME,
            label="导出依申请公开台账" + (f"（{year}年）" if year else ""),
            params={"user": request.user.pk, "agency": chosen, "year": year},
            user=request.user,
        )
        return redirect(job)
    full = officer_agency_ids(request.user)
    with transaction.atomic():
        data = ledger.export(qs, full)
        ledger_export.audit(request.user, agencies, full, year)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{ledger_export.filename(chosen, year)}"'
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
