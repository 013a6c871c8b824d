"""Every change to scoring: a manual score with its evidence, and closing a year.

Each is atomic and audited; only the agency's supervising office acts. A manual score
that deducts points, and every deduction of a closed year, reach the agency as a notice
in its 待办 (and by email) through `reports.notice_actions`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai import uploads
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.reports import notice_actions
from gongkai.reports.models import Notice
from gongkai.workflow import ActionError

from . import sheet as sheets
from .models import ClosedYear, FrozenSheet, ManualScore

EVIDENCE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "ofd", "zip")


def _open_year(agency: Agency, year: int) -> None:
    if sheets.frozen_sheet(agency, year) is not None:
        raise ActionError(f"{year}年度考核已结束，评分不能再修改。")


@uploads.action
def enter_manual_score(
    agency: Agency,
    year: int,
    indicator_id: str,
    *,
    acting_user,
    score: str,
    note: str = "",
    evidence=None,
    at=None,
) -> ManualScore:
    """The supervising office scores a manual indicator; evidence (佐证材料) is required
    for a score below the indicator's points, and kept with the score."""
    check_roles(acting_user, agency, [Role.SUPERVISOR])
    _open_year(agency, year)
    found = sheets.indicator_set(year)
    try:
        indicator = found.indicator(indicator_id)
    except KeyError:
        raise ActionError("没有该指标。") from None
    if not indicator.manual:
        raise ActionError("该指标由系统根据记录计算，不能人工评分。")
    try:
        value = Decimal(str(score).strip())
    except InvalidOperation:
        raise ActionError("得分应为数字。", field="score") from None
    if not value.is_finite() or not 0 <= value <= indicator.points:
        raise ActionError(f"得分应在0到{indicator.points}之间。", field="score")
    note = note.strip()
    existing = (
        ManualScore.objects.select_for_update()
        .filter(agency=agency, year=year, indicator=indicator_id)
        .first()
    )
    deducts = value < indicator.points
    has_evidence = evidence is not None or (existing is not None and existing.evidence)
    if deducts and not has_evidence:
        raise ActionError(
            f"扣分须上传佐证材料（{indicator.evidence or '检查记录、截图等'}）。", field="evidence"
        )
    if deducts and not note:
        raise ActionError("扣分须写明理由。", field="note")
    now = at or timezone.now()
    old = str(existing.score) if existing else None
    row = existing or ManualScore(agency=agency, year=year, indicator=indicator_id)
    row.score, row.note, row.entered_by, row.entered_at = value, note, acting_user, now
    if evidence is not None:
        uploads.check(
            evidence,
            extensions=EVIDENCE_EXTENSIONS,
            max_bytes=settings.ATTACHMENT_MAX_BYTES,
            field="evidence",
        )
        if existing is not None and existing.evidence:
            uploads.delete_on_commit(existing.evidence)
        uploads.keep(row.evidence, evidence, evidence.name)
        row.evidence_name = evidence.name[:200]
    row.save()
    record(
        "scoring.manual",
        target=row,
        agency=agency,
        acting_user=acting_user,
        comment=note,
        data={"year": year, "indicator": indicator_id, "from": old, "to": str(value)},
        at=at,
    )
    if deducts:
        notice_actions.send_notice(
            agency,
            Notice.Kind.DEDUCTION,
            acting_user=acting_user,
            title=f"{year}年度政务公开考核扣分：{indicator.name}",
            comment=f"该项{indicator.points}分，得{value}分。{note}",
            year=year,
            link=_sheet_url(agency, year),
            at=at,
        )
    return row


def _sheet_url(agency: Agency, year: int) -> str:
    from django.urls import reverse

    return reverse("scoring:sheet", args=[agency.slug, year])


def _summary(sheet: dict) -> str:
    lines = [
        f"{x['name']}：扣{x['deduction']}分（{x['count']}件）"
        if not x["manual"]
        else f"{x['name']}：扣{x['deduction']}分"
        for x in sheet["lines"]
        if x["deduction"] not in (None, "0")
    ]
    return "\n".join(lines)


@transaction.atomic
def close_year(office: Agency, year: int, *, acting_user, at=None) -> ClosedYear:
    """Freeze every agency's sheet below the office for the year, with the indicator
    file used; each agency with deductions is told its score and deductions."""
    check_roles(acting_user, office, [Role.SUPERVISOR])
    if year >= (timezone.localtime(at).date() if at else timezone.localdate()).year:
        raise ActionError(f"{year}年尚未结束，不能结束该年度考核。")
    Agency.objects.select_for_update().filter(pk=office.pk).first()
    if sheets.closed_year(office, year) is not None:
        raise ActionError(f"{year}年度考核已经结束。")
    found = sheets.indicator_set(year)
    agencies = sheets.below(office)
    computed = sheets.compute(agencies, year, found, peers=agencies)
    unscored = [a for a in agencies if computed[a.pk]["unscored"]]
    if unscored:
        names = "、".join(a.name for a in unscored[:5]) + ("等" if len(unscored) > 5 else "")
        raise ActionError(f"还有{len(unscored)}个机关的人工评分指标未评分：{names}。")
    closed = ClosedYear.objects.create(
        office=office,
        year=year,
        set_key=found.key,
        set_year=found.year,
        set_text=found.text,
        closed_by=acting_user,
        closed_at=at or timezone.now(),
    )
    for agency in agencies:
        data = {**computed[agency.pk], "frozen": True}
        FrozenSheet.objects.create(
            closed=closed, agency=agency, total=Decimal(data["total"]), sheet=data
        )
    record(
        "scoring.close",
        target=closed,
        agency=office,
        acting_user=acting_user,
        data={"year": year, "set": f"{found.key}/{found.year}", "agencies": len(computed)},
        at=at,
    )
    for agency in agencies:
        data = computed[agency.pk]
        summary = _summary(data)
        if summary:
            notice_actions.send_notice(
                agency,
                Notice.Kind.DEDUCTION,
                acting_user=acting_user,
                title=f"{year}年度政务公开考核结果：{data['total']}分（满分{data['possible']}分）",
                comment=summary,
                year=year,
                link=_sheet_url(agency, year),
                at=at,
            )
    return closed
