"""Accessibility in real Chromium: axe-core (bundled by axe-playwright-python) over every
portal page type in normal, 长者 and high-contrast modes; no page wider than a 390 px
phone; an application submitted with the keyboard only."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from gongkai.applications.models import Application
from gongkai.publishing import catalog_actions
from tests.support.browser import browser, world  # noqa: F401  (the module's fixtures)

pytestmark = pytest.mark.browser
BAD = {"serious", "critical"}
MODES = ("", "elder", "contrast")


def portal_pages(world) -> dict[str, str]:  # noqa: F811
    catalog_actions.publish_guide(
        world.agency_a,
        acting_user=world.admin,
        overview="概述",
        proactive="主动公开",
        applications="依申请公开",
        office="受理机构",
        hours="工作日 9:00-17:00",
        contacts="电话 0379-63210000",
        remedies="救济",
    )
    item = world.item(
        "published",
        document_number="西文旅〔2024〕3号",
        body="<p>为加强文化市场管理，规范经营秩序，现将有关事项通知如下。</p><p>一、总体要求。</p>",
    )
    slug = world.agency_a.slug
    return {
        "home": "/",
        "agency": f"/a/{slug}/",
        "guide": f"/a/{slug}/guide/",
        "rules": f"/a/{slug}/rules/",
        "catalog": f"/a/{slug}/catalog/",
        "category": f"/a/{slug}/catalog/{world.category_a.code}/",
        "item": item.get_absolute_url(),
        "search": "/search/?q=%E6%96%87%E5%8C%96",
        "search-empty": "/search/?q=zzzqqq",
        "reports": f"/a/{slug}/reports/",
        "apply": f"/a/{slug}/apply/",
        "tracking": "/apply/status/",
    }


def serious(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for v in results.response["violations"]:
        if v.get("impact") in BAD:
            targets = [",".join(n["target"]) for n in v["nodes"]][:5]
            found.append(f"{v['id']} ({v['impact']}): {v['help']} @ {targets}")
    return found


def set_mode(context, base: str, mode: str) -> None:
    if mode:
        context.add_cookies([{"name": "gk_display", "value": mode, "url": base}])


def test_axe_finds_no_serious_violation_on_any_portal_page(browser, live_server, world):  # noqa: F811
    pages = portal_pages(world)
    problems = {}
    for mode in MODES:
        context = browser.new_context(locale="zh-CN")
        set_mode(context, live_server.url, mode)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path)
            found = serious(page)
            if found:
                problems[f"{name} [{mode or 'normal'}]"] = found
        context.close()
    assert problems == {}


def test_no_page_is_wider_than_a_phone(browser, live_server, world):  # noqa: F811
    pages = portal_pages(world)
    wide = {}
    for mode in ("", "elder"):
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        set_mode(context, live_server.url, mode)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[f"{name} [{mode or 'normal'}]"] = width
        context.close()
    assert wide == {}


def test_elder_mode_is_switched_on_and_remembered(browser, live_server, world):  # noqa: F811
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/a/{world.agency_a.slug}/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="长者模式").click()
    page.wait_for_url(f"{live_server.url}/a/{world.agency_a.slug}/")
    assert "elder" in page.evaluate("document.body.className")  # not the cached page
    page.goto(f"{live_server.url}/")  # another page: the mode stays on
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.2
    assert page.get_by_role("button", name="长者模式").get_attribute("aria-pressed") == "true"


def test_an_application_is_submitted_with_the_keyboard_only(browser, live_server, world):  # noqa: F811
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/a/{world.agency_a.slug}/")
    kb = page.keyboard

    def tab_to(label: str, limit: int = 80) -> None:
        """Tab until the focused element is the one named `label`; the focus must show."""
        for _ in range(limit):
            kb.press("Tab")
            name = page.evaluate(
                """() => { const e = document.activeElement;
                   const l = e.labels && e.labels[0];
                   return (l ? l.innerText : e.innerText || e.value || '').trim(); }"""
            )
            if name.startswith(label):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {label}"
                return
        raise AssertionError(f"Tab never reached {label}")

    def choose(label: str) -> None:
        """In a radio group reached with Tab, the arrow keys move to `label` and pick it."""
        for _ in range(8):
            name = page.evaluate("document.activeElement.labels[0].innerText.trim()")
            if name == label:
                kb.press("Space")
                return
            kb.press("ArrowDown")
        raise AssertionError(f"no choice {label}")

    tab_to("申请公开")
    kb.press("Enter")
    page.get_by_role("heading", name="政府信息公开申请").wait_for()
    tab_to("申请人类型")
    kb.press("ArrowDown")  # the first type: 公民
    tab_to("姓名或名称")
    kb.type("张建华")
    tab_to("证件类型")
    kb.press("ArrowDown")
    tab_to("证件号码或统一社会信用代码")
    kb.type("410303199003071238")
    tab_to("联系电话")
    kb.type("13812345678")
    tab_to("所需信息的内容描述")
    kb.type("西工区文化旅游局关于景区门票价格的文件")
    tab_to("纸质文本")
    choose("电子文件")
    tab_to("邮寄")
    choose("在本平台查询下载")
    tab_to("我承诺以上信息真实有效")
    kb.press("Space")
    tab_to("提交申请")
    kb.press("Enter")
    page.get_by_role("heading", name="申请已提交").wait_for()
    assert Application.objects.count() == 1
