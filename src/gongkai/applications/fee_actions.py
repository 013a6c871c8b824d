"""Fees (信息处理费, 第四十二条): the notice that pauses the clock, the payment that
restarts it, and the closing of an application whose fee was not paid. Actions as in
`actions.py`, on its shared steps."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from gongkai import uploads
from gongkai.holidays import calendar as holidays
from gongkai.workdays import EventKind
from gongkai.workflow import ActionError

from . import clock, fees, letters
from .actions import _add_event, _begin, _check_day, _close, _finish, tell
from .classification import Outcome
from .models import Application, FeeNotice
from .states import NOT_RECEIVED


def month_ordinal(application) -> int:
    """This application's place among its applicant's applications to the agency received
    in the same calendar month (按件计收 counts per applicant per calendar month)."""
    same = Application.objects.filter(
        agency_id=application.agency_id,
        received_on__year=application.received_on.year,
        received_on__month=application.received_on.month,
    ).exclude(status__in=NOT_RECEIVED)
    if application.id_number:
        same = same.filter(id_number=application.id_number)
    else:
        same = same.filter(applicant_name=application.applicant_name, id_number="")
    earlier = same.filter(received_on__lt=application.received_on).count()
    same_day = same.filter(received_on=application.received_on, pk__lte=application.pk).count()
    return earlier + same_day


def assess_fee(application, method: str, pages: int | None = None) -> fees.Assessment:
    try:
        if method == fees.FeeMethod.PER_APPLICATION:
            return fees.assess(method, ordinal=month_ordinal(application))
        return fees.assess(method, pages=pages)
    except fees.FeeError as e:
        raise ActionError(str(e), field="pages") from None


@uploads.action
def notify_fee(
    application,
    *,
    acting_user,
    on: date,
    method: str,
    pages: int | None = None,
    payment_method: str = "",
    at=None,
):
    """Send the fee notice; the applicant has the payment period from the day after."""
    move = _begin(application, "notify_fee", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    assessment = assess_fee(application, method, pages)
    if assessment.amount == 0:
        raise ActionError("按规定该申请不收费：" + "；".join(assessment.lines), field="method")
    days = settings.APPLICATION_FEE_PAYMENT_DAYS
    # "from the day after the notice": the notice's day is never day 1, whatever the setting.
    payment_due = holidays.current().add_working_days(on, days, count_first_day=False).due
    _add_event(application, EventKind.FEE_NOTIFIED, on, acting_user=acting_user, at=at)
    notice = FeeNotice.objects.create(
        application=application,
        method=assessment.method,
        ordinal=assessment.ordinal,
        pages=assessment.pages,
        amount=assessment.amount,
        explanation="\n".join(assessment.lines),
        notified_on=on,
        payment_due=payment_due,
        created_by=acting_user,
    )
    application.payment_due = payment_due
    letter = letters.issue(
        application,
        "fee",
        acting_user=acting_user,
        dated=on,
        计费方式=assessment.method_label,
        计费明细="\n".join(assessment.lines),
        金额=assessment.amount,
        缴费期限=payment_due,
        缴费天数=days,
        缴费方式=payment_method.strip() or "按本机关出具的非税收入缴款通知书缴纳",
        缴费期间说明=(
            "自本通知发出之日至您缴纳费用之日，不计算在答复期限内。"
            if clock.fee_pauses_clock()
            else ""
        ),
    )
    tell(application, "fee", at, detail=f"金额：{assessment.amount}元，缴费期限：{payment_due}")
    return _finish(
        move,
        data={
            "amount": notice.amount,
            "method": notice.method,
            "payment_due": payment_due.isoformat(),
        },
        letter=letter,
    )


def _pending_fee(application) -> FeeNotice:
    notice = (
        FeeNotice.objects.select_for_update()
        .filter(application=application, state=FeeNotice.State.PENDING)
        .first()
    )
    if notice is None:
        raise ActionError("没有待缴费的收费通知。")
    return notice


@uploads.action
def record_payment(application, *, acting_user, on: date, at=None):
    move = _begin(application, "record_payment", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    notice = _pending_fee(application)
    if on < notice.notified_on:
        raise ActionError(f"缴费日期不能早于收费通知日期{notice.notified_on}。", field="on")
    if on > notice.payment_due:
        raise ActionError(
            f"缴费期限{notice.payment_due}已过：逾期未缴费的申请视为放弃，请按逾期未缴费处理。",
            field="on",
        )
    _add_event(application, EventKind.FEE_PAID, on, acting_user=acting_user, at=at)
    notice.state, notice.paid_on = FeeNotice.State.PAID, on
    notice.save()
    return _finish(move, data={"on": on.isoformat(), "amount": notice.amount})


@uploads.action
def abandon_unpaid(application, *, acting_user, on: date, at=None):
    """Unpaid by the payment period: abandoned (其他处理 2)."""
    move = _begin(application, "abandon_unpaid", acting_user, at)
    application = move.obj
    _check_day(application, on, at)
    notice = _pending_fee(application)
    if on <= notice.payment_due:
        raise ActionError(f"缴费期限{notice.payment_due}尚未届满。", field="on")
    notice.state = FeeNotice.State.UNPAID
    notice.save()
    _close(application, Outcome.OTHER_FEE_UNPAID, on)
    letter = letters.issue(
        application,
        Outcome.OTHER_FEE_UNPAID,
        acting_user=acting_user,
        dated=on,
        收费通知日期=notice.notified_on,
        缴费期限=notice.payment_due,
    )
    return _finish(move, data={"on": on.isoformat()}, letter=letter)
