"""Screening again what is already published (`gongkai manage rescreen_published`):
the rules and the agencies' word lists change, and items published before screening
existed were never screened. Every public item is screened as at review; what is found
is stored with the item (its page and the publishers' 待办 panel list it) and each
agency's disclosure office (its administrators and publishers) gets one mail listing
its items with findings still open, through the notification store (kept, retried,
sent once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from gongkai.agencies.models import Agency, Role
from gongkai.notify import api as notify

from . import screening_jobs
from .models import Finding, Item, Screening


@dataclass
class AgencyReport:
    agency: Agency
    screened: int = 0
    items: list[tuple[Item, list[Finding]]] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"{self.agency.name}：重新检查已公开信息{self.screened}条，"
            f"{len(self.items)}条发现需处理的问题。",
            "",
        ]
        for item, findings in self.items:
            errors = sum(1 for f in findings if f.is_error)
            lines.append(f"· {item.title}（索引号 {item.index_number}）")
            lines.append(f"  必须处理{errors}处，需确认{len(findings) - errors}处")
            for f in findings[:5]:
                lines.append(f"  - {f.place}：{f.message}")
            lines.append(f"  {settings.SITE_URL}{item.get_staff_url()}#screening")
        return "\n".join(lines)


def open_findings(item: Item) -> list[Finding]:
    return [f for f in item.findings.select_related("attachment") if f.open]


def rescreen_published(agencies: Iterable[Agency] | None = None) -> list[AgencyReport]:
    """Screen every public item of the agencies (all when None); one report per agency."""
    items = Item.objects.public().select_related("agency").order_by("agency__path", "pk")
    if agencies is not None:
        items = items.filter(agency__in=list(agencies))
    reports: dict[int, AgencyReport] = {}
    for item in items.iterator(chunk_size=200):
        with transaction.atomic():
            record, _ = Screening.objects.select_for_update().get_or_create(item_id=item.pk)
            record.round += 1
            record.state = Screening.State.PENDING
            record.job = None
            record.save()
        screening_jobs.run(item, record.round)
        report = reports.setdefault(item.agency_id, AgencyReport(item.agency))
        report.screened += 1
        found = open_findings(item)
        if found:
            report.items.append((item, found))
    return list(reports.values())


def mail(report: AgencyReport) -> int:
    """Mail the report to the agency's administrators and publishers; how many it goes
    to (none when nothing is open)."""
    if not report.items:
        return 0
    messages = notify.tell_staff(
        report.agency,
        (Role.ADMIN, Role.PUBLISHER),
        f"已公开信息自动保密检查：{report.agency.name}有{len(report.items)}条需处理",
        report.text(),
        kind="rescreen_published",
    )
    return len(messages)
