"""The computations that read the policy documents (`gongkai.documents`) and the
screening of published items (`publishing` screening): registered under the names the
indicator files use, in place of the "暂不能计算" placeholders of `measures.py`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from gongkai.documents import queries
from gongkai.publishing.models import Finding

from .measures import Case, Cases, bounds, register, url_maker


def _as_of(year: int) -> date:
    """The day a year is judged on: its last day once it is over, today before."""
    return min(timezone.localdate(), bounds(year)[1])


@register("policies_without_interpretation", "政策文件未同步解读（件）")
def policies_without_interpretation(agencies, year: int, params: dict, peers=None) -> Cases:
    """Policy documents published in the year with no published 解读 and no reason."""
    out: Cases = defaultdict(list)
    found = (
        queries.missing_interpretation(agencies, year)
        .order_by("published_on", "pk")
        .values_list("agency_id", "code", "title", "document_number", "published_on")
    )
    url = url_maker("portal:item")
    for agency_id, code, title, number, published_on in found:
        out[agency_id].append(
            Case(title, url(code), f"{number or ''}未同步发布解读".strip(), published_on)
        )
    return out


@register("documents_expired_in_force", "已过有效期仍标注有效的文件（件）")
def documents_expired_in_force(agencies, year: int, params: dict, peers=None) -> Cases:
    """Library documents past their 有效期至 (on the year's last day, or today) that are
    still shown in force."""
    out: Cases = defaultdict(list)
    found = queries.expired_still_in_force(agencies, _as_of(year)).order_by("valid_until", "pk")
    for document in found:
        out[document.agency_id].append(
            Case(
                document.title,
                document.get_staff_url(),
                f"有效期至{document.valid_until:%Y-%m-%d}，仍标注现行有效",
                document.valid_until,
            )
        )
    return out


@register("personal_data_findings", "公开信息中发现的个人信息或涉密信息（件）")
def personal_data_findings(agencies, year: int, params: dict, peers=None) -> Cases:
    """Items published in the year that the screening finds an error in (personal data,
    a secrecy mark, a blocked word) and that still show it: one case per item. The case
    names the item and the rule, never the data."""
    start, end = bounds(year)
    # from the errors found (few), not from every item the year published: SQLite read
    # all 50,000 items to find none
    flagged = Finding.objects.filter(severity="error").values("item_id")
    found = (
        Finding.objects.filter(
            item_id__in=flagged,
            item__agency__in=agencies,
            item__status="published",
            item__published_on__range=(start, end),
            severity="error",
        )
        .select_related("item")
        .order_by("item__published_on", "item_id", "pk")
    )
    out: Cases = defaultdict(list)
    seen: set[int] = set()
    for finding in found:
        item = finding.item
        if item.pk in seen:
            continue
        seen.add(item.pk)
        out[item.agency_id].append(
            Case(item.title, item.get_staff_url(), finding.message, item.published_on)
        )
    return out
