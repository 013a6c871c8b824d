"""Exports go through the engine's writers, and `gongkai check` reads the Word, HTML and
PDF of a generated report back to the same tables with no error finding.
`gongkai report` names the agency as people do."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from gongkai.annualreport.serialize import tables
from gongkai.appeals.models import Case
from gongkai.applications.classification import ApplicantType, Outcome
from gongkai.cli import main
from gongkai.reports import actions, compute
from tests.support.records import application, case

YEAR = 2025


@pytest.fixture
def generated(world):
    a = world.agency_a
    types = list(ApplicantType.values)
    outcomes = list(Outcome.values)
    for i in range(57):
        received = date(2025, 1, 2) + timedelta(days=(i * 37) % 360)
        closed = received + timedelta(days=5 + i % 30) if i % 9 else None
        if closed and closed.year > YEAR:
            closed = None
        application(a, received, closed, outcomes[i % len(outcomes)], types[i % 4 if i % 3 else 0])
    for i in range(4):
        application(a, date(2024, 12, 1 + i), date(2025, 1, 6 + i), "三.一", types[i])
    case(world, date(2025, 3, 1), Case.Result.CORRECTED, date(2025, 5, 1))
    case(world, date(2025, 9, 1), kind=Case.Kind.LITIGATION_DIRECT)
    fmt = compute.ar.format_for_year(YEAR)
    values = {
        cid: (Decimal("12.5") if fmt.column_of(cid).kind == "money" else Decimal(n + 3), "测试")
        for n, cid in enumerate(compute.entered_t2_cells(fmt))
    }
    actions.save_figures(a, YEAR, acting_user=world.officer, values=values)
    report = actions.start_report(a, YEAR, acting_user=world.officer)
    text = dict(report.narrative, 五="一是解读不够。二是培训不足。", 六="本年度未收取信息处理费。")
    actions.save_narrative(report, acting_user=world.officer, sections=text)
    return compute.build(a, YEAR, text)


@pytest.mark.parametrize("form", ["docx", "html", "pdf"])
def test_gongkai_check_reads_an_export_back(generated, client_for, tmp_path, capsys, form):
    response = client_for("officer").get(f"/staff/reports/a/agency-a/{YEAR}/export/{form}/")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    path = tmp_path / f"report.{form}"
    path.write_bytes(response.content)
    capsys.readouterr()
    code = main(["check", str(path), "--format", "json"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    assert out["tables"] == tables(generated)
    assert out["year"] == YEAR and out["agency"] == "西工区文化旅游局"
    assert [f for f in out["findings"] if f["severity"] == "error"] == []
    assert generated.value("t3/一/总计") == 57


def test_gongkai_report_writes_the_file_naming_the_agency_loosely(generated, tmp_path, capsys):
    target = tmp_path / "文旅.xlsx"
    assert main(["report", "--agency", "文化旅游", "--year", str(YEAR), "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert "根据目前的记录生成" in capsys.readouterr().err
    json_out = tmp_path / "r.json"
    assert main(["report", "--agency", "区文旅局", "--year", str(YEAR), "-o", str(json_out)]) == 0
    data = json.loads(json_out.read_text("utf-8"))
    assert data["tables"] == tables(generated)


def test_gongkai_report_exports_the_frozen_version(generated, world, tmp_path, capsys):
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.get()
    actions.submit_report(report, acting_user=world.officer)
    application(world.agency_a, date(2025, 6, 1))  # after submission
    out = tmp_path / "r.json"
    assert main(["report", "--agency", "西工区文化旅游局", "--year", "2025", "-o", str(out)]) == 0
    assert "第1版（已报送）" in capsys.readouterr().err
    assert json.loads(out.read_text("utf-8"))["tables"]["t3"]["一"]["总计"] == 57
    assert (
        main(["report", "--agency", "文化旅游局", "--year", "2025", "--live", "-o", str(out)]) == 0
    )
    assert json.loads(out.read_text("utf-8"))["tables"]["t3"]["一"]["总计"] == 58


@pytest.mark.parametrize(
    ("name", "message"),
    [("西工区", "可以指3个机关"), ("公安局", "没有找到"), ("  ", "请给出机关名称")],
)
def test_gongkai_report_says_when_the_name_is_not_one_agency(
    world, tmp_path, capsys, name, message
):
    code = main(["report", "--agency", name, "--year", "2025", "-o", str(tmp_path / "x.docx")])
    assert code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
