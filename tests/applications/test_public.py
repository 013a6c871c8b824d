"""The portal: applying online, the receipt, and the status page."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.applications import actions
from gongkai.applications.models import Application, StatusLookup
from tests.support import challenge

FORM = {
    "applicant_type": "natural_person",
    "applicant_name": "张建华",
    "id_type": "resident_id",
    "id_number": "410303199003071238",
    "phone": "138 1234 5678",
    "email": "zhang@example.com",
    "address": "河南省洛阳市西工区纱厂南路18号",
    "description": "2025年部门预算及其说明",
    "form_wanted": "electronic",
    "delivery": "email",
    "pledge": "on",
}


def _opened(client, slug="agency-a") -> dict[str, str]:
    """The form opened on the page: its one-time token and the challenge answered."""
    return challenge.answered(client.get(f"/a/{slug}/apply/").content.decode())


def _post(client, slug="agency-a", opened=None, **changes):
    data = {**FORM, **(opened or _opened(client, slug)), **changes}
    return client.post(f"/a/{slug}/apply/", data)


def test_apply_online_and_get_a_tracking_code(world, client_for, today):
    today(date(2026, 3, 7))  # a Saturday
    client = client_for("anonymous")
    form = client.get("/a/agency-a/apply/")
    assert form.status_code == 200 and "自然人（公民个人）" in form.content.decode()
    assert "申请公开" in client.get("/a/agency-a/").content.decode()  # the agency's tab
    pdf = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 test", "application/pdf")
    response = _post(client, attachments=[pdf])
    assert response.status_code == 302 and response["Location"] == "/apply/receipt/"
    application = Application.objects.get()
    assert application.status == "unconfirmed" and application.channel == "online"
    assert application.phone == "13812345678" and application.files.count() == 1
    assert application.due_on is None  # the clock starts when the office confirms
    receipt = client.get("/apply/receipt/").content.decode()
    assert application.code in receipt


def test_the_office_confirms_and_the_clock_starts(world, client_for, today):
    today(date(2026, 3, 7))
    _post(client_for("anonymous"))
    application = Application.objects.get()
    today(date(2026, 3, 9))
    officer = client_for("officer")
    assert (
        application.code in officer.get("/staff/applications/?queue=unconfirmed").content.decode()
    )
    response = officer.post(
        f"/staff/applications/{application.code}/confirm/", {"on": "2026-03-09"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.received_on == date(2026, 3, 9) and application.due_on == date(2026, 4, 7)


def test_identity_numbers_are_checked(world, client_for):
    client = client_for("anonymous")
    page = _post(client, id_number="410303199003071237").content.decode()
    assert "校验位不正确" in page
    page = _post(
        client, applicant_type="commercial", id_number="91350100M000100Y44", contact_name="王经理"
    ).content.decode()
    assert "统一社会信用代码校验位不正确" in page
    page = _post(client, phone="12345", delivery="post", address="").content.decode()
    assert "请填写11位手机号码" in page and "选择邮寄的，请填写通信地址" in page
    assert not Application.objects.exists()
    ok = _post(
        client,
        applicant_type="commercial",
        applicant_name="洛阳某文化有限公司",
        id_number="91350100M000100Y43",
        contact_name="王经理",
    )
    assert ok.status_code == 302
    assert Application.objects.get().id_type == "credit_code"


def test_attachments_are_checked(world, client_for):
    client = client_for("anonymous")
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    page = _post(client, attachments=[fake]).content.decode()
    assert "内容与扩展名“pdf”不符" in page
    exe = SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream")
    assert "类型不被接受" in _post(client, attachments=[exe]).content.decode()
    assert not Application.objects.exists()


def test_double_click_creates_one_application(world, client_for):
    client = client_for("anonymous")
    opened = _opened(client)
    first = _post(client, opened=opened)
    second = _post(client, opened=opened)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1


def _check(client, code, digits):
    return client.post("/apply/status/", {"code": code, "digits": digits})


def test_status_page_needs_code_and_phone_digits(world, register, client_for, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 20),
        outcome="三.一",
        reply="见附件。",
    )
    client = client_for("anonymous")
    unknown = _check(client, "ZZZZZZZZZZ", "5678")
    wrong = _check(client, application.code, "0000")
    assert unknown.status_code == wrong.status_code == 200

    # The same answer for an unknown code and a wrong second factor.
    def strip(response):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return html.replace("ZZZZZZZZZZ", "CODE").replace(application.code, "CODE")

    assert strip(unknown) == strip(wrong)
    assert "没有找到与查询码和手机号码后四位相符的申请" in strip(wrong)
    found = _check(client, application.code.lower(), "5678").content.decode()
    assert "已答复" in found and "予以公开" in found
    url = re.search(r'href="(/apply/download/[^"]+)"', found).group(1)
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"].endswith("document")
    stranger = client_for("anonymous")
    assert stranger.get(url).status_code == 404


def test_status_page_is_rate_limited_in_the_database(world, register, client_for, today, settings):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    settings.STATUS_LOOKUP_CODE_LIMIT = 3
    client = client_for("anonymous")
    for digits in ("0001", "0002", "0003"):
        assert _check(client, application.code, digits).status_code == 200
    # Even the right digits are refused now: the code is locked for the window.
    limited = _check(client, application.code, "5678")
    assert limited.status_code == 429 and "查询失败次数过多" in limited.content.decode()
    # It says when to try again: when the oldest failure leaves the 30-minute window.
    first = StatusLookup.objects.filter(code=application.code).order_by("at").first().at
    again = timezone.localtime(first + timedelta(minutes=30))
    assert f"请于 {again:%Y年%-m月%-d日 %H:%M} 之后再试" in limited.content.decode()
    # Unknown codes are limited the same way, so the limit reveals nothing either.
    for digits in ("0001", "0002", "0003"):
        _check(client, "ABCDEFGHJK", digits)
    assert _check(client, "ABCDEFGHJK", "0004").status_code == 429
    settings.STATUS_LOOKUP_LIMIT = 6  # failures per address (6 so far), whatever the codes
    assert _check(client, "QQQQQQQQQQ", "1111").status_code == 429
    assert StatusLookup.objects.filter(succeeded=False).count() == 6  # refusals are not attempts


def test_a_resent_form_with_other_content_is_not_lost(world, client_for):
    client = client_for("anonymous")
    opened = _opened(client)
    assert _post(client, opened=opened).status_code == 302
    page = _post(client, opened=opened, description="另一项信息").content.decode()
    assert "这份申请表已经提交过" in page and "重新打开申请页面" in page
    assert Application.objects.count() == 1
