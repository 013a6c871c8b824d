"""The 考核表 as Excel and PDF, the office's sheet of all agencies, and the agency's
信息发布台账 (who drafted, reviewed and published each item, and when) as Excel.

Every text cell is written as text, never as a formula.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai.agencies.models import Agency
from gongkai.annualreport.writers.cells import as_text
from gongkai.annualreport.writers.pdf import chinese_font, installed_chinese_fonts
from gongkai.publishing.models import Item

from .measures import bounds

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="EEF2F7")
SHEET_HEADS = [
    "类别",
    "指标",
    "分值",
    "计算方式",
    "每件扣分",
    "最多扣分",
    "件数",
    "扣分",
    "得分",
    "扣分依据",
]


WRAP = Alignment(wrap_text=True, vertical="top")


def _append(ws, row: list) -> None:
    ws.append(row)
    r = ws._current_row  # the row just written (max_row would scan the sheet each time)
    for column, value in enumerate(row, 1):
        if isinstance(value, str):
            cell = ws.cell(row=r, column=column)
            cell.data_type = "s"  # text is data, never a formula
            as_text(cell)  # and stays one when edited in Excel (a quote prefix)
            cell.alignment = WRAP


def _heads(ws, title: str, heads: list[str], widths: list[int]) -> None:
    ws.title = title
    ws.append(heads)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = HEAD, FILL
    ws.freeze_panes = "A2"


def _n(text: str | None):
    """A sheet's decimal string as a number cell (int when whole)."""
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral() else float(value)


def _method(line: dict) -> str:
    if line["manual"]:
        return "人工评分"
    return "系统计算" if line["available"] else "暂不能计算"


def _basis(line: dict) -> str:
    if not line["available"]:
        return line["reason"]
    if line["manual"]:
        e = line["entered"]
        if e is None:
            return "未评分"
        return f"{e['note']}（佐证材料：{e['evidence'] or '无'}；{e['by']} {e['at']}）"
    return "\n".join(
        f"{c['label']}：{c['detail']}" if c["detail"] else c["label"] for c in line["cases"]
    )


def sheet_rows(sheet: dict) -> list[list]:
    return [
        [
            x["group"],
            x["name"],
            _n(x["points"]),
            _method(x),
            None if x["manual"] else _n(x["deduct"]),
            None if x["manual"] else _n(x["cap"]),
            x["count"] if x["available"] and not x["manual"] else None,
            _n(x["deduction"]),
            _n(x["score"]),
            _basis(x),
        ]
        for x in sheet["lines"]
    ]


def sheet_workbook(agency: Agency, sheet: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    _heads(ws, "考核表", SHEET_HEADS, [12, 40, 8, 12, 10, 10, 8, 8, 8, 60])
    for row in sheet_rows(sheet):
        _append(ws, row)
    _append(
        ws, ["合计", "", _n(sheet["possible"]), "", None, None, None, None, _n(sheet["total"]), ""]
    )
    ws[ws.max_row][0].font = HEAD
    info = wb.create_sheet("说明")
    for row in (
        ["机关", agency.name],
        ["考核年度", sheet["year"]],
        [
            "指标体系",
            f"{sheet['set']['name']}（{sheet['set']['key']}/{sheet['set']['year']}.toml）",
        ],
        ["状态", "已结束（结果已固定）" if sheet["frozen"] else "考核进行中（随记录变化）"],
        ["导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")],
    ):
        _append(info, row)
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 60
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def office_workbook(office: Agency, year: int, rows: list[dict], sheets: dict[int, dict]) -> bytes:
    """The ranking, then every agency's deductions with the records behind them."""
    wb = Workbook()
    ws = wb.active
    _heads(ws, "排名", ["名次", "机关", "得分", "满分"], [8, 36, 10, 10])
    for r in rows:
        _append(ws, [r["rank"], r["agency"].name, _n(str(r["total"])), _n(str(r["possible"]))])
    detail = wb.create_sheet()
    _heads(detail, "扣分明细", ["机关", *SHEET_HEADS], [30, 12, 40, 8, 12, 10, 10, 8, 8, 8, 60])
    for r in rows:
        for line in sheet_rows(sheets[r["agency"].pk]):
            _append(detail, [r["agency"].name, *line])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_pdf(agency: Agency, sheet: dict) -> bytes:
    font = chinese_font(installed_chinese_fonts())
    html = render_to_string(
        "scoring/sheet_print.html",
        {"agency": agency, "sheet": sheet, "rows": sheet_rows(sheet), "font": font},
    )
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    data = HTML(string=html, base_url=None).write_pdf()
    assert isinstance(data, bytes)
    return data


LEDGER_HEADS = [
    "索引号",
    "标题",
    "文号",
    "文件类型",
    "形成或变更日期",
    "发布日期",
    "起草人",
    "起草时间",
    "审核人",
    "审核时间",
    "发布人",
    "发布时间",
    "状态",
]


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def ledger_workbook(agency: Agency, year: int) -> bytes:
    """信息发布台账: every item the agency published in the year."""
    start, end = bounds(year)
    items = (
        Item.objects.filter(agency=agency, published_on__range=(start, end))
        .select_related("created_by", "approved_by", "published_by")
        .order_by("published_on", "pk")
    )
    wb = Workbook(write_only=False)
    ws = wb.active
    _heads(ws, "信息发布台账", LEDGER_HEADS, [26, 44, 18, 12, 14, 12, 10, 16, 10, 16, 10, 16, 8])
    for item in items.iterator(chunk_size=2000):
        _append(
            ws,
            [
                item.index_number,
                item.title,
                item.document_number,
                item.get_doc_kind_display(),
                item.made_on.isoformat() if item.made_on else "",
                item.published_on.isoformat() if item.published_on else "",
                item.created_by.display_name if item.created_by else "",
                _time(item.created_at),
                item.approved_by.display_name if item.approved_by else "",
                _time(item.approved_at),
                item.published_by.display_name if item.published_by else "",
                _time(item.published_at),
                item.get_status_display(),
            ],
        )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
