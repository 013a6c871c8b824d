"""NARR-T2 reads a stated number of repealed documents against 本年废止件数 (2021 layout).

Before this, "废止行政规范性文件3件" was compared with 本年制发 and 现行有效 only, and a
correct statement gave a warning."""

from __future__ import annotations

from gongkai import annualreport as ar

BASE = "t2/第二十条第（一）项/行政规范性文件/"


def report(text: str) -> ar.Report:
    fmt = ar.format_for_year(2023)
    cells = {cid: ar.Cell.number(0) for cid in fmt.cell_ids()}
    cells[BASE + "本年制发件数"] = ar.Cell.number(1)
    cells[BASE + "本年废止件数"] = ar.Cell.number(3)
    cells[BASE + "现行有效件数"] = ar.Cell.number(5)
    return ar.Report(format=fmt, year=2023, cells=cells, narrative={"一": text})


def narr_t2(text: str) -> list[ar.Finding]:
    return [f for f in ar.check(report(text)) if f.rule == "NARR-T2"]


def test_a_correct_number_of_repealed_documents_passes() -> None:
    assert narr_t2("本年主动公开政府信息20条，其中废止：行政规范性文件3件。") == []


def test_a_wrong_number_is_still_found() -> None:
    (finding,) = narr_t2("本年主动公开政府信息20条，其中废止：行政规范性文件4件。")
    assert "本年废止件数为3" in finding.message and finding.actual == "4"
