"""The demo's reconsideration and litigation cases, entered through the actions."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application

from . import actions
from .models import Case

# slug -> cases: (kind, filed month/day, result, decided month/day or None, authority, summary)
CASES = {
    "xigong-culture-tourism": [
        (
            "reconsideration",
            (4, 8),
            "upheld",
            (6, 12),
            "西工区人民政府",
            "申请人对“不予公开”的答复不服，申请行政复议。",
        ),
    ],
    "xigong-education": [
        (
            "reconsideration",
            (9, 15),
            "corrected",
            (11, 20),
            "西工区人民政府",
            "申请人认为答复未说明理由，复议机关责令重新答复。",
        ),
        (
            "litigation_direct",
            (11, 3),
            "pending",
            None,
            "洛阳市西工区人民法院",
            "申请人对“本机关不掌握相关政府信息”的答复不服，提起诉讼。",
        ),
    ],
    "xigong-market": [
        (
            "reconsideration",
            (3, 2),
            "other",
            (4, 28),
            "西工区人民政府",
            "申请人撤回复议申请，复议终止。",
        ),
        (
            "litigation_after",
            (7, 21),
            "upheld",
            (10, 30),
            "洛阳市西工区人民法院",
            "复议维持后申请人提起诉讼，法院判决驳回诉讼请求。",
        ),
    ],
}


def seed(year: int, editors: dict[str, object]) -> int:
    """Cases for `year` for the agencies above that have none; returns how many were made."""
    made = 0
    today = timezone.localdate()
    for slug, rows in CASES.items():
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None or Case.objects.filter(agency=agency).exists():
            continue
        made += _cases(agency, rows, year, editors, today)
    return made


@transaction.atomic  # an agency's cases all, or none (a seed killed midway resumes)
def _cases(agency, rows, year: int, editors: dict[str, object], today) -> int:
    made = 0
    slug = agency.slug
    refused = Application.objects.filter(
        Q(outcome__startswith="三.三") | Q(outcome__startswith="三.四"),
        agency=agency,
        received_on__year=year,
    ).order_by("received_on")
    for index, (kind, filed, result, decided, authority, summary) in enumerate(rows):
        filed_on = date(year, *filed)
        decided_on = date(year, *decided) if decided else None
        if filed_on > today or (decided_on and decided_on > today):
            continue
        linked = refused[index] if len(refused) > index else None
        if linked is not None and linked.closed_on and linked.closed_on > filed_on:
            linked = None
        actions.create_case(
            agency,
            acting_user=editors[slug],
            at=timezone.make_aware(datetime.combine(filed_on, time(10))),
            kind=kind,
            case_number=f"西政复〔{year}〕{index + 3}号"
            if kind == "reconsideration"
            else f"（{year}）豫0303行初{index + 17}号",
            authority=authority,
            filed_on=filed_on,
            result=result,
            decided_on=decided_on,
            summary=summary,
            application=linked,
        )
        made += 1
    return made
