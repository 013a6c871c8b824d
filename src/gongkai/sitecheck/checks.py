"""What a website inspection looks at in an agency's disclosure column.

`check(agency, today)` returns the findings, each tied to an indicator of the data file
(`indicators.py`): empty columns (the four official parts and every catalog column),
columns not updated within their period (news-type columns two weeks, others as set on
the column), attachments missing from storage, links in published items that lead
nowhere on this site, and the annual report not published by its deadline.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.publishing.catalog import CatalogCategory, GuideVersion
from gongkai.publishing.models import Attachment, Item
from gongkai.reports import deadlines
from gongkai.reports.models import ReportVersion

from .indicators import Indicator, indicators

HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)


@dataclass
class Finding:
    indicator: str
    name: str
    fails: bool  # fails the inspection outright
    subject: str  # the column, item or attachment concerned
    detail: str
    url: str = ""


@dataclass
class Result:
    agency: Agency
    findings: list[Finding] = field(default_factory=list)

    @property
    def failing(self) -> int:
        return sum(1 for f in self.findings if f.fails)

    def as_dict(self) -> dict:
        return {
            "agency": self.agency.slug,
            "agency_name": self.agency.name,
            "failing": self.failing,
            "findings": [asdict(f) for f in self.findings],
        }


def check(agency: Agency, today: date, *, links: LinkChecker | None = None) -> Result:
    rules = indicators()
    result = Result(agency)
    columns = _columns(agency)
    last = _last_published(agency)
    _empty(result, rules["F4.2"], agency, columns, last)
    _outdated(result, rules, columns, last, today)
    _attachments(result, rules["K1.3"], agency)
    _links(result, rules["K1.2"], agency, links or LinkChecker())
    _annual_report(result, rules["G49"], agency, today)
    return result


def _finding(ind: Indicator, subject: str, detail: str, url: str = "", fails=None) -> Finding:
    return Finding(ind.id, ind.name, ind.veto if fails is None else fails, subject, detail, url)


def _columns(agency: Agency) -> list[tuple[CatalogCategory, list[int]]]:
    """Each column as (category, the ids whose items it shows): an active category with
    no active children shows its own items; a parent shows its children's too but is a
    column of its own only when it has none."""
    categories = list(
        CatalogCategory.objects.active().filter(agency=agency).select_related("agency")
    )
    children: dict[int, list[int]] = {}
    for c in categories:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c.pk)
    return [(c, [c.pk]) for c in categories if c.pk not in children]


def _last_published(agency: Agency) -> dict[int, date]:
    return dict(
        Item.objects.public()
        .filter(agency=agency)
        .values_list("category_id")
        .annotate(last=Max("published_on"))
        .values_list("category_id", "last")
    )


def _empty(result, ind, agency, columns, last) -> None:
    empty: list[tuple[str, str]] = []
    if GuideVersion.objects.current_for(agency) is None:
        empty.append(("政府信息公开指南", reverse("portal:guide", args=[agency.slug])))
    rules = [c for c, ids in columns if c.kind == CatalogCategory.Kind.RULES]
    if not any(last.get(c.pk) for c in rules):
        empty.append(("政府信息公开制度", reverse("portal:rules", args=[agency.slug])))
    if not ReportVersion.objects.published().filter(report__agency=agency).exists():
        empty.append(("政府信息公开年报", reverse("portal:reports", args=[agency.slug])))
    for c, ids in columns:
        if c.kind != CatalogCategory.Kind.RULES and not any(last.get(i) for i in ids):
            empty.append((f"法定主动公开内容 / {c}", c.get_absolute_url()))
    fails = ind.veto and len(empty) > ind.threshold
    for subject, url in empty:
        detail = "栏目没有任何已公开的内容"
        if len(empty) > 1:
            detail += f"（本机关共{len(empty)}个空白栏目，超过{ind.threshold}个即单项否决）"
        result.findings.append(_finding(ind, subject, detail, url, fails))


def _outdated(result, rules, columns, last, today: date) -> None:
    news, others = rules["F4.1"], rules["F4.3"]
    stale: list[Finding] = []
    for c, ids in columns:
        days = c.required_update_days
        if c.kind == CatalogCategory.Kind.NEWS and not c.update_days:
            days = news.days or days
        newest = max((last[i] for i in ids if last.get(i)), default=None)
        if not days or newest is None:
            continue  # an empty column is reported as empty
        age = (today - newest).days
        if age <= days:
            continue
        detail = f"已{age}天未更新（最近更新{newest:%Y-%m-%d}，要求{days}天内更新）"
        if c.kind == CatalogCategory.Kind.NEWS:
            result.findings.append(_finding(news, str(c), detail, c.get_absolute_url()))
        else:
            stale.append(_finding(others, str(c), detail, c.get_absolute_url()))
    for f in stale:
        f.fails = others.veto and len(stale) > others.threshold
    result.findings += stale


def _attachments(result, ind, agency) -> None:
    files = Attachment.objects.filter(item__in=Item.objects.public().filter(agency=agency))
    for att in files.select_related("item").order_by("pk"):
        if not att.file.name or not att.file.storage.exists(att.file.name):
            result.findings.append(
                _finding(
                    ind,
                    f"{att.item.title} / {att.name}",
                    "附件文件在存储中不存在",
                    att.get_absolute_url(),
                )
            )


class LinkChecker:
    """Follows links to this site through the application itself, as an anonymous
    reader, and remembers each address's answer for the whole run."""

    def __init__(self):
        hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
        self.own_hosts = {urlsplit(settings.SITE_URL).netloc, *hosts}
        self.client = Client(HTTP_HOST=(hosts or ["localhost"])[0], raise_request_exception=False)
        self.answers: dict[str, int] = {}

    def local_path(self, href: str) -> str | None:
        """The path on this site a link leads to, or None for another site."""
        href = href.strip()
        parts = urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None  # mailto:, tel:, data: ...
        if parts.netloc and parts.netloc not in self.own_hosts:
            return None
        if not parts.netloc and not href.startswith("/"):
            return None  # a relative link: resolved by the browser against the item page
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def broken(self, path: str) -> bool:
        if path not in self.answers:
            response = self.client.get(path, follow=True, secure=True)
            self.answers[path] = response.status_code
        return self.answers[path] >= 400


