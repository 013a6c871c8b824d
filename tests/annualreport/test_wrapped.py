"""Row labels wrapped over several lines, with the row's numbers on any of those lines.

`pdftotext -layout` of a real report's PDF (the Pingtan page as LibreOffice prints it)
keeps each line of a wrapped label where it stands: 5.要求行政机关确认或重新出具已获取信息
takes three lines with the numbers on the middle one, 1.申请人无正当理由逾期不补正… five
lines with the numbers on the third, 8.属于行政查询事项 two lines with the numbers on
the first.
"""

from __future__ import annotations

import json

import pytest

from gongkai import annualreport as ar

from .expected import DATA

LAYOUT = DATA / "pdftext" / "2021_pingtan_page_libreoffice.pdftotext-layout.txt"
TRUTH = DATA / "samples" / "2021_pingtan_page.html.expected.json"
COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


@pytest.mark.parametrize("row", ["三.五.5", "三.六.1", "三.三.8", "三.四.1", "三.三.3"])
def test_a_row_whose_numbers_sit_inside_its_wrapped_label_is_read(row: str) -> None:
    report = ar.read(LAYOUT)
    truth = json.loads(TRUTH.read_text("utf-8"))["t3"][row]
    assert [report.value(f"t3/{row}/{c}") for c in COLS] == [truth[c] for c in COLS]
    (note,) = [f for f in report.read_findings if f.rule == "READ-WRAPPED"]
    assert report.format.t3_row(row).printed in note.message


def test_a_line_that_completes_no_label_is_still_reported() -> None:
    # The group label （二）… is interleaved with 部分公开's wrapped label here: its
    # numbers match no whole label and are reported, not given to a row.
    report = ar.read(LAYOUT)
    extra = [f for f in report.read_findings if f.rule == "READ-EXTRA-ROW"]
    assert any("5 0 0 0 0 0 5" in f.message for f in extra)
    assert report.value("t3/三.二/总计") is None
