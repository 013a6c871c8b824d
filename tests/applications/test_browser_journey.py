"""The applicant's whole journey online, in real Chromium: apply from the home page (Back +
提交 keeps one application), the confirmation email, a 补正 answered online with a file,
the answer with a disclosed file and its email, the downloads from the tracking page
(which serve the letter online), the remedy deadlines from that 送达, and a reviewer's
correction of the outcome, told to the applicant again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.agencies.models import Membership, Role
from gongkai.applications.models import Application, Service
from gongkai.applications.remedies import deadlines
from gongkai.audit.models import AuditEvent
from tests.support.browser import browser, login  # noqa: F401  (the module's Chromium fixture)
from tests.support.personas import build_world

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(transactional_db):
    world = build_world()
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    return world


def _subjects():
    return [m.subject.split("（")[0] for m in mail.outbox]


def test_the_whole_journey_online(browser, live_server, world, tmp_path):  # noqa: F811
    mail.outbox.clear()
    citizen = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    citizen.goto(f"{live_server.url}/")
    citizen.get_by_role("link", name="申请公开政府信息").click()
    citizen.get_by_role("link", name=f"向{world.agency_a.name}在线申请").click()
    citizen.get_by_text("个人信息保护说明").wait_for()
    citizen.get_by_label("申请人类型").select_option("natural_person")
    citizen.get_by_label("姓名或名称").fill("张建华")
    citizen.get_by_label("证件类型").select_option("resident_id")
    citizen.get_by_label("证件号码或统一社会信用代码").fill("410303199003071238")
    citizen.get_by_label("联系电话").fill("13812345678")
    citizen.get_by_label("电子邮箱").fill("zhang@example.com")
    citizen.get_by_label("所需信息的内容描述").fill("西工区文化旅游局关于景区门票价格的文件")
    citizen.get_by_label("电子文件").check()
    citizen.get_by_label("电子邮件", exact=True).check()
    citizen.get_by_label("我承诺以上信息真实有效").check()
    citizen.get_by_role("button", name="提交申请").click()
    citizen.get_by_role("heading", name="申请已提交").wait_for()
    code = citizen.locator(".tracking-code").inner_text()

    # Back, and 提交 again: the first application's receipt, not a second application.
    citizen.go_back()
    citizen.get_by_role("button", name="提交申请").wait_for()
    citizen.get_by_role("button", name="提交申请").click()
    citizen.get_by_role("heading", name="申请已提交").wait_for()
    assert citizen.locator(".tracking-code").inner_text() == code
    assert Application.objects.count() == 1

    officer = login(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/staff/applications/{code}/")
    officer.get_by_role("link", name="确认收到申请").click()
    officer.get_by_role("button", name="确认收到申请").click()
    officer.get_by_text("已确认收到，答复期限").wait_for()
    assert _subjects() == ["申请已确认收到"]
    assert mail.outbox[0].to == ["zhang@example.com"] and code in mail.outbox[0].body

    officer.get_by_role("link", name="告知补正").click()
    officer.get_by_label("需要补正的事项").fill("请写明文件的年份或文号。")
    officer.get_by_role("button", name="告知补正").click()
    officer.get_by_text("已告知补正，补正告知书已生成").wait_for()
    assert _subjects()[-1] == "请补正申请"

    # The citizen answers the 补正 online, with a file.
    citizen.goto(f"{live_server.url}/apply/status/")
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_label("申请时填写的手机号码后四位").fill("5678")
    citizen.get_by_role("button", name="查询").click()
    citizen.get_by_text("请写明文件的年份或文号。").wait_for()
    scan = tmp_path / "补充说明.pdf"
    scan.write_bytes(b"%PDF-1.4 2025 ticket prices")
    citizen.get_by_label("补正内容").fill("2025年印发的景区门票价格文件。")
    citizen.get_by_label("补正材料（可选）").set_input_files(str(scan))
    citizen.get_by_role("button", name="提交补正").click()
    citizen.get_by_text("补正已提交，答复期限自今日起重新计算。").wait_for()
    application = Application.objects.get()
    assert application.status == "processing" and application.files.get().name == "补充说明.pdf"

    # The officer answers, delivering the information as a file.
    officer.goto(f"{live_server.url}/staff/applications/?queue=open")
    officer.get_by_text("在线补正").wait_for()
    officer.goto(f"{live_server.url}/staff/applications/{code}/")
    officer.get_by_role("link", name="答复", exact=True).click()
    officer.get_by_label("办理结果").select_option("三.二")
    officer.get_by_label("答复说明").fill(
        "文件中的企业报价涉及商业秘密，不予公开；其余内容见附件。"
    )
    disclosed = tmp_path / "门票价格文件.pdf"
    disclosed.write_bytes(b"%PDF-1.4 the prices")
    officer.get_by_label("提供的信息（文件，可选）").set_input_files(str(disclosed))
    officer.get_by_role("button", name="答复").click()
    officer.get_by_text("已答复，答复告知书已生成").wait_for()
    assert _subjects()[-1] == "申请已答复"

    # The citizen downloads the file and the letter; the letter is served online today.
    citizen.goto(f"{live_server.url}/apply/status/?code={code}")
    with citizen.expect_download() as got:
        citizen.get_by_role("link", name="门票价格文件.pdf").click()
    assert Path(got.value.path()).read_bytes() == b"%PDF-1.4 the prices"
    with citizen.expect_download() as got:
        citizen.get_by_role("link", name="政府信息公开申请答复告知书").click()
    assert got.value.suggested_filename.endswith(".docx")
    assert Service.objects.get().method == "online"
    citizen.reload()
    remedies = deadlines(timezone.localdate())
    text = citizen.locator(".status-card").inner_text()
    by = remedies.reconsideration_by
    assert f"{by.year}年{by.month}月{by.day}日" in text
    by = remedies.litigation_by
    assert f"{by.year}年{by.month}月{by.day}日" in text
    assert AuditEvent.objects.filter(action="application.download").count() == 2

    # A reviewer corrects the outcome; the applicant is told again.
    reviewer = login(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/staff/applications/{code}/")
    reviewer.get_by_role("link", name="更正答复").click()
    reviewer.get_by_label("更正后的办理结果").select_option("三.一")
    reviewer.get_by_label("更正理由").fill("企业报价已由企业同意公开，应全部公开。")
    reviewer.get_by_role("button", name="更正答复").click()
    reviewer.get_by_text("答复已更正，更正后的告知书已生成").wait_for()
    assert _subjects()[-1] == "答复已更正"
    citizen.reload()
    assert "已作废" in citizen.locator(".status-card").inner_text()
    application.refresh_from_db()
    assert application.outcome == "三.一"
