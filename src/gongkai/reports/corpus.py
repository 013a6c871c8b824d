"""The board's cross-report checks: copied narrative sections (雷同) among the agencies'
reports of a year and the year before, by the engine's `similarity.compare`; and each
report's stated count of items published proactively against the portal's own count.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count

from gongkai import annualreport as ar
from gongkai.agencies.models import Agency
from gongkai.annualreport import similarity
from gongkai.annualreport.labels import halfwidth
from gongkai.publishing.models import Item

from . import compute
from .models import ReportVersion


@dataclass(frozen=True)
class VersionRef:
    """What a pair needs of a frozen version: its report, and how to link to it."""

    code: str
    number: int
    report_id: int
    year: int
    agency_id: int


@dataclass(frozen=True)
class Side:
    agency: Agency
    year: int
    version: VersionRef


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


def _narratives(agencies, years) -> list[tuple[VersionRef, dict]]:
    """The latest version of each report, with its narrative only (not the tables)."""
    rows = (
        ReportVersion.objects.filter(report__agency__in=agencies, report__year__in=list(years))
        .order_by("report_id", "-number")
        .values_list(
            "code",
            "number",
            "report_id",
            "report__year",
            "report__agency_id",
            "snapshot__narrative",
        )
    )
    latest: dict[int, tuple[VersionRef, dict]] = {}
    for code, number, report_id, year, agency_id, narrative in rows:
        if report_id not in latest:
            ref = VersionRef(code, number, report_id, year, agency_id)
            latest[report_id] = (ref, narrative if isinstance(narrative, dict) else {})
    return list(latest.values())


def copied(agencies, year: int, threshold: float = similarity.THRESHOLD) -> list[CopiedPair]:
    """Pairs with a copied section among the reports of `year` and of the year before
    (a report copied from last year's, its own or another agency's); at least one of the
    two is of `year`. A version's narrative never changes once submitted, so the answer
    is kept in the cache under the agencies and the codes of the versions compared: a
    new version is a new key."""
    years = (year, year - 1)
    ids = sorted(agencies.values_list("pk", flat=True))
    codes = sorted(
        ReportVersion.objects.filter(report__agency_id__in=ids, report__year__in=years).values_list(
            "code", flat=True
        )
    )
    digest = hashlib.sha1(",".join([*map(str, ids), "|", *codes]).encode()).hexdigest()
    key = f"gongkai:copied:{digest}:{year}:{threshold}"
    found = cache.get(key)
    if found is None:
        found = _copied(ids, years, threshold)
        cache.set(key, found, 3600)
    by_pk = Agency.objects.in_bulk({a for p in found for a in (p[0].agency_id, p[1].agency_id)})
    return [
        CopiedPair(
            Side(by_pk[a.agency_id], a.year, a), Side(by_pk[b.agency_id], b.year, b), sections
        )
        for a, b, sections in found
        if a.agency_id in by_pk and b.agency_id in by_pk
    ]


def _copied(ids: list[int], years: tuple[int, int], threshold: float):
    versions = _narratives(Agency.objects.filter(pk__in=ids), years)
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    reports = [
        ar.Report(
            format=ar.format_for_year(ref.year),
            agency=names.get(ref.agency_id),
            year=ref.year,
            narrative=dict(narrative),
            source=f"version:{ref.code}",
        )
        for ref, narrative in versions
    ]
    paths = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "path"))
    out = []
    for pair in similarity.compare(reports, threshold):
        a, b = versions[pair.first][0], versions[pair.second][0]
        if years[0] not in (a.year, b.year):
            continue
        if (b.year, paths.get(b.agency_id, "")) > (a.year, paths.get(a.agency_id, "")):
            a, b = b, a  # this year's report first
        out.append((a, b, pair.sections))
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
