"""`gongkai manage sitecheck`: what a website inspection finds in an agency's column,
with indicator ids, the exit status, and the supervisor's board."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from gongkai.annualreport.writers import render
from gongkai.publishing import actions, catalog_actions
from gongkai.reports import actions as report_actions
from gongkai.reports import compute
from gongkai.reports.models import AnnualReport
from gongkai.sitecheck import checks
from gongkai.sitecheck.models import SiteCheck
from tests.support import files
from tests.support.clock import today_is

GUIDE = dict(
    overview="概述",
    proactive="主动公开",
    applications="依申请公开",
    office="受理机构",
    hours="工作日",
    contacts="电话",
    remedies="救济",
)


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def complete(world):
    """Agency A with all four parts, every column filled, the news column fresh and last
    year's report published on time."""
    a = world.agency_a
    catalog_actions.publish_guide(a, acting_user=world.admin, **GUIDE)
    rules = catalog_actions.save_category(
        a, acting_user=world.admin, name="政府信息公开制度", article20=15, kind="rules"
    )
    news = catalog_actions.save_category(
        a, acting_user=world.admin, name="工作动态", article20=15, kind="news"
    )
    world.item("published", category=rules, title="政府信息公开保密审查制度")
    world.item("published", category=news, title="召开政务公开工作会议")
    world.item("published", title="关于加强文化市场管理的通知")
    world.item("published", category=world.normative_a, doc_kind="normative", title="规范性文件")
    year = today().year - 1
    if today() <= date(year + 1, 1, 31):
        year -= 1
    text = render(compute.build(a, year, {"一": "本年度未收到政府信息公开申请。"}), "txt")
    report_actions.import_report(
        a,
        year,
        acting_user=world.officer,
        data=text.encode() if isinstance(text, str) else text,
        filename="report.txt",
        at=timezone.make_aware(datetime(year + 1, 1, 20, 10)),
    )
    report_actions.publish_report(  # an import is published by a publisher
        AnnualReport.objects.get(agency=a, year=year),
        acting_user=world.publisher,
        at=timezone.make_aware(datetime(year + 1, 1, 20, 11)),
    )
    world.news = news
    return world


def ids(result) -> list[str]:
    return [f.indicator for f in result.findings]


def test_a_complete_agency_has_no_finding(complete):
    result = checks.check(complete.agency_a, today())
    assert result.findings == []


def test_an_emptied_column_is_found(complete):
    empty = catalog_actions.save_category(
        complete.agency_a, acting_user=complete.admin, name="重大建设项目", article20=10
    )
    result = checks.check(complete.agency_a, today())
    assert ids(result) == ["F4.2"]
    finding = result.findings[0]
    assert "重大建设项目" in finding.subject and finding.url == empty.get_absolute_url()
    assert not finding.fails  # one empty column: points off, not an outright failure


def test_more_than_five_empty_columns_fail_outright(complete):
    for n in range(6):
        catalog_actions.save_category(
            complete.agency_a, acting_user=complete.admin, name=f"空栏目{n}", article20=15
        )
    result = checks.check(complete.agency_a, today())
    assert ids(result) == ["F4.2"] * 6 and all(f.fails for f in result.findings)


def test_an_inactive_column_is_not_a_column(complete):
    catalog_actions.save_category(
        complete.agency_a,
        acting_user=complete.admin,
        name="停用栏目",
        article20=15,
        is_active=False,
    )
    assert checks.check(complete.agency_a, today()).findings == []


def test_news_column_older_than_two_weeks_fails_outright(complete):
    result = checks.check(complete.agency_a, today() + timedelta(days=14))
    assert result.findings == []
    result = checks.check(complete.agency_a, today() + timedelta(days=15))
    assert ids(result) == ["F4.1"] and result.findings[0].fails
    assert "15天未更新" in result.findings[0].detail


def test_a_column_with_its_own_period(complete):
    catalog_actions.save_category(
        complete.agency_a,
        acting_user=complete.admin,
        category=complete.category_a,
        update_days=90,
    )
    complete.item("published", category=complete.news, title="新动态")  # keep news fresh
    later = today() + timedelta(days=91)
    found = [f for f in checks.check(complete.agency_a, later).findings if f.indicator == "F4.3"]
    assert [f.subject for f in found] == [complete.category_a.name]
    assert not found[0].fails  # fails only beyond ten such columns