def _links(result, ind, agency, checker: LinkChecker) -> None:
    items = Item.objects.public().filter(agency=agency).filter(body__iregex=r"(href|src)\s*=")
    for item in items.only("code", "title", "body").order_by("pk").iterator():
        for href in dict.fromkeys(HREF.findall(item.body)):
            path = checker.local_path(href)
            if path is not None and checker.broken(path):
                code = checker.answers[path]
                result.findings.append(
                    _finding(
                        ind,
                        item.title,
                        f"链接 {href} 无法访问（HTTP {code}）",
                        item.get_absolute_url(),
                    )
                )


def _annual_report(result, ind, agency, today: date) -> None:
    """The newest report year whose deadline has passed: published, and on time?"""
    year = today.year - 1
    if today <= deadlines.due_date(agency, year):
        year -= 1
    due = deadlines.due_date(agency, year)
    first = (
        ReportVersion.objects.published()
        .filter(report__agency=agency, report__year=year)
        .order_by("published_on")
        .values_list("published_on", flat=True)
        .first()
    )
    url = reverse("portal:reports", args=[agency.slug])
    if first is None:
        detail = f"{year}年度报告应于{deadlines.day_zh(due)}前发布，至今未发布"
        result.findings.append(_finding(ind, f"{year}年度报告", detail, url))
    elif first > due:
        late = (first - due).days
        detail = f"{year}年度报告于{deadlines.day_zh(first)}发布，逾期{late}天"
        result.findings.append(_finding(ind, f"{year}年度报告", detail, url, fails=False))


def run(agencies, today: date, *, save: bool = True, at=None) -> list[Result]:
    """Check each agency (one link checker for the run); keep the findings for the
    supervisor's board unless `save` is false."""
    from django.utils import timezone

    from .models import SiteCheck

    checker = LinkChecker()
    results = [check(agency, today, links=checker) for agency in agencies]
    if save:
        when = at or timezone.now()
        SiteCheck.objects.bulk_create(
            SiteCheck(
                agency=r.agency,
                checked_at=when,
                findings=r.as_dict()["findings"],
                failing=r.failing,
            )
            for r in results
        )
    return results
