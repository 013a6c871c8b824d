"""Excel: one sheet per table in the official layout, plus 基本信息 and 正文.

Tables 二, 三 and 四 have the template's merged header and row-label cells (from
`layout.py`), borders, and columns wide enough for their Chinese labels. Numbers are
numbers (money in the unit its header names), blank cells are empty, a not-applicable
mark is written as it was (`/`), and an unreadable cell as `?` with a comment.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import CellState, Report
from .cells import texts_only
from .layout import (
    Head,
    money_header,
    report_title,
    section_title,
    t2_slots,
    t2_spans,
    t3_header,
    t3_row_labels,
    t4_header,
)

FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FONT = Font(name=FONT, bold=True, size=10.5)
_BODY_FONT = Font(name=FONT, size=10.5)
_TITLE_FONT = Font(name=FONT, bold=True, size=14)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_SHADE = PatternFill("solid", fgColor="F0F0F0")
_EXCEL_TEXT_LIMIT = 32767


def render_xlsx(report: Report) -> bytes:
    """The report as an .xlsx workbook."""
    wb = Workbook()
    info = wb.active
    assert info is not None
    _info(info, report)
    _t2(wb.create_sheet("表二"), report)
    _t3(wb.create_sheet("表三"), report)
    _t4(wb.create_sheet("表四"), report)
    _text(wb.create_sheet("正文"), report)
    for ws in wb.worksheets:
        _fit_rows(ws)
    wb.properties.title = report_title(report)
    wb.properties.creator = report.agency or "Gongkai"
    texts_only(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# -- cells


def _put(
    ws: Worksheet,
    row: int,
    col: int,
    value: object,
    *,
    head: bool = False,
    label: bool = False,
    rowspan: int = 1,
    colspan: int = 1,
) -> None:
    """One table cell, merged over its span, with borders on every cell it covers."""
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = _HEAD_FONT if head else _BODY_FONT
    cell.alignment = _LEFT if label else _CENTER
    for r in range(row, row + rowspan):
        for c in range(col, col + colspan):
            ws.cell(row=r, column=c).border = _BORDER
    if rowspan > 1 or colspan > 1:
        ws.merge_cells(
            start_row=row, start_column=col, end_row=row + rowspan - 1, end_column=col + colspan - 1
        )


def _value(
    ws: Worksheet, row: int, col: int, report: Report, cell_id: str, colspan: int = 1
) -> None:
    cell = report.cell(cell_id)
    value: object = None
    if cell.state is CellState.NUMBER:
        value = cell.value
    elif cell.state is CellState.NOT_APPLICABLE:
        value = cell.raw or "/"
    elif cell.state is CellState.UNREADABLE:
        value = "?"
    _put(ws, row, col, value, colspan=colspan)
    if cell.state is CellState.UNREADABLE:
        ws.cell(row=row, column=col).comment = Comment(
            "未能读取（原文中缺失或无法识别）", "Gongkai"
        )


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.cell(row=1, column=1, value=text).font = _TITLE_FONT
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 24


def _heads(ws: Worksheet, heads: list[Head], top: int, left: int) -> None:
    for h in heads:
        _put(ws, top + h.row, left + h.col, h.text, head=True, rowspan=h.rowspan, colspan=h.colspan)


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def text_width(text: str) -> int:
    """Columns of a fixed-width grid the text takes: two for a Chinese character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(texts: list[str], least: float, most: float) -> float:
    """A column width that fits the longest of `texts` on one line, within bounds."""
    return max(least, min(most, max((text_width(t) for t in texts), default=0) + 2))


