"""The public pages: an agency's published annual reports, each version and its downloads."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.annualreport.writers.html import render_html

from . import views
from .models import AnnualReport, ReportVersion

PORTAL_FONTS = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif'


def published_reports(agency: Agency) -> list[dict]:
    """The agency's reports that have a published version, newest year first."""
    versions = (
        ReportVersion.objects.published()
        .filter(report__agency=agency)
        .select_related("report")
        .order_by("-report__year", "-number")
    )
    out: dict[int, dict] = {}
    for v in versions:
        entry = out.setdefault(v.report.year, {"report": v.report, "current": v, "count": 0})
        entry["count"] += 1
    return list(out.values())


def _page(request, version: ReportVersion):
    report = version.report
    history = list(
        report.versions.published()
        .order_by("-number")
        .only("code", "number", "published_on", "reason", "source_name")
    )
    current = history[0] if history else None
    engine = version.engine_report()
    return render(
        request,
        "reports/portal_report.html",
        {
            "agency": report.agency,
            "report": report,
            "version": version,
            "current": current,
            "history": history,
            "html": render_html(engine, standalone=False, fonts=PORTAL_FONTS),
            "filetypes": [
                ("docx", "Word"),
                ("pdf", "PDF"),
                ("xlsx", "Excel"),
                ("html", "网页"),
                ("json", "JSON"),
            ],
        },
    )


def year_page(request, slug, year):
    agency = get_object_or_404(Agency.objects.public(), slug=slug)
    report = get_object_or_404(AnnualReport, agency=agency, year=year)
    version = report.current_version()
    if version is None:
        raise Http404("该年度报告尚未发布。")
    return _page(request, version)


def _published(code: str) -> ReportVersion:
    version = (
        ReportVersion.objects.published()
        .select_related("report", "report__agency")
        .filter(code=code, report__agency__is_active=True)
        .first()
    )
    if version is None:
        raise Http404("没有找到该报告。")
    return version


def version_page(request, code):
    return _page(request, _published(code))


def download(request, code, filetype):
    version = _published(code)
    if filetype not in views.FILETYPES:
        raise Http404("不支持该格式。")
    report = version.report
    return views.download(version.engine_report(), filetype, report.agency, report.year, version)
