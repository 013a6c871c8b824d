"""The search journey in real Chromium: the help line, OR, advanced search, a 索引号
that opens its document, and a page with suggestions when nothing is found."""

from __future__ import annotations

import pytest

from tests.support.browser import browser, world  # noqa: F401

pytestmark = pytest.mark.browser


def test_search_journey(browser, live_server, world):  # noqa: F811
    notice = world.item("published", title="文化市场综合执法检查通报", topic="11")
    world.item("published", title="旅游景区安全提示")
    page = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900}).new_page()
    page.goto(f"{live_server.url}/search/")
    assert "OR" in page.locator("#search-help").inner_text()
    page.get_by_label("关键词").fill("文化 OR 旅游")
    page.get_by_role("button", name="检索").click()
    assert "共找到 2 条" in page.locator(".result-count").inner_text()
    page.get_by_text("高级检索").click()
    page.get_by_label("主题分类").select_option(label="文化、广电、新闻出版")
    page.get_by_role("button", name="检索").click()
    assert "共找到 1 条" in page.locator(".result-count").inner_text()
    assert page.get_by_label("主题分类").input_value() == "11"
    page.get_by_label("关键词").fill(notice.index_number)
    page.get_by_label("关键词").press("Enter")
    page.wait_for_url(f"{live_server.url}{notice.get_absolute_url()}")
    page.goto(f"{live_server.url}/search/?q=文化节庆xyzzy")
    page.get_by_role("link", name="文化", exact=True).click()
    assert "共找到 2 条" in page.locator(".result-count").inner_text()  # the body has it too
    page.get_by_text("高级检索").click()
