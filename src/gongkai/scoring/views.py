"""The supervising office's scoring pages: the ranking with its trend, an agency's score
sheet with the records behind each deduction, manual scores with evidence, closing a
year, and the exports (考核表 as Excel and PDF, 信息发布台账)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Agency, Role
from gongkai.backoffice.access import staff_view
from gongkai.jobs import exports as jobs_exports
from gongkai.reports import board
from gongkai.reports.models import Notice
from gongkai.reports.views import supervisor_view
from gongkai.workflow import ActionError

from . import actions, export_jobs, exports, spec
from . import sheet as sheets
from .models import ManualScore

R = Role
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(value, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        year = default
    if not 2019 <= year <= timezone.localdate().year:
        raise Http404("不支持该年度。")
    return year


def _scope(request) -> dict:
    roots = board.roots_for(request.user)
    if not roots:
        raise Http404("您没有监督的机关。")
    slug = request.GET.get("root") or request.POST.get("root")
    root = next((r for r in roots if r.slug == slug), None) if slug else roots[0]
    if root is None:
        raise Http404("没有找到该机关。")
    today = timezone.localdate()
    year = _year(request.GET.get("year") or request.POST.get("year"), today.year)
    return {"roots": roots, "root": root, "year": year, "years": list(range(today.year, 2018, -1))}


def _download(content: bytes, content_type: str, ascii_name: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@staff_view(R.SUPERVISOR)
def ranking(request):
    scope = _scope(request)
    root, year = scope["root"], scope["year"]
    try:
        rows = sheets.ranking(root, year)
        found = sheets.indicator_set(year)
    except spec.SpecError as exc:
        return render(request, "scoring/ranking.html", {**scope, "error": str(exc), "rows": []})
    return render(
        request,
        "scoring/ranking.html",
        {
            **scope,
            "rows": rows,
            "set": found,
            "closed": sheets.closed_year(root, year),
            "trend_years": sheets.trend_years(year),
            "can_close": year < timezone.localdate().year,
        },
    )


@staff_view(R.SUPERVISOR)
def ranking_export(request):
    scope = _scope(request)
    root, year = scope["root"], scope["year"]
    if jobs_exports.too_big(export_jobs.ranking_rows(root)):
        job = jobs_exports.start(
            export_jobs.RANKING,
            label=f"导出{root.name}{year}年度政务公开考核表",
            params={"office": root.pk, "year": year},
            user=request.user,  # the supervisor's, as the ranking page is
        )
        return redirect(job)
    all_sheets = sheets.sheets_for_office(root, year)
    rows = sheets.ranking(root, year, sheets=all_sheets)
    content = exports.office_workbook(root, year, rows, all_sheets)
    return _download(content, XLSX, *export_jobs.ranking_names(root, year))


@require_POST
@staff_view(R.SUPERVISOR)
def close(request):
    scope = _scope(request)
    root, year = scope["root"], scope["year"]
    try:
        actions.close_year(root, year, acting_user=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"{year}年度考核已结束，各机关得分已固定，扣分情况已通知各机关。")
    return redirect(reverse("scoring:ranking") + f"?root={root.slug}&year={year}")


def _load(request, slug: str, year: int) -> tuple[Agency, set[str], dict]:
    agency, roles = load_agency(request, slug)
    _year(year, year)
    try:
        return agency, roles, sheets.sheet_for(agency, year)
    except spec.SpecError as exc:
        raise Http404(str(exc)) from None


@staff_view()
def sheet(request, slug, year):
    agency, roles, data = _load(request, slug, year)
    return render(
        request,
        "scoring/sheet.html",
        {
            "agency": agency,
            "year": year,
            "sheet": data,
            "supervises": R.SUPERVISOR in roles,
            "evidence_types": "、".join(actions.EVIDENCE_EXTENSIONS),
            "notices": Notice.objects.filter(agency=agency, year=year)
            .exclude(kind=Notice.Kind.RETURN)
            .order_by("-created_at"),
        },
    )


@require_POST
@supervisor_view
def manual(request, slug, year, indicator):
    agency, roles = load_agency(request, slug)
    if R.SUPERVISOR not in roles:
        raise PermissionDenied("只有监督机关可以评分。")
    try:
        actions.enter_manual_score(
            agency,
            year,
            indicator,
            acting_user=request.user,
            score=request.POST.get("score", ""),
            note=request.POST.get("note", ""),
            evidence=request.FILES.get("evidence"),
        )
    except (ActionError, spec.SpecError) as e:
        messages.error(request, getattr(e, "message", str(e)))
    else:
        messages.success(request, "评分已保存。")
    return redirect(reverse("scoring:sheet", args=[agency.slug, year]) + f"#i-{indicator}")


@staff_view()
def evidence(request, slug, year, indicator):
    agency, _ = load_agency(request, slug)
    found = ManualScore.objects.filter(agency=agency, year=year, indicator=indicator).first()
    if found is None or not found.evidence:
        raise Http404("没有佐证材料。")
    return FileResponse(
        found.evidence.open("rb"), as_attachment=True, filename=found.evidence_name or "evidence"
    )


@staff_view()
def sheet_export(request, slug, year, filetype):
    agency, _, data = _load(request, slug, year)
    name = f"{agency.name}{year}年度政务公开考核表"
    if filetype == "xlsx":
        return _download(
            exports.sheet_workbook(agency, data), XLSX, f"score-{year}.xlsx", name + ".xlsx"
        )
    if filetype == "pdf":
        return _download(
            exports.sheet_pdf(agency, data), "application/pdf", f"score-{year}.pdf", name + ".pdf"
        )
    raise Http404("不支持该格式。")


@staff_view()
def ledger(request, slug, year):
    agency, _ = load_agency(request, slug)
    _year(year, year)
    if jobs_exports.too_big(export_jobs.ledger_rows(agency, year)):
        job = jobs_exports.start(
            export_jobs.LEDGER,
            label=f"导出{agency.name}{year}年信息发布台账",
            params={"agency": agency.pk, "year": year},
            agency=agency,
            user=request.user,
        )
        return redirect(job)
    content = exports.ledger_workbook(agency, year)
    return _download(content, XLSX, *export_jobs.ledger_names(agency, year))
