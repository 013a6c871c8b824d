"""Noise around the tables: a document cut off inside a table, page numbers, headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import annualreport as ar

from .expected import DATA, cases, check_expected, expected_for

SEED = DATA / "samples" / "2020_xigong-culture-tourism-bureau.txt"


def _reading_findings(report: ar.Report) -> list[ar.Finding]:
    return [f for f in ar.check(report) if f.rule.startswith("READ-")]


def test_a_report_cut_off_inside_table_3_gives_one_finding() -> None:
    text = SEED.read_text("utf-8")
    report = ar.read_bytes(text[: text.index("3.要求提供公开出版物")].encode(), "cut.txt")
    cut = [f for f in _reading_findings(report) if f.rule == "READ-TRUNCATED"]
    assert len(cut) == 1 and "READ-MISSING" not in {f.rule for f in _reading_findings(report)}
    (finding,) = cut
    assert finding.location == "cut.txt:72"
    assert "t3/四/总计" in finding.cells and "t4/行政复议/总计" in finding.cells
    assert "t3/三.五.2/总计" not in finding.cells
    # what was there is still read
    assert report.value("t3/三.五.2/总计") == 0 and report.value("t3/一/总计") == 0


def test_a_report_cut_off_inside_table_4() -> None:
    text = SEED.read_text("utf-8")
    at = text.index("\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0") + 10
    report = ar.read_bytes(text[:at].encode(), "cut4.txt")
    (finding,) = [f for f in _reading_findings(report) if f.rule == "READ-TRUNCATED"]
    assert "表四中断" in finding.message
    assert report.value("t3/四/总计") == 0


def test_a_report_without_table_4_that_goes_on_is_not_cut_off() -> None:
    text = SEED.read_text("utf-8")
    start = text.index("四、政府信息公开行政复议")
    end = text.index("五、存在的主要问题")
    report = ar.read_bytes((text[:start] + text[end:]).encode(), "no-t4.txt")
    rules = {f.rule for f in _reading_findings(report)}
    assert "READ-TRUNCATED" not in rules and "READ-MISSING" in rules


@pytest.mark.parametrize("path", cases("noise"), ids=lambda p: p.name)
def test_page_numbers_and_headers_inside_tables_are_left_out(path: Path) -> None:
    report = ar.read(path)
    check_expected(report, expected_for(path))
    (note,) = [f for f in report.read_findings if f.rule == "READ-NOISE"]
    assert path.name in note.message  # says where each one was


def test_a_bare_number_between_the_pieces_of_a_row_is_not_taken_for_furniture() -> None:
    # Without its dashes and the page break, "4" could be a cell: the broken row is
    # then not guessed (which also shows the input above puts furniture inside a row).
    path = DATA / "noise" / "2020_xigong-culture-tourism-bureau_page-numbers.txt"
    text = path.read_text("utf-8").replace("- 4 -", "4").replace("\f", "")
    report = ar.read_bytes(text.encode(), "bare.txt")
    assert report.value("t3/三.三.7/总计") is None
    assert report.value("t3/三.三.8/总计") == 0
