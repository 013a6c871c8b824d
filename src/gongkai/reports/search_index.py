"""Published annual reports in the portal's search (`publishing.entries`): the current
published version of each report, with its narrative and its figures."""

from __future__ import annotations

from gongkai.publishing import entries

from .models import AnnualReport, ReportVersion


def _figures(tables: dict) -> list[str]:
    """Table figures as "row column value" lines, so a figure can be searched for."""
    lines = []
    for table in (tables or {}).values():
        if not isinstance(table, dict):
            continue
        for row, columns in table.items():
            if isinstance(columns, dict):
                values = [f"{col} {v}" for col, v in columns.items() if v is not None]
                if values:
                    lines.append(f"{row} " + " ".join(values))
            elif columns is not None:
                lines.append(f"{row} {columns}")
    return lines


def sync_report(report: AnnualReport) -> None:
    """Index the report's current published version, or drop it when there is none."""
    key = f"report:{report.pk}"
    version = report.current_version()
    if version is None:
        entries.drop(key)
        return
    snapshot = version.snapshot or {}
    narrative = snapshot.get("narrative") or {}
    title = snapshot.get("title") or f"{report.agency.name}{report.year}年政府信息公开工作年度报告"
    text = "\n".join(
        [
            f"{report.year}年度报告 政府信息公开工作年度报告",
            *[str(v) for v in narrative.values() if v],
            *_figures(version.tables),
        ]
    )
    entries.sync(
        key,
        kind=entries.SearchEntry.Kind.REPORT,
        agency=report.agency,
        title=title,
        url=version.get_absolute_url(),
        text=text,
        published_on=version.published_on,
    )


def rebuild() -> None:
    reports = AnnualReport.objects.filter(
        pk__in=ReportVersion.objects.published().values("report")
    ).select_related("agency")
    for report in reports:
        sync_report(report)
