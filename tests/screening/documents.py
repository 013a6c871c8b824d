"""Real-looking documents for the screening tests, built here so their contents are
known exactly: a 行政处罚公示 list in Excel, a Word notice marked 此件依申请公开, and a
scanned list (HTML printed to PDF by WeasyPrint, rasterised, put back as images)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from openpyxl import Workbook

from gongkai.identity import resident_id_check_char

from ..scans import images_to_pdf, rasterise


def resident_id(area: str, born: str, sequence: str) -> str:
    first17 = area + born + sequence
    return first17 + resident_id_check_char(first17)


VALID_IDS = [
    resident_id("410302", "19800101", "123"),
    resident_id("410303", "19751230", "456"),
    resident_id("110105", "19920229", "017"),  # 29 February of a leap year
    resident_id("320102", "20010715", "882"),
    resident_id("440106", "19681108", "391"),
]


def _wrong_check(number: str) -> str:
    options = "0123456789X"
    return number[:17] + options[(options.index(number[17]) + 1) % 11]


INVALID_IDS = [
    _wrong_check(VALID_IDS[0]),  # check character off by one
    _wrong_check(VALID_IDS[3]),
    "410302" + "19801301" + "123" + resident_id_check_char("41030219801301123"),  # month 13
    "410302" + "21000101" + "123" + resident_id_check_char("41030221000101123"),  # born in 2100
    VALID_IDS[1][:17],  # 17 digits: a case number, not an ID
]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴昊"]


def penalty_list_xlsx() -> bytes:
    """行政处罚公示名单: five valid ID numbers in C2:C6, five invalid ones in C7:C11."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "公示名单"
    sheet.append(["序号", "当事人", "身份证号码", "违法事实", "处罚决定日期"])
    for i, (name, number) in enumerate(zip(NAMES, VALID_IDS + INVALID_IDS), start=1):
        sheet.append([i, name, number, "未按规定设置消防安全标志", "2024-03-15"])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


MOBILE = "13912345678"


def on_request_notice_docx() -> bytes:
    """A notice marked 此件依申请公开 in its second paragraph, with a contact table
    holding a person's ID number and mobile."""
    doc = Document()
    doc.add_paragraph("西工区文化旅游局关于2024年度文物保护单位巡查情况的通报")
    doc.add_paragraph("（此件依申请公开）")
    doc.add_paragraph("各相关单位：现将2024年度文物保护单位巡查情况通报如下。")
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["巡查员", "身份证号码", "联系电话"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["王芳", VALID_IDS[1], MOBILE]):
        cell.text = text
    doc.add_paragraph("西工区文化旅游局")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


SCANNED_MOBILE = "13812345678"


def scanned_list_pdf(tmp: Path) -> bytes:
    """A ruled list of three people, printed by WeasyPrint and scanned at 200 dpi; the
    second person's mobile is in row 3, column 3."""
    from weasyprint import HTML

    rows = [
        ("1", "李娜", "0379-63210000"),
        ("2", "刘洋", SCANNED_MOBILE),
        ("3", "陈静", "0379-63219999"),
    ]
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    html = f"""<html><head><style>
      body {{ font-family: "Noto Serif CJK SC"; font-size: 12pt; margin: 2cm; }}
      table {{ border-collapse: collapse; width: 100%; }}
      td, th {{ border: 1px solid black; padding: 6pt; text-align: center; }}
    </style></head><body>
      <h1 style="font-size: 16pt; text-align: center">志愿者服务队名单</h1>
      <table><tr><th>序号</th><th>姓名</th><th>联系电话</th></tr>{cells}</table>
    </body></html>"""
    printed = tmp / "list.pdf"
    HTML(string=html).write_pdf(printed)
    return images_to_pdf(rasterise(printed))
