"""The open data API, version 1: read-only, public records only (see docs/api.md)."""

from __future__ import annotations

import math
from datetime import date

from django.db.models import Count, prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

from gongkai.agencies.models import Agency
from gongkai.publishing import search_request
from gongkai.publishing.catalog import CatalogCategory, GuideVersion
from gongkai.publishing.models import Item
from gongkai.reports import board
from gongkai.reports.models import AnnualReport, ReportVersion

from . import csv_out, dump, rows, schemas

MAX_PAGE_SIZE = 200


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="公开 Gongkai 开放数据接口",
    version="1",
    description=(
        "政府信息公开门户的只读开放数据接口：主动公开信息、机关、公开目录、公开指南、"
        "政府信息公开工作年度报告和依申请公开统计（仅汇总数）。每个列表加 `?format=csv` "
        "即得 CSV（UTF-8，带 BOM）；每个地址每分钟的请求数有限，超过时返回 429 和 Retry-After。"
    ),
    urls_namespace="api_v1",
    openapi_url="/openapi.json",
    docs_url=None,
    renderer=Renderer(),
)


def _page(request, items, page: int, page_size: int, build, count: int | None = None) -> dict:
    """One page of a list (a QuerySet, a list or search results) as the API's envelope."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    count = len(items) if count is None else count
    pages = max(1, math.ceil(count / page_size))
    page = max(1, min(page, pages))
    start = (page - 1) * page_size
    chunk = list(items[start : start + page_size])

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": count,
        "estimated": False,
        "page": page,
        "pages": pages,
        "page_size": page_size,
        "next": link(page + 1) if page < pages else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": build(chunk),
    }


def _all(items, build, size: int = 500):
    """Every row of a list, built a chunk at a time (for CSV)."""
    start = 0
    while True:
        chunk = list(items[start : start + size])
        if not chunk:
            return
        yield from build(chunk)
        start += size


def _item_rows(chunk: list) -> list[dict]:
    prefetch_related_objects(chunk, "attachments")
    return [rows.item(it) for it in chunk]


@api.get("/items", response=schemas.ItemPage, url_name="items", summary="主动公开信息")
def items(
    request,
    q: str = "",
    agency: str = "",
    category: str = "",
    article20: int | None = None,
    topic: str = "",
    year: int | None = None,
    validity: str = "",
    published_from: date | None = None,
    published_to: date | None = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
    order: str = "relevance",
    page: int = 1,
    page_size: int = 50,
    format: str = "json",
):
    """The portal's search: the same query syntax (space = and, OR, "phrase", -word),
    the same filters, the same order; without `q`, every public item newest first."""
    wanted = search_request.read(request.GET)
    results = wanted.results()
    if format == "csv":
        flat = (rows.flat_item(r) for r in _all(results, _item_rows))
        return csv_out.response(flat, rows.ITEM_COLUMNS, "items.csv")
    answer = _page(request, results, page, page_size, _item_rows, count=results.count())
    answer["estimated"] = bool(getattr(results, "estimated", False))
    return answer


@api.get(
    "/items/{path:index_number}",
    response={200: schemas.ItemDetail, 404: schemas.Error},
    url_name="item",
    summary="一条主动公开信息（按索引号）",
)
def item(request, index_number: str):
    found = (
        Item.objects.public()
        .select_related("agency", "category")
        .filter(index_number=index_number)
        .first()
    )
    if found is None:
        raise HttpError(404, "没有找到该索引号的公开信息。")
    return rows.item(found, detail=True)


@api.get("/agencies", response=schemas.AgencyPage, url_name="agencies", summary="机关")
def agencies(request, page: int = 1, page_size: int = 50, format: str = "json"):
    public = list(Agency.objects.public().order_by("path"))
    slugs = {a.pk: a.slug for a in public}
    built = [rows.agency(a, slugs) for a in public]
    if format == "csv":
        return csv_out.response(built, rows.AGENCY_COLUMNS, "agencies.csv")
    return _page(request, built, page, page_size, lambda chunk: chunk)


def _agency_filter(slug: str) -> Agency | None:
    if not slug:
        return None
    return get_object_or_404(Agency.objects.public(), slug=slug)


@api.get("/catalogs", response=schemas.CatalogPage, url_name="catalogs", summary="公开目录")
def catalogs(request, agency: str = "", page: int = 1, page_size: int = 50, format: str = "json"):
    only = _agency_filter(agency)
    categories = CatalogCategory.objects.active().filter(agency__in=Agency.objects.public())
    if only:
        categories = categories.filter(agency=only)
    categories = list(
        categories.select_related("agency").order_by("agency__path", "sort_order", "pk")
    )
    counted = Item.objects.public().values_list("category").annotate(n=Count("id"))
    if only:
        counted = counted.filter(agency=only)
    counts = dict(counted.values_list("category", "n"))
    listed = {x.pk for x in categories}
    for c in categories:
        if c.parent_id and c.parent_id in listed:
            counts[c.parent_id] = counts.get(c.parent_id, 0) + counts.get(c.pk, 0)
    codes = {c.pk: c.code for c in categories}
    built = [rows.catalog(c, codes, counts) for c in categories]
    if format == "csv":
        return csv_out.response(map(rows.flat_ref, built), rows.CATALOG_COLUMNS, "catalogs.csv")
    return _page(request, built, page, page_size, lambda chunk: chunk)


@api.get("/guides", response=schemas.GuidePage, url_name="guides", summary="公开指南（现行版本）")
def guides(request, agency: str = "", page: int = 1, page_size: int = 50, format: str = "json"):
    only = _agency_filter(agency)
    public = [only] if only else list(Agency.objects.public().order_by("path"))
    current = []
    for a in public:
        guide = GuideVersion.objects.current_for(a)
        if guide is not None:
            guide.agency = a
            current.append(rows.guide(guide))
    if format == "csv":
        flat = [rows.flat_guide(g) for g in current]
        columns = ["agency", "version", "published_on", "note"]
        columns += list(dict.fromkeys(k for g in flat for k in g if k not in columns))
        columns = [c for c in columns if c != "sections"]
        return csv_out.response(flat, columns, "guides.csv")
    return _page(request, current, page, page_size, lambda chunk: chunk)


def _current_versions(only: Agency | None = None, year: int | None = None) -> list:
    versions = (
        ReportVersion.objects.published()
        .filter(report__agency__in=Agency.objects.public())
        .select_related("report", "report__agency")
        .order_by("report__agency__path", "-report__year", "-number")
    )
    if only:
        versions = versions.filter(report__agency=only)
    if year:
        versions = versions.filter(report__year=year)
    current: dict[int, ReportVersion] = {}
    for v in versions:
        current.setdefault(v.report_id, v)
    return list(current.values())


@api.get("/reports", response=schemas.ReportPage, url_name="reports", summary="年度报告")
def reports(
    request,
    agency: str = "",
    year: int | None = None,
    page: int = 1,
    page_size: int = 50,
    format: str = "json",
):
    built = [rows.report(v) for v in _current_versions(_agency_filter(agency), year)]
    if format == "csv":
        return csv_out.response(map(rows.flat_ref, built), rows.REPORT_COLUMNS, "reports.csv")
    return _page(request, built, page, page_size, lambda chunk: chunk)


@api.get(
    "/reports/{slug}/{year}",
    response={200: schemas.ReportContract, 404: schemas.Error},
    url_name="report",
    summary="一份年度报告（年度报告 JSON 契约）",
    by_alias=True,
)
def report(request, slug: str, year: int):
    found = AnnualReport.objects.filter(
        agency__in=Agency.objects.public(), agency__slug=slug, year=year
    ).first()
    version = found.current_version() if found else None
    if version is None:
        raise HttpError(404, "该年度报告尚未发布。")
    contract = dict(version.snapshot)
    contract["source"] = version.get_absolute_url()
    contract["published"] = version.published_on.isoformat()
    return contract


@api.get(
    "/stats/applications",
    response=schemas.StatsPage,
    url_name="stats",
    summary="依申请公开统计（汇总数）",
)
def stats(
    request,
    year: int | None = None,
    agency: str = "",
    page: int = 1,
    page_size: int = 50,
    format: str = "json",
):
    """Per agency and year: applications closed, of them on time (by each one's own
    statutory due date), and table 三 of the published annual report. Aggregates only."""
    year = year or timezone.localdate().year - 1
    only = _agency_filter(agency)
    public = [only] if only else list(Agency.objects.public().order_by("path"))
    public_ids = {a.pk for a in public}
    rates: dict[int, tuple[int, int]] = {}
    roots = [a for a in public if a.parent_id not in public_ids]
    for root in roots:
        rates.update(board.on_time(root, year))
    versions = {v.report.agency_id: v for v in _current_versions(only, year)}
    built = []
    for a in public:
        closed, ok = rates.get(a.pk, (0, 0))
        version = versions.get(a.pk)
        built.append(
            {
                "agency": rows.agency_ref(a),
                "year": year,
                "closed": closed,
                "closed_on_time": ok,
                "on_time_rate": round(ok / closed, 4) if closed else None,
                "report_version": version.number if version else None,
                "t3": (version.tables or {}).get("t3") if version else None,
            }
        )
    if format == "csv":
        cells = list(
            dict.fromkeys(
                f"{r}/{c}"
                for row in built
                if row["t3"]
                for r, cols in row["t3"].items()
                for c in cols
            )
        )
        flat = []
        for row in built:
            f = rows.flat_ref(row)
            for key in cells:
                r, c = key.split("/", 1)
                f["t3/" + key] = ((row["t3"] or {}).get(r) or {}).get(c)
            flat.append(f)
        columns = ["agency", "year", "closed", "closed_on_time", "on_time_rate", "report_version"]
        return csv_out.response(flat, columns + ["t3/" + k for k in cells], "applications.csv")
    return _page(request, built, page, page_size, lambda chunk: chunk)


@api.get(
    "/dump/items.jsonl.gz",
    response={200: None, 404: schemas.Error},
    url_name="dump",
    summary="全部公开信息（每晚生成，JSON Lines，gzip）",
)
def items_dump(request):
    path = dump.path()
    if not path.exists():
        raise HttpError(404, "批量下载文件尚未生成。")
    response = FileResponse(path.open("rb"), content_type="application/gzip")
    response["Content-Disposition"] = 'attachment; filename="items.jsonl.gz"'
    return response
