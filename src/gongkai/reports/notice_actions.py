"""Notices the supervising office sends to an agency (`Notice`): sent, opened, resolved.

Each is one audited action in the caller's transaction; sending also emails the
agency's staff through `notify.tell_agency` once the transaction commits.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from . import notify
from .models import AnnualReport, Notice

# Who in the agency is told, and who may mark a notice opened.
HANDLERS = (Role.EDITOR, Role.ADMIN)


@transaction.atomic
def send_notice(
    agency: Agency,
    kind: str,
    *,
    acting_user,
    title: str,
    comment: str,
    report: AnnualReport | None = None,
    year: int | None = None,
    link: str = "",
    at: datetime | None = None,
) -> Notice:
    """Send a notice to the agency: it shows in its 待办 and is emailed to its editors
    and administrators. Only its supervising office sends one."""
    check_roles(acting_user, agency, [Role.SUPERVISOR])
    comment = comment.strip()
    if not comment:
        raise ActionError("请填写意见。", field="comment")
    if kind not in Notice.Kind.values:
        raise ActionError("类别不正确。", field="kind")
    notice = Notice.objects.create(
        agency=agency,
        kind=kind,
        title=" ".join(title.split())[:200],
        comment=comment,
        report=report,
        year=year if year is not None else (report.year if report else None),
        link=link[:300],
        created_by=acting_user,
        created_at=at or timezone.now(),
    )
    record(
        "notice.send",
        target=notice,
        agency=agency,
        acting_user=acting_user,
        comment=comment,
        data={"kind": kind, "title": notice.title},
        at=at,
    )
    notify.tell_agency(
        agency,
        HANDLERS,
        f"【{notice.get_kind_display()}】{notice.title}",
        f"{agency.name}：\n\n{notice.title}\n\n意见：\n{comment}",
        about=notice,
        kind=f"notice_{kind}",
    )
    return notice


def opens(user, notice: Notice) -> bool:
    """Whether this user's visit counts as the agency opening the notice."""
    from gongkai.agencies.access import roles_in

    return notice.opened_at is None and bool(roles_in(user, notice.agency) & set(HANDLERS))


@transaction.atomic
def mark_opened(notice: Notice, *, acting_user, at: datetime | None = None) -> Notice:
    """The agency has read the notice (first visit of one of its editors or administrators)."""
    check_roles(acting_user, notice.agency, HANDLERS)
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.opened_at is not None:
        return locked
    locked.opened_at = at or timezone.now()
    locked.opened_by = acting_user
    locked.save(update_fields=["opened_at", "opened_by"])
    record("notice.open", target=locked, agency=locked.agency, acting_user=acting_user, at=at)
    return locked


def resolve_for_report(report: AnnualReport, *, acting_user, at: datetime | None = None) -> int:
    """A returned report resubmitted: its open return notices are resolved (call inside
    the submission's transaction)."""
    now = at or timezone.now()
    found = list(Notice.objects.open().filter(report=report, kind=Notice.Kind.RETURN))
    for notice in found:
        notice.resolved_at = now
        notice.save(update_fields=["resolved_at"])
        record(
            "notice.resolve",
            target=notice,
            agency=notice.agency,
            acting_user=acting_user,
            comment="年度报告已重新报送",
            at=at,
        )
    return len(found)


@transaction.atomic
def resolve_notice(notice: Notice, *, acting_user, comment: str = "", at=None) -> Notice:
    """The agency says it has done what the notice asked (deductions, clean-ups)."""
    check_roles(acting_user, notice.agency, HANDLERS)
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.resolved_at is not None:
        raise ActionError("该事项已办结。")
    if locked.kind == Notice.Kind.RETURN:
        raise ActionError("退回的年度报告重新报送后自动办结。")
    locked.resolved_at = at or timezone.now()
    if locked.opened_at is None:
        locked.opened_at, locked.opened_by = locked.resolved_at, acting_user
    locked.save(update_fields=["resolved_at", "opened_at", "opened_by"])
    record(
        "notice.resolve",
        target=locked,
        agency=locked.agency,
        acting_user=acting_user,
        comment=comment.strip(),
        at=at,
    )
    return locked
