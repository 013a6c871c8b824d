"""What the reader says when it cannot read a report, and tables whose labels are out of order."""

from __future__ import annotations

import pytest

from gongkai import annualreport as ar

from .expected import DATA

SCIENCE = DATA / "samples" / "2024_shanghai-science-commission.md"
ROW_1 = "| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |  |\n"
ROW_2 = "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |  |\n"


def test_a_refusal_says_what_was_found_and_what_was_not() -> None:
    text = (DATA / "samples" / "2020_xigong-culture-tourism-bureau.txt").read_text("utf-8")
    cut = text[: text.index("一、本年新收政府信息公开申请数量")]
    with pytest.raises(ar.NotAnnualReportError) as info:
        ar.read_bytes(cut.encode(), "cut.txt")
    message = str(info.value)
    assert "找到了标题“西工区文化旅游局2020年政府信息公开工作年度报告”" in message
    assert (
        "表二（第二十条各项）" in message
        and "表三的标题“收到和处理政府信息公开申请情况”" in message
    )
    assert "但未找到表三第一行“本年新收政府信息公开申请数量”" in message


def test_labels_out_of_order_are_read_by_their_labels() -> None:
    # text copied out of a PDF can give the second row's label before the first's, far apart
    text = SCIENCE.read_text("utf-8").replace(ROW_1, "").replace(ROW_2, "")
    at = text.index("二、收到和处理政府信息公开申请情况")
    text = text[:at] + ROW_2 + text[at:]
    at = text.index("| 三、 | （一）予以公开")
    text = text[:at] + ROW_1 + text[at:]
    report = ar.read_bytes(text.encode(), "out-of-order.md")
    assert report.value("t3/一/总计") == 34 and report.value("t3/二/总计") == 2
    assert report.value("t3/二/自然人") == 2
    assert "READ-ORDER" in {f.rule for f in report.read_findings}


def test_pdftotext_of_a_table_cut_off_at_the_page_edge_is_read_not_refused() -> None:
    # The table ran off the page: its first rows' labels are cut ("…府信息公开申请数量"),
    # but its heading and result rows are there. It is read, and nothing is guessed.
    path = DATA / "pdftext" / "2019_shanghai-general-office_libreoffice.pdftotext.txt"
    report = ar.read(path)
    assert report.agency == "上海市人民政府办公厅"
    t3 = [c for c in report.format.cell_ids() if c.startswith("t3/")]
    assert all(report.value(c) is None for c in t3)


def test_pdftotext_copied_column_by_column_gives_no_wrong_row() -> None:
    path = DATA / "pdftext" / "2021_pingtan_page_libreoffice.pdftotext.txt"
    report = ar.read(path)
    assert "READ-SCRAMBLED" in {f.rule for f in report.read_findings}
    assert report.value("t3/一/总计") in (None, 70)
