"""Telling the applicant and the staff: stored messages, sent once, retried while the
mail server is down, shown in the application's history, failures shown to the officer."""

from __future__ import annotations

import logging
import socket
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.applications import actions, fee_actions
from gongkai.audit.models import AuditEvent
from gongkai.notify import api, outbox
from gongkai.notify.models import Message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_applicant_is_told_of_each_step_by_email(
    world, register, today, client_for, django_capture_on_commit_callbacks
):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        application = actions.request_correction(
            application, acting_user=world.officer, on=date(2026, 3, 5), items="请写明预算年度"
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["zhang@example.com"] and application.code in sent.subject
    assert "请补正申请" in sent.subject and "请写明预算年度" in sent.body
    assert "/apply/status/" in sent.body and sent.extra_headers["Message-ID"].startswith("<gongkai")
    message = Message.objects.about(application).get()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at
    with django_capture_on_commit_callbacks(execute=True):
        application = actions.receive_correction(
            application, acting_user=world.officer, on=date(2026, 3, 16)
        )
        actions.answer(
            application, acting_user=world.officer, on=date(2026, 3, 20), outcome="三.一"
        )
    assert [m.subject.split("（")[0] for m in mail.outbox] == ["请补正申请", "申请已答复"]
    assert "办理结果：予以公开" in mail.outbox[1].body
    page = client_for("officer").get(application.get_absolute_url()).content.decode()
    assert "通知申请人" in page and "申请已答复" in page and "已发送" in page
    assert "zhang@example.com" not in page and "z***@example.com" in page


def test_sms_by_default_goes_to_the_log(
    world, register, today, caplog, django_capture_on_commit_callbacks
):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2), delivery="post", email="")
    caplog.set_level(logging.INFO, logger="gongkai.sms")
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer(
            application, acting_user=world.officer, on=date(2026, 3, 20), outcome="三.一"
        )
    message = Message.objects.about(application).get()
    assert message.channel == "sms" and message.recipient == "13812345678"
    assert message.status == "sent" and not mail.outbox
    assert any(
        "13812345678" in r.getMessage() and "申请已答复" in r.getMessage() for r in caplog.records
    )


def test_the_historical_record_tells_nobody(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 10),
        outcome="三.一",
        at=timezone.now() - timedelta(days=10),
    )
    assert not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_messages_kept_and_sent_once_when_it_returns(
    world, register, today, settings
):
    """A real SMTP server (aiosmtpd): stopped, the message waits and retries; started
    again, it is sent, once, whoever runs the sender after that."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as Collect

    received = []

    class Handler(Collect):
        def handle_message(self, message):
            received.append(message)

    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    actions.answer(application, acting_user=world.officer, on=date(2026, 3, 20), outcome="三.一")
    message = Message.objects.about(application).get()  # the job ran at commit: no server
    assert message.status == "pending" and message.attempts == 1
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()
    assert message.next_try_at > timezone.now()
    assert outbox.send_due() == {}  # not due yet: the retry waits a minute
    later = timezone.now() + timedelta(minutes=2)
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert outbox.send_due(now=later) == {"sent": 1}
        assert outbox.send_due(now=later + timedelta(hours=1)) == {}
        assert outbox.send(Message.objects.values_list("pk", flat=True)) == {}
    finally:
        controller.stop()
    from email.header import decode_header, make_header

    assert len(received) == 1
    assert application.code in str(make_header(decode_header(received[0]["Subject"])))
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2


def test_after_the_last_try_the_officer_sees_it_and_sends_again(
    world, register, today, client_for, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    settings.NOTIFY_RETRY_MINUTES = [1]
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer(
            application, acting_user=world.officer, on=date(2026, 3, 20), outcome="三.一"
        )
    outbox.send_due(now=timezone.now() + timedelta(minutes=5))
    message = Message.objects.about(application).get()
    assert message.status == "failed" and message.attempts == 2
    officer = client_for("officer")
    todo = officer.get("/staff/").content.decode()
    assert "未能送达的通知" in todo and message.subject in todo
    assert "未能送达的通知" not in client_for("other_officer").get("/staff/").content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url = f"/staff/applications/{application.code}/messages/{message.pk}/resend/"
    assert client_for("other_officer").post(url).status_code == 404
    assert client_for("reviewer").post(url).status_code in (403, 404)
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(url).status_code == 302
    message.refresh_from_db()
    assert message.status == "sent" and len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="notify.resend", actor=world.officer).count() == 1


def test_staff_are_told_by_email(world, django_capture_on_commit_callbacks):
    world.officer.email = "officer@example.gov.cn"
    world.officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.tell_staff(world.agency_a, (Role.OFFICER,), "有申请人提交了补正", "请查看。")
    assert [m.recipient for m in sent] == ["officer@example.gov.cn"]
    assert mail.outbox[0].to == ["officer@example.gov.cn"]


def test_consultation_extension_and_fee_are_told(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    actions.start_consultation(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 5),
        party_kind="third_party",
        party_name="某公司",
    )
    actions.end_consultation(
        application,
        acting_user=world.officer,
        consultation=application.consultations.get(),
        on=date(2026, 3, 9),
        result="agreed",
    )
    actions.request_extension(application, acting_user=world.officer, days=10, reason="需调档")
    application = actions.approve_extension(
        application, acting_user=world.reviewer, on=date(2026, 3, 10)
    )
    fee_actions.notify_fee(
        application, acting_user=world.officer, on=date(2026, 3, 11), method="per_volume", pages=50
    )
    told = list(Message.objects.about(application).values_list("kind", "body"))
    assert [k for k, _ in told] == ["consultation", "extension", "fee"]
    assert "某公司" not in told[0][1]  # the third party is not named to the applicant
    assert f"延长后的答复期限：{application.due_on}" in told[1][1]
    assert "金额：" in told[2][1] and "元" in told[2][1]
