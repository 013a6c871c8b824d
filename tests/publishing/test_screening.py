"""The automatic screening at review: it runs (as a job) when a draft is submitted and
when an attachment changes; what it finds is listed with its place; an error blocks
approval until masked, a warning until a reviewer acknowledges it with a reason; one
click masks a finding in the body or replaces a Word or Excel attachment by a masked
copy, which then screens clean; the agency's own words are flagged."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.audit.models import AuditEvent
from gongkai.publishing import actions, screening_actions, screening_jobs
from gongkai.publishing.models import Finding, Item
from gongkai.publishing.screening_jobs import blocking
from gongkai.workflow import ActionError
from tests.scans import needs_tesseract
from tests.screening.documents import (
    INVALID_IDS,
    SCANNED_MOBILE,
    VALID_IDS,
    on_request_notice_docx,
    penalty_list_xlsx,
    scanned_list_pdf,
)
from tests.support.personas import ALL_CONFIRMED

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(world, body="现将有关事项通知如下。", attachments=()):
    item = world.item("draft", body=body)
    for name, data, kind in attachments:
        actions.add_attachment(
            item, SimpleUploadedFile(name, data, kind), acting_user=world.officer
        )
    return item


def _submitted(world, **kwargs) -> Item:
    item = _draft(world, **kwargs)
    return actions.submit_item(item, acting_user=world.officer)


def _approve(world, item):
    return actions.approve_item(
        Item.objects.get(pk=item.pk), acting_user=world.reviewer, answers=ALL_CONFIRMED
    )


def test_a_clean_item_is_screened_at_submission_and_may_be_approved(world):
    item = _submitted(world)
    assert item.screening.state == "done" and item.screening.job.state == "done"
    assert not item.findings.exists()
    assert _approve(world, item).status == "approved"


def test_an_id_number_in_the_body_blocks_approval_until_masked_by_one_click(world, client_for):
    body = f"<p>经查，当事人张伟（身份证号码{VALID_IDS[0]}）未按规定设置消防安全标志。</p>"
    item = _submitted(world, body=body)
    finding = item.findings.get()
    assert (finding.rule, finding.severity, finding.place) == ("PII-ID", "error", "正文 第1段")
    assert VALID_IDS[0] not in finding.message  # the personal data is not repeated
    with pytest.raises(ActionError, match="必须处理的问题"):
        _approve(world, item)

    page = client_for("reviewer").get(item.get_staff_url()).content.decode()
    assert "正文 第1段" in page and "必须处理" in page and VALID_IDS[0][:3] in page

    response = client_for("reviewer").post(
        f"/staff/items/{item.code}/screening/mask/", {"finding": finding.pk}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert VALID_IDS[0] not in item.body and VALID_IDS[0][:3] + "*" in item.body
    assert item.screening.state == "done" and not item.findings.exists()
    assert AuditEvent.objects.filter(action="item.mask", data__rule="PII-ID").exists()
    assert _approve(world, item).status == "approved"


def test_the_penalty_list_flags_five_valid_ids_in_their_cells_and_its_masked_copy_is_clean(
    world, client_for
):
    item = _submitted(world, attachments=[("行政处罚公示名单.xlsx", penalty_list_xlsx(), XLSX)])
    findings = list(item.findings.filter(rule="PII-ID"))
    assert [f.location["cell"] for f in findings] == ["C2", "C3", "C4", "C5", "C6"]
    assert findings[0].place == "行政处罚公示名单.xlsx 工作表“公示名单” C2"
    assert all(f.attachment.name == "行政处罚公示名单.xlsx" for f in findings)
    with pytest.raises(ActionError):
        _approve(world, item)

    page = client_for("reviewer").get(item.get_staff_url()).content.decode()
    assert "为“行政处罚公示名单.xlsx”生成遮盖副本" in page
    original = item.attachments.get()
    response = client_for("reviewer").post(
        f"/staff/items/{item.code}/attachments/{original.code}/mask/"
    )
    assert response.status_code == 302
    copy = item.attachments.get()
    assert copy.name == "行政处罚公示名单（已遮盖）.xlsx" and copy.pk != original.pk
    sheet = load_workbook(BytesIO(copy.file.read()))["公示名单"]
    cells = [sheet[f"C{row}"].value for row in range(2, 12)]
    assert all(number not in cells for number in VALID_IDS)
    assert cells[5:] == INVALID_IDS  # invalid numbers are not personal data: left alone
    item.refresh_from_db()
    assert item.screening.state == "done" and not item.findings.exists()
    assert _approve(world, item).status == "approved"


def test_a_warning_needs_an_acknowledgement_with_a_reason(world, client_for):
    item = _submitted(world, attachments=[("巡查情况通报.docx", on_request_notice_docx(), DOCX)])
    rules = {f.rule: f for f in item.findings.all()}
    assert set(rules) == {"DISCLOSE-ON-REQUEST", "PII-ID", "PII-MOBILE"}
    mark = rules["DISCLOSE-ON-REQUEST"]
    assert mark.severity == "warning" and mark.place == "巡查情况通报.docx 第2段"
    # The Word file is masked; the mark stays and needs the reviewer's word.
    actions_copy = screening_actions.mask_attachment(
        item.attachments.get(), acting_user=world.officer
    )
    item.refresh_from_db()
    assert {f.rule for f in item.findings.all()} == {"DISCLOSE-ON-REQUEST"}
    assert "（已遮盖）" in actions_copy.name
    with pytest.raises(ActionError, match="尚未确认"):
        _approve(world, item)

    finding = item.findings.get()
    url = f"/staff/items/{item.code}/screening/acknowledge/"
    client_for("reviewer").post(url, {"finding": finding.pk, "reason": "  "})
    finding.refresh_from_db()
    assert finding.acknowledged_at is None
    assert (
        client_for("officer").post(url, {"finding": finding.pk, "reason": "x"}).status_code == 403
    )
    client_for("reviewer").post(
        url, {"finding": finding.pk, "reason": "经请示，本通报可以主动公开"}
    )
    finding.refresh_from_db()
    assert finding.acknowledged_by == world.reviewer and "主动公开" in finding.reason
    event = AuditEvent.objects.get(action="item.screening_acknowledge")
    assert event.actor == world.reviewer and event.comment == "经请示，本通报可以主动公开"
    assert _approve(world, item).status == "approved"


def test_an_acknowledgement_survives_screening_again_and_an_error_cannot_be_acknowledged(world):
    item = _submitted(world, body="<p>咨询电话：139-1234-5678。</p><p>机密★</p>")
    mobile = item.findings.get(rule="PII-MOBILE")
    screening_actions.acknowledge(mobile, acting_user=world.reviewer, reason="单位服务电话")
    with pytest.raises(ActionError, match="不能确认放行"):
        screening_actions.acknowledge(
            item.findings.get(rule="SECRET-CLASSIFIED"), acting_user=world.reviewer, reason="x"
        )
    screening_actions.screen_again(item, acting_user=world.reviewer)
    again = item.findings.get(rule="PII-MOBILE")
    assert again.pk != mobile.pk and again.reason == "单位服务电话"
    assert "必须处理" in blocking(item)


def test_an_attachment_change_screens_again_and_the_agency_words_count(world, client_for):
    response = client_for("admin").post(
        f"/staff/a/{world.agency_a.slug}/words/", {"word": "凤凰工程", "severity": "error"}
    )
    assert response.status_code == 302
    assert client_for("officer").get(f"/staff/a/{world.agency_a.slug}/words/").status_code == 403
    item = _submitted(world)
    assert not item.findings.exists()
    actions.return_item(item, acting_user=world.reviewer, comment="请补充附件")
    actions.add_attachment(
        Item.objects.get(pk=item.pk),
        SimpleUploadedFile("说明.txt", "本项目即凤凰工程二期。".encode(), "text/plain"),
        acting_user=world.officer,
    )
    finding = item.findings.get()
    assert (finding.rule, finding.severity, finding.place) == (
        "AGENCY-WORD",
        "error",
        "说明.txt 第1行",
    )
    assert item.attachments.get().text == "本项目即凤凰工程二期。"
    actions.remove_attachment(item.attachments.get(), acting_user=world.officer)
    assert not item.findings.exists()


def test_an_unreadable_attachment_must_be_checked_by_a_person(world):
    item = _submitted(
        world, attachments=[("旧格式.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 600, "application/msword")]
    )
    finding = item.findings.get()
    assert finding.rule == "SCREEN-UNREADABLE" and finding.severity == "warning"
    assert "旧版" in finding.message
    assert item.attachments.get().text_source == "none"


def test_approval_waits_for_a_screening_still_queued(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    item = _submitted(world)
    assert item.screening.state == "pending" and item.screening.job.state == "queued"
    with pytest.raises(ActionError, match="尚未完成"):
        _approve(world, item)


@needs_tesseract
def test_a_scanned_list_is_read_by_ocr_and_its_phone_number_found(world, tmp_path, monkeypatch):
    item = _submitted(
        world, attachments=[("志愿者名单.pdf", scanned_list_pdf(tmp_path), "application/pdf")]
    )
    attachment = item.attachments.get()
    assert attachment.text_source == "ocr" and "志愿者" in attachment.text
    finding = Finding.objects.get(item=item, rule="PII-MOBILE")
    assert finding.attachment == attachment
    assert finding.location["page"] == 1 and "第1页" in finding.place
    assert SCANNED_MOBILE not in finding.message
    # Screened again (a new word in the list): what OCR read is kept, not read again.
    screening_actions.add_word(
        world.agency_a, acting_user=world.admin, word="志愿者", severity="warning"
    )
    monkeypatch.setattr(screening_jobs, "segments_of", _no_second_reading)
    screening_actions.screen_again(item, acting_user=world.reviewer)
    rules = sorted(item.findings.values_list("rule", flat=True))
    assert "PII-MOBILE" in rules and "AGENCY-WORD" in rules


def _no_second_reading(*args, **kwargs):
    raise AssertionError("the scan was read again")


def test_published_items_are_screened_again_and_the_disclosure_office_told(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    item = world.item("published", body="<p>本项目即凤凰工程二期。</p>")
    world.item("published", agency=world.agency_b, body="<p>与本局无关。</p>")
    world.admin.email = "admin@xg.gov.cn"
    world.admin.save()
    screening_actions.add_word(
        world.agency_a, acting_user=world.admin, word="凤凰工程", severity="error"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rescreen_published", "--agency", world.agency_a.slug, stdout=StringIO())
    finding = item.findings.get()
    assert (finding.rule, finding.place) == ("AGENCY-WORD", "正文 第1段")
    [mail] = mailoutbox
    assert mail.to == ["admin@xg.gov.cn"] and item.title in mail.body and "正文 第1段" in mail.body
    # Kept in the notification store, sent once, like every other staff message.
    from gongkai.notify.models import Message

    assert Message.objects.get(kind="rescreen_published").status == "sent"
    panel = client_for("publisher").get("/staff/").content.decode()
    assert "已公开信息自动检查发现问题（1）" in panel


def _publish(world, item):
    item = _approve(world, item)
    return actions.publish_item(item, acting_user=world.publisher)


def test_a_word_only_in_an_attachment_finds_the_item_and_names_the_attachment(world, client_for):
    text = "附表列出了全区古树名木的树种、树龄和养护责任单位。".encode()
    item = _submitted(world, attachments=[("古树名木名录.txt", text, "text/plain")])
    anonymous = client_for("anonymous")
    assert item.code not in anonymous.get("/search/", {"q": "古树名木"}).content.decode()
    _publish(world, item)
    page = anonymous.get("/search/", {"q": "古树名木"}).content.decode()
    assert item.code in page and "见附件“古树名木名录.txt”" in page
    # A word in the body is shown from the body, with no attachment named.
    page = anonymous.get("/search/", {"q": "事项"}).content.decode()
    assert item.code in page and "见附件" not in page


@needs_tesseract
def test_a_scanned_attachment_is_searchable_once_published(world, client_for, tmp_path):
    item = _submitted(
        world, attachments=[("志愿者名单.pdf", scanned_list_pdf(tmp_path), "application/pdf")]
    )
    screening_actions.acknowledge(
        item.findings.get(rule="PII-MOBILE"), acting_user=world.reviewer, reason="志愿者同意公开"
    )
    _publish(world, item)
    page = client_for("anonymous").get("/search/", {"q": "志愿者"}).content.decode()
    assert item.code in page and "见附件“志愿者名单.pdf”" in page


def test_only_a_reviewer_acknowledges_before_publication(world):
    item = _submitted(world, body="<p>咨询电话：139-1234-5678。</p>")
    with pytest.raises(PermissionDenied):
        screening_actions.acknowledge(
            item.findings.get(), acting_user=world.publisher, reason="服务电话"
        )


def test_the_review_page_refuses_approval_and_says_why(world, client_for):
    item = _submitted(world, attachments=[("行政处罚公示名单.xlsx", penalty_list_xlsx(), XLSX)])
    reviewer = client_for("reviewer")
    url = f"/staff/items/{item.code}/review/"
    assert "自动保密检查发现5处必须处理的问题" in reviewer.get(url).content.decode()
    form = {"decision": "approve", **{f"check_{key}": "on" for key in ALL_CONFIRMED}}
    page = reviewer.post(url, form).content.decode()
    assert "请遮盖或删除后再审核" in page
    assert Item.objects.get(pk=item.pk).status == "submitted"


def test_the_item_list_filters_items_with_open_findings(world, client_for):
    flagged = _submitted(world, body=f"<p>身份证号码{VALID_IDS[2]}</p>")
    clean = _submitted(world)
    page = client_for("reviewer").get("/staff/items/", {"flagged": "on"}).content.decode()
    assert flagged.get_staff_url() in page and clean.get_staff_url() not in page
