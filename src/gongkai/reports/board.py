"""The supervising office's board: every agency below it for a year, its report's state,
timeliness and findings; the roll-up of the agencies' tables beside the government's own
report (a comparison, not a rule: BRIEF §5); the figures behind the charts.

Everything is read with a handful of queries whatever the number of agencies.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from gongkai import annualreport as ar
from gongkai.agencies.access import agencies_with_role
from gongkai.agencies.models import Agency, Role
from gongkai.annualreport.model import split_cell_id
from gongkai.applications.models import Application
from gongkai.workdays import WorkingCalendar

from . import compute, deadlines
from .models import AnnualReport, Notice, ReportVersion

ON_TIME_DAYS = 20  # 条例第三十三条: answer within 20 working days of receipt


def roots_for(user) -> list[Agency]:
    """The agencies whose subtrees the user supervises, outermost first."""
    roots = list(agencies_with_role(user, Role.SUPERVISOR).order_by("path"))
    return [r for r in roots if not any(r.path.startswith(o.path) and r != o for o in roots)]


def below(root: Agency):
    return Agency.objects.filter(path__startswith=root.path, is_active=True).exclude(pk=root.pk)


@dataclass
class Row:
    agency: Agency
    report: AnnualReport | None
    version: ReportVersion | None
    due: date
    timeliness: str
    late: bool
    findings: list[dict] = field(default_factory=list)
    notice: Notice | None = None  # the latest return of the report, opened or resolved when

    @property
    def status(self) -> str:
        return self.report.get_status_display() if self.report else "未编制"

    @property
    def errors(self) -> int:
        return self.version.errors if self.version else 0

    @property
    def warnings(self) -> int:
        return self.version.warnings if self.version else 0

    @property
    def returnable(self) -> bool:
        return self.report is not None and "return" in self.report.allowed_moves({Role.SUPERVISOR})


def _timeliness(report: AnnualReport | None, due: date, today: date) -> tuple[str, bool]:
    submitted = report.first_submitted_at if report else None
    if submitted is not None:
        day = timezone.localtime(submitted).date()
        return ("按时报送", False) if day <= due else (f"逾期{(day - due).days}天报送", True)
    if today > due:
        return f"逾期未报送（已过{(today - due).days}天）", True
    return "尚未报送", False


def rows(root: Agency, year: int, today: date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    agencies = list(below(root).order_by("path"))
    reports = {
        r.agency_id: r for r in AnnualReport.objects.filter(agency__in=below(root), year=year)
    }
    latest: dict[int, ReportVersion] = {}
    versions = (
        ReportVersion.objects.filter(report__in=list(reports.values()))
        .defer("snapshot", "tables", "acknowledgements")
        .order_by("report_id", "-number")
    )
    for v in versions:
        latest.setdefault(v.report_id, v)
    notices: dict[int, Notice] = {}
    for n in Notice.objects.filter(
        report__in=list(reports.values()), kind=Notice.Kind.RETURN
    ).order_by("report_id", "-created_at"):
        notices.setdefault(n.report_id, n)
    out = []
    for agency in agencies:
        report = reports.get(agency.pk)
        if report is not None:
            report.agency = agency
        version = latest.get(report.pk) if report else None
        due = deadlines.due_date(agency, year)
        text, late = _timeliness(report, due, today)
        findings = [
            f
            for f in (version.findings if version else [])
            if f["severity"] in ("error", "warning")
        ]
        notice = notices.get(report.pk) if report else None
        out.append(Row(agency, report, version, due, text, late, findings, notice))
    return out


def summary(board: list[Row]) -> dict[str, int]:
    count = Counter()
    for r in board:
        count["agencies"] += 1
        if r.report and r.report.first_submitted_at:
            count["submitted"] += 1
            count["late_submitted" if r.late else "on_time"] += 1
        elif r.late:
            count["missing_late"] += 1
        else:
            count["pending"] += 1
        if r.errors:
            count["with_errors"] += 1
        if r.report and r.report.status == AnnualReport.Status.PUBLISHED:
            count["published"] += 1
        if r.report and r.report.status == AnnualReport.Status.RETURNED:
            count["returned"] += 1
    return dict(count)


# ---------------------------------------------------------------- roll-up


def flatten(tables: dict) -> dict[str, object]:
    """The contract's `tables` object back to cell ids."""
    out: dict[str, object] = {}
    for t, content in tables.items():
        stack = [(t, content)]
        while stack:
            prefix, node = stack.pop()
            if isinstance(node, dict):
                stack.extend((f"{prefix}/{k}", v) for k, v in node.items())
            else:
                out[prefix] = node
    return out


