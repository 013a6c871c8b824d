"""Back-office pages of an agency's annual report: the report, its narrative, table 二's
figures, the checks and submission, publication, correction, drill-down and exports."""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai import annualreport as ar
from gongkai import edge
from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.annualreport.writers import render as render_file
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.access import staff_view
from gongkai.workflow import ActionError, show_on_form

from . import actions, checks, compute, deadlines, drill, narrative, notice_actions, tables_html
from .forms import CommentForm, FiguresForm, ImportForm, NarrativeForm
from .models import AnnualReport, ReportVersion

R = Role
FILETYPES = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "html": ("text/html; charset=utf-8", "html"),
    "json": ("application/json", "json"),
}


def load(request, slug: str, year: int):
    """(agency, roles, report or None); 404 for a year before the supported layouts."""
    agency, roles = load_agency(request, slug)
    try:
        ar.format_for_year(year)
    except ar.FormatError:
        raise Http404("不支持该年度。") from None
    if year > timezone.localdate().year:
        raise Http404("该年度尚未开始。")
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    return agency, roles, report


def working(agency: Agency, year: int, report: AnnualReport | None) -> ar.Report:
    """The report as it stands now: computed from the records, with its narrative."""
    text = report.narrative if report is not None else actions.initial_narrative(agency, year)
    return compute.build(agency, year, text)


def version_asked(request) -> int | None:
    """The version number in `?v=`, None when there is none; 404 when it is not one."""
    value = request.GET.get("v") or ""
    if not value:
        return None
    number = edge.bounded_int(value, 1, 1_000_000)
    if number is None:
        raise Http404("没有该版本。")
    return number


def shown(agency, year, report, version_number=None):
    """(engine report, version or None): a frozen version when the report is not being
    edited (or when one is asked for), else the working copy."""
    version = None
    if report is not None:
        versions = report.versions.all()
        if version_number:
            version = versions.filter(number=version_number).first()
            if version is None:
                raise Http404("没有该版本。")
        elif not report.is_editable:
            version = report.latest_version()
    if version is not None:
        return version.engine_report(), version
    return working(agency, year, report), None


def _drill_link(agency, year, version=None):
    base = reverse("reports:cell", args=[agency.slug, year])

    def link(cell_id: str) -> str:
        return f"{base}?id={quote(cell_id, safe='')}" + (f"&v={version.number}" if version else "")

    return link


def _submitted_on(report):
    if report is None or report.first_submitted_at is None:
        return None
    return timezone.localtime(report.first_submitted_at).date()


@staff_view()
def index(request):
    today = timezone.localdate()
    default_year = deadlines.report_year(today)
    direct = (
        Membership.objects.filter(user=request.user)
        .exclude(role=R.SUPERVISOR)
        .values_list("agency_id", flat=True)
    )
    agencies = Agency.objects.filter(pk__in=direct).order_by("path")
    reports = {
        (r.agency_id, r.year): r
        for r in AnnualReport.objects.filter(agency__in=agencies).select_related("agency")
    }
    panels = []
    for agency in agencies:
        years = {default_year, today.year} | {y for (a, y) in reports if a == agency.pk}
        rows = []
        for year in sorted((y for y in years if y >= 2019), reverse=True):
            report = reports.get((agency.pk, year))
            rows.append(
                {
                    "year": year,
                    "report": report,
                    "due": deadlines.due_date(agency, year),
                    "countdown": deadlines.countdown(
                        agency, year, today, submitted_on=_submitted_on(report)
                    ),
                }
            )
        panels.append({"agency": agency, "rows": rows})
    supervises = Membership.objects.filter(user=request.user, role=R.SUPERVISOR).exists()
    return render(
        request,
        "reports/index.html",
        {"panels": panels, "supervises": supervises, "default_year": default_year},
    )


@staff_view()
def report_page(request, slug, year):
    agency, roles, report = load(request, slug, year)
    engine, version = shown(agency, year, report, version_asked(request))
    result = None
    if version is None:
        result = checks.run(engine, agency, dict(engine.narrative))
        findings = result.findings
    else:
        findings = [_finding(f) for f in version.findings]
    today = timezone.localdate()
    history = AuditEvent.objects.for_object(report).select_related("actor") if report else []
    returned = None
    if report is not None:
        for found in report.notices.filter(opened_at__isnull=True):
            if notice_actions.opens(request.user, found):
                notice_actions.mark_opened(found, acting_user=request.user)
    if report is not None and report.status == AnnualReport.Status.RETURNED:
        returned = (
            AuditEvent.objects.for_object(report)
            .filter(action="report.return")
            .order_by("-at")
            .first()
        )
    return render(
        request,
        "reports/report.html",
        {
            "agency": agency,
            "year": year,
            "report": report,
            "roles": roles,
            "moves": report.allowed_moves(roles) if report else {},
            "can_edit": R.EDITOR in roles,
            "engine": engine,
            "version": version,
            "versions": report.versions.select_related("submitted_by").order_by("-number")
            if report
            else [],
            "tables": tables_html.all_tables(engine, _drill_link(agency, year, version), findings),
            "findings": findings,
            "result": result,
            "countdown": deadlines.countdown(
                agency, year, today, submitted_on=_submitted_on(report)
            ),
            "due": deadlines.due_date(agency, year),
            "history": history,
            "sections": _sections(engine),
            "returned": returned,
            "comment_form": CommentForm(),
            "filetypes": FILETYPES,
        },
    )


