"""补正 online: the tracking page shows what to correct and takes the applicant's reply
(text and files), which restarts the clock, tells the officers and is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import actions, applicant_actions
from gongkai.applications.models import OnlineApplicant
from gongkai.audit.models import AuditEvent
from gongkai.workflow import ActionError


@pytest.fixture
def asked(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    return actions.request_correction(
        application, acting_user=world.officer, on=date(2026, 3, 5), items="请写明预算年度"
    )


def _verified(client, application):
    client.post("/apply/status/", {"code": application.code, "digits": "5678"})
    return client


def test_the_applicant_answers_the_correction_online(
    world, asked, today, client_for, django_capture_on_commit_callbacks
):
    world.officer.email = "officer@example.gov.cn"
    world.officer.save()
    today(date(2026, 3, 16))
    client = _verified(client_for("anonymous"), asked)
    page = client.get(f"/apply/status/?code={asked.code}").content.decode()
    assert "补正申请" in page and "请写明预算年度" in page and "2026年3月26日" in page
    assert "补正告知书" in page  # the letter, to download
    scan = SimpleUploadedFile("预算年度说明.pdf", b"%PDF-1.4 reply", "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/apply/status/{asked.code}/correct/",
            {"text": "申请2025年度预算", "attachments": [scan]},
        )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "processing" and asked.due_on == date(2026, 4, 14)
    event = asked.events.get(kind="correction_received")
    assert event.on == date(2026, 3, 16) and "申请2025年度预算" in event.note
    assert event.created_by is None
    assert asked.files.get().name == "预算年度说明.pdf"
    audit = AuditEvent.objects.get(action="application.reply_correction")
    assert audit.actor is None and audit.from_state == "awaiting_correction"
    assert [m.to for m in mail.outbox if "在线补正" in m.subject] == [["officer@example.gov.cn"]]
    detail = client_for("officer").get(asked.get_absolute_url()).content.decode()
    assert "申请人在线补正：申请2025年度预算" in detail and "预算年度说明.pdf" in detail
    desk = client_for("officer").get("/staff/applications/?queue=open").content.decode()
    assert "申请人3月16日在线补正" in desk
    assert "补正申请" not in client.get(f"/apply/status/?code={asked.code}").content.decode()


def test_only_the_verified_visitor_may_reply(world, asked, client_for):
    client = client_for("anonymous")
    response = client.post(f"/apply/status/{asked.code}/correct/", {"text": "x"})
    assert response.status_code == 404
    asked.refresh_from_db()
    assert asked.status == "awaiting_correction"


def test_an_empty_reply_or_a_bad_file_is_refused(world, asked, client_for):
    client = _verified(client_for("anonymous"), asked)
    page = client.post(f"/apply/status/{asked.code}/correct/", {"text": " "})
    assert page.status_code == 400 and "请填写补正内容或上传补正材料" in page.content.decode()
    bad = SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")
    page = client.post(f"/apply/status/{asked.code}/correct/", {"attachments": [bad]})
    assert page.status_code == 400
    asked.refresh_from_db()
    assert asked.status == "awaiting_correction" and not asked.files.exists()


def test_the_applicant_acts_only_on_their_own_application(world, asked, register):
    other = register(date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        applicant_actions.reply_correction(asked, acting_user=OnlineApplicant(other.code), text="x")
    with pytest.raises(ActionError, match="不能"):
        applicant_actions.reply_correction(other, acting_user=OnlineApplicant(other.code), text="x")


def test_a_correction_is_asked_once(world, asked, today):
    today(date(2026, 3, 9))
    application = applicant_actions.reply_correction(
        asked, acting_user=OnlineApplicant(asked.code), text="申请2025年度预算"
    )
    with pytest.raises(ActionError) as refused:
        actions.request_correction(
            application, acting_user=world.officer, on=date(2026, 3, 9), items="再补充"
        )
    assert "一次" in refused.value.message and "第三十条" in refused.value.message