def _decimals(cells: dict) -> dict:
    """A report's figures with its decimals (fees) as `Decimal`, as `_add` sums them: a
    float beside a Decimal cannot be subtracted."""
    return {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in cells.items()}


def _add(total: dict, cells: dict) -> None:
    for cid, value in cells.items():
        if value is None:
            continue
        total[cid] = total.get(cid, 0) + (
            Decimal(str(value)) if isinstance(value, float) else value
        )


@dataclass
class Rollup:
    fmt: ar.Format
    reported: dict = field(default_factory=dict)  # sum of the agencies' latest versions
    reported_count: int = 0
    records: dict = field(default_factory=dict)  # sum computed from the agencies' records
    agency_count: int = 0
    own: dict = field(default_factory=dict)  # the government's own report
    own_label: str = ""

    def lines(self) -> list[dict]:
        out = []
        fmt = self.fmt
        total = next(c.key for c in fmt.t3_columns if c.role == "total")
        ids = []
        for r in fmt.t3_rows:
            ids.append(f"t3/{r.key}/{total}")
            ids += [
                f"t3/{g.key}/{total}" for g in _groups_alone(fmt) if r.key == _last_of(fmt, g.key)
            ]
        ids += [f"t4/{g.key}/{c.key}" for g in fmt.t4_groups for c in fmt.t4_columns]
        ids += [cid for b in fmt.t2 for cid in b.cell_ids()]
        groups = {g.key: g for g in fmt.t3_groups}
        for cid in ids:
            parts = split_cell_id(cid)
            if parts[0] == "t3" and parts[1] in groups:  # a group's total (its one-row form)
                label = f"表三 {groups[parts[1]].printed}（合计）"
            elif parts[0] == "t3":
                row = fmt.t3_row(parts[1])
                group = groups.get(row.group or "")
                label = "表三 " + (group.printed + " " if group and "." in group.key else "")
                label += row.printed
            elif parts[0] == "t4":
                label = f"表四 {parts[1]} {parts[2]}"
            else:
                label = f"表二 {parts[1]} {parts[2]} {parts[3]}"
            own, reported = self.own.get(cid), self.reported.get(cid)
            out.append(
                {
                    "id": cid,
                    "label": label,
                    "reported": reported,
                    "records": self.records.get(cid),
                    "own": own,
                    "differs": own is not None and reported is not None and own != reported,
                }
            )
        return out


def _groups_alone(fmt: ar.Format):
    """Table 三's groups a report may print as one row (the layout says `total_alone`)."""
    return [g for g in fmt.t3_groups if g.total_alone]


def _last_of(fmt: ar.Format, group: str) -> str:
    return [r.key for r in fmt.t3_rows if r.group == group][-1]


def with_group_totals(fmt: ar.Format, cells: dict) -> dict:
    """The cells with, for each group a report may print as one row, the group's total:
    the one row where a report printed it so, else the sum of its rows; so reports of
    both forms add up in the roll-up."""
    out = dict(cells)
    for group in _groups_alone(fmt):
        for column in fmt.t3_columns:
            key = f"t3/{group.key}/{column.key}"
            if out.get(key) is not None:
                continue
            parts = [
                out.get(f"t3/{r.key}/{column.key}") for r in fmt.t3_rows if r.group == group.key
            ]
            known = [v for v in parts if isinstance(v, int | float | Decimal)]
            if known:
                out[key] = sum(known)
    return out


def rollup(root: Agency, year: int) -> Rollup:
    fmt = ar.format_for_year(year)
    result = Rollup(fmt)
    versions = ReportVersion.objects.filter(report__year=year, report__agency__in=below(root))
    latest: dict[int, dict] = {}
    for report_id, _number, tables in versions.order_by("report_id", "-number").values_list(
        "report_id", "number", "tables"
    ):
        latest.setdefault(report_id, tables)
    for tables in latest.values():
        _add(result.reported, with_group_totals(fmt, flatten(tables)))
    result.reported_count = len(latest)
    by_agency = compute.computed_cells_by_agency(Q(agency_id__in=below(root).values("pk")), year)
    for cells in by_agency.values():
        _add(result.records, with_group_totals(fmt, cells))
    result.agency_count = below(root).count()
    own = AnnualReport.objects.filter(agency=root, year=year).first()
    version = own.current_version() or own.latest_version() if own else None
    if version is not None:
        result.own = with_group_totals(fmt, _decimals(flatten(version.tables)))
        result.own_label = f"{root.name}报告第{version.number}版"
    else:
        result.own = with_group_totals(fmt, _decimals(dict(compute.computed_cells(root, year))))
        result.own_label = f"{root.name}本级记录（报告尚未报送）"
    return result


