"""The records behind a cell: every number of the report can be traced to its rows.

The filters are the same definitions `compute.py` counts with (see its docstring); a
test checks that each cell's list has exactly as many rows as the cell's number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongkai import annualreport as ar
from gongkai.agencies.models import Agency
from gongkai.annualreport.model import split_cell_id
from gongkai.annualreport.rules.base import cell_name
from gongkai.appeals.models import Case
from gongkai.applications.classification import Outcome
from gongkai.applications.models import Application
from gongkai.publishing.models import Item

from . import compute, layout

T3_DEFINITIONS = {
    "new": "当年1月1日至12月31日收到的申请",
    "carried_in": "上一年度及以前收到、当年1月1日仍未办结的申请",
    "total": "当年办结的申请（按办结日期）",
    "result": "当年办结且办理结果为本行情形的申请",
    "carried_out": "当年12月31日以前收到、当年12月31日仍未办结的申请",
}


@dataclass
class Drill:
    cell_id: str
    name: str
    definition: str
    kind: str  # "applications", "items", "cases" or "entered"
    records: QuerySet | None = None
    figure: compute.Figure | None = None


def _t3(agency: Agency, year: int, fmt: ar.Format, row_key: str, column: str) -> Drill:
    start, end = compute.bounds(year)
    groups = {g.key for g in fmt.t3_groups if g.total_alone}
    row = None if row_key in groups else fmt.t3_row(row_key)
    qs = Application.objects.received().filter(agency=agency)
    types = layout.applicant_types(fmt, column)
    if types:
        qs = qs.filter(applicant_type__in=types)
    role = (row.role or "") if row is not None else "result"
    if role == "new":
        qs = qs.filter(received_on__range=(start, end))
    elif role == "carried_in":
        qs = qs.filter(received_on__lt=start).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=start)
        )
    elif role == "carried_out":
        qs = qs.filter(received_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=end)
        )
    elif role == "total":
        qs = qs.filter(closed_on__range=(start, end))
    else:
        if row is None:  # a group printed as one row: its rows' outcomes
            outcomes = [o for o in Outcome.values if o.startswith(row_key + ".")]
        else:
            outcomes = layout.outcomes_in(fmt, row_key, Outcome.values)
        qs = qs.filter(closed_on__range=(start, end), outcome__in=outcomes)
    return Drill(
        "", "", T3_DEFINITIONS.get(role, ""), "applications", qs.order_by("received_on", "pk")
    )


T2_DEFINITIONS = {
    "issued": "当年印发（发文日期在当年，无发文日期的按发布日期）的已公开文件",
    "made": "当年印发（发文日期在当年，无发文日期的按发布日期）的已公开文件",
    "repealed": "当年废止的文件",
    "in_force": "当年12月31日以前印发、当日仍未废止也未失效的文件",
    "published": "当年在门户发布的文件",
    "published_total": "当年12月31日以前发布、目前仍公开的文件",
}


def _t2(agency: Agency, year: int, fmt: ar.Format, block_key: str, row_key: str, column: str):
    start, end = compute.bounds(year)
    block = fmt.block(block_key)
    col = next(c for c in block.columns if c.key == column)
    if col.role not in compute.COMPUTED_T2_ROLES:
        return None
    kind = layout.document_kind(block, row_key)
    qs = Item.objects.filter(agency=agency, doc_kind=kind, status__in=list(Item.PUBLIC_STATES))
    qs = qs.filter(compute.t2_condition(col.role, start, end))
    return Drill("", "", T2_DEFINITIONS[col.role], "items", qs.order_by("issued_on", "pk"))


def _t4(agency: Agency, year: int, fmt: ar.Format, group: str, column: str) -> Drill:
    _, end = compute.bounds(year)
    kind = layout.case_kind(fmt, group)
    qs = Case.objects.filter(agency=agency, kind=kind).counted_in(year)
    result = layout.case_result(fmt, column)
    if result == Case.Result.PENDING:
        qs = qs.filter(Q(decided_on__isnull=True) | Q(decided_on__gt=end))
    elif result is not None:
        qs = qs.filter(result=result, decided_on__lte=end)
    definition = "当年申请（起诉）的案件和上年末尚未审结的案件，结果以当年12月31日的状态为准"
    return Drill(
        "", "", definition, "cases", qs.select_related("application").order_by("filed_on", "pk")
    )


def drill(agency: Agency, year: int, cell_id: str, printed=None) -> Drill | None:
    """The records behind `cell_id` of the agency's report for `year`; None if the id is
    not a cell of that year's layout, or of `printed` (the cell ids of a version shown,
    which may print a group as one row)."""
    fmt = ar.format_for_year(year)
    if cell_id not in set(printed or fmt.cell_ids()):
        return None
    parts = split_cell_id(cell_id)
    found: Drill | None
    if parts[0] == "t3":
        found = _t3(agency, year, fmt, parts[1], parts[2])
    elif parts[0] == "t4":
        found = _t4(agency, year, fmt, parts[1], parts[2])
    else:
        found = _t2(agency, year, fmt, parts[1], parts[2], parts[3])
        if found is None:
            figure = compute.figures(agency, year).get(cell_id)
            found = Drill(
                "", "", "由本机关填报（本系统的记录中没有这项数据）", "entered", figure=figure
            )
    found.cell_id = cell_id
    found.name = cell_name(cell_id)
    return found
