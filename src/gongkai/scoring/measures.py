"""The computations an indicator file names (`compute = "..."`), as a registry.

Each takes the agencies scored (a queryset), the year and the indicator's `params`, and
returns, per agency id, the cases behind a deduction: records, each with a label that
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
from typing import Any

from django.db.models import DateField, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone

from gongkai.appeals.models import Case as AppealCase
from gongkai.applications.models import Application
from gongkai.holidays import calendar
from gongkai.publishing.deadlines import publication_due
from gongkai.publishing.models import Item
from gongkai.reports import corpus, deadlines
from gongkai.reports.models import AnnualReport, Notice

Cases = dict[int, list["Case"]]
ANSWER_DAYS = 20  # 条例第三十三条


@dataclass(frozen=True)
class Case:
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
    out: Cases = defaultdict(list)
    # Within 20 calendar days is always within 20 working days: only the rest is counted.
    found = (
        Item.objects.public()
        .filter(agency__in=agencies, published_on__range=(start, end))
        .filter(published_on__gt=_plus_days("made_on", 20))
        .values_list("agency_id", "code", "title", "made_on", "published_on")
        .order_by("published_on", "pk")
    )
    url = url_maker("publishing:item")
    dues: dict[date, date] = {}
    for agency_id, code, title, made_on, published_on in found:
        due = dues.get(made_on)
        if due is None:
            due = dues[made_on] = publication_due(made_on)
        if published_on > due:
            out[agency_id].append(
                Case(
                    title,
                    url(code),
                    f"形成于{made_on:%Y-%m-%d}，应于{due:%Y-%m-%d}前公开，{published_on:%Y-%m-%d}公开",
                    published_on,
                )
            )
    return out


def _plus_days(field_name: str, days: int):
    return ExpressionWrapper(F(field_name) + timedelta(days=days), output_field=DateField())


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
    out: Cases = defaultdict(list)
    closed = Application.objects.received().filter(
        agency__in=agencies, closed_on__range=(start, end)
    )
    fields = ("agency_id", "code", "received_on", "due_on", "closed_on")
    with_clock = closed.filter(due_on__isnull=False, closed_on__gt=F("due_on"))
    # Within 20 calendar days of receipt is always within 20 working days.
    without = closed.filter(due_on__isnull=True, closed_on__gt=_plus_days("received_on", 20))
    found = sorted(
        [*with_clock.values_list(*fields), *without.values_list(*fields)],
        key=lambda r: (r[4], r[1]),
    )
    url = url_maker("applications:detail")
    dues: dict[date, date] = {}
    for agency_id, code, received_on, due_on, closed_on in found:
        how = "答复期限"
        if due_on is None:
            due_on = dues.get(received_on)
            if due_on is None:
                due_on = dues[received_on] = calendar.add_working_days(received_on, ANSWER_DAYS).due
            how = "按收到之日起20个工作日计算的期限"
            if closed_on <= due_on:
                continue
        out[agency_id].append(
            Case(
                f"申请 {code}",
                url(code),
                f"{received_on:%Y-%m-%d}收到，{how}{due_on:%Y-%m-%d}，{closed_on:%Y-%m-%d}办结，"
                f"逾期{(closed_on - due_on).days}天",
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
