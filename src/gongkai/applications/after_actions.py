"""What happens after the answer, one action each: the service (送达) of a letter, the
correction of an answer by a reviewer, the applicant's downloads."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from gongkai import uploads, workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Role
from gongkai.audit.log import record
from gongkai.notify import api as notify
from gongkai.publishing import actions as item_actions
from gongkai.workdays import EventKind
from gongkai.workflow import ActionError

from . import delivery, letters
from .actions import REPLY_REQUIRED
from .classification import Outcome
from .models import AnswerCorrection, Application, Letter, Service
from .states import ANSWER_OUTCOMES

KIND_LABELS = {"letter": "告知书", "file": "信息文件"}


@transaction.atomic
def note_applicant_download(application, *, name: str, kind: str, letter=None) -> None:
    """Audit one download by the applicant (from the tracking page); a letter downloaded
    is served online (送达) that day if no other service was recorded."""
    if letter is not None:
        served_online(application, letter)
    record(
        "application.download",
        target=application,
        agency=application.agency,
        acting_user=None,
        data={"what": f"{KIND_LABELS.get(kind, kind)} {name}", "kind": kind, "by": "applicant"},
    )


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def record_service(
    letter,
    *,
    acting_user,
    on: date,
    method: str,
    tracking_number: str = "",
    note: str = "",
    at=None,
):
    """Record how and when a letter reached the applicant (one 送达 per letter)."""
    application = letter.application
    check_roles(acting_user, application.agency, (Role.OFFICER,))
    if Service.objects.filter(letter=letter).exists():
        raise ActionError("该告知书已登记送达。")
    if letter.superseded_at:
        raise ActionError("该告知书已作废，不再送达。")
    if on is None:
        raise ActionError("请填写送达日期。", field="on")
    if on < letter.dated:
        raise ActionError(f"送达日期不能早于告知书的落款日期{letter.dated}。", field="on")
    if on > _today():
        raise ActionError("送达日期不能晚于今天。", field="on")
    if method not in Service.Method.values:
        raise ActionError("请选择送达方式。", field="method")
    tracking_number = tracking_number.strip()
    if method == Service.Method.POST and not tracking_number:
        raise ActionError("邮寄送达请填写邮件单号。", field="tracking_number")
    service = Service.objects.create(
        letter=letter,
        application=application,
        on=on,
        method=method,
        tracking_number=tracking_number,
        note=note.strip(),
        recorded_by=acting_user,
        recorded_at=at or timezone.now(),
    )
    record(
        "application.service",
        target=application,
        agency=application.agency,
        acting_user=acting_user,
        data={"letter": letter.number, "on": on.isoformat(), "method": method},
        at=at,
    )
    return service


def served_online(application, letter) -> None:
    """The applicant downloaded a letter from the tracking page: served online that day,
    unless its service was recorded already (called inside the download's transaction)."""
    if letter.superseded_at or Service.objects.filter(letter=letter).exists():
        return
    Service.objects.create(
        letter=letter,
        application=application,
        on=_today(),
        method=Service.Method.ONLINE,
        note="申请人在本平台下载",
    )
    record(
        "application.service",
        target=application,
        agency=application.agency,
        acting_user=None,
        data={"letter": letter.number, "on": _today().isoformat(), "method": "online"},
    )


@uploads.action
def correct_answer(
    application, *, acting_user, on: date, outcome: str, reason: str, reply: str = "", at=None
):
    """A reviewer corrects a wrong outcome or letter after the answer: a new answer letter
    with the reason, the old one kept and marked superseded, the applicant told. The
    application counts in the annual report under the corrected outcome only."""
    move = workflow.begin(
        application,
        "correct_answer",
        acting_user=acting_user,
        comment=reason,
        at=at,
        related=("agency", "agency__parent"),
    )
    application = move.obj
    reason, reply = move.comment, reply.strip()
    if outcome not in ANSWER_OUTCOMES:
        raise ActionError("请选择一种办理结果。", field="outcome")
    if outcome in REPLY_REQUIRED and not reply:
        raise ActionError(f"“{Outcome(outcome).label}”需要填写答复说明。", field="reply")
    corrected = application.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
    if outcome == Outcome.UNABLE_UNCLEAR and not corrected:
        raise ActionError("“补正后申请内容仍不明确”只适用于已经补正的申请。", field="outcome")
    if on is None or on < application.closed_on or on > _today():
        raise ActionError(f"更正日期应在答复日期{application.closed_on}至今天之间。", field="on")
    old = (
        application.letters.filter(kind__in=[str(o) for o in ANSWER_OUTCOMES])
        .filter(superseded_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    previous = application.outcome
    application.outcome, application.reply = outcome, reply
    if outcome != Outcome.DISCLOSED:
        application.published_item = None
    heading = (
        f"本告知书更正本机关{old.dated:%Y年%-m月%-d日}作出的{old.number}告知书，原告知书作废。"
        if old
        else "本告知书更正本机关此前作出的答复。"
    )
    requested = application.events.filter(kind=EventKind.CORRECTION_REQUESTED).first()
    letter = letters.issue(
        application,
        outcome,
        acting_user=acting_user,
        dated=on,
        答复说明="\n".join(
            part
            for part in (
                heading,
                f"更正理由：{reason}",
                delivery.letter_text(
                    reply,
                    list(application.delivered.all()) if outcome in delivery.GIVING else [],
                    application.published_item,
                ),
            )
            if part
        ),
        转办说明="",
        补正告知日期=requested.on if requested else "",
    )
    if old is not None:
        Letter.objects.filter(pk=old.pk).update(
            superseded_at=timezone.now(),
            superseded_reason=f"已由{letter.number}更正：{reason}"[:300],
        )
    AnswerCorrection.objects.create(
        application=application,
        old_outcome=previous,
        new_outcome=outcome,
        reason=reason,
        old_letter=old,
        new_letter=letter,
        on=on,
        corrected_by=acting_user,
    )
    if at is None:
        notify.tell_applicant(
            application,
            "corrected",
            detail=f"更正后的办理结果：{Outcome(outcome).label}\n更正理由：{reason}",
        )
    return move.finish(
        data={
            "from_outcome": previous,
            "outcome": outcome,
            "letter": letter.number,
            "superseded": old.number if old else "",
        }
    )


@transaction.atomic
def publicise(application, *, acting_user):
    """纳入主动公开 (第四十四条): open a publishing draft from the information an
    application asked for, for the agency's editors to complete, review and publish.
    The officer must be an editor of the agency too (the draft is publishing's)."""
    roles = check_roles(acting_user, application.agency, (Role.OFFICER,))
    if Role.EDITOR not in roles:
        raise ActionError("纳入主动公开需要在本机关同时具有信息编辑角色，请联系本机关的编辑。")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.publicised_item_id:
        raise ActionError("该申请的信息已经纳入主动公开。")
    if locked.outcome and locked.outcome not in (Outcome.DISCLOSED, Outcome.PARTLY_DISCLOSED):
        raise ActionError("只有予以公开或部分公开的信息可以纳入主动公开。")
    title = locked.info_title or locked.description.splitlines()[0][:100]
    body = (
        f"<p>本信息依申请公开（申请查询码 {locked.code}）后纳入主动公开"
        f"（《中华人民共和国政府信息公开条例》第四十四条）。</p>"
        f"<p>申请的内容：{escape(locked.description)}</p>"
    )
    item = item_actions.create_item(
        locked.agency,
        acting_user=acting_user,
        title=title,
        document_number=locked.info_number,
        body=body,
    )
    Application.objects.filter(pk=locked.pk).update(publicised_item=item)
    record(
        "application.publicise",
        target=locked,
        agency=locked.agency,
        acting_user=acting_user,
        data={"item": item.code, "title": item.title},
    )
    return item
