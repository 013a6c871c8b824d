"""The annual report's journey in real Chromium: the officer builds the report, fixes a
narrative mismatch the checks flag and submits; the supervisor sees it on the board and
returns it with a comment; the officer resubmits; it is published, and the public reads
it and downloads the Word file."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import annualreport as ar
from gongkai.reports.models import AnnualReport
from tests.support.browser import browser, login  # noqa: F401  (fixtures and helper)
from tests.support.browser import world as browser_world  # noqa: F401
from tests.support.records import application

pytestmark = pytest.mark.browser
YEAR = 2025


def test_report_journey(browser, live_server, browser_world, tmp_path):  # noqa: F811
    world = browser_world
    a = world.agency_a
    application(a, date(2024, 12, 20), date(2025, 1, 8), "三.一")
    application(a, date(2025, 3, 2), date(2025, 3, 20), "三.二")
    application(a, date(2025, 12, 29))

    officer = login(browser, live_server, "officer")
    officer.get_by_role("link", name="年度报告").first.click()
    officer.goto(f"{live_server.url}/staff/reports/a/{a.slug}/{YEAR}/")
    officer.get_by_role("button", name="开始编制").click()
    officer.get_by_role("heading", name=f"编辑正文：西工区文化旅游局{YEAR}年度报告").wait_for()

    # table 二's figures, each with its source
    officer.goto(f"{live_server.url}/staff/reports/a/{a.slug}/{YEAR}/figures/")
    for label, value in (
        ("行政许可 · 本年处理决定数量", "8"),
        ("行政处罚 · 本年处理决定数量", "1"),
        ("行政强制 · 本年处理决定数量", "0"),
        ("行政事业性收费 · 本年收费金额（万元）", "0"),
    ):
        officer.get_by_label(label, exact=True).fill(value)
    for source in officer.locator("input.source").all():
        source.fill("区政务服务中心审批系统统计")
    officer.get_by_role("button", name="保存").click()
    officer.get_by_text("表二数据已保存").wait_for()

    # an application answered after the draft was written: the draft's figure is stale
    application(a, date(2025, 6, 2), date(2025, 6, 9), "三.四.1")
    officer.goto(f"{live_server.url}/staff/reports/a/{a.slug}/{YEAR}/narrative/")
    officer.get_by_text("正文称“办结2件”，而表三“三（七）总计”为3").wait_for()
    one = officer.get_by_label("一、总体情况")
    one.fill(
        one.input_value()
        .replace("本年度新收政府信息公开申请2件", "本年度新收政府信息公开申请3件")
        .replace("本年度办结2件", "本年度办结3件")
        .replace("无法提供0件", "无法提供1件")
    )
    officer.get_by_label("五、存在的主要问题及改进情况").fill(
        "一是答复文书不够规范。下一步将加强培训。"
    )
    officer.get_by_label("六、其他需要报告的事项").fill("本年度未收取信息处理费。")
    officer.get_by_role("button", name="保存并检查").click()
    officer.get_by_text("检查未发现错误和警告，可以报送。").wait_for()
    officer.get_by_role("button", name="报送上级政务公开办").click()
    officer.get_by_text("第1版已报送上级政务公开办").wait_for()

    supervisor = login(browser, live_server, "supervisor")
    supervisor.get_by_role("link", name="年报审查").click()
    row = supervisor.locator("tr", has_text="西工区文化旅游局")
    row.get_by_text("已报送").wait_for()
    row.get_by_text("退回", exact=True).click()
    row.get_by_label("退回意见").fill("请在第五部分写明具体问题和整改时限。")
    row.get_by_role("button", name="退回修改").click()
    supervisor.locator("tr", has_text="西工区文化旅游局").get_by_text("已退回").wait_for()

    officer.goto(f"{live_server.url}/staff/reports/a/{a.slug}/{YEAR}/")
    officer.get_by_role("note").get_by_text("请在第五部分写明具体问题和整改时限。").wait_for()
    officer.get_by_role("link", name="编辑正文").click()
    officer.get_by_label("五、存在的主要问题及改进情况").fill(
        "一是答复文书不够规范，个别答复未告知救济途径。下一步将于明年6月前完成文书模板修订。"
    )
    officer.get_by_role("button", name="保存并检查").click()
    officer.get_by_label("报送说明（可选）").fill("按退回意见修改第五部分。")
    officer.get_by_role("button", name="报送上级政务公开办").click()
    officer.get_by_text("第2版已报送上级政务公开办").wait_for()

    publisher = login(browser, live_server, "publisher")
    publisher.goto(f"{live_server.url}/staff/reports/a/{a.slug}/{YEAR}/")
    publisher.get_by_role("button", name="发布到门户").click()
    publisher.get_by_text("报告已在门户发布。").wait_for()

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(live_server.url)
    public.get_by_role("link", name="西工区文化旅游局").first.click()
    public.get_by_role("link", name="政府信息公开年报").click()
    public.get_by_role("link", name=f"西工区文化旅游局{YEAR}年政府信息公开工作年度报告").click()
    public.get_by_role(
        "heading", name=f"西工区文化旅游局{YEAR}年政府信息公开工作年度报告"
    ).wait_for()
    public.get_by_text("下一步将于明年6月前完成文书模板修订。").wait_for()
    with public.expect_download() as download:
        public.get_by_role("link", name="下载 Word").click()
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    read = ar.read(path)
    assert read.value("t3/一/总计") == 3 and read.value("t3/二/总计") == 1
    assert not ar.has_errors(ar.check(read))
    report = AnnualReport.objects.get()
    assert report.status == "published" and report.current_version().number == 2