def _sections(engine: ar.Report) -> list[tuple[str, str]]:
    out = []
    for key, text in engine.narrative.items():
        try:
            title = f"{key}、{engine.format.section(key).title}"
        except KeyError:
            title = key
        out.append((title, text))
    return out


def _finding(data: dict) -> ar.Finding:
    return ar.Finding(
        data["rule"],
        ar.Severity(data["severity"]),
        data["message"],
        tuple(data.get("cells", ())),
        data.get("expected"),
        data.get("actual"),
    )


@require_POST
@staff_view(R.EDITOR)
def start(request, slug, year):
    agency, _, _ = load(request, slug, year)
    actions.start_report(agency, year, acting_user=request.user)
    messages.success(request, "已生成报告初稿，请核对正文和表二数据。")
    return redirect("reports:narrative", slug, year)


@staff_view(R.EDITOR)
def narrative_edit(request, slug, year):
    agency, _, report = load(request, slug, year)
    if report is None:
        messages.info(request, "请先开始编制报告。")
        return redirect("reports:report", slug, year)
    if not report.is_editable:
        messages.error(request, f"报告当前状态为“{report.get_status_display()}”，不能修改正文。")
        return redirect(report.get_absolute_url())
    fmt = report.format
    form = NarrativeForm(request.POST or None, fmt=fmt, initial=report.narrative)
    if request.method == "POST" and form.is_valid():
        actions.save_narrative(report, acting_user=request.user, sections=form.cleaned_data)
        messages.success(request, "正文已保存。")
        if "check" in request.POST:
            return redirect("reports:check", slug, year)
        return redirect("reports:narrative", slug, year)
    previous = checks.previous_report(agency, year)
    engine = compute.build(agency, year, report.narrative)
    findings = [f for f in ar.check(engine, previous.report) if f.rule.startswith(("NARR", "SELF"))]
    copied = narrative.copied_from(report.narrative, previous.report)
    sections = []
    for key in narrative.SECTIONS:
        sections.append(
            {
                "field": form[key],
                "previous": (previous.report.narrative.get(key) or "") if previous.report else "",
                "copied": [c.sentence for c in copied if c.section == key],
            }
        )
    return render(
        request,
        "reports/narrative.html",
        {
            "agency": agency,
            "year": year,
            "report": report,
            "form": form,
            "sections": sections,
            "findings": findings,
            "previous": previous,
            "prompts": narrative.prompts_left(report.narrative),
        },
    )


@require_POST
@staff_view(R.EDITOR)
def refresh(request, slug, year):
    agency, _, report = load(request, slug, year)
    if report is None:
        messages.error(request, "报告尚未开始编制。")
        return redirect("reports:report", slug, year)
    try:
        actions.refresh_figures(report, acting_user=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已按最新数据更新正文第一部分中的数字。")
    return redirect("reports:narrative", slug, year)


@staff_view(R.EDITOR)
def figures_edit(request, slug, year):
    agency, _, report = load(request, slug, year)
    fmt = ar.format_for_year(year)
    suggestions = checks.carried_forward(agency, year, fmt)
    form = FiguresForm(
        request.POST or None,
        fmt=fmt,
        figures=compute.figures(agency, year),
        suggestions=suggestions,
    )
    locked = report is not None and not report.is_editable
    if request.method == "POST" and not locked and form.is_valid():
        try:
            changed = actions.save_figures(
                agency, year, acting_user=request.user, values=form.values
            )
        except ActionError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"表二数据已保存（{len(changed)}项有变动）。")
            return redirect("reports:figures", slug, year)
    return render(
        request,
        "reports/figures.html",
        {
            "agency": agency,
            "year": year,
            "report": report,
            "form": form,
            "fmt": fmt,
            "locked": locked,
        },
    )


@staff_view(R.EDITOR)
def check(request, slug, year):
    agency, _, report = load(request, slug, year)
    if report is None:
        messages.info(request, "请先开始编制报告。")
        return redirect("reports:report", slug, year)
    engine = compute.build(agency, year, report.narrative)
    result = checks.run(engine, agency, report.narrative)
    reasons = {k[7:]: v for k, v in request.POST.items() if k.startswith("reason-")}
    if not reasons:
        latest = report.latest_version()
        reasons = {a["id"]: a["reason"] for a in (latest.acknowledgements if latest else [])}
    problem = None
    if request.method == "POST" and report.is_editable:
        try:
            version = actions.submit_report(
                report, acting_user=request.user, reasons=reasons, note=request.POST.get("note", "")
            )
        except ActionError as e:
            problem = e
        else:
            messages.success(request, f"第{version.number}版已报送上级政务公开办。")
            return redirect(report.get_absolute_url())
    correcting = report.versions.filter(published_on__isnull=False).exists()
    return render(
        request,
        "reports/check.html",
        {
            "agency": agency,
            "year": year,
            "report": report,
            "result": result,
            "warnings": [(fp, f, reasons.get(fp, "")) for fp, f in result.warning_items()],
            "tables": tables_html.all_tables(engine, _drill_link(agency, year), result.findings),
            "problem": problem,
            "correcting": correcting,
            "note": request.POST.get("note", report.correction_reason),
        },
    )


