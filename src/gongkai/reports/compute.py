"""Tables 二, 三 and 四 computed from the records, with a few grouped aggregate queries.

Table 三 (BRIEF §4), for a year from 1 January (start) to 31 December (end), each
application counted in its applicant type's column and in 总计:

- 一、本年新收: received in the year (start <= received_on <= end);
- 二、上年结转: received before the year and still open at its start
  (received_on < start, and closed_on is empty or >= start);
- 三、本年度办理结果: closed in the year (start <= closed_on <= end), in the row of its
  outcome (the three 其他处理 rows fold into one in the 2019 layout); （七）总计 is their sum;
- 四、结转下年度继续办理: received by the end of the year and open at its end
  (closed_on empty or > end).

One query reads every application received by the year's end and not closed before its
start, grouped by applicant type and outcome, with the four conditional counts. Each
such application is either new or carried in, and either closed in the year or carried
out, so 一 + 二 = 三（七） + 四 holds in every column by construction.

Table 二, 第二十条第（一）项, from the published items (status published or repealed)
whose document kind is 规章 or 行政规范性文件; an item's day of issue is `issued_on`, or
its publication date when it has none. Each computed column counts by its role in the
layout file (`t2_condition`):
issued / made (本年制发, 本年新制作) = issued in the year; repealed (本年废止) = repealed
(validity 废止) with `repealed_on` in the year; in_force (现行有效) = issued by the end
of the year and neither repealed nor expired (`repealed_on`, `expired_on`) by then;
published (本年新公开) = published in the year; published_total (对外公开总数量) =
published by the end of the year.
The other blocks of table 二 are entered by the agency (`Table2Figure`).

Where a record counts (which column, row or group) comes from the layout's roles
(`layout.py`), so the code has no branch per layout.

Table 四 from the cases (`appeals.models.CaseQuerySet.counted_in`): filed in the year or
pending at its start, in the column of their result as of 31 December.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from gongkai import annualreport as ar
from gongkai.agencies.models import Agency
from gongkai.appeals.models import Case
from gongkai.applications.models import Application
from gongkai.publishing.models import Item

from . import layout
from .models import Table2Figure

# Roles of table 二's columns that are computed from the items; the rest are entered.
COMPUTED_T2_ROLES = frozenset(
    {"issued", "repealed", "in_force", "made", "published", "published_total"}
)
DOCUMENT_KINDS = (Item.DocKind.RULE, Item.DocKind.NORMATIVE)


def bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def computed_t2_cells(fmt: ar.Format) -> list[str]:
    return [
        f"t2/{b.key}/{r.key}/{c.key}"
        for b in fmt.t2
        for r in b.rows
        for c in b.columns
        if c.role in COMPUTED_T2_ROLES
    ]


def entered_t2_cells(fmt: ar.Format) -> list[str]:
    computed = set(computed_t2_cells(fmt))
    return [cid for b in fmt.t2 for cid in b.cell_ids() if cid not in computed]


# ---------------------------------------------------------------- the three queries


def t3_query(where: Q, year: int, *, by_agency: bool = False):
    start, end = bounds(year)
    fields = ["applicant_type", "outcome"] + (["agency_id"] if by_agency else [])
    return (
        Application.objects.received()
        .filter(where, received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .values(*fields)
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start)),
            carried_in=Count("pk", filter=Q(received_on__lt=start)),
            closed=Count("pk", filter=Q(closed_on__lte=end)),
            carried_out=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
        .order_by()
    )


def _issued(start: date, end: date) -> Q:
    return Q(issued_on__range=(start, end)) | Q(
        issued_on__isnull=True, published_on__range=(start, end)
    )


def t2_condition(role: str, start: date, end: date) -> Q:
    """The items a computed column of table 二 counts, by the column's role."""
    issued_by_end = Q(issued_on__lte=end) | Q(issued_on__isnull=True, published_on__lte=end)
    return {
        "issued": _issued(start, end),
        "made": _issued(start, end),
        "repealed": Q(validity=Item.Validity.REPEALED, repealed_on__range=(start, end)),
        "in_force": issued_by_end
        & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
        & (Q(expired_on__isnull=True) | Q(expired_on__gt=end)),
        "published": Q(published_on__range=(start, end)),
        "published_total": Q(published_on__lte=end),
    }[role]


def t2_query(where: Q, year: int, fmt: ar.Format, *, by_agency: bool = False):
    start, end = bounds(year)
    fields = ["doc_kind"] + (["agency_id"] if by_agency else [])
    block = layout.document_block(fmt, DOCUMENT_KINDS)
    counts = {
        c.role: Count("pk", filter=t2_condition(c.role, start, end))
        for c in block.columns
        if c.role in COMPUTED_T2_ROLES
    }
    return (
        Item.objects.filter(
            where, doc_kind__in=list(DOCUMENT_KINDS), status__in=list(Item.PUBLIC_STATES)
        )
        .values(*fields)
        .annotate(**counts)
        .order_by()
    )


T4_DECIDED = (Case.Result.UPHELD, Case.Result.CORRECTED, Case.Result.OTHER)


def t4_query(where: Q, year: int, *, by_agency: bool = False):
    _, end = bounds(year)
    fields = ["kind"] + (["agency_id"] if by_agency else [])
    decided = {
        result: Count("pk", filter=Q(result=result, decided_on__lte=end)) for result in T4_DECIDED
    }
    return (
        Case.objects.filter(where)
        .counted_in(year)
        .values(*fields)
        .annotate(
            **decided,
            pending=Count("pk", filter=Q(decided_on__isnull=True) | Q(decided_on__gt=end)),
        )
        .order_by()
    )


