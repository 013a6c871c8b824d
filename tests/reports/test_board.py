"""The supervising office's board: every agency below it, submitted or not, on time or
late, with the findings; returning with comments; the roll-up beside the government's
own report; the charts; the Excel export."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.agencies.models import Agency
from gongkai.annualreport.writers import render
from gongkai.reports import actions, board, compute
from gongkai.reports.models import AnnualReport
from tests.reports.test_workflow import FIGURES, finish
from tests.support.clock import today_is
from tests.support.records import application

YEAR = 2025


@pytest.fixture
def year_done(world, monkeypatch):
    """A: submitted on time and published; B: an imported report with an error; a third
    agency: nothing yet."""
    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 2, 10)))
    Agency.objects.create(
        name="红山乡人民政府",
        kind=Agency.Kind.TOWNSHIP,
        parent=world.government,
        org_code="X-HS",
        slug="hongshan",
    )
    a = world.agency_a
    application(a, date(2025, 2, 3), date(2025, 2, 10), "三.一")  # on time
    application(a, date(2025, 3, 3), date(2025, 5, 20), "三.二")  # late
    application(world.agency_b, date(2025, 6, 2), date(2025, 6, 3), "三.五.2")
    application(world.government, date(2025, 6, 2))
    return world


def submit_a(world, client_for):
    officer = client_for("officer")
    officer.post(f"/staff/reports/a/agency-a/{YEAR}/start/")
    finish(officer)
    report = AnnualReport.objects.get(agency=world.agency_a)
    return actions.submit_report(
        report, acting_user=world.officer, at=timezone.make_aware(datetime(2026, 1, 20, 10))
    )


def import_b_with_error(world):
    built = compute.build(world.agency_b, YEAR, {"一": "本年度收到申请1件。"})
    cells = dict(built.cells)
    from gongkai import annualreport as ar

    cells["t3/三.七/总计"] = ar.Cell.number(2)  # planted: the total is not the rows' sum
    data = render(built.replace(cells=cells), "txt")
    return actions.import_report(
        world.agency_b,
        YEAR,
        acting_user=world.other_officer,
        data=data,
        filename="教育局.txt",
        at=timezone.make_aware(datetime(2026, 2, 5, 9)),
    )


def test_board_lists_every_agency_with_timeliness_and_findings(year_done, client_for):
    world = year_done
    submit_a(world, client_for)
    imported = import_b_with_error(world)
    assert imported.errors >= 1
    response = client_for("supervisor").get(f"/staff/reports/board/?year={YEAR}")
    assert response.status_code == 200
    rows = {r.agency.name: r for r in response.context["rows"]}
    assert set(rows) == {"西工区文化旅游局", "西工区教育局", "红山乡人民政府"}
    assert rows["西工区文化旅游局"].timeliness == "按时报送"
    assert rows["西工区教育局"].timeliness == "逾期5天报送" and rows["西工区教育局"].late
    assert rows["红山乡人民政府"].timeliness.startswith("逾期未报送")
    assert rows["西工区教育局"].errors == imported.errors
    body = response.content.decode()
    assert "T3-RESULT-SUM" in body or "三（七）总计" in body
    summary = response.context["summary"]
    assert summary["submitted"] == 2 and summary["on_time"] == 1 and summary["missing_late"] == 1
    problems = client_for("supervisor").get(f"/staff/reports/board/?year={YEAR}&show=problems")
    assert {r.agency.name for r in problems.context["rows"]} == {"西工区教育局", "红山乡人民政府"}


def test_the_supervisor_returns_a_report_from_the_board(year_done, client_for):
    world = year_done
    world.officer.email = "officer@xigong.gov.cn"
    world.officer.save()
    submit_a(world, client_for)
    back = f"/staff/reports/board/?year={YEAR}"
    response = client_for("supervisor").post(
        f"/staff/reports/a/agency-a/{YEAR}/return/", {"comment": "请核对表二。", "next": back}
    )
    assert response["Location"] == back
    report = AnnualReport.objects.get(agency=world.agency_a)
    assert report.status == "returned"
    assert "请核对表二。" in client_for("officer").get(report.get_absolute_url()).content.decode()
    # The agency's editors are told, with the comments (gongkai.notify).
    from gongkai.notify.models import Message

    told = Message.objects.filter(kind="notice_return", user=world.officer).get()
    assert "请核对表二。" in told.body


def test_only_supervisors_see_the_board_and_only_their_subtree(year_done, client_for):
    assert client_for("officer").get("/staff/reports/board/").status_code == 403
    assert client_for("anonymous").get("/staff/reports/board/").status_code == 302
    other = Agency.objects.create(
        name="另一区人民政府", kind=Agency.Kind.GOVERNMENT, org_code="X1", slug="elsewhere"
    )
    response = client_for("supervisor").get("/staff/reports/board/?root=elsewhere")
    assert response.status_code == 404
    assert other not in [r.agency for r in board.rows(year_done.government, YEAR)]


def test_rollup_sets_the_agencies_beside_the_governments_own_report(year_done, client_for):
    world = year_done
    submit_a(world, client_for)
    response = client_for("supervisor").get(f"/staff/reports/board/rollup/?year={YEAR}")
    rollup = response.context["rollup"]
    lines = {line["id"]: line for line in rollup.lines()}
    assert rollup.reported_count == 1 and rollup.agency_count == 3
    assert lines["t3/一/总计"]["reported"] == 2  # A's submitted report
    assert lines["t3/一/总计"]["records"] == 3  # A and B from their records
    assert lines["t3/一/总计"]["own"] == 1  # the government's own records
    assert lines["t3/一/总计"]["differs"]
    assert "本级记录（报告尚未报送）" in rollup.own_label


def test_charts_are_inline_svg_with_the_figures(year_done, client_for):
    response = client_for("supervisor").get(f"/staff/reports/board/charts/?year={YEAR}")
    body = response.content.decode()
    assert body.count("<svg") == 3 and "<script" not in body.split("<main")[1]
    assert response.context["months"][1] == 1 and response.context["months"][5] == 2
    rates = {r["agency"].name: (r["closed"], r["on_time"]) for r in response.context["rates"]}
    assert rates["西工区文化旅游局"] == (2, 1)
    assert rates["西工区教育局"] == (1, 1)
    assert "予以公开1件" in body


def test_on_time_counts_working_days_after_receipt(world):
    a = world.agency_a
    # received Fri 2025-09-26; National Day holiday 10-01..10-08, with the make-up working
    # days 09-28 (Sunday) and 10-11 (Saturday): the 20th working day is Thursday 10-30
    application(a, date(2025, 9, 26), date(2025, 10, 30), "三.一")
    application(a, date(2025, 9, 26), date(2025, 10, 31), "三.一")
    application(a, date(2024, 1, 5), date(2025, 1, 6), "三.一")  # received long before
    result = board.on_time(world.government, YEAR)
    assert result[a.pk] == (3, 1)


def test_board_exports_to_excel(year_done, client_for):
    world = year_done
    submit_a(world, client_for)
    import_b_with_error(world)
    response = client_for("supervisor").get(f"/staff/reports/board/export/?year={YEAR}")
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["报送情况", "检查发现", "汇总对比"]
    rows = list(wb["报送情况"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["西工区文化旅游局", "西工区教育局", "红山乡人民政府"]
    assert rows[0][5] == "按时报送"
    findings = list(wb["检查发现"].iter_rows(min_row=2, values_only=True))
    assert any(f[0] == "西工区教育局" and f[2] == "错误" for f in findings)
    assert FIGURES  # the same figures the workflow tests enter


def test_on_time_follows_the_applications_own_clock(world):
    """An application extended by 20 working days is on time when closed after the
    ordinary 20 days but by its extended due date; one closed after it is late."""
    from gongkai.applications.models import Application

    a = world.agency_a
    extended = application(a, date(2025, 9, 26), date(2025, 11, 20), "三.一")
    late = application(a, date(2025, 9, 26), date(2025, 12, 1), "三.一")
    # what the statutory clock stored: due 10-30 plus an extension of 20 working days
    Application.objects.filter(pk__in=[extended.pk, late.pk]).update(due_on=date(2025, 11, 27))
    assert board.on_time(world.government, YEAR)[a.pk] == (2, 1)


def test_the_board_opens_on_the_year_under_review(year_done, client_for, monkeypatch):
    # Until 31 January: last year's reports are due.
    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 1, 15)))
    page = client_for("supervisor").get("/staff/reports/board/").content.decode()
    assert "2025年度政府信息公开工作年度报告" in page
    assert "默认显示2025年度：2025年度报告的报送截止日期为2026年1月31日" in page
    # In December with 2025's reports in and 2026's not yet: still 2025, not the
    # unfinished year.
    submit_a(year_done, client_for)
    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 12, 3)))
    page = client_for("supervisor").get("/staff/reports/board/").content.decode()
    assert "所辖机关2025年度政府信息公开工作年度报告" in page
    assert "2025年度是所辖机关已报送报告的最近年度" in page
    # A year asked for is shown without the note.
    page = client_for("supervisor").get("/staff/reports/board/?year=2026").content.decode()
    assert "所辖机关2026年度" in page and "默认显示" not in page
