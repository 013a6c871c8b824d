"""Word letters from a layout document with placeholders (python-docx).

A layout is any .docx whose text holds `{{标题}}`, `{{文号}}`, `{{称谓}}`, `{{正文}}`,
`{{机关名称}}` and `{{日期}}` (and optionally `{{查询码}}`), in paragraphs, tables,
headers or footers. The paragraph holding `{{正文}}` is the model of the body: it is
repeated once per paragraph of the letter, keeping its formatting. An agency downloads
the default layout, changes fonts, adds its letterhead or seal in Word, and uploads it.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from gongkai.filelimits import LimitError, check_office
from gongkai.workflow import ActionError

FIELDS = ("标题", "文号", "称谓", "正文", "机关名称", "日期", "查询码")
REQUIRED = ("正文",)
_FIELD = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
HEAD_FONT = "黑体"


class LayoutError(ActionError):
    """The file is not a usable Word layout; the message says why."""


def _fonts(run, east_asian: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def default_layout() -> bytes:
    """The layout used when an agency has none: A4, the margins and fonts of 党政机关公文
    (GB/T 9704: 仿宋 三号 body, 小标宋 二号 title, 28 lines a page)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.line_spacing = Pt(28.9)
    normal.paragraph_format.space_after = Pt(0)

    def para(text: str, font: str, size: float, align=None, indent: bool = False, bold=False):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        _fonts(p.add_run(text), font, size, bold)
        return p

    para("{{标题}}", TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER)
    para("{{文号}}", BODY_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER)
    para("", BODY_FONT, 16)
    para("{{称谓}}", BODY_FONT, 16)
    para("{{正文}}", BODY_FONT, 16, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    para("", BODY_FONT, 16)
    para("{{机关名称}}", BODY_FONT, 16, WD_ALIGN_PARAGRAPH.RIGHT)
    para("{{日期}}", BODY_FONT, 16, WD_ALIGN_PARAGRAPH.RIGHT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("查询码：{{查询码}}"), BODY_FONT, 10.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _paragraphs(doc) -> Iterator[Paragraph]:
    def in_container(container):
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from in_container(cell)

    yield from in_container(doc)
    for section in doc.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            if not part.is_linked_to_previous:
                yield from in_container(part)


def check_layout(data: bytes) -> list[str]:
    """The placeholders a layout uses; LayoutError if it is not a usable Word file (or one
    that would inflate past the limits of `gongkai.filelimits.check_office`)."""
    try:
        check_office(data)
    except LimitError as exc:
        raise LayoutError(f"文件超出上限：{exc}") from None
    except Exception:
        raise LayoutError("不是有效的 Word（.docx）文件。") from None
    try:
        doc = Document(io.BytesIO(data))
    except Exception:
        raise LayoutError("不是有效的 Word（.docx）文件。") from None
    found = []
    for p in _paragraphs(doc):
        found += _FIELD.findall(p.text)
    unknown = sorted(set(found) - set(FIELDS))
    if unknown:
        raise LayoutError(
            "版式中有无法识别的占位符：" + "、".join("{{" + u + "}}" for u in unknown)
        )
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        raise LayoutError("版式中缺少正文占位符 {{正文}}。")
    return found


def _set_text(paragraph: Paragraph, text: str) -> None:
    """Replace the paragraph's text, keeping the first run's formatting."""
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def render(layout: bytes, values: dict[str, str], body: list[str]) -> bytes:
    """The letter: `values` fill the placeholders, `body` the paragraphs of {{正文}}."""
    doc = Document(io.BytesIO(layout))
    for paragraph in list(_paragraphs(doc)):
        text = paragraph.text
        if "{{" not in text:
            continue
        if _FIELD.search(text) and any(m == "正文" for m in _FIELD.findall(text)):
            element = paragraph._p
            for line in body:
                clone = copy.deepcopy(element)
                element.addprevious(clone)
                _set_text(Paragraph(clone, paragraph._parent), line)
            element.getparent().remove(element)
            continue
        _set_text(paragraph, _FIELD.sub(lambda m: values.get(m.group(1), ""), text))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def text_of(data: bytes) -> str:
    """All the text of a .docx, paragraphs and footers, one a line (for tests and previews)."""
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in _paragraphs(doc))
