"""The Excel writer, checked by loading the workbook with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai import annualreport as ar
from gongkai.annualreport.writers import render
from gongkai.annualreport.writers.xlsx import render_xlsx

from .expected import DATA, cases

SAMPLES = cases("samples")


def _book(report: ar.Report) -> Workbook:
    return load_workbook(BytesIO(render_xlsx(report)))


def _merged(ws: Worksheet) -> dict[str, tuple[int, int]]:
    """Text of each merged cell to its (rows, columns)."""
    out = {}
    for rng in ws.merged_cells.ranges:
        value = ws.cell(row=rng.min_row, column=rng.min_col).value
        out[str(value)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
    return out


def _row_of(ws: Worksheet, label: str, label_columns: int) -> int:
    rows = [
        r
        for r in range(1, ws.max_row + 1)
        if any(ws.cell(row=r, column=c).value == label for c in range(1, label_columns + 1))
    ]
    assert len(rows) == 1, (label, rows)
    return rows[0]


def _same(cell_value: object, report: ar.Report, cell_id: str) -> bool:
    cell = report.cell(cell_id)
    if cell.state is ar.CellState.NUMBER:
        return isinstance(cell_value, int | float) and Decimal(str(cell_value)) == Decimal(
            str(cell.value)
        )
    if cell.state is ar.CellState.BLANK:
        return cell_value is None
    if cell.state is ar.CellState.NOT_APPLICABLE:
        return cell_value == (cell.raw or "/")
    return cell_value == "?"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_table_cell_is_in_its_place(path: Path) -> None:
    report = ar.read(path)
    book = _book(report)
    fmt = report.format
    assert book.sheetnames == ["基本信息", "表二", "表三", "表四", "正文"]
    t2 = book["表二"]
    for block in fmt.t2:
        for row in block.rows:
            r = _row_of(t2, row.key, 1)
            values = [t2.cell(row=r, column=c).value for c in range(2, t2.max_column + 1)]
            anchors = [
                v for v, c in zip(values, range(2, t2.max_column + 1)) if not _is_covered(t2, r, c)
            ]
            ids = [f"t2/{block.key}/{row.key}/{c.key}" for c in block.columns]
            assert len(anchors) == len(ids)
            assert all(_same(v, report, i) for v, i in zip(anchors, ids)), (row.key, anchors)
    t3 = book["表三"]
    for row in fmt.t3_rows:
        r = _row_of(t3, row.printed, 3)
        values = [t3.cell(row=r, column=4 + j).value for j in range(len(fmt.t3_columns))]
        ids = [f"t3/{row.key}/{c.key}" for c in fmt.t3_columns]
        assert all(_same(v, report, i) for v, i in zip(values, ids)), (row.key, values)
    t4 = book["表四"]
    ids = [f"t4/{g.key}/{c.key}" for g in fmt.t4_groups for c in fmt.t4_columns]
    values = [t4.cell(row=5, column=1 + j).value for j in range(len(ids))]
    assert all(_same(v, report, i) for v, i in zip(values, ids)), values


def _is_covered(ws: Worksheet, row: int, col: int) -> bool:
    return any(
        rng.min_row <= row <= rng.max_row and rng.min_col < col <= rng.max_col
        for rng in ws.merged_cells.ranges
    )


def test_numbers_are_numbers_and_blanks_are_empty() -> None:
    report = ar.read(DATA / "samples" / "2019_shanghai-general-office.html")
    t3 = _book(report)["表三"]
    r = _row_of(t3, "二、上年结转政府信息公开申请数量", 3)
    assert [t3.cell(row=r, column=c).value for c in range(4, 11)] == [
        18,
        None,
        None,
        None,
        None,
        None,
        18,
    ]
    assert isinstance(t3.cell(row=r, column=4).value, int)


def test_money_has_its_unit_in_the_header_and_stays_a_number() -> None:
    report = ar.read(DATA / "samples" / "2021_pingtan_page.html")
    t2 = _book(report)["表二"]
    header = _row_of(t2, "本年收费金额（单位：万元）", t2.max_column)
    value = t2.cell(row=header + 1, column=2).value
    assert isinstance(value, float) and Decimal(str(value)) == Decimal("24252.311082")
    shanghai = _book(ar.read(DATA / "samples" / "2019_shanghai-general-office.html"))["表二"]
    assert _row_of(shanghai, "采购总金额（单位：元）", shanghai.max_column)


def test_official_merged_cells_are_there() -> None:
    book = _book(ar.read(DATA / "samples" / "2021_pingtan_page.html"))
    t3 = _merged(book["表三"])
    assert t3["申请人情况"] == (1, 7)
    assert t3["法人或其他组织"] == (1, 5)
    assert t3["自然人"] == (2, 1) and t3["总计"] == (2, 1)
    assert t3["三、本年度办理结果"] == (22, 1)
    assert t3["（三）不予公开"] == (8, 1)
    assert t3["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert t3["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (3, 3)
    t4 = _merged(book["表四"])
    assert t4["行政复议"] == (1, 5) and t4["行政诉讼"] == (1, 10)
    assert t4["未经复议直接起诉"] == (1, 5) and t4["复议后起诉"] == (1, 5)
    t2 = _merged(book["表二"])
    assert t2["第二十条第（一）项"] == (1, 4)
    assert t2["本年处理决定数量"] == (1, 3)


def test_tables_have_borders_and_room_for_their_labels() -> None:
    book = _book(ar.read(DATA / "samples" / "2021_pingtan_page.html"))
    t3 = book["表三"]
    merged = list(t3.merged_cells.ranges)
    for r in range(2, t3.max_row + 1):
        for c in range(1, t3.max_column + 1):
            if any(m.min_row <= r <= m.max_row and m.min_col <= c <= m.max_col for m in merged):
                continue
            b = t3.cell(row=r, column=c).border
            assert {b.left.style, b.right.style, b.top.style, b.bottom.style} == {"thin"}, (r, c)
    for m in merged:
        if m.min_row == 1:
            continue  # the sheet's title
        first, last = (
            t3.cell(row=m.min_row, column=m.min_col),
            t3.cell(row=m.max_row, column=m.max_col),
        )
        assert first.border.left.style == first.border.top.style == "thin", m.coord
        assert last.border.right.style == last.border.bottom.style == "thin", m.coord
    # label columns wide enough for their labels (two units a Chinese character)
    assert book["表二"].column_dimensions["A"].width >= 2 * len("行政事业性收费")
    assert t3.column_dimensions["C"].width >= 30


def test_basic_information_and_text() -> None:
    report = ar.read(DATA / "samples" / "2021_pingtan_page.html")
    book = _book(report)
    info = {row[0].value: row[1].value for row in book["基本信息"].iter_rows(min_row=2)}
    assert info["机关"] == "平潭综合实验区"
    assert info["年度"] == 2021
    assert info["格式"] == report.format.name
    assert info["标题"] == report.title
    published = info["发布日期"]
    assert isinstance(published, datetime | date) and published.isoformat()[:10] == "2022-02-08"
    text = book["正文"]
    rows = [(r[0].value, r[1].value) for r in text.iter_rows(min_row=2)]
    assert rows[0][0] == "（前言）"
    assert {title for title, _ in rows} >= {
        "一、总体情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    }
    assert "".join(body for _, body in rows).replace("\n", "") == "".join(
        report.narrative[k].replace("\n", "") for k in report.narrative
    )


def test_not_applicable_and_unreadable_cells_are_marked() -> None:
    report = ar.read(DATA / "samples" / "2021_pingtan_page.html").with_cells(
        **{
            "t4/行政复议/结果维持": ar.Cell(ar.CellState.NOT_APPLICABLE, raw="—"),
            "t4/行政复议/结果纠正": ar.Cell.unreadable(),
        }
    )
    t4 = _book(report)["表四"]
    assert t4.cell(row=5, column=1).value == "—"
    assert t4.cell(row=5, column=2).value == "?"
    comment = t4.cell(row=5, column=2).comment
    assert comment is not None and "未能读取" in comment.text


def test_render_dispatches_xlsx() -> None:
    data = render(ar.read(SAMPLES[0]), "xlsx")
    assert data[:2] == b"PK" and load_workbook(BytesIO(data)).sheetnames[0] == "基本信息"