def _fit_rows(ws: Worksheet) -> None:
    """Row heights that show wrapped text whole: spreadsheet programs do not measure
    rows on opening a file, so a long label would overflow its cell."""
    spans = {
        (r.min_row, r.min_col): (r.max_row - r.min_row + 1, r.max_col - r.min_col + 1)
        for r in ws.merged_cells.ranges
    }
    lines: dict[int, tuple[int, float]] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.column is None or cell.row is None:
                continue
            rowspan, colspan = spans.get((cell.row, cell.column), (1, 1))
            width = sum(
                ws.column_dimensions[get_column_letter(cell.column + i)].width or 9.0
                for i in range(colspan)
            )
            size = float(cell.font.sz or 11) if cell.font is not None else 11.0
            per_line = max(int(width * 11 / size) - 1, 1)
            parts = str(cell.value).split("\n")
            need = sum(-(-max(text_width(part), 1) // per_line) for part in parts)
            need = -(-need // rowspan)
            have, font = lines.get(cell.row, (1, 0.0))
            lines[cell.row] = (max(have, need), max(font, size))
    for r, (n, size) in lines.items():
        ws.row_dimensions[r].height = min(409.0, max(n * size * 1.4 + 4, 18.0))


def _print_setup(ws: Worksheet, *, landscape: bool, header_rows: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1  # each table is made to fit one page, as in print
    if header_rows:
        ws.print_title_rows = f"2:{1 + header_rows}"
        ws.freeze_panes = ws.cell(row=2 + header_rows, column=1)


# -- sheets


def _info(ws: Worksheet, report: Report) -> None:
    ws.title = "基本信息"
    rows: list[tuple[str, object]] = [
        ("机关", report.agency),
        ("年度", report.year),
        ("格式", report.format.name),
        ("标题", report_title(report)),
        ("发布日期", report.published),
    ]
    _put(ws, 1, 1, "项目", head=True)
    _put(ws, 1, 2, "内容", head=True)
    for i, (key, value) in enumerate(rows, start=2):
        _put(ws, i, 1, key, head=True)
        _put(ws, i, 2, value, label=True)
        if key == "发布日期" and value is not None:
            ws.cell(row=i, column=2).number_format = "yyyy-mm-dd"
    _widths(ws, [12, _fit([str(v or "") for _, v in rows], 20, 80)])


def _t2(ws: Worksheet, report: Report) -> None:
    fmt = report.format
    slots = t2_slots(fmt)
    width = slots + 1
    _title(ws, section_title(fmt, "二"), width)
    row = 2
    labels: list[str] = []
    heads: list[str] = []
    for block in fmt.t2:
        spans = t2_spans(block, slots)
        _put(ws, row, 1, block.key, head=True, colspan=width)
        for c in range(1, width + 1):
            ws.cell(row=row, column=c).fill = _SHADE
        ws.cell(row=row, column=1).alignment = _LEFT
        row += 1
        _put(ws, row, 1, "信息内容", head=True)
        col = 2
        for column, span in zip(block.columns, spans, strict=True):
            text = (
                money_header(report, block.key, column.key)
                if column.kind == "money"
                else column.key
            )
            _put(ws, row, col, text, head=True, colspan=span)
            if span == 1:
                heads.append(text)
            col += span
        row += 1
        for r in block.rows:
            _put(ws, row, 1, r.key, label=True)
            labels.append(r.key)
            col = 2
            for column, span in zip(block.columns, spans, strict=True):
                _value(ws, row, col, report, f"t2/{block.key}/{r.key}/{column.key}", span)
                col += span
            row += 1
    _widths(ws, [_fit(labels, 12, 30)] + [_fit(heads, 14, 24)] * slots)
    _print_setup(ws, landscape=False, header_rows=0)


def _t3(ws: Worksheet, report: Report) -> None:
    fmt = report.format
    heads, nrows, nlabels = t3_header(fmt)
    ncols = len(fmt.t3_columns)
    _title(ws, section_title(fmt, "三"), nlabels + ncols)
    top = 2
    _heads(ws, heads, top, 1)
    ws.cell(row=top, column=1).font = Font(name=FONT, size=9)
    ws.cell(row=top, column=1).alignment = _LEFT
    row = top + nrows
    for r, cells in zip(report.t3_rows, t3_row_labels(fmt, report.t3_rows), strict=True):
        for lab in cells:
            _put(
                ws,
                row,
                1 + lab.col,
                lab.text,
                label=lab.rowspan == 1,
                rowspan=lab.rowspan,
                colspan=lab.colspan,
            )
        for j, column in enumerate(fmt.t3_columns):
            _value(ws, row, 1 + nlabels + j, report, f"t3/{r.key}/{column.key}")
        row += 1
    _widths(ws, [8, 12, 40] + [9] * (ncols - 1) + [8])
    _print_setup(ws, landscape=False, header_rows=nrows)


def _t4(ws: Worksheet, report: Report) -> None:
    fmt = report.format
    heads = t4_header(fmt)
    nrows = max(h.row + h.rowspan for h in heads)
    width = len(fmt.t4_groups) * len(fmt.t4_columns)
    _title(ws, section_title(fmt, "四"), width)
    _heads(ws, heads, 2, 1)
    row = 2 + nrows
    col = 1
    for g in fmt.t4_groups:
        for column in fmt.t4_columns:
            _value(ws, row, col, report, f"t4/{g.key}/{column.key}")
            col += 1
    _widths(ws, [_fit([c.key for c in fmt.t4_columns], 10, 12)] * width)
    _print_setup(ws, landscape=True, header_rows=nrows)


def _text(ws: Worksheet, report: Report) -> None:
    fmt = report.format
    _put(ws, 1, 1, "章节", head=True)
    _put(ws, 1, 2, "内容", head=True)
    row = 2
    titled = [("序", "（前言）")] + [(s.key, section_title(fmt, s.key)) for s in fmt.sections]
    for key, title in titled:
        for para in (p.strip() for p in report.narrative.get(key, "").split("\n")):
            if not para:
                continue
            for start in range(0, len(para), _EXCEL_TEXT_LIMIT):
                ws.cell(row=row, column=1, value=title).alignment = _TOP_LEFT
                ws.cell(
                    row=row, column=2, value=para[start : start + _EXCEL_TEXT_LIMIT]
                ).alignment = _TOP_LEFT
                row += 1
    _widths(ws, [24, 80])
    _print_setup(ws, landscape=False, header_rows=0)
    ws.page_setup.fitToHeight = 0
    ws.freeze_panes = "A2"
