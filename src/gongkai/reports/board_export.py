"""The supervisor's board as an Excel workbook: one sheet of agencies, one of findings,
one of the roll-up comparison."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai.agencies.models import Agency
from gongkai.annualreport.writers.cells import texts_only

from . import board

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="EEF2F7")
LATE = Font(color="B3121B", bold=True)
SEVERITY = {"error": "错误", "warning": "警告"}


def _sheet(ws, title: str, heads: list[str], widths: list[int]) -> None:
    ws.title = title
    ws.append(heads)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = HEAD, FILL
    ws.freeze_panes = "A2"


def workbook(root: Agency, year: int) -> bytes:
    rows = board.rows(root, year)
    wb = Workbook()
    ws = wb.active
    _sheet(
        ws,
        "报送情况",
        [
            "机关",
            "类型",
            "报告状态",
            "截止日期",
            "首次报送时间",
            "报送情况",
            "最新版本",
            "错误",
            "警告",
            "发布日期",
        ],
        [30, 12, 10, 12, 18, 22, 10, 8, 8, 12],
    )
    for r in rows:
        submitted = r.report.first_submitted_at if r.report else None
        ws.append(
            [
                r.agency.name,
                r.agency.get_kind_display(),
                r.status,
                r.due,
                timezone.localtime(submitted).replace(tzinfo=None) if submitted else None,
                r.timeliness,
                r.version.number if r.version else None,
                r.errors,
                r.warnings,
                r.version.published_on if r.version else None,
            ]
        )
        if r.late:
            ws.cell(row=ws.max_row, column=6).font = LATE
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for c in row:
            c.number_format = "yyyy-mm-dd"
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        for c in row:
            c.number_format = "yyyy-mm-dd hh:mm"
    for row in ws.iter_rows(min_row=2, min_col=10, max_col=10):
        for c in row:
            c.number_format = "yyyy-mm-dd"

    ws = wb.create_sheet()
    _sheet(ws, "检查发现", ["机关", "版本", "级别", "规则", "说明"], [30, 8, 8, 16, 100])
    for r in rows:
        for f in r.findings:
            ws.append(
                [r.agency.name, r.version.number, SEVERITY[f["severity"]], f["rule"], f["message"]]
            )
            ws.cell(row=ws.max_row, column=5).alignment = Alignment(wrap_text=True)

    result = board.rollup(root, year)
    ws = wb.create_sheet()
    _sheet(
        ws,
        "汇总对比",
        [
            "项目",
            f"各机关报告合计（{result.reported_count}份）",
            f"各机关记录汇总（{result.agency_count}个机关）",
            result.own_label,
            "差异（本级−合计）",
        ],
        [48, 22, 22, 30, 16],
    )
    for line in result.lines():
        own, reported = line["own"], line["reported"]
        diff = own - reported if own is not None and reported is not None else None
        ws.append([line["label"], reported, line["records"], own, diff])
    out = BytesIO()
    texts_only(wb)
    wb.save(out)
    return out.getvalue()
