"""The real published reports, read and checked against expectations written by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import annualreport as ar

from .expected import DATA, cases, check_expected, expected_for


@pytest.mark.parametrize("path", cases("samples"), ids=lambda p: p.name)
def test_sample_reads_as_expected(path: Path) -> None:
    report = ar.read(path)
    check_expected(report, expected_for(path))


def test_pre_2019_layout_is_refused_clearly() -> None:
    with pytest.raises(ar.UnsupportedLayoutError) as info:
        ar.read(DATA / "samples" / "2018_pingtan_pre2019-layout.txt")
    message = str(info.value)
    assert "2018" in message and "2019年以前的旧版格式" in message
    assert "2018_pingtan_pre2019-layout.txt" in message


def test_a_file_that_is_not_a_report_is_refused() -> None:
    with pytest.raises(ar.NotAnnualReportError, match="未找到政府信息公开工作年度报告的标题和表格"):
        ar.read_bytes("会议通知\n请各单位于周五前报送材料。\n".encode(), "notice.txt")


def test_text_and_page_of_the_same_report_agree_on_tables_3_and_4() -> None:
    text = ar.read(DATA / "samples" / "2021_pingtan.txt")
    page = ar.read(DATA / "samples" / "2021_pingtan_page.html")
    ids = [c for c in text.format.cell_ids() if not c.startswith("t2/")]
    assert [text.value(c) for c in ids] == [page.value(c) for c in ids]


def test_cross_year_carryover_holds_between_2021_and_2022() -> None:
    this = ar.read(DATA / "samples" / "2022_pingtan.txt")
    last = ar.read(DATA / "samples" / "2021_pingtan.txt")
    findings = ar.check(this, previous=last)
    carry = [f for f in findings if f.rule == "XY-CARRYOVER"]
    assert not [f for f in carry if f.severity is ar.Severity.ERROR]


def test_cross_year_carryover_mismatch_names_both_cells() -> None:
    this = ar.read(DATA / "samples" / "2022_pingtan.txt")
    last = ar.read(DATA / "samples" / "2021_pingtan.txt")
    changed = last.with_cells(
        **{"t3/四/自然人": ar.Cell.number(3), "t3/四/总计": ar.Cell.number(3)}
    )
    errors = [
        f
        for f in ar.check(this, previous=changed)
        if f.rule == "XY-CARRYOVER" and f.severity is ar.Severity.ERROR
    ]
    assert {e.cells for e in errors} == {
        ("t3/二/自然人", "previous:t3/四/自然人"),
        ("t3/二/总计", "previous:t3/四/总计"),
    }
    assert "上年表三“四”行“自然人”列" not in errors[0].message or "3" in errors[0].message