def test_missing_parts_are_empty_columns(world):
    result = checks.check(world.agency_a, today())
    subjects = {f.subject for f in result.findings if f.indicator == "F4.2"}
    assert {"政府信息公开指南", "政府信息公开制度", "政府信息公开年报"} <= subjects
    assert "G49" in ids(result)  # and last year's report is overdue


def test_attachment_missing_from_storage(complete):
    item = complete.item("draft", title="带附件的通知")
    upload = SimpleUploadedFile("通知.pdf", files.pdf(), content_type="application/pdf")
    attachment = actions.add_attachment(item, upload, acting_user=complete.officer)
    actions.submit_item(item, acting_user=complete.officer)
    from tests.support.personas import ALL_CONFIRMED

    actions.approve_item(item, acting_user=complete.reviewer, answers=ALL_CONFIRMED)
    actions.publish_item(item, acting_user=complete.publisher)
    assert checks.check(complete.agency_a, today()).findings == []
    attachment.file.storage.delete(attachment.file.name)
    result = checks.check(complete.agency_a, today())
    assert ids(result) == ["K1.3"] and "通知.pdf" in result.findings[0].subject


def test_broken_internal_links_are_found_and_good_ones_are_not(complete, settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    target = complete.item("published", title="被引用的文件")
    body = (
        f'<p>见<a href="{target.get_absolute_url()}">有效链接</a>、'
        f'<a href="https://gk.example.gov.cn{target.get_absolute_url()}">绝对地址</a>、'
        '<a href="/i/nosuchitem/">失效链接</a>、'
        '<a href="https://www.gov.cn/zhengce/">外部网站</a>和'
        '<a href="mailto:gk@example.gov.cn">邮件</a>。</p>'
    )
    complete.item("published", title="引用其他文件的通知", body=body)
    result = checks.check(complete.agency_a, today())
    assert ids(result) == ["K1.2"]
    assert "/i/nosuchitem/" in result.findings[0].detail and "404" in result.findings[0].detail


def test_annual_report_published_late_is_found_but_does_not_fail(world):
    year = today().year - 1
    if today() <= date(year + 1, 1, 31):
        year -= 1
    text = render(compute.build(world.agency_a, year, {"一": "本年度未收到申请。"}), "txt")
    report_actions.import_report(
        world.agency_a,
        year,
        acting_user=world.officer,
        data=text.encode() if isinstance(text, str) else text,
        filename="report.txt",
        at=timezone.make_aware(datetime(year + 1, 2, 10, 10)),
    )
    report_actions.publish_report(
        AnnualReport.objects.get(agency=world.agency_a, year=year),
        acting_user=world.publisher,
        at=timezone.make_aware(datetime(year + 1, 2, 10, 11)),
    )
    found = [f for f in checks.check(world.agency_a, today()).findings if f.indicator == "G49"]
    assert len(found) == 1 and "逾期10天" in found[0].detail and not found[0].fails


def test_command_exit_status_and_json(complete, monkeypatch, capsys):
    call_command("sitecheck", "--agency", "agency-a", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["failing"] == 0 and out["agencies"][0]["findings"] == []
    monkeypatch.setattr(timezone, "localdate", today_is(today() + timedelta(days=30)))
    with pytest.raises(SystemExit) as exit_:
        call_command("sitecheck", "--agency", "agency-a")
    assert exit_.value.code == 1
    text = capsys.readouterr().out
    assert "[否决] F4.1 工作动态" in text and "单项否决1个" in text
    assert SiteCheck.objects.filter(agency=complete.agency_a).count() == 2


def test_command_refuses_an_unknown_agency(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("sitecheck", "--agency", "no-such-agency")


def test_the_supervisors_board_shows_the_findings_per_agency(complete, client_for):
    catalog_actions.save_category(
        complete.agency_a, acting_user=complete.admin, name="重大建设项目", article20=10
    )
    checks.run([complete.agency_a, complete.agency_b], today())
    page = client_for("supervisor").get("/staff/sitecheck/").content.decode()
    row_a = page[page.index('id="agency-agency-a"') :]
    row_a = row_a[: row_a.index("</tr>")]
    assert "F4.2" in row_a and "重大建设项目" in row_a
    overview = client_for("supervisor").get("/staff/supervision/").content.decode()
    assert "网站检查" in overview and "1个问题" in overview
    assert client_for("officer").get("/staff/sitecheck/").status_code == 403
