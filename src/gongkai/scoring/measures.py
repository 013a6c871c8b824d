"""The computations an indicator file names (`compute = "..."`), as a registry.

Each is `func(agencies, year, params, peers=None)`: the agencies scored (a queryset),
the year, the indicator's `params` and the agencies they are compared with (copied
reports); it returns, per agency id, the cases behind a deduction: records, each with a label that
names no applicant and a link to the record. One computation answers for all agencies
at once, with a few queries, so a board of hundreds of agencies scores quickly.

A computation whose records this system does not hold yet is registered as unavailable
with its reason: its indicator says "暂不能计算", never 0. Another app plugs the real
computation in by registering it under the same name (`register(name, label)`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from gongkai.appeals.models import Case as AppealCase
from gongkai.applications.models import Application
from gongkai.holidays import calendar
from gongkai.publishing.deadlines import PUBLICATION_WORKING_DAYS
from gongkai.publishing.models import Item
from gongkai.reports import corpus, deadlines
from gongkai.reports.models import AnnualReport, Notice

Cases = dict[int, list["Case"]]
ANSWER_DAYS = 20  # 条例第三十三条


class Case(NamedTuple):
    """One record behind a deduction (a tuple: hundreds of thousands are cheap)."""

    label: str
    url: str
    detail: str = ""
    on: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "url": self.url,
            "detail": self.detail,
            "on": self.on.isoformat() if self.on else None,
        }


_DUES: dict[tuple[int, bool, int], dict[date, date]] = {}
_DUES_OF: list[object] = []  # the calendar the kept due dates were counted on


def _due_counter(days: int) -> Callable[[date], date]:
    """`days` working days after a date on the calendar in force. Each date is counted
    once per calendar: the due dates are kept until the calendar changes (a schedule
    loaded), since a board asks for the same few hundred days again and again."""
    cal = calendar.current()
    first = calendar.count_first_day()
    if not _DUES_OF or _DUES_OF[0] is not cal:
        _DUES.clear()
        _DUES_OF[:] = [cal]
    dues = _DUES.setdefault((days, first, id(cal)), {})

    def due(start: date) -> date:
        found = dues.get(start)
        if found is None:
            found = dues[start] = cal.add_working_days(start, days, count_first_day=first).due
        return found

    return due


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    func: Callable[..., Cases] | None = None
    reason: str = ""  # why it cannot be computed yet

    @property
    def available(self) -> bool:
        return self.func is not None


REGISTRY: dict[str, Measure] = {}


def register(name: str, label: str):
    def wrap(func: Callable[..., Cases]) -> Callable[..., Cases]:
        REGISTRY[name] = Measure(name, label, func)
        return func

    return wrap


def unavailable(name: str, label: str, reason: str) -> None:
    if name not in REGISTRY or not REGISTRY[name].available:
        REGISTRY[name] = Measure(name, label, None, reason)


def _late_rows(table: str, columns: str, day_col: str, after_col: str, dues, where: str, params):
    """Rows of `table` whose `after_col` falls after the due date of their `day_col`,
    through a table of (day, due date) computed here and joined in the database (no
    date arithmetic in SQL, the same on SQLite and PostgreSQL; the planner picks the
    order, indexing the small table itself)."""
    if not dues:
        return []
    values = ", ".join(["(%s, %s)"] * len(dues))
    sql = (
        f"WITH d(day, due) AS (VALUES {values})"
        f" SELECT {columns} FROM {table} t JOIN d ON t.{day_col} = d.day"
        f" WHERE t.{after_col} > d.due AND {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [x for pair in dues for x in pair] + list(params))
        return cursor.fetchall()


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _in(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids)) or "NULL"


def url_maker(name: str) -> Callable[[str], str]:
    """A record's URL from its code, reversed once (not once per case)."""
    template = reverse(name, args=["CODE0"])
    head, tail = template.split("CODE0")
    return lambda code: f"{head}{code}{tail}"


def bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _report_year(year: int, params: dict) -> int:
    """Indicators on annual reports score, by default, the report submitted in the year
    (last year's); `params.report_year = "same"` scores the year's own report."""
    return year if params.get("report_year") == "same" else year - 1


# ---------------------------------------------------------------- publishing


