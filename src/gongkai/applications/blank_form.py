"""The blank application form (政府信息公开申请表) for letter and counter intake, in Word
and PDF: the same rows as the portal's form, with the agency's name and address."""

from __future__ import annotations

import logging
from io import BytesIO

from django.template.loader import render_to_string

from gongkai.agencies.models import Agency

from .classification import ApplicantType
from .models import Delivery, FormWanted, IdType

TITLE = "政府信息公开申请表"


def _boxes(choices) -> str:
    return "　".join(f"□{label}" for _value, label in choices)


def rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """The form's sections, each a list of (label, what to write or tick)."""
    organisation = [t.label for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]
    return [
        (
            "申请人信息",
            [
                ("申请人类型", "□自然人　□" + "　□".join(organisation)),
                ("姓名或名称", ""),
                ("证件类型", _boxes(IdType.choices)),
                ("证件号码或统一社会信用代码", ""),
                ("法定代表人或负责人", "（法人或其他组织填写）"),
                ("联系人", "（法人或其他组织填写）"),
            ],
        ),
        (
            "联系方式",
            [("联系电话", ""), ("电子邮箱", ""), ("通信地址", ""), ("邮政编码", "")],
        ),
        (
            "所需信息",
            [
                ("信息名称", ""),
                ("文号", ""),
                (
                    "所需信息的内容描述",
                    "请写明信息的名称、文号、形成时间、内容等便于查找的特征。\n\n\n",
                ),
            ],
        ),
        (
            "获取信息的方式",
            [
                ("信息的形式", _boxes(FormWanted.choices)),
                ("获取方式", _boxes(c for c in Delivery.choices if c[0] != Delivery.ONLINE)),
            ],
        ),
        ("申请人签名或盖章", [("签名或盖章", ""), ("申请日期", "　　　　年　　月　　日")]),
    ]


NOTES = (
    "依据《中华人民共和国政府信息公开条例》第二十九条填写。申请人为自然人的，请附身份证明复印件；"
    "为法人或其他组织的，请附营业执照等证明文件复印件。",
    "当面提交的，以提交之日为收到申请之日；邮寄的，以签收之日为收到申请之日（第三十一条）。",
    "个人信息保护说明：申请表中的个人信息仅用于办理本申请、答复和送达，以及依法统计，"
    "只有承办人员可以查看，不向第三方提供，法律另有规定的除外。",
)


def _context(agency: Agency) -> dict:
    return {"agency": agency, "title": TITLE, "rows": rows(), "notes": NOTES}


def docx(agency: Agency) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.2)
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(TITLE)
    run.bold, run.font.size = True, Pt(18)
    to = doc.add_paragraph(f"受理机关：{agency.name}")
    to.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for title, fields in rows():
        for i, (label, hint) in enumerate(fields):
            cells = table.add_row().cells
            cells[0].text = title if i == 0 else ""
            cells[1].text = label
            cells[2].text = hint
        if len(fields) > 1:
            first = len(table.rows) - len(fields)
            table.cell(first, 0).merge(table.cell(len(table.rows) - 1, 0)).text = title
    for row in table.rows:
        row.cells[0].width, row.cells[1].width, row.cells[2].width = Cm(2.6), Cm(4.2), Cm(9.8)
    doc.add_paragraph()
    for note in NOTES:
        doc.add_paragraph(note, style="List Number")
    contact = "；".join(
        part
        for part in (
            f"地址：{agency.address}" if agency.address else "",
            f"邮编：{agency.postcode}" if agency.postcode else "",
            f"电话：{agency.phone}" if agency.phone else "",
        )
        if part
    )
    if contact:
        doc.add_paragraph(f"{agency.name}　{contact}")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf(agency: Agency) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_to_string("applications/public/blank_form.html", _context(agency))
    return HTML(string=html, base_url=None).write_pdf()