# ---------------------------------------------------------------- charts


def by_month(root: Agency, year: int) -> list[int]:
    """Applications received in each month by the agencies of the subtree (root included)."""
    counts = {}
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        counts[f"m{month}"] = Count("pk", filter=Q(received_on__range=(first, last)))
    start, end = compute.bounds(year)
    found = (
        Application.objects.received()
        .filter(agency__path__startswith=root.path, received_on__range=(start, end))
        .aggregate(**counts)
    )
    return [found[f"m{m}"] for m in range(1, 13)]


OUTCOME_GROUPS = (
    ("三.一", "予以公开"),
    ("三.二", "部分公开"),
    ("三.三", "不予公开"),
    ("三.四", "无法提供"),
    ("三.五", "不予处理"),
    ("三.六", "其他处理"),
)


def outcomes(root: Agency, year: int) -> list[tuple[str, int]]:
    start, end = compute.bounds(year)
    counts = {
        key: Count("pk", filter=Q(outcome=key) | Q(outcome__startswith=key + "."))
        for key, _ in OUTCOME_GROUPS
    }
    found = (
        Application.objects.received()
        .filter(agency__path__startswith=root.path, closed_on__range=(start, end))
        .aggregate(**{k.replace(".", "_"): v for k, v in counts.items()})
    )
    return [(label, found[key.replace(".", "_")]) for key, label in OUTCOME_GROUPS]


def due_dates(calendar: WorkingCalendar, first: date, last: date) -> list[tuple[date, date]]:
    out = []
    day = first
    while day <= last:
        out.append((day, calendar.add_working_days(day, ON_TIME_DAYS).due))
        day += timedelta(days=1)
    return out


def on_time(root: Agency, year: int) -> dict[int, tuple[int, int]]:
    """Per agency of the subtree: (applications closed in the year, of which on time).

    On time = closed by the due date the application's own statutory clock gave it
    (`due_on`: 20 working days from receipt, restarted by a correction, paused by
    consultations and fee notices, extended once). Records without a clock (created
    directly with their outcome, or imported from a ledger) fall back to 20 working days
    from `received_on` on the working-day calendar, ignoring pauses: for them the rate
    is a lower bound.

    Three queries: closed applications per agency, those closed by their own due date,
    and, for records without one, those closed by the due date of their day of receipt,
    joining a table of (day of receipt, due date) computed here, walked day by day
    through the (agency, received_on) index (CROSS JOIN keeps SQLite to that order;
    PostgreSQL plans it itself).
    """
    start, end = compute.bounds(year)
    closed = dict(
        Application.objects.received()
        .filter(agency__path__startswith=root.path, closed_on__range=(start, end))
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    by_clock = dict(
        Application.objects.received()
        .filter(agency__path__startswith=root.path, closed_on__range=(start, end))
        .filter(due_on__isnull=False, closed_on__lte=F("due_on"))
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    dues = due_dates(_calendar(), date(year - 1, 11, 1), end)
    values = ", ".join(["(%s, %s)"] * len(dues))
    sql = (
        f"WITH d(received, due) AS (VALUES {values})"
        f" SELECT a.agency_id, COUNT(*) FROM d CROSS JOIN {Application._meta.db_table} a"
        " WHERE a.received_on = d.received AND a.closed_on <= d.due AND a.due_on IS NULL"
        " AND a.closed_on >= %s AND a.closed_on <= %s"
        f" AND a.agency_id IN (SELECT id FROM {Agency._meta.db_table} WHERE path LIKE %s)"
        " GROUP BY a.agency_id"
    )
    params: list[object] = [x for pair in dues for x in pair]
    params += [start, end, root.path + "%"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ok = dict(cursor.fetchall())
    return {
        agency_id: (n, int(ok.get(agency_id, 0)) + by_clock.get(agency_id, 0))
        for agency_id, n in closed.items()
    }


@lru_cache(maxsize=1)
def _calendar() -> WorkingCalendar:
    return WorkingCalendar()


def review_year(today: date, agencies) -> tuple[int, str]:
    """The report year a supervising office reviews today, and why, in Chinese: until
    31 January last year's reports are due; after it, the latest year any of `agencies`
    (a queryset) has submitted a report for, or last year when none has."""
    last = today.year - 1
    if today <= date(today.year, 1, 31):
        return last, f"{last}年度报告的报送截止日期为{deadlines.day_zh(date(today.year, 1, 31))}"
    latest = (
        AnnualReport.objects.filter(agency__in=agencies, first_submitted_at__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is None:
        return last, f"所辖机关尚未报送{today.year}年以后的年度报告"
    return latest, f"{latest}年度是所辖机关已报送报告的最近年度"
