"""The moves of an application through its actions, on real calendar dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications import actions, clock, fee_actions
from gongkai.applications.classification import Outcome
from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent
from gongkai.workflow import ActionError


def test_registered_at_the_counter_the_clock_runs(world, register, today):
    today(date(2025, 9, 30))
    application = register(date(2025, 9, 26))
    # 20 working days from Friday 2025-09-26 across 国庆 (make-up 09-28 and 10-11 worked).
    assert application.due_on == date(2025, 10, 30)
    assert application.status == "processing" and application.clock_state == "running"
    assert application.assignee == world.officer
    assert AuditEvent.objects.for_object(application).get().action == "application.register"


def test_correction_restarts_the_clock(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    assert application.due_on == date(2026, 3, 30)
    application = actions.request_correction(
        application, acting_user=world.officer, on=date(2026, 3, 5), items="请写明预算年度"
    )
    assert application.status == "awaiting_correction" and application.due_on is None
    assert application.correction_due == date(2026, 3, 26)  # 15 working days
    application = actions.receive_correction(
        application, acting_user=world.officer, on=date(2026, 3, 16)
    )
    assert application.due_on == date(2026, 4, 14)  # 20 working days from 03-16, 清明 04-04..06
    assert application.letters.get().kind == "correction"


def test_correction_later_than_seven_working_days_is_refused(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    with pytest.raises(ActionError, match="超过收到申请后7个工作日"):
        actions.request_correction(
            application, acting_user=world.officer, on=date(2026, 3, 12), items="x"
        )
    application.refresh_from_db()
    assert application.status == "processing" and not application.events.exists()
    assert not application.letters.exists()


def test_consultation_pauses_and_extension_needs_a_reviewer(world, register, today):
    today(date(2026, 3, 31))
    application = register(date(2026, 3, 2))
    application = actions.start_consultation(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 9),
        party_kind="third_party",
        party_name="洛阳某文化公司",
    )
    assert application.status == "consulting" and application.due_on is None
    assert application.clock_remaining == 15
    consultation = application.consultations.get()
    application = actions.end_consultation(
        application,
        acting_user=world.officer,
        consultation=consultation,
        on=date(2026, 3, 13),
        result="objected",
    )
    assert application.due_on == date(2026, 4, 3)  # 2026-03-30 + 4 paused working days
    application = actions.request_extension(
        application, acting_user=world.officer, days=20, reason="需要调取档案"
    )
    with pytest.raises(PermissionDenied):
        actions.approve_extension(application, acting_user=world.officer, on=date(2026, 3, 31))
    application = actions.approve_extension(
        application, acting_user=world.reviewer, on=date(2026, 3, 31)
    )
    assert application.extension_days == 20
    # + 20 working days over 清明 (04-04..06) and 劳动节 (05-01..05) off
    assert application.due_on == date(2026, 5, 7)
    with pytest.raises(ActionError, match="只能延长一次"):
        actions.request_extension(application, acting_user=world.officer, days=5, reason="x")


def test_answer_closes_with_one_outcome_and_a_letter(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    with pytest.raises(ActionError, match="需要填写答复说明"):
        actions.answer(
            application,
            acting_user=world.officer,
            on=date(2026, 3, 20),
            outcome=Outcome.PARTLY_DISCLOSED,
        )
    with pytest.raises(ActionError, match="只适用于已经补正"):
        actions.answer(
            application,
            acting_user=world.officer,
            on=date(2026, 3, 20),
            outcome=Outcome.UNABLE_UNCLEAR,
        )
    application = actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 20),
        outcome=Outcome.PARTLY_DISCLOSED,
        reply="第三部分涉及个人隐私，不予公开。",
    )
    assert (application.status, application.outcome, application.closed_on) == (
        "answered",
        "三.二",
        date(2026, 3, 20),
    )
    assert application.letters.get().kind == "三.二"
    with pytest.raises(ActionError, match="不能答复"):
        actions.answer(
            application, acting_user=world.officer, on=date(2026, 3, 20), outcome=Outcome.DISCLOSED
        )


def test_a_failed_move_leaves_no_letter_file(world, register, today, settings, tmp_path):
    today(date(2026, 3, 20))
    settings.MEDIA_ROOT = tmp_path
    application = register(date(2026, 3, 2))
    from gongkai.applications import letters

    real = letters.issue

    def issue_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("disk full after the file was written")

    letters.issue = issue_then_fail
    try:
        with pytest.raises(RuntimeError):
            actions.answer(
                application,
                acting_user=world.officer,
                on=date(2026, 3, 20),
                outcome=Outcome.DISCLOSED,
            )
    finally:
        letters.issue = real
    assert list(tmp_path.rglob("*.docx")) == []
    assert Application.objects.get(pk=application.pk).status == "processing"


def test_withdraw_and_abandon(world, register, today):
    today(date(2026, 4, 30))
    first = register(date(2026, 3, 2))
    first = actions.withdraw(first, acting_user=world.officer, on=date(2026, 3, 4))
    assert (first.status, first.outcome) == ("withdrawn", "三.六.3")
    second = register(date(2026, 3, 2), applicant_name="李秀英")
    second = actions.request_correction(
        second, acting_user=world.officer, on=date(2026, 3, 3), items="请写明所需信息的年份"
    )
    with pytest.raises(ActionError, match="尚未届满"):
        actions.abandon_uncorrected(second, acting_user=world.officer, on=date(2026, 3, 24))
    second = actions.abandon_uncorrected(second, acting_user=world.officer, on=date(2026, 3, 25))
    assert (second.status, second.outcome, second.closed_on) == (
        "abandoned",
        "三.六.1",
        date(2026, 3, 25),
    )


def test_loading_a_schedule_makes_stored_due_dates_exact(world, register, today):
    from pathlib import Path

    from gongkai.holidays import actions as holiday_actions

    today(date(2026, 12, 21))
    application = register(date(2026, 12, 18))
    # 20 working days into 2027, counted with weekends only: 2027-01-15, provisional.
    assert application.due_provisional and application.due_on == date(2027, 1, 15)
    crafted = Path(__file__).resolve().parents[1] / "data/workdays/schedules/2027-crafted.txt"
    holiday_actions.load(crafted.read_text(encoding="utf-8"), acting_user=world.supervisor)
    application.refresh_from_db()
    # With 2027-01-01 a holiday (元旦 01-01..03), the due date moves one working day later.
    assert not application.due_provisional and application.due_on == date(2027, 1, 18)


def test_spring_festival_with_make_up_saturdays(world, register, today):
    today(date(2026, 2, 12))
    application = register(date(2026, 2, 10))
    # 02-11, 02-12, 02-13, Saturday 02-14 worked; 春节 02-15..02-23 off; 02-24..02-27,
    # Saturday 02-28 worked; then 03-02..03-06, 03-09..03-13 and 03-16: day 20.
    assert application.due_on == date(2026, 3, 16)
    assert clock.run(application).steps[-1] == "答复期限：2026-03-16（星期一）"


def test_fees_per_applicant_per_month_and_the_payment_period(world, register, today):
    from gongkai.applications.models import FeeNotice

    today(date(2026, 3, 31))
    first = [register(date(2026, 3, 2) + timedelta(days=n % 20)) for n in range(11)]
    eleventh = max(first, key=lambda a: (a.received_on, a.pk))
    other_month = register(date(2026, 2, 27))
    assert fee_actions.month_ordinal(eleventh) == 11 and fee_actions.month_ordinal(other_month) == 1
    with pytest.raises(ActionError, match="不收费"):
        fee_actions.notify_fee(
            first[0], acting_user=world.officer, on=date(2026, 3, 31), method="per_application"
        )
    today(date(2026, 4, 1))
    eleventh = fee_actions.notify_fee(
        eleventh, acting_user=world.officer, on=date(2026, 4, 1), method="per_application"
    )
    notice = FeeNotice.objects.get(application=eleventh)
    assert (notice.amount, notice.ordinal, notice.pages) == (100, 11, None)
    # 20 working days from the day after the notice, over 清明 (04-04..04-06).
    assert notice.payment_due == date(2026, 4, 30) and eleventh.status == "awaiting_fee"
    with pytest.raises(ActionError, match="尚未届满"):
        fee_actions.abandon_unpaid(eleventh, acting_user=world.officer, on=date(2026, 4, 1))
    today(date(2026, 5, 6))
    with pytest.raises(ActionError, match="缴费期限2026-04-30已过"):
        fee_actions.record_payment(eleventh, acting_user=world.officer, on=date(2026, 5, 6))
    eleventh = fee_actions.abandon_unpaid(eleventh, acting_user=world.officer, on=date(2026, 5, 6))
    assert (eleventh.status, eleventh.outcome) == ("abandoned", "三.六.2")
    assert FeeNotice.objects.get(application=eleventh).state == "unpaid"


def test_paying_resumes_the_clock(world, register, today):
    today(date(2026, 3, 13))
    application = register(date(2026, 3, 2))
    application = fee_actions.notify_fee(
        application, acting_user=world.officer, on=date(2026, 3, 9), method="per_volume", pages=40
    )
    assert application.due_on is None and application.clock_remaining == 15
    application = fee_actions.record_payment(
        application, acting_user=world.officer, on=date(2026, 3, 13)
    )
    assert application.status == "processing" and application.due_on == date(2026, 4, 3)
