"""After the answer: the information delivered with it, expiring audited download links,
送达 and the remedy deadlines, corrections of the answer counted once in the report."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import actions, after_actions
from gongkai.applications.models import Service
from gongkai.applications.remedies import add_months, deadlines
from gongkai.audit.models import AuditEvent
from gongkai.reports import compute
from gongkai.workflow import ActionError


def _pdf(name="预算.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 the budget", "application/pdf")


@pytest.fixture
def answered(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    return actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 18),
        outcome="三.二",
        reply="第三页涉及个人隐私，不予公开。",
        files=[_pdf()],
    )


def _verified(client, application):
    return client.post("/apply/status/", {"code": application.code, "digits": "5678"})


def test_the_answer_carries_files_the_letter_names(answered):
    given = answered.delivered.get()
    assert given.name == "预算.pdf" and given.size == len(b"%PDF-1.4 the budget")
    from docx import Document

    letter = answered.letters.get()
    text = "\n".join(p.text for p in Document(letter.file.open("rb")).paragraphs)
    assert "见附件：《预算.pdf》" in text and "第三页涉及个人隐私" in text


def test_a_file_of_the_wrong_type_or_outcome_is_refused(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf")
    with pytest.raises(ActionError):
        actions.answer(
            application,
            acting_user=world.officer,
            on=date(2026, 3, 18),
            outcome="三.一",
            files=[bad],
        )
    with pytest.raises(ActionError, match="只有予以公开或部分公开"):
        actions.answer(
            application,
            acting_user=world.officer,
            on=date(2026, 3, 18),
            outcome="三.四.1",
            files=[_pdf()],
        )
    application.refresh_from_db()
    assert application.status == "processing" and not application.delivered.exists()


def test_disclosed_as_published_cites_the_portals_item(world, register, today, client_for):
    item = world.item("published", title="2025年部门预算")
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    officer = client_for("officer")
    response = officer.post(
        f"/staff/applications/{application.code}/answer/",
        {"on": "2026-03-18", "outcome": "三.一", "published": "no-such-number"},
    )
    assert "门户上没有这个索引号" in response.content.decode()
    response = officer.post(
        f"/staff/applications/{application.code}/answer/",
        {"on": "2026-03-18", "outcome": "三.一", "published": item.index_number},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.published_item == item
    from docx import Document

    text = "\n".join(p.text for p in Document(application.letters.get().file.open("rb")).paragraphs)
    assert item.index_number in text and item.get_absolute_url() in text


def test_the_applicant_downloads_by_expiring_audited_links(
    world, answered, client_for, settings, monkeypatch
):
    client = client_for("anonymous")
    page = _verified(client, answered).content.decode()
    links = re.findall(r'href="(/apply/download/[^"]+)"', page)
    assert len(links) == 2 and "提供的信息" in page and "预算.pdf" in page
    letter_url, file_url = links
    got = client.get(file_url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 the budget"
    assert client.get(letter_url).status_code == 200
    # Foreign (another browser), altered, and expired links: 404.
    assert client_for("anonymous").get(file_url).status_code == 404
    assert client.get(file_url[:-3] + "abc/").status_code == 404
    from django.core import signing

    real = signing.time.time
    monkeypatch.setattr(
        signing.time, "time", lambda: real() + settings.DOWNLOAD_LINK_MINUTES * 60 + 5
    )
    assert client.get(file_url).status_code == 404
    monkeypatch.undo()
    downloads = AuditEvent.objects.filter(action="application.download")
    assert sorted(e.data["kind"] for e in downloads) == ["file", "letter"]
    assert all(e.actor is None and e.data["by"] == "applicant" for e in downloads)
    # Downloading the answer letter served it online, today.
    service = Service.objects.get()
    assert service.method == "online" and service.letter == answered.letters.get()
    staff = client_for("officer").get(answered.get_absolute_url()).content.decode()
    assert "下载记录" in staff and "申请人（网上）" in staff and "信息文件 预算.pdf" in staff
    masked = client_for("reviewer").get(answered.get_absolute_url()).content.decode()
    assert "13812345678" not in masked and "zhang@example.com" not in masked


def test_service_by_post_and_the_remedy_deadlines(world, answered, client_for, today):
    today(date(2026, 3, 24))
    letter = answered.letters.get()
    officer = client_for("officer")
    url = f"/staff/applications/{answered.code}/letters/{letter.code}/service/"
    assert client_for("other_officer").get(url).status_code == 404
    assert client_for("reviewer").get(url).status_code == 403
    page = officer.post(url, {"on": "2026-03-20", "method": "post"}).content.decode()
    assert "邮寄送达请填写邮件单号" in page
    response = officer.post(
        url, {"on": "2026-03-20", "method": "post", "tracking_number": "EMS1234567890"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="application.service").count() == 1
    with pytest.raises(ActionError, match="已登记送达"):
        after_actions.record_service(
            letter,
            acting_user=world.officer,
            on=date(2026, 3, 21),
            method="post",
            tracking_number="x",
        )
    # 60 days from 2026-03-20 is 05-19 (a Tuesday); 6 months is 09-20, a Sunday but a
    # make-up working day of 国庆 2026, so the period ends on it.
    remedies = deadlines(date(2026, 3, 20))
    assert remedies.reconsideration_by == date(2026, 5, 19)
    assert remedies.litigation_by == date(2026, 9, 20)
    staff = officer.get(answered.get_absolute_url()).content.decode()
    assert "EMS1234567890" in staff and "2026-05-19" in staff and "2026-09-20" in staff
    client = client_for("anonymous")
    public = _verified(client, answered).content.decode()
    assert (
        "2026年5月19日" in public and "2026年9月20日" in public and "邮寄送达于2026-03-20" in public
    )


def test_months_end_on_the_corresponding_day_or_the_months_last(db):
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    # 60 days from 2026-08-04 is 10-03, inside 国庆: the period ends on the next working day.
    assert deadlines(date(2026, 8, 4)).reconsideration_by > date(2026, 10, 3)


def test_a_reviewer_corrects_the_answer_counted_once(
    world, answered, client_for, today, django_capture_on_commit_callbacks
):
    today(date(2026, 3, 25))
    before = compute.computed_cells(world.agency_a, 2026)
    assert (before.get("t3/三.二/总计"), before.get("t3/三.一/总计") or 0) == (1, 0)
    url = f"/staff/applications/{answered.code}/correct_answer/"
    assert client_for("officer").get(url).status_code == 403
    reviewer = client_for("reviewer")
    page = reviewer.post(url, {"on": "2026-03-25", "outcome": "三.一", "reason": ""})
    assert (
        "需要填写意见或原因" in page.content.decode() or "这个字段是必填项" in page.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            url,
            {"on": "2026-03-25", "outcome": "三.一", "reason": "第三页不涉及个人隐私，应全部公开"},
        )
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.outcome == "三.一" and answered.status == "answered"
    old, new = answered.letters.order_by("created_at", "id")
    assert old.superseded_at and new.number in old.superseded_reason
    assert new.kind == "三.一" and not new.superseded_at
    assert answered.corrections.get().old_outcome == "三.二"
    after = compute.computed_cells(world.agency_a, 2026)
    assert (after.get("t3/三.二/总计") or 0, after["t3/三.一/总计"]) == (0, 1)
    assert after["t3/三.七/总计"] == before["t3/三.七/总计"] == 1  # counted once
    assert [m.subject.split("（")[0] for m in mail.outbox] == ["答复已更正"]
    public = client_for("anonymous")
    page = _verified(public, answered).content.decode()
    assert "已作废" in page
    audit = AuditEvent.objects.get(action="application.correct_answer")
    assert audit.data["from_outcome"] == "三.二" and audit.comment.startswith("第三页")


def test_the_tracking_page_is_the_applicants_own_page(world, register, today, client_for):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2), info_title="2025年部门预算")
    actions.start_consultation(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 5),
        party_kind="third_party",
        party_name="某某科技有限公司",
    )
    actions.end_consultation(
        application,
        acting_user=world.officer,
        consultation=application.consultations.get(),
        on=date(2026, 3, 10),
        result="agreed",
    )
    client = client_for("anonymous")
    page = re.sub(r"<[^>]+>", "", _verified(client, application).content.decode())
    assert "2025年部门预算" in page and "2025年西工区文化旅游局部门预算及其说明" in page
    assert "电子文件" in page and "电子邮件" in page
    for step in ("2026-03-02 收到申请", "2026-03-05 开始征求意见", "2026-03-10 征求意见结束"):
        assert step in page, step
    assert "某某科技有限公司" not in page  # the third party's name is not the applicant's
    application.refresh_from_db()
    assert f"{application.due_on:%Y-%m-%d}" in page and "个工作日）" in page
