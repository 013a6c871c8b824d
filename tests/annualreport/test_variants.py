"""Layout variants: a 2021-format table 三 that prints （六）其他处理 as one row."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.serialize import from_data, to_data
from gongkai.annualreport.writers.text import render_text

from .expected import DATA, cases, check_expected, expected_for

COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


@pytest.mark.parametrize("path", cases("variants"), ids=lambda p: p.name)
def test_variant_reads_as_expected(path: Path) -> None:
    report = ar.read(path)
    check_expected(report, expected_for(path))
    # all seven cells of the subtotal, in the JSON contract's t3["三.六"]
    t3 = to_data(report)["tables"]["t3"]
    assert all(isinstance(t3["三.六"][c], int) for c in COLS)
    assert t3["三.六.1"] == dict.fromkeys(COLS)
    (note,) = [f for f in report.read_findings if f.rule == "READ-VARIANT"]
    assert "（六）其他处理" in note.message and "t3/三.六.1/总计" in note.cells


@pytest.mark.parametrize("path", cases("variants"), ids=lambda p: p.name)
def test_a_changed_subtotal_cell_is_an_error(path: Path) -> None:
    report = ar.read(path)
    cell = report.cell("t3/三.六/自然人")
    assert cell.value is not None
    changed = report.with_cells(**{"t3/三.六/自然人": ar.Cell.number(cell.value + 1)})
    errors = [f for f in ar.check(changed) if f.severity is ar.Severity.ERROR]
    rules = {f.rule for f in errors if "t3/三.六/自然人" in f.cells}
    assert rules == {"T3-RESULT-SUM", "T3-ROW-SUM"}, [f.message for f in errors]


def test_a_changed_subtotal_in_the_file_is_found() -> None:
    path = DATA / "variants" / "2021_pingtan_page_one-other-row.html"
    data = path.read_text("utf-8")
    row = data.index("（六）其他处理")
    at = data.index(">1<", row)  # 自然人 of the one row: 1
    planted = data[:at] + ">2<" + data[at + 3 :]
    findings = ar.check(ar.read_bytes(planted.encode(), "planted.html"))
    errors = [f for f in findings if f.severity is ar.Severity.ERROR]
    assert {f.rule for f in errors} == {"T3-RESULT-SUM", "T3-ROW-SUM"}
    assert all("t3/三.六/自然人" in f.cells for f in errors)


def test_the_variant_survives_json_and_text() -> None:
    report = ar.read(DATA / "variants" / "2021_pingtan_page_one-other-row.html")
    again = from_data(to_data(report))
    assert again.t3_subtotals == {"三.六"}
    assert [again.value(f"t3/三.六/{c}") for c in COLS] == [
        report.value(f"t3/三.六/{c}") for c in COLS
    ]
    text = ar.read_bytes(render_text(report).encode(), "again.txt")
    assert text.t3_subtotals == {"三.六"} and text.value("t3/三.六/总计") == 1


def test_a_normal_2021_report_has_no_subtotal_key() -> None:
    report = ar.read(DATA / "samples" / "2021_pingtan_page.html")
    assert "三.六" not in to_data(report)["tables"]["t3"]
    assert report.t3_subtotals == frozenset()
