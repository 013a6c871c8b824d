"""The public journey of an application in real Chromium: a citizen applies online, the
officer confirms it, asks for a correction, receives it (the clock restarts), answers
with partial disclosure, and the letter downloads as a Word file."""

from __future__ import annotations

import io
import os

import pytest
from django.utils import timezone
from docx import Document

from gongkai.agencies.models import Membership, Role
from gongkai.applications.models import Application
from gongkai.holidays import calendar
from tests.support import challenge
from tests.support.browser import browser, login  # noqa: F401  (the module's Chromium fixture)
from tests.support.personas import build_world

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(transactional_db):
    world = build_world()
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    return world


def test_apply_correct_answer_download(browser, live_server, world):  # noqa: F811
    citizen = browser.new_context(locale="zh-CN").new_page()
    citizen.goto(f"{live_server.url}/a/{world.agency_a.slug}/")
    citizen.get_by_role("link", name="申请公开").click()
    citizen.get_by_label("申请人类型").select_option("natural_person")
    citizen.get_by_label("姓名或名称").fill("张建华")
    citizen.get_by_label("证件类型").select_option("resident_id")
    citizen.get_by_label("证件号码或统一社会信用代码").fill("410303199003071237")  # a typo
    citizen.get_by_label("联系电话").fill("13812345678")
    citizen.get_by_label("所需信息的内容描述").fill("西工区文化旅游局关于景区门票价格的文件")
    citizen.get_by_label("电子文件").check()
    citizen.get_by_label("在本平台查询下载").check()
    citizen.get_by_label("我承诺以上信息真实有效").check()
    asked = citizen.locator("label[for=id_challenge_answer]")
    if asked.count():  # after repeated submissions from one address: read, work out
        question = asked.inner_text()
        citizen.get_by_label(question).fill(str(challenge.solve(question)))
    citizen.get_by_role("button", name="提交申请").click()
    citizen.get_by_text("居民身份证号码校验位不正确").wait_for()
    citizen.get_by_label("证件号码或统一社会信用代码").fill("410303199003071238")
    citizen.get_by_label("我承诺以上信息真实有效").check()
    citizen.get_by_role("button", name="提交申请").dblclick()  # impatient: one application
    citizen.get_by_role("heading", name="申请已提交").wait_for()
    code = citizen.locator(".tracking-code").inner_text()
    assert Application.objects.count() == 1 and Application.objects.get().code == code

    officer = login(browser, live_server, "officer")
    officer.get_by_role("link", name="依申请公开").first.click()
    officer.get_by_role("link", name="待确认收到").click()
    officer.get_by_role("link", name=code).click()
    officer.get_by_role("link", name="确认收到申请").click()
    officer.get_by_role("button", name="确认收到申请").click()
    officer.get_by_text("已确认收到，答复期限").wait_for()

    officer.get_by_role("link", name="告知补正").click()
    officer.get_by_label("需要补正的事项").fill("请写明文件的年份或文号。")
    officer.get_by_role("button", name="告知补正").click()
    officer.get_by_text("已告知补正").wait_for()
    assert "等待补正" in officer.locator(".clock-box").inner_text()

    officer.get_by_role("link", name="收到补正").click()
    officer.get_by_label("补正内容摘要").fill("申请人补充：2025年印发的门票价格文件。")
    officer.get_by_role("button", name="收到补正").click()
    officer.get_by_text("答复期限重新起算").wait_for()
    today = timezone.localdate()
    due = calendar.add_working_days(today, 20).due
    clock = officer.locator(".clock-box").inner_text()
    assert f"{due.year}年{due.month}月{due.day}日" in clock
    assert f"{today}收到补正后的申请，重新起算" in clock

    officer.get_by_role("link", name="答复", exact=True).click()
    officer.get_by_label("办理结果").select_option("三.二")
    officer.get_by_label("答复说明").fill(
        "文件附件中的企业报价涉及商业秘密，不予公开；其余内容见附件。"
    )
    officer.get_by_role("button", name="答复").click()
    officer.get_by_text("已答复，答复告知书已生成").wait_for()
    application = Application.objects.get()
    assert (application.status, application.outcome) == ("answered", "三.二")

    letter = application.letters.get(kind="三.二")
    with officer.expect_download() as download:
        officer.get_by_role("link", name=letter.number).click()
    saved = download.value
    assert saved.suggested_filename.endswith(".docx")
    with open(saved.path(), "rb") as f:
        text = "\n".join(p.text for p in Document(io.BytesIO(f.read())).paragraphs)
    assert "政府信息公开申请答复告知书" in text and "第三十七条" in text
    assert "涉及商业秘密，不予公开" in text and "张建华：" in text

    # The citizen follows it with the code and the phone's last four digits.
    citizen.goto(f"{live_server.url}/apply/status/")
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_label("申请时填写的手机号码后四位").fill("5678")
    citizen.get_by_role("button", name="查询").click()
    citizen.get_by_text("部分公开（区分处理）", exact=True).wait_for()
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="政府信息公开申请答复告知书").click()
    assert download.value.suggested_filename.endswith(".docx")
