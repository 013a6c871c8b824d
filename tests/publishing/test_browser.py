"""Journeys in real Chromium (Debian's), against the live test server.

Run with `make test-browser`; never part of `make test`.
"""

from __future__ import annotations

import pytest

from gongkai.publishing.models import Item
from tests.support.browser import browser, login, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_staff_journey_from_draft_to_search(browser, live_server, world):  # noqa: F811
    officer = login(browser, live_server, "officer")
    officer.get_by_role("link", name="新建信息").first.click()
    officer.get_by_label("标题").fill("关于举办2024年非遗展演月活动的通知")
    officer.get_by_label("分类", exact=True).select_option(label="其他文件")
    officer.get_by_label("文号").fill("西文旅〔2024〕9号")
    officer.get_by_label("发文日期").fill("2024-05-06")
    officer.get_by_label("正文").fill("为展示非物质文化遗产保护成果，定于五月举办展演月活动。")
    officer.get_by_role("button", name="保存草稿").click()
    officer.get_by_text("草稿已保存").wait_for()
    officer.get_by_role("button", name="提交审核").click()
    officer.get_by_text("已提交审核").wait_for()
    code = Item.objects.get(title__contains="非遗展演月").code

    reviewer = login(browser, live_server, "reviewer")
    reviewer.get_by_role("link", name="关于举办2024年非遗展演月活动的通知").click()
    reviewer.get_by_role("link", name="审核（含保密审查）").click()
    reviewer.get_by_label("退回修改").check()
    reviewer.get_by_label("审核意见").fill("请写明活动地点。")
    reviewer.get_by_role("button", name="提交审核结论").click()
    reviewer.get_by_text("已退回编辑修改").wait_for()

    officer.goto(f"{live_server.url}/staff/")
    officer.get_by_role("link", name="关于举办2024年非遗展演月活动的通知").click()
    officer.get_by_text("请写明活动地点。").first.wait_for()
    officer.get_by_role("link", name="修改", exact=True).click()
    officer.get_by_label("正文").fill(
        "为展示非物质文化遗产保护成果，定于五月在西工区文化馆举办展演月活动。"
    )
    officer.get_by_role("button", name="保存草稿").click()
    officer.get_by_role("button", name="提交审核").click()
    officer.get_by_text("已提交审核").wait_for()

    reviewer.goto(f"{live_server.url}/staff/items/{code}/review/")
    reviewer.get_by_label("通过，可以发布").check()
    reviewer.get_by_role("button", name="提交审核结论").click()
    reviewer.get_by_text("保密审查未全部确认").wait_for()  # the checklist is not optional
    for box in reviewer.locator("fieldset input[type=checkbox]").all():
        box.check()
    reviewer.get_by_label("通过，可以发布").check()
    reviewer.get_by_role("button", name="提交审核结论").click()
    reviewer.get_by_text("审核通过，等待发布").wait_for()

    publisher = login(browser, live_server, "publisher")
    publisher.get_by_role("link", name="关于举办2024年非遗展演月活动的通知").click()
    publisher.get_by_role("button", name="发布到门户").click()
    publisher.get_by_text("已发布，索引号").wait_for()

    public = browser.new_context().new_page()
    public.goto(live_server.url)
    public.get_by_label("搜索全部公开信息").fill("文化馆")
    public.get_by_role("button", name="搜索").last.click()
    public.locator("mark", has_text="文化馆").first.wait_for()
    public.get_by_role("link", name="关于举办2024年非遗展演月活动的通知").click()
    item = Item.objects.get(code=code)
    assert public.locator("table.metadata").inner_text().count(item.index_number) == 1
    assert "西工区文化馆" in public.locator(".prose").inner_text()


def test_public_journey(browser, live_server, world):  # noqa: F811
    world.item(
        "published",
        title="西工区文化旅游局2024年部门预算公开",
        body="本部门2024年预算收入和支出情况如下。",
    )
    world.item("published", title="关于加强旅游景区安全管理的通知", body="各景区要落实安全责任。")
    page = browser.new_context().new_page()
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.get_by_role("link", name="西工区文化旅游局").first.click()
    page.get_by_role("heading", name="最新公开信息").wait_for()
    page.get_by_role("link", name="法定主动公开内容").click()
    page.get_by_role("link", name="其他文件").click()
    page.get_by_role("link", name="关于加强旅游景区安全管理的通知").click()
    assert "发布机构" in page.locator("table.metadata").inner_text()
    page.get_by_label("搜索公开信息").fill("预算")
    page.get_by_role("button", name="搜索").first.click()
    page.get_by_text("共找到 1 条信息").wait_for()
    assert page.locator("mark").first.inner_text() == "预算"
    page.get_by_role("link", name="西工区文化旅游局2024年部门预算公开").click()
    page.get_by_role("heading", name="西工区文化旅游局2024年部门预算公开").wait_for()
