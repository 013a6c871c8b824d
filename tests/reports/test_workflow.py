"""The annual report's life: draft, table 二 figures, checks, submission with
acknowledged warnings, return by the supervisor, publication, correction; every step
through HTTP as the personas, every state change audited."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from gongkai import annualreport as ar
from gongkai.annualreport.writers import render
from gongkai.audit.models import AuditEvent
from gongkai.reports import actions, compute
from gongkai.reports.models import AnnualReport, FrozenError, ReportVersion, Table2Figure
from tests.support.clock import today_is
from tests.support.records import application

YEAR = 2025
URL = f"/staff/reports/a/agency-a/{YEAR}/"
FIGURES = {
    "v_1_0_0": "12",
    "s_1_0": "区政务服务中心审批系统",
    "v_2_0_0": "3",
    "v_2_1_0": "0",
    "s_2_0": "区综合执法系统",
    "s_2_1": "区综合执法系统",
    "v_3_0_0": "0.35",
    "s_3_0": "区财政非税收入系统",
}


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 1, 20)))
    return date(2026, 1, 20)


@pytest.fixture
def records(world):
    a = world.agency_a
    application(a, date(2024, 12, 28), date(2025, 1, 10), "三.二")
    application(a, date(2025, 2, 3), date(2025, 2, 20), "三.一")
    application(a, date(2025, 11, 2))
    return world


def finish(client):
    """Enter table 二's figures and replace the prompts of sections 五 and 六."""
    assert client.post(URL + "figures/", FIGURES).status_code == 302
    report = AnnualReport.objects.get(year=YEAR)
    sections = dict(report.narrative)
    sections["五"] = "存在的问题是依申请公开答复规范化程度有待提高。下一步将加强培训。"
    sections["六"] = "本年度未收取信息处理费。"
    assert client.post(URL + "narrative/", sections).status_code == 302


def test_officer_builds_checks_and_submits(records, client_for):
    officer = client_for("officer")
    page = officer.get(URL)
    assert page.status_code == 200 and "开始编制" in page.content.decode()
    assert not AnnualReport.objects.exists()  # looking does not create anything

    assert officer.post(URL + "start/")["Location"] == URL + "narrative/"
    report = AnnualReport.objects.get()
    assert "本年度新收政府信息公开申请2件，上年结转政府信息公开申请1件" in report.narrative["一"]
    assert "【请填写" in report.narrative["五"]

    check = officer.get(URL + "check/")
    assert "表二尚有4项数据未填报" in check.content.decode()
    assert "第五、六部分仍是待填写的提示文字" in check.content.decode()
    refused = officer.post(URL + "check/", {})
    assert refused.status_code == 200 and not ReportVersion.objects.exists()

    bad = dict(FIGURES, v_1_0_0="-1", s_2_0="")
    response = officer.post(URL + "figures/", bad)
    assert response.status_code == 200 and not Table2Figure.objects.exists()
    errors = response.context["form"].errors
    assert "不能为负数" in str(errors["v_1_0_0"]) and "请注明数据来源" in str(errors["s_2_0"])
    finish(officer)
    figure = Table2Figure.objects.get(cell_id="t2/第二十条第（八）项/行政事业性收费/本年收费金额")
    assert figure.value == Decimal("0.35") and figure.source == "区财政非税收入系统"

    assert officer.post(URL + "check/", {}).status_code == 302
    version = ReportVersion.objects.get()
    report.refresh_from_db()
    assert report.status == "reported" and version.number == 1 and version.errors == 0
    assert version.tables["t3"]["一"]["总计"] == 2
    snapshot = ar.check(version.engine_report())
    assert not ar.has_errors(snapshot)
    actions_seen = list(
        AuditEvent.objects.for_object(report).values_list("action", flat=True).order_by("at", "pk")
    )
    assert actions_seen == ["report.create", "report.figures", "report.narrative", "report.submit"]


def test_a_narrative_mismatch_is_a_warning_that_needs_a_reason(records, client_for):
    officer = client_for("officer")
    officer.post(URL + "start/")
    finish(officer)
    report = AnnualReport.objects.get()
    sections = dict(report.narrative)
    sections["一"] = sections["一"].replace("本年度办结2件", "本年度办结5件")
    officer.post(URL + "narrative/", sections)
    page = officer.get(URL + "narrative/").content.decode()
    assert "正文称“办结5件”，而表三“三（七）总计”为2" in page

    response = officer.post(URL + "check/", {})
    assert response.status_code == 200 and "还有1个警告没有说明理由" in response.content.decode()
    ((fp, finding, _),) = response.context["warnings"]
    assert finding.rule == "NARR-T3"
    response = officer.post(URL + "check/", {f"reason-{fp}": "含2024年受理的3件复核，口径不同。"})
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert version.warnings == 1
    assert version.acknowledgements[0]["reason"] == "含2024年受理的3件复核，口径不同。"
    event = AuditEvent.objects.get(action="report.submit")
    assert event.data["acknowledgements"][0]["rule"] == "NARR-T3"


