"""Every move of an application after intake, one function per move (see states.py).

Each runs in one transaction (`uploads.action`, which also removes the files a failed
move wrote), takes the acting user as a keyword, begins its move through
`gongkai.workflow` (the role and the state checked again on the locked row), runs the
statutory clock with the new event before storing it (so an event the law does not
allow is refused with the reason), stores the clock's result on the application,
issues the letter the move sends, and finishes the move (the target state, the audit
row).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from gongkai import uploads, workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Membership, Role
from gongkai.audit.log import record
from gongkai.holidays import calendar as holidays
from gongkai.notify import api as notify
from gongkai.workdays import ClockEvent, EventKind
from gongkai.workflow import ActionError

from . import clock, delivery, files, letters, redactions
from .classification import Outcome
from .intake import confirm, register, submit_online  # noqa: F401  (one place for every action)
from .models import Application, ApplicationEvent, Consultation, ExtensionRequest
from .states import ANSWER_OUTCOMES

# Outcomes whose letter needs the officer's own words (where, which parts, which route).
REPLY_REQUIRED = (
    Outcome.PARTLY_DISCLOSED,
    Outcome.REFUSED_QUERY,
    Outcome.NOT_PROCESSED_PUBLICATION,
    Outcome.OTHER,
)


def _today(at: datetime | None) -> date:
    return timezone.localdate(at or timezone.now())


def _begin(application: Application, name: str, acting_user, at=None) -> workflow.Move:
    """Lock the application and check that this user may make this move from its state."""
    return workflow.begin(
        application, name, acting_user=acting_user, at=at, related=("agency", "agency__parent")
    )


def _check_day(application: Application, on: date, at: datetime | None) -> None:
    if on is None:
        raise ActionError("请填写日期。", field="on")
    if on > _today(at):
        raise ActionError("日期不能晚于今天。", field="on")
    if on < application.received_on:
        raise ActionError(f"日期不能早于收到申请的日期{application.received_on}。", field="on")


def _add_event(application, kind: EventKind, on: date, *, acting_user, days=None, note="", at=None):
    """Run the clock with the new event (refusing what the law does not allow), then store it."""
    rows = list(application.events.order_by("on", "id"))
    if rows and on < rows[-1].on:
        raise ActionError(
            f"日期不能早于上一个办理环节（{rows[-1].get_kind_display()}，{rows[-1].on}）。",
            field="on",
        )
    events = [*clock.clock_events(rows)]
    if not (kind in clock.FEE_KINDS and not clock.fee_pauses_clock()):
        events.append(ClockEvent(kind, on, days))
    clock.apply_clock(application, events)
    ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        on=on,
        days=days,
        note=note,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        created_at=at or timezone.now(),
    )


def _finish(move: workflow.Move, *, comment="", data=None, letter=None) -> Application:
    if letter is not None:
        data = {**(data or {}), "letter": letter.number}
    return move.finish(comment=comment, data=data)


def tell(application, kind: str, at=None, **values) -> None:
    """Tell the applicant (gongkai.notify), unless the move is a historical record (`at`
    given: an import, the demo), which happened long ago and was told then."""
    if at is None:
        notify.tell_applicant(application, kind, **values)


def _close(application, outcome: str, on: date) -> None:
    last = application.events.order_by("-on", "-id").first()
    if last is not None and on < last.on:
        raise ActionError(f"办结日期不能早于上一个办理环节的日期{last.on}。", field="on")
    application.outcome = outcome
    application.closed_on = on
    application.clock_state = ""
    application.clock_remaining = None


# -- correction (补正, 第三十条) ------------------------------------------------------


@uploads.action
def request_correction(application, *, acting_user, on: date, items: str, until=None, at=None):
    """Tell the applicant, once, everything to correct; the clock stops until it arrives."""
    move = _begin(application, "request_correction", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    if not items.strip():
        raise ActionError("请写明需要补正的事项。", field="items")
    until = until or holidays.add_working_days(on, settings.APPLICATION_CORRECTION_DAYS).due
    if until <= on:
        raise ActionError("补正期限应晚于告知补正的日期。", field="until")
    _add_event(
        application, EventKind.CORRECTION_REQUESTED, on, acting_user=acting_user, note=items, at=at
    )
    application.correction_due = until
    letter = letters.issue(
        application, "correction", acting_user=acting_user, dated=on, 补正事项=items, 补正期限=until
    )
    tell(
        application, "correction", at, detail=f"需要补正的事项：{items.strip()}\n补正期限：{until}"
    )
    return _finish(
        move,
        comment=items,
        data={"on": on.isoformat(), "until": until.isoformat()},
        letter=letter,
    )


@uploads.action
def receive_correction(application, *, acting_user, on: date, note: str = "", uploads=(), at=None):
    """The corrected application arrived: the 20 working days start again from `on`."""
    move = _begin(application, "receive_correction", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    _add_event(
        application, EventKind.CORRECTION_RECEIVED, on, acting_user=acting_user, note=note, at=at
    )
    for upload in uploads:
        files.store_upload(application, upload, acting_user=acting_user)
    return _finish(
        move,
        comment=note,
        data={"on": on.isoformat(), "due_on": str(application.due_on)},
    )


@uploads.action
def abandon_uncorrected(application, *, acting_user, on: date, at=None):
    """No correction by the period given: abandoned (其他处理 1)."""
    move = _begin(application, "abandon_uncorrected", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    if application.correction_due and on <= application.correction_due:
        raise ActionError(f"补正期限{application.correction_due}尚未届满。", field="on")
    requested = application.events.filter(kind=EventKind.CORRECTION_REQUESTED).first()
    _close(application, Outcome.OTHER_NOT_CORRECTED, on)
    letter = letters.issue(
        application,
        Outcome.OTHER_NOT_CORRECTED,
        acting_user=acting_user,
        dated=on,
        补正告知日期=requested.on if requested else "",
        补正期限=application.correction_due,
    )
    return _finish(
        move,
        data={"on": on.isoformat()},
        letter=letter,
    )


# -- consultation (征求意见, 第三十二、三十四条) ----------------------------------------


@uploads.action
def start_consultation(
    application,
    *,
    acting_user,
    on: date,
    party_kind: str,
    party_name: str,
    party_address: str = "",
    at=None,
):
    """Ask a third party or another agency; the clock pauses until the answer."""
    move = _begin(application, "start_consultation", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    if not party_name.strip():
        raise ActionError("请填写被征求意见方。", field="party_name")
    _add_event(
        application,
        EventKind.CONSULTATION_STARTED,
        on,
        acting_user=acting_user,
        note=party_name,
        at=at,
    )
    consultation = Consultation.objects.create(
        application=application,
        party_kind=party_kind,
        party_name=party_name.strip(),
        party_address=party_address.strip(),
        started_on=on,
        created_by=acting_user,
    )
    kind = (
        "consultation_agency"
        if party_kind == Consultation.Party.AGENCY
        else "consultation_third_party"
    )
    letter = letters.issue(
        application,
        kind,
        acting_user=acting_user,
        dated=on,
        addressee=consultation.party_name,
        被征求意见方=consultation.party_name,
    )
    tell(application, "consultation", at)
    return _finish(
        move,
        data={"on": on.isoformat(), "consultation": consultation.pk},
        letter=letter,
    )


@uploads.action
def end_consultation(
    application,
    *,
    acting_user,
    consultation: Consultation,
    on: date,
    result: str,
    note: str = "",
    at=None,
):
    """The answer came (or the 15 working days passed): the pause ends with the last one."""
    move = _begin(application, "end_consultation", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    consultation = Consultation.objects.select_for_update().get(
        pk=consultation.pk, application=application
    )
    if consultation.ended_on is not None:
        raise ActionError("该征求意见已经结束。")
    if on < consultation.started_on:
        raise ActionError(f"结束日期不能早于发出征求意见的日期{consultation.started_on}。", "on")
    _add_event(
        application,
        EventKind.CONSULTATION_ENDED,
        on,
        acting_user=acting_user,
        note=consultation.party_name,
        at=at,
    )
    consultation.ended_on, consultation.result, consultation.note = on, result, note
    consultation.save()
    if application.consultations.filter(ended_on__isnull=True).exists():
        move = move.instead("end_one_consultation")  # others still to answer: still paused
    return _finish(
        move,
        comment=note,
        data={"on": on.isoformat(), "consultation": consultation.pk, "result": result},
    )


# -- the extension (延期, 第三十三条) ---------------------------------------------------


@uploads.action
def request_extension(application, *, acting_user, days: int, reason: str, at=None):
    move = _begin(application, "request_extension", acting_user, at)
    application = move.obj
    if application.extensions.filter(decision=ExtensionRequest.Decision.APPROVED).exists():
        raise ActionError("答复期限已经延长过，只能延长一次（条例第三十三条）。")
    if application.extensions.filter(decision=ExtensionRequest.Decision.PENDING).exists():
        raise ActionError("已有一项延期申请等待审批。")
    if not 1 <= days <= 20:
        raise ActionError("延长期限应为1至20个工作日。", field="days")
    if not reason.strip():
        raise ActionError("请写明延期理由。", field="reason")
    if application.due_on and _today(at) > application.due_on:
        raise ActionError(f"答复期限{application.due_on}已过，不能再申请延期。")
    ExtensionRequest.objects.create(
        application=application,
        days=days,
        reason=reason.strip(),
        requested_by=acting_user,
        requested_at=at or timezone.now(),
    )
    return _finish(move, comment=reason, data={"days": days})


def _pending_extension(application) -> ExtensionRequest:
    pending = (
        ExtensionRequest.objects.select_for_update()
        .filter(application=application, decision=ExtensionRequest.Decision.PENDING)
        .first()
    )
    if pending is None:
        raise ActionError("没有待审批的延期申请。")
    return pending


@uploads.action
def approve_extension(application, *, acting_user, on: date, comment: str = "", at=None):
    """A reviewer approves: the clock gets its one extension, and the applicant a letter."""
    move = _begin(application, "approve_extension", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    pending = _pending_extension(application)
    _add_event(
        application,
        EventKind.EXTENDED,
        on,
        acting_user=acting_user,
        days=pending.days,
        note=pending.reason,
        at=at,
    )
    pending.decision = ExtensionRequest.Decision.APPROVED
    pending.decided_by, pending.decided_on, pending.comment = acting_user, on, comment
    pending.save()
    letter = letters.issue(
        application,
        "extension",
        acting_user=acting_user,
        dated=on,
        延长天数=pending.days,
        延期理由=pending.reason.rstrip("。"),
    )
    tell(application, "extension", at, detail=f"延长后的答复期限：{application.due_on}")
    return _finish(
        move,
        comment=comment,
        data={"days": pending.days, "due_on": str(application.due_on)},
        letter=letter,
    )


@uploads.action
def reject_extension(application, *, acting_user, comment: str, at=None):
    move = _begin(application, "reject_extension", acting_user, at)
    application = move.obj
    if not comment.strip():
        raise ActionError("请写明不批准的理由。", field="comment")
    pending = _pending_extension(application)
    pending.decision = ExtensionRequest.Decision.REJECTED
    pending.decided_by, pending.decided_on, pending.comment = acting_user, _today(at), comment
    pending.save()
    return _finish(move, comment=comment, data={"days": pending.days})


# -- closing ------------------------------------------------------------------------


@uploads.action
def answer(
    application,
    *,
    acting_user,
    on: date,
    outcome: str,
    reply: str = "",
    referred_to: str = "",
    files=(),
    published=None,
    at=None,
):
    """Answer with exactly one outcome of table 三, and send the answer letter, with the
    information's files and, for 三.一, the published item it cites (第四十条)."""
    move = _begin(application, "answer", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    if outcome not in ANSWER_OUTCOMES:
        raise ActionError("请选择一种办理结果。", field="outcome")
    reply = reply.strip()
    if outcome in REPLY_REQUIRED and not reply:
        raise ActionError(f"“{Outcome(outcome).label}”需要填写答复说明。", field="reply")
    corrected = application.events.filter(kind=EventKind.CORRECTION_RECEIVED).first()
    if outcome == Outcome.UNABLE_UNCLEAR and corrected is None:
        raise ActionError("“补正后申请内容仍不明确”只适用于已经补正的申请。", field="outcome")
    delivery.check_answer(outcome, files, published)
    requested = application.events.filter(kind=EventKind.CORRECTION_REQUESTED).first()
    partly = outcome == Outcome.PARTLY_DISCLOSED  # the letter lists each box's basis
    _close(application, outcome, on)
    application.reply, application.referred_to = reply, referred_to.strip()
    application.published_item = published
    given = [delivery.store(application, f, acting_user=acting_user) for f in files]
    referral = (
        f"经查，该信息由{application.referred_to}负责公开，您可以向该机关提出申请。"
        if application.referred_to
        else ""
    )
    letter = letters.issue(
        application,
        outcome,
        acting_user=acting_user,
        dated=on,
        答复说明=delivery.letter_text(reply, given, published)
        + (redactions.letter_note(application) if partly else ""),
        转办说明=referral,
        补正告知日期=requested.on if requested else "",
    )
    tell(application, "answer", at, detail=f"办理结果：{Outcome(outcome).label}")
    return _finish(
        move,
        comment=reply,
        data={
            "on": on.isoformat(),
            "outcome": outcome,
            "late": bool(application.due_on and on > application.due_on),
        },
        letter=letter,
    )


@uploads.action
def withdraw(application, *, acting_user, on: date, note: str = "", at=None):
    """The applicant withdrew (其他处理 3)."""
    move = _begin(application, "withdraw", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    _close(application, Outcome.OTHER, on)
    application.reply = note.strip()
    letter = letters.issue(
        application, "withdrawn", acting_user=acting_user, dated=on, 答复说明=application.reply
    )
    return _finish(move, comment=note, data={"on": on.isoformat()}, letter=letter)


# -- abuse -------------------------------------------------------------------------


@uploads.action
def discard(application, *, acting_user, reason: str, at=None):
    """An unconfirmed online submission that is abuse (a flood, junk) is set aside with
    the reason: it was never received in law, so it has no outcome and is counted in no
    table. (不予处理 三.五.4 is an answer to a received application, when 第三十五条's
    conditions are met: that is `answer`.)"""
    move = workflow.begin(application, "discard", acting_user=acting_user, comment=reason, at=at)
    application = move.obj
    application.closed_on = _today(at)
    application.clock_state = ""
    return _finish(move, comment=move.comment)


@uploads.action
def discard_many(applications, *, acting_user, reason: str, at=None) -> int:
    """The desk's bulk marking: every one, or none (one that cannot be discarded names
    itself)."""
    done = 0
    for application in applications:
        try:
            discard(application, acting_user=acting_user, reason=reason, at=at)
        except ActionError as e:
            raise ActionError(f"{application.code}：{e.message}", field=e.field) from None
        done += 1
    return done


# -- no state change ------------------------------------------------------------------


@uploads.action
def assign(application, *, acting_user, assignee) -> Application:
    """Make an officer of the agency the one who handles the application."""
    check_roles(
        acting_user,
        application.agency,
        [Role.OFFICER],
        "只有本机关依申请公开办理人员可以指定承办人。",
    )
    if not Membership.objects.filter(
        user=assignee, agency=application.agency, role=Role.OFFICER
    ).exists():
        raise ActionError("承办人必须是本机关的依申请公开办理人员。", field="assignee")
    locked = workflow.lock(application)
    locked.assignee = assignee
    locked.save(update_fields=["assignee"])
    record(
        "application.assign",
        target=locked,
        agency=application.agency,
        acting_user=acting_user,
        data={"assignee": assignee.username},
    )
    return locked


@uploads.action
def note_personal_view(application, *, acting_user, what: str) -> None:
    """Audit one view of the applicant's full personal data (a page, a file, an export)."""
    record(
        "application.view_personal" if what == "page" else "application.download",
        target=application,
        agency=application.agency,
        acting_user=acting_user,
        data={"what": what},
    )
