"""The 待办 page in real Chromium: each app's panel shows each person the work that waits
for them (an editor's returned item and returned annual report with the comments, an
officer's applications, a supervisor's reports to review)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from gongkai.agencies.models import Membership, Role
from gongkai.applications import actions as application_actions
from gongkai.reports import actions as report_actions
from gongkai.reports.models import AnnualReport
from tests.reports.test_workflow import YEAR, finish
from tests.support.browser import browser, login, world  # noqa: F401  (fixtures)
from tests.support.personas import PERSON
from tests.support.records import application

pytestmark = pytest.mark.browser


def test_each_person_sees_their_own_work(browser, live_server, world):  # noqa: F811
    a = world.agency_a
    Membership.objects.create(user=world.reviewer, agency=a, role=Role.OFFICER)
    world.item("returned", title="被退回修改的通知")
    application_actions.register(
        a, acting_user=world.reviewer, channel="counter", handed_over_on=date(2026, 11, 2),
        **PERSON,
    )  # fmt: skip
    application(a, date(2025, 2, 3), date(2025, 2, 20), "三.一")
    editor = Client()
    editor.force_login(world.officer)
    editor.post(f"/staff/reports/a/agency-a/{YEAR}/start/")
    finish(editor)
    report = AnnualReport.objects.get(agency=a, year=YEAR)
    report_actions.submit_report(report, acting_user=world.officer)

    supervisor = login(browser, live_server, "supervisor")
    panel = supervisor.get_by_role("region", name="年度报告")
    panel.get_by_text("已报送待审查的报告（1）").wait_for()
    panel.get_by_role("link", name=f"西工区文化旅游局{YEAR}年政府信息公开工作年度报告").wait_for()
    assert supervisor.get_by_role("region", name="依申请公开").count() == 0

    report_actions.return_report(
        report, acting_user=world.supervisor, comment="请补充第五部分的整改时限。"
    )
    officer = login(browser, live_server, "officer")
    officer.get_by_role("region", name="西工区文化旅游局 · 主动公开").get_by_role(
        "link", name="被退回修改的通知"
    ).wait_for()
    reports = officer.get_by_role("region", name="年度报告")
    reports.get_by_text("监督机关的督办事项（1）").wait_for()
    reports.get_by_role("link", name=f"{YEAR}年度政府信息公开工作年度报告被退回修改").wait_for()
    reports.get_by_text("请补充第五部分的整改时限。").wait_for()
    assert officer.get_by_role("region", name="依申请公开").count() == 0

    reviewer = login(browser, live_server, "reviewer")
    line = reviewer.get_by_role("region", name="依申请公开")
    line.get_by_role("link", name="在办 1 件").wait_for()
    reviewer.get_by_role("region", name="我的岗位").get_by_text("依申请公开办理").wait_for()