def _moved(request, report, call, done: str):
    if report is None:
        messages.error(request, "报告尚未开始编制。")
        return redirect("reports:index")
    try:
        call()
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return redirect(report.get_absolute_url())


@require_POST
@staff_view(R.PUBLISHER)
def publish(request, slug, year):
    _, _, report = load(request, slug, year)
    return _moved(
        request,
        report,
        lambda: actions.publish_report(report, acting_user=request.user),
        "报告已在门户发布。",
    )


@require_POST
@staff_view(R.EDITOR)
def correct(request, slug, year):
    _, _, report = load(request, slug, year)
    reason = request.POST.get("comment", "")
    return _moved(
        request,
        report,
        lambda: actions.start_correction(report, acting_user=request.user, reason=reason),
        "已开始更正。更正后的报告需重新检查、报送和发布；在此之前门户仍显示已发布的版本。",
    )


def supervisor_view(view):
    """staff_view for a supervisor's action on one agency's report: staff with no standing
    in that agency get 404 (as on every object page), members without supervision 403.
    (staff_view(SUPERVISOR) would refuse with 403 before the agency is even looked up.)"""

    @staff_view()
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.required_roles = (R.SUPERVISOR,)
        return view(request, *args, **kwargs)

    wrapper.required_roles = (R.SUPERVISOR,)
    return wrapper


@require_POST
@supervisor_view
def return_view(request, slug, year):
    _, _, report = load(request, slug, year)
    comment = request.POST.get("comment", "")
    response = _moved(
        request,
        report,
        lambda: actions.return_report(report, acting_user=request.user, comment=comment),
        "报告已退回，意见已发送给该机关。",
    )
    back = request.POST.get("next", "")
    if back.startswith(reverse("reports:board")):
        return redirect(back)
    return response


@staff_view()
def cell(request, slug, year):
    agency, _, report = load(request, slug, year)
    if not request.GET.get("id"):
        return redirect("reports:report", slug, year)
    number = version_asked(request)
    version = report.versions.filter(number=number).first() if report and number else None
    if version is None and report is not None and not report.is_editable:
        version = report.latest_version()  # what the report's page shows
    printed = version.engine_report().cell_ids() if version is not None else None
    found = drill.drill(agency, year, request.GET["id"], printed)
    if found is None:
        raise Http404("没有该单元格。")
    frozen_value = None
    if version is not None:
        frozen_value = version.engine_report().cell(found.cell_id).describe()
    page = None
    if found.records is not None:
        page = Paginator(found.records, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/cell.html",
        {
            "agency": agency,
            "year": year,
            "report": report,
            "drill": found,
            "page": page,
            "version": version,
            "frozen_value": frozen_value,
            "query": f"id={quote(found.cell_id, safe='')}"
            + (f"&v={version.number}" if version else ""),
        },
    )


@staff_view()
def export(request, slug, year, filetype):
    agency, _, report = load(request, slug, year)
    if filetype not in FILETYPES:
        raise Http404("不支持该格式。")
    engine, version = shown(agency, year, report, version_asked(request))
    return download(engine, filetype, agency, year, version)


def download(engine: ar.Report, filetype: str, agency, year: int, version: ReportVersion | None):
    content_type, ext = FILETYPES[filetype]
    try:
        data = render_file(engine, filetype)
    except ar.WriteError as e:
        return HttpResponse(
            f"无法生成文件：{e}", status=500, content_type="text/plain; charset=utf-8"
        )
    suffix = f"（第{version.number}版）" if version else "（草稿）"
    name = f"{agency.name}{year}年政府信息公开工作年度报告{suffix}.{ext}"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"report-{year}.{ext}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@staff_view(R.EDITOR)
def import_view(request, slug, year):
    agency, _, report = load(request, slug, year)
    if report is not None and report.origin != AnnualReport.Origin.IMPORTED:
        messages.error(request, f"{year}年度报告已在本系统编制，不能导入。")
        return redirect(report.get_absolute_url())
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = actions.import_report(
                agency,
                year,
                acting_user=request.user,
                data=upload.read(),
                filename=upload.name,
                reason=form.cleaned_data["reason"],
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(
                request,
                f"已导入第{version.number}版：检查发现{version.errors}个错误、{version.warnings}个警告。",
            )
            return redirect("reports:report", slug, year)
    return render(
        request,
        "reports/import.html",
        {"agency": agency, "year": year, "report": report, "form": form},
    )
