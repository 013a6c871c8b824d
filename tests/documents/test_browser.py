"""Journeys in real Chromium: registering a document, and the public finding a normative
document in force, its 解读 and back."""

from __future__ import annotations

import pytest

from gongkai.documents.models import Document
from tests.support.browser import browser, login, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_register_then_find_the_document_and_its_interpretation(browser, live_server, world):  # noqa: F811
    officer = login(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/staff/documents/")
    officer.get_by_role("link", name="为区文旅局登记公文").first.click()
    officer.get_by_label("文种").select_option(label="请示")
    officer.get_by_label("标题", exact=True).fill("关于申请文化惠民专项资金的请示")
    officer.get_by_label("成文日期").fill("2026-10-09")
    officer.get_by_label("发文机关").fill("西工区文化旅游局")
    officer.get_by_label("公开属性").select_option(label="不予公开")
    officer.get_by_role("button", name="保存").click()
    officer.get_by_text("登记为“不予公开”须写明理由。").wait_for()
    officer.get_by_label("不公开或依申请公开的理由").fill("内部请示，属过程性信息")
    officer.get_by_label("法律依据").fill("条例第十六条第二款")
    officer.get_by_role("button", name="保存").click()
    officer.get_by_text("已登记。").wait_for()
    assert Document.objects.get().attribute == "withheld"

    doc = world.item(
        "published",
        title="西工区文化市场经营场所管理办法",
        doc_kind="normative",
        category=world.normative_a,
    )
    from gongkai.documents import actions

    actions.register_published(doc, acting_user=world.officer, topic="文化市场")
    page = browser.new_page()
    page.goto(f"{live_server.url}/a/{world.agency_a.slug}/")
    page.get_by_role("link", name="现行有效文件").click()
    page.get_by_role("link", name="西工区文化市场经营场所管理办法").click()
    page.get_by_role("link", name="《西工区文化市场经营场所管理办法》政策解读").click()
    page.get_by_text("的解读（文字解读").wait_for()
    page.get_by_role("link", name="《西工区文化市场经营场所管理办法》").click()
    page.get_by_role("heading", name="西工区文化市场经营场所管理办法").wait_for()
