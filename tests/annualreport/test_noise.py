"""Noise around the tables: a document cut off inside a table, page numbers, headers."""

from __future__ import annotations

from gongkai import annualreport as ar

from .expected import DATA

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
