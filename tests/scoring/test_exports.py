"""The 考核表 as Excel and PDF read back to the same scores (openpyxl, LibreOffice,
pdftotext); the office's workbook; the 信息发布台账 with who drafted, reviewed and
published each item."""

from __future__ import annotations

import csv
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.publishing.models import Item
from gongkai.scoring import sheet
from tests.scoring.test_scores import YEAR, evidence, score_column, scored  # noqa: F401


@pytest.fixture
def ready(scored):  # noqa: F811
    score_column(scored, scored.agency_a, "12", note="缺少制度栏目", evidence=evidence())
    return scored


def scores_of(rows) -> dict[str, object]:
    """指标 -> 得分 from the rows of the 考核表 sheet (header first, total last)."""
    return {r[1]: r[8] for r in rows[1:] if r and r[1]}


def expected(world) -> dict[str, object]:
    data = sheet.sheet_for(world.agency_a, YEAR)
    out: dict[str, object] = {x["name"]: x["score"] for x in data["lines"]}
    return out


def test_sheet_xlsx_reads_back_to_the_same_scores(ready, client_for):
    response = client_for("supervisor").get(f"/staff/scoring/a/agency-a/{YEAR}/export/xlsx/")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    rows = [list(r) for r in wb["考核表"].iter_rows(values_only=True)]
    got = scores_of(rows)
    want = expected(ready)
    for name, score in want.items():
        assert (None if got[name] is None else str(got[name])) == score, name
    assert rows[-1][0] == "合计" and rows[-1][8] == 83 and rows[-1][2] == 100
    basis = {r[1]: r[9] for r in rows[1:]}
    assert "逾期公开的通知" in basis["主动公开信息未在形成或变更之日起20个工作日内公开"]
    methods = {r[1]: r[3] for r in rows[1:]}
    assert methods["公开信息泄露个人信息或涉密信息"] != "暂不能计算"


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="needs libreoffice-calc-nogui")
def test_sheet_xlsx_opens_in_libreoffice_with_the_same_scores(ready, client_for, tmp_path):
    content = client_for("supervisor").get(f"/staff/scoring/a/agency-a/{YEAR}/export/xlsx/").content
    source = tmp_path / "score.xlsx"
    source.write_bytes(content)
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = list(csv.reader(Path(tmp_path / "score.csv").read_text(encoding="utf-8").splitlines()))
    got = scores_of(rows)
    for name, score in expected(ready).items():
        assert (got[name] or None) == score, name
    assert rows[-1][0] == "合计" and rows[-1][8] == "83"


def test_sheet_pdf_reads_back_to_the_same_scores(ready, client_for, tmp_path):
    response = client_for("officer").get(f"/staff/scoring/a/agency-a/{YEAR}/export/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "score.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "西工区文化旅游局2025年度政务公开考核表" in text
    assert "得分 83 / 100" in text
    assert "逾期公开的通知" in text


def test_office_workbook_ranks_and_details(ready, client_for):
    response = client_for("supervisor").get(f"/staff/scoring/export/?year={YEAR}")
    wb = load_workbook(BytesIO(response.content))
    ranking = [list(r) for r in wb["排名"].iter_rows(values_only=True)]
    # B's manual indicator is not scored yet: out of its possible total.
    assert ranking[1:] == [[1, "西工区文化旅游局", 83, 100], [2, "西工区教育局", 80, 85]]
    detail = [list(r) for r in wb["扣分明细"].iter_rows(values_only=True)]
    assert {r[0] for r in detail[1:]} == {"西工区文化旅游局", "西工区教育局"}


def test_ledger_lists_who_drafted_reviewed_and_published(ready, client_for):
    Item.objects.filter(pk=ready.late_item.pk).update(title='=HYPERLINK("http://x")')
    response = client_for("officer").get(f"/staff/scoring/a/agency-a/{YEAR}/ledger/")
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    ws = wb["信息发布台账"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:2] == ["索引号", "标题"] and rows[0][6] == "起草人"
    assert len(rows) == 3  # the two items published in 2025
    titles = [r[1] for r in rows[1:]]
    assert "按时公开的通知" in titles
    by_title = {r[1]: r for r in rows[1:]}
    row = by_title["按时公开的通知"]
    assert row[4] == "2025-04-01" and row[5] == "2025-04-20"
    assert row[6] == ready.officer.display_name and row[8] == ready.reviewer.display_name
    assert row[10] == ready.publisher.display_name
    # A title that looks like a formula is written as text.
    cell = next(c for c in ws["B"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