@register("items_published_late", "公开信息超过20个工作日公开（件）")
def items_published_late(agencies, year: int, params: dict, peers=None) -> Cases:
    start, end = bounds(year)
    ids = list(agencies.values_list("pk", flat=True))
    due_of = _due_counter(PUBLICATION_WORKING_DAYS)
    # Made up to 400 days before the year: compared with their own due date; made
    # earlier and published in the year: late whatever the calendar.
    early = start - timedelta(days=400)
    dues = [(day, due_of(day)) for day in _days(early, end)]
    states = list(Item.PUBLIC_STATES)
    rows = _late_rows(
        Item._meta.db_table,
        "t.agency_id, t.code, t.title, t.made_on, d.due, t.published_on",
        "made_on",
        "published_on",
        dues,
        f"t.published_on >= %s AND t.published_on <= %s AND t.status IN ({_in(states)})"
        f" AND t.agency_id IN ({_in(ids)})",
        [start, end, *states, *ids],
    )
    older = (
        Item.objects.public()
        .filter(agency_id__in=ids, published_on__range=(start, end), made_on__lt=early)
        .values_list("agency_id", "code", "title", "made_on", "published_on")
    )
    rows += [(a, c, t, m, due_of(m), p) for a, c, t, m, p in older]
    url = url_maker("publishing:item")
    out: Cases = defaultdict(list)
    for agency_id, code, title, made_on, due, published_on in sorted(rows, key=_by_date(5)):
        made_on, due, published_on = _date(made_on), _date(due), _date(published_on)
        out[agency_id].append(
            Case(
                title,
                url(code),
                f"形成于{made_on.isoformat()}，应于{due.isoformat()}前公开，"
                f"{published_on.isoformat()}公开",
                published_on,
            )
        )
    return out


def _date(value) -> date:
    """A date from the database (SQLite gives raw SQL's dates as text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _by_date(index: int):
    return lambda row: (str(row[index]), str(row[1]))


@register("items_missing_metadata", "公开信息缺少必要的目录信息（件）")
def items_missing_metadata(agencies, year: int, params: dict, peers=None) -> Cases:
    start, end = bounds(year)
    documents = Q(doc_kind__in=[Item.DocKind.RULE, Item.DocKind.NORMATIVE])
    missing = documents & (Q(document_number="") | Q(issued_on__isnull=True))
    out: Cases = defaultdict(list)
    found = (
        Item.objects.public()
        .filter(agency__in=agencies, published_on__range=(start, end))
        .filter(missing)
        .values_list("agency_id", "code", "title", "document_number", "issued_on", "published_on")
        .order_by("published_on", "pk")
    )
    url = url_maker("publishing:item")
    for agency_id, code, title, number, issued_on, published_on in found:
        lacks = [w for w, gone in (("文号", not number), ("发文日期", issued_on is None)) if gone]
        out[agency_id].append(
            Case(
                title,
                url(code),
                "缺少" + "、".join(lacks),
                published_on,
            )
        )
    return out


unavailable(
    "policies_without_interpretation",
    "政策文件未同步解读（件）",
    "本系统尚未记录政策文件的解读，暂不能计算",
)
unavailable(
    "documents_expired_in_force",
    "已过有效期仍标注有效的文件（件）",
    "本系统尚未记录文件的有效期，暂不能计算",
)
unavailable(
    "personal_data_findings",
    "公开信息中发现的个人信息或涉密信息（件）",
    "本系统尚未对已公开信息做个人信息筛查，暂不能计算",
)


# ---------------------------------------------------------------- applications and appeals


@register("applications_answered_late", "超过法定期限答复的申请（件）")
def applications_answered_late(agencies, year: int, params: dict, peers=None) -> Cases:
    """Closed in the year after the due date the application's own statutory clock gave
    it (restarted by a correction, paused by consultations, extended once). A record
    without a clock (imported from a ledger) is held to 20 working days from receipt on
    the working-day calendar, as on the board's charts."""
    start, end = bounds(year)
    ids = list(agencies.values_list("pk", flat=True))
    with_clock = (
        Application.objects.received()
        .filter(agency_id__in=ids, closed_on__range=(start, end), due_on__isnull=False)
        .filter(closed_on__gt=F("due_on"))
        .values_list("agency_id", "code", "received_on", "due_on", "closed_on")
    )
    rows = [(*r, "答复期限") for r in with_clock]
    clockless = Application.objects.received().filter(
        agency_id__in=ids, closed_on__range=(start, end), due_on__isnull=True
    )
    if not clockless.exists():
        return _answer_cases(rows)
    due_of = _due_counter(ANSWER_DAYS)
    early = start - timedelta(days=400)
    dues = [(day, due_of(day)) for day in _days(early, end)]
    unconfirmed = Application.Status.UNCONFIRMED
    how = "按收到之日起20个工作日计算的期限"
    rows += [
        (*r, how)
        for r in _late_rows(
            Application._meta.db_table,
            "t.agency_id, t.code, t.received_on, d.due, t.closed_on",
            "received_on",
            "closed_on",
            dues,
            "t.due_on IS NULL AND t.closed_on >= %s AND t.closed_on <= %s AND t.status <> %s"
            f" AND t.agency_id IN ({_in(ids)})",
            [start, end, unconfirmed, *ids],
        )
    ]
    older = (
        Application.objects.received()
        .filter(agency_id__in=ids, closed_on__range=(start, end), due_on__isnull=True)
        .filter(received_on__lt=early)
        .values_list("agency_id", "code", "received_on", "closed_on")
    )
    rows += [(a, c, r, due_of(r), cl, how) for a, c, r, cl in older]
    return _answer_cases(rows)