# ---------------------------------------------------------------- rows to cells


def zero_cells(fmt: ar.Format) -> dict[str, int]:
    computed = set(computed_t2_cells(fmt))
    return {cid: 0 for cid in fmt.cell_ids() if not cid.startswith("t2/") or cid in computed}


def add_t3(fmt: ar.Format, cells: dict[str, int], rows: Iterable[dict]) -> None:
    new, cin = layout.t3_row(fmt, "new"), layout.t3_row(fmt, "carried_in")
    done, cout = layout.t3_row(fmt, "total"), layout.t3_row(fmt, "carried_out")
    total = layout.t3_total_column(fmt)
    for row in rows:
        for col in (layout.t3_column(fmt, row["applicant_type"]), total):
            cells[f"t3/{new}/{col}"] += row["new"]
            cells[f"t3/{cin}/{col}"] += row["carried_in"]
            cells[f"t3/{cout}/{col}"] += row["carried_out"]
            if row["closed"]:
                cells[f"t3/{layout.result_row(fmt, row['outcome'])}/{col}"] += row["closed"]
                cells[f"t3/{done}/{col}"] += row["closed"]


def add_t2(fmt: ar.Format, cells: dict[str, int], rows: Iterable[dict]) -> None:
    block = layout.document_block(fmt, DOCUMENT_KINDS)
    for row in rows:
        row_key = layout.document_row(block, row["doc_kind"])
        for col in block.columns:
            if col.role in COMPUTED_T2_ROLES:
                cells[f"t2/{block.key}/{row_key}/{col.key}"] += row[col.role]


def add_t4(fmt: ar.Format, cells: dict[str, int], rows: Iterable[dict]) -> None:
    total = layout.t4_total_column(fmt)
    for row in rows:
        group = layout.t4_group(fmt, row["kind"])
        for result in (*T4_DECIDED, "pending"):
            cells[f"t4/{group}/{layout.t4_column(fmt, result)}"] += row[result]
            cells[f"t4/{group}/{total}"] += row[result]


def computed_cells(agency: Agency, year: int) -> dict[str, int]:
    """Every cell computed from the records for one agency: tables 三, 四 and 二（一）."""
    fmt = ar.format_for_year(year)
    where = Q(agency_id=agency.pk)
    cells = zero_cells(fmt)
    add_t3(fmt, cells, t3_query(where, year))
    add_t2(fmt, cells, t2_query(where, year, fmt))
    add_t4(fmt, cells, t4_query(where, year))
    return cells


def computed_cells_by_agency(agency_ids: Q, year: int) -> dict[int, dict[str, int]]:
    """The same for many agencies at once (the supervisor's roll-up): three grouped queries."""
    fmt = ar.format_for_year(year)
    out: dict[int, dict[str, int]] = defaultdict(lambda: zero_cells(fmt))
    for query, add in (
        (t3_query(agency_ids, year, by_agency=True), add_t3),
        (t2_query(agency_ids, year, fmt, by_agency=True), add_t2),
        (t4_query(agency_ids, year, by_agency=True), add_t4),
    ):
        grouped: dict[int, list[dict]] = defaultdict(list)
        for row in query:
            grouped[row["agency_id"]].append(row)
        for agency_id, rows in grouped.items():
            add(fmt, out[agency_id], rows)
    return dict(out)


# ---------------------------------------------------------------- the engine's report


@dataclass(frozen=True)
class Figure:
    value: Decimal
    source: str


def figures(agency: Agency, year: int) -> dict[str, Figure]:
    return {
        f.cell_id: Figure(f.value, f.source)
        for f in Table2Figure.objects.filter(agency=agency, year=year)
    }


def _entered_cell(fmt: ar.Format, cell_id: str, figure: Figure | None) -> ar.Cell:
    if figure is None:
        return ar.Cell.blank()
    column = fmt.column_of(cell_id)
    where = ar.Location(source=None, detail=f"来源：{figure.source}")
    if column.kind == "money":
        value = figure.value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return ar.Cell.number(value, unit=column.unit or "万元", location=where)
    return ar.Cell.number(int(figure.value), location=where)


def title(agency: Agency, year: int) -> str:
    return f"{agency.name}{year}年政府信息公开工作年度报告"


def build(
    agency: Agency,
    year: int,
    narrative: dict[str, str] | None = None,
    *,
    cells: dict[str, int] | None = None,
    entered: dict[str, Figure] | None = None,
) -> ar.Report:
    """The report of `agency` for `year` as the engine's model, computed from the records."""
    fmt = ar.format_for_year(year)
    cells = computed_cells(agency, year) if cells is None else cells
    entered = figures(agency, year) if entered is None else entered
    out: dict[str, ar.Cell] = {cid: ar.Cell.number(v) for cid, v in cells.items()}
    for cid in entered_t2_cells(fmt):
        out[cid] = _entered_cell(fmt, cid, entered.get(cid))
    return ar.Report(
        format=fmt,
        year=year,
        agency=agency.name,
        title=title(agency, year),
        source=f"gongkai:{agency.slug}/{year}",
        cells=out,
        narrative={k: v for k, v in (narrative or {}).items() if v},
    )


def items_published(agency: Agency, year: int) -> int:
    """Items published proactively in the year (for the narrative's first figure)."""
    start, end = bounds(year)
    return Item.objects.public().filter(agency=agency, published_on__range=(start, end)).count()