def test_errors_block_submission(records, client_for):
    """Last year's published report says 3 carried over; the records say 1: XY-CARRYOVER."""
    previous = compute.build(records.agency_a, YEAR - 1, {"一": "上年报告。"})
    cells = dict(previous.cells)
    cells["t3/四/总计"] = ar.Cell.number(3)
    cells["t3/四/自然人"] = ar.Cell.number(3)
    cells["t3/三.七/总计"] = ar.Cell.number(0)
    cells["t3/一/总计"] = ar.Cell.number(2)
    cells["t3/一/自然人"] = ar.Cell.number(2)
    data = render(previous.replace(cells=cells), "txt")
    actions.import_report(
        records.agency_a, YEAR - 1, acting_user=records.officer, data=data, filename="2024.txt"
    )
    officer = client_for("officer")
    officer.post(URL + "start/")
    finish(officer)
    response = officer.post(URL + "check/", {})
    body = response.content.decode()
    assert response.status_code == 200 and "检查发现" in body and "个错误" in body
    assert "XY-CARRYOVER" in body and "2024年度报告第1版（导入）" in body
    assert not ReportVersion.objects.filter(report__year=YEAR).exists()


def test_return_resubmit_publish_and_correct(records, client_for, today):
    officer = client_for("officer")
    officer.post(URL + "start/")
    finish(officer)
    officer.post(URL + "check/", {})
    report = AnnualReport.objects.get()

    assert client_for("officer").post(URL + "return/", {"comment": "x"}).status_code == 403
    supervisor = client_for("supervisor")
    supervisor.post(URL + "return/", {"comment": ""})
    report.refresh_from_db()
    assert report.status == "reported"  # a return needs comments
    supervisor.post(URL + "return/", {"comment": "请补充平台建设情况。"})
    report.refresh_from_db()
    assert report.status == "returned"
    assert "请补充平台建设情况。" in officer.get(URL).content.decode()

    sections = dict(report.narrative)
    sections["一"] += "\n（四）平台建设。本机关依托区政府门户网站公开政府信息。"
    officer.post(URL + "narrative/", sections)
    officer.post(URL + "check/", {"note": "按退回意见补充"})
    assert report.versions.count() == 2

    assert client_for("officer").post(URL + "publish/").status_code == 403
    client_for("publisher").post(URL + "publish/")
    report.refresh_from_db()
    current = report.current_version()
    assert report.status == "published" and current.number == 2
    assert current.published_on == today

    public = client_for("anonymous")
    page = public.get(f"/a/agency-a/reports/{YEAR}/").content.decode()
    assert "平台建设" in page and "下载 Word" in page
    docx = public.get(f"/reports/v/{current.code}/download/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    listing = public.get("/a/agency-a/reports/").content.decode()
    assert f"西工区文化旅游局{YEAR}年政府信息公开工作年度报告" in listing

    # a correction: the published version stays current until the new one is published
    officer.post(URL + "correct/", {"comment": ""})
    report.refresh_from_db()
    assert report.status == "published"
    officer.post(URL + "correct/", {"comment": "表二行政许可数据有误"})
    report.refresh_from_db()
    assert report.status == "correcting" and report.is_editable
    changed = dict(FIGURES, v_1_0_0="15")
    officer.post(URL + "figures/", changed)
    officer.post(URL + "refresh/")
    officer.post(URL + "check/", {})
    client_for("publisher").post(URL + "publish/")
    report.refresh_from_db()
    assert report.current_version().number == 3
    assert report.current_version().reason == "表二行政许可数据有误"
    page = public.get(f"/a/agency-a/reports/{YEAR}/").content.decode()
    assert "表二行政许可数据有误" in page and "第2版" in page
    old = public.get(f"/reports/v/{current.code}/").content.decode()
    assert "该版本已被更正" in old
    unpublished = ReportVersion.objects.get(number=1)
    assert public.get(f"/reports/v/{unpublished.code}/").status_code == 404


def test_a_submitted_version_is_frozen(records, client_for):
    officer = client_for("officer")
    officer.post(URL + "start/")
    finish(officer)
    officer.post(URL + "check/", {})
    version = ReportVersion.objects.get()
    before = version.snapshot
    application(records.agency_a, date(2025, 6, 1), date(2025, 6, 5), "三.一")
    Table2Figure.objects.update(value=99)
    version.refresh_from_db()
    assert version.snapshot == before
    assert "本年度新收政府信息公开申请2件" in officer.get(URL).content.decode()
    assert officer.get(URL + "narrative/").status_code == 302

    version.reason = "changed"
    with pytest.raises(FrozenError):
        version.save()
    with pytest.raises(FrozenError):
        ReportVersion.objects.filter(pk=version.pk).update(reason="x")
    with pytest.raises(FrozenError):
        version.delete()
    sql = "UPDATE reports_reportversion SET snapshot = %s WHERE id = %s"
    with pytest.raises(Exception, match="frozen"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql, ["{}", version.pk])
    version.refresh_from_db()
    assert version.snapshot == before


def test_the_deadline_is_counted_down_from_december(world, client_for, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", today_is(date(2025, 11, 30)))
    assert "距报送截止" not in client_for("officer").get("/staff/reports/").content.decode()
    monkeypatch.setattr(timezone, "localdate", today_is(date(2025, 12, 1)))
    page = client_for("officer").get("/staff/reports/").content.decode()
    assert "距报送截止（2026年1月31日）还有 61 天" in page
    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 2, 3)))
    page = client_for("officer").get(URL).content.decode()
    assert "已超过报送截止日期（2026年1月31日）3 天" in page


def test_submitted_on_time_is_judged_by_the_first_submission(records, client_for, monkeypatch):
    officer = client_for("officer")
    officer.post(URL + "start/")
    finish(officer)
    late = timezone.make_aware(datetime(2026, 2, 2, 9))
    version = actions.submit_report(
        AnnualReport.objects.get(), acting_user=records.officer, at=late
    )
    assert not version.on_time
    report = AnnualReport.objects.get()
    assert report.first_submitted_at == late
