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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.appeals.models import Case as AppealCase
from gongkai.applications.models import Application
from gongkai.applications.states import NOT_RECEIVED
from gongkai.documents.queries import published_in
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


def _apart(after: str, day: str, due_of, year: int) -> tuple[str, int]:
    """SQL keeping the rows whose date column `after` (a day of `year`) is more days
    after their date column `day` than the shortest period `due_of` gives, with its
    parameter: only those can be late. The working-day calendar stays out of SQL:
    the database subtracts (one pass over the year's rows; joining each row with its
    day's due date took SQLite 100 ms at 50,000 items) and the few rows it keeps are
    compared with their own due date here.

    The shortest period is taken over the 400 days before the year and the year; a
    row of an earlier day is more than 400 days apart and always kept."""
    start, end = bounds(year)
    early = start - timedelta(days=400)
    shortest = min([(due_of(d) - d).days for d in _days(early, end)] + [400])
    if connection.vendor == "sqlite":
        return f"julianday({after}) - julianday({day}) > %s", shortest
    return f"{after} - {day} > %s", shortest


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _in(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values)) or "NULL"


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
    states = list(Item.PUBLIC_STATES)
    due_of = _due_counter(PUBLICATION_WORKING_DAYS)
    apart, shortest = _apart("published_on", "made_on", due_of, year)
    found = _rows(
        f"SELECT agency_id, code, title, made_on, published_on FROM {Item._meta.db_table}"
        f" WHERE published_on >= %s AND published_on <= %s AND status IN ({_in(states)})"
        f" AND agency_id IN ({_in(ids)}) AND {apart}",
        [start, end, *states, *ids, shortest],
    )
    url = url_maker("publishing:item")
    out: Cases = defaultdict(list)
    for agency_id, code, title, made_on, published_on in sorted(found, key=_by_date(4)):
        made_on, published_on = _date(made_on), _date(published_on)
        due = due_of(made_on)
        if published_on <= due:
            continue
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
    documents = Q(doc_kind__in=[Item.DocKind.RULE, Item.DocKind.NORMATIVE])
    missing = documents & (Q(document_number="") | Q(issued_on__isnull=True))
    out: Cases = defaultdict(list)
    found = (
        Item.objects.public()
        .filter(published_in(year), agency__in=agencies)
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
    the working-day calendar, as on the board's charts. One pass over the year's
    applications finds both."""
    start, end = bounds(year)
    ids = list(agencies.values_list("pk", flat=True))
    due_of = _due_counter(ANSWER_DAYS)
    apart, shortest = _apart("closed_on", "received_on", due_of, year)
    found = _rows(
        f"SELECT agency_id, code, received_on, due_on, closed_on"
        f" FROM {Application._meta.db_table}"
        f" WHERE closed_on >= %s AND closed_on <= %s AND status NOT IN ({_in(NOT_RECEIVED)})"
        f" AND agency_id IN ({_in(ids)})"
        f" AND ((due_on IS NOT NULL AND closed_on > due_on) OR (due_on IS NULL AND {apart}))",
        [start, end, *NOT_RECEIVED, *ids, shortest],
    )
    rows = []
    for agency_id, code, received_on, due_on, closed_on in found:
        received_on, closed_on = _date(received_on), _date(closed_on)
        if due_on is not None:
            rows.append((agency_id, code, received_on, _date(due_on), closed_on, "答复期限"))
        elif closed_on > (due := due_of(received_on)):
            how = "按收到之日起20个工作日计算的期限"
            rows.append((agency_id, code, received_on, due, closed_on, how))
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
    submitted_at = dict(
        AnnualReport.objects.filter(agency__in=agencies, year=report_year).values_list(
            "agency_id", "first_submitted_at"
        )
    )
    template = reverse("reports:report", args=["SLUG0", report_year])
    head, tail = template.split("SLUG0")
    out: Cases = defaultdict(list)
    for agency in agencies.only("pk", "kind", "slug"):
        due = deadlines.due_date(agency, report_year)
        url = f"{head}{agency.slug}{tail}"
        submitted = submitted_at.get(agency.pk)
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