def _answer_cases(rows: list) -> Cases:
    url = url_maker("applications:detail")
    out: Cases = defaultdict(list)
    for agency_id, code, received_on, due_on, closed_on, what in sorted(rows, key=_by_date(4)):
        received_on, due_on, closed_on = _date(received_on), _date(due_on), _date(closed_on)
        out[agency_id].append(
            Case(
                f"申请 {code}",
                url(code),
                f"{received_on.isoformat()}收到，{what}{due_on.isoformat()}，"
                f"{closed_on.isoformat()}办结，逾期{(closed_on - due_on).days}天",
                closed_on,
            )
        )
    return out


@register("appeals_corrected", "行政复议被纠正、行政诉讼败诉（件）")
def appeals_corrected(agencies, year: int, params: dict, peers=None) -> Cases:
    start, end = bounds(year)
    out: Cases = defaultdict(list)
    found = (
        AppealCase.objects.filter(
            agency__in=agencies,
            result=AppealCase.Result.CORRECTED,
            decided_on__range=(start, end),
        )
        .order_by("decided_on", "pk")
        .only("agency_id", "code", "kind", "case_number", "decided_on")
    )
    for case in found:
        out[case.agency_id].append(
            Case(
                f"{case.get_kind_display()} {case.case_number or case.code}",
                case.get_absolute_url(),
                f"{case.decided_on:%Y-%m-%d}结果纠正",
                case.decided_on,
            )
        )
    return out


# ---------------------------------------------------------------- annual reports


@register("report_late", "年度报告逾期报送或未报送（份）")
def report_late(agencies, year: int, params: dict, peers=None) -> Cases:
    report_year = _report_year(year, params)
    today = timezone.localdate()
    reports = {
        r.agency_id: r for r in AnnualReport.objects.filter(agency__in=agencies, year=report_year)
    }
    out: Cases = defaultdict(list)
    for agency in agencies:
        due = deadlines.due_date(agency, report_year)
        report = reports.get(agency.pk)
        url = reverse("reports:report", args=[agency.slug, report_year])
        submitted = report.first_submitted_at if report else None
        if submitted is not None:
            day = timezone.localtime(submitted).date()
            if day > due:
                out[agency.pk].append(
                    Case(
                        f"{report_year}年度报告",
                        url,
                        f"截止{due:%Y-%m-%d}，{day:%Y-%m-%d}报送，逾期{(day - due).days}天",
                        day,
                    )
                )
        elif today > due:
            out[agency.pk].append(
                Case(f"{report_year}年度报告", url, f"截止{due:%Y-%m-%d}，至今未报送", due)
            )
    return out


@register("report_returned", "年度报告被退回修改（次）")
def report_returned(agencies, year: int, params: dict, peers=None) -> Cases:
    report_year = _report_year(year, params)
    out: Cases = defaultdict(list)
    found = (
        Notice.objects.filter(
            agency__in=agencies, kind=Notice.Kind.RETURN, report__year=report_year
        )
        .select_related("agency")
        .order_by("created_at", "pk")
    )
    for notice in found:
        day = timezone.localtime(notice.created_at).date()
        out[notice.agency_id].append(
            Case(
                f"{report_year}年度报告退回",
                notice.get_absolute_url(),
                f"{day:%Y-%m-%d}退回：{notice.comment[:60]}",
                day,
            )
        )
    return out


@register("report_copied", "年度报告正文雷同（对）")
def report_copied(agencies, year: int, params: dict, peers=None) -> Cases:
    """Pairs with a copied section between a scored agency's report and another report
    of its peers (the agencies compared with it: by default the scored ones) of that year
    or the year before, its own included; each report of a pair counts against its
    agency."""
    report_year = _report_year(year, params)
    threshold = float(params.get("threshold", corpus.similarity.THRESHOLD))
    scored = set(agencies.values_list("pk", flat=True))
    out: Cases = defaultdict(list)
    scope = peers if peers is not None else agencies
    for pair in corpus.copied(scope, report_year, threshold):
        sections = "、".join(f"第{m.key}部分{m.score:.0%}" for m in pair.sections)
        for me, other in ((pair.first, pair.second), (pair.second, pair.first)):
            if me.year != report_year or me.agency.pk not in scored:
                continue
            out[me.agency.pk].append(
                Case(
                    f"{me.year}年度报告与{other.agency.name}{other.year}年度报告雷同",
                    reverse("reports:report", args=[me.agency.slug, me.year])
                    + f"?v={me.version.number}",
                    sections,
                    None,
                )
            )
    return out
