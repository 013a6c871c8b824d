"""The board's cross-report checks: copied narrative sections (雷同) among the agencies'
reports of a year and the year before, by the engine's `similarity.compare`; and each
report's stated count of items published proactively against the portal's own count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count

from gongkai import annualreport as ar
from gongkai.agencies.models import Agency
from gongkai.annualreport import similarity
from gongkai.annualreport.labels import halfwidth
from gongkai.publishing.models import Item

from . import compute
from .models import ReportVersion


@dataclass(frozen=True)
class Side:
    agency: Agency
    year: int
    version: ReportVersion


@dataclass(frozen=True)
class CopiedPair:
    first: Side
    second: Side
    sections: tuple[similarity.SectionMatch, ...]

    @property
    def score(self) -> float:
        return max(m.score for m in self.sections)


def latest_versions(agencies, years) -> list[ReportVersion]:
    """The latest version of each report of `agencies` for `years`, with its agency."""
    latest: dict[int, ReportVersion] = {}
    found = (
        ReportVersion.objects.filter(report__agency__in=agencies, report__year__in=list(years))
        .select_related("report__agency")
        .defer("tables", "findings", "acknowledgements")
        .order_by("report_id", "-number")
    )
    for v in found:
        latest.setdefault(v.report_id, v)
    return list(latest.values())


def _engine(version: ReportVersion) -> ar.Report:
    report = version.report
    return ar.Report(
        format=ar.format_for_year(report.year),
        agency=report.agency.name,
        year=report.year,
        narrative=dict(version.snapshot.get("narrative") or {}),
        source=f"version:{version.code}",
    )


def copied(agencies, year: int, threshold: float = similarity.THRESHOLD) -> list[CopiedPair]:
    """Pairs with a copied section among the reports of `year` and of the year before
    (a report copied from last year's, its own or another agency's); at least one of the
    two is of `year`."""
    versions = latest_versions(agencies, (year, year - 1))
    reports = [_engine(v) for v in versions]
    out = []
    for pair in similarity.compare(reports, threshold):
        a, b = versions[pair.first], versions[pair.second]
        if year not in (a.report.year, b.report.year):
            continue
        if (b.report.year, b.report.agency.path) > (a.report.year, a.report.agency.path):
            a, b = b, a  # this year's report first
        out.append(
            CopiedPair(
                Side(a.report.agency, a.report.year, a),
                Side(b.report.agency, b.report.year, b),
                pair.sections,
            )
        )
    return out


_STATED = re.compile(r"主动公开(?:各类)?(?:政府)?信息(?:共计|共|合计)?(\d+)(?:条|件|项)")


def stated_published(narrative: dict) -> int | None:
    """The number of items the report says were published proactively (section 一)."""
    text = re.sub(r"\s+", "", halfwidth(narrative.get("一") or ""))
    m = _STATED.search(text)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class PublishedCount:
    agency: Agency
    version: ReportVersion
    stated: int | None
    portal: int

    @property
    def differs(self) -> bool:
        return self.stated is not None and self.stated != self.portal

    @property
    def note(self) -> str:
        if self.stated is None:
            return "报告未写明条数"
        if not self.differs:
            return "一致"
        more = self.stated - self.portal
        return f"不一致：报告{'多' if more > 0 else '少'}{abs(more)}条"


def published_counts(agencies, year: int) -> list[PublishedCount]:
    """Each submitted report's stated count of proactive items beside the number the
    portal published for that agency in the year."""
    start, end = compute.bounds(year)
    portal = dict(
        Item.objects.public()
        .filter(agency__in=agencies, published_on__range=(start, end))
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    out = [
        PublishedCount(
            v.report.agency,
            v,
            stated_published(v.snapshot.get("narrative") or {}),
            portal.get(v.report.agency_id, 0),
        )
        for v in latest_versions(agencies, (year,))
    ]
    return sorted(out, key=lambda c: (not c.differs, c.agency.path))
