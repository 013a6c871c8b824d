"""Word (.docx): the report as an office sends it, built with python-docx.

A4 in the layout of official documents (GB/T 9704): the title in 方正小标宋简体,
headings in 黑体, body in 仿宋_GB2312 at 三号 with a two-character first-line
indent, page numbers "— 1 —" at the foot. Each East Asian font is set through
`w:rFonts w:eastAsia` and declared in the font table with the common font to use
where it is not installed (宋体, 黑体, 仿宋, 楷体). The tables are the official
grids of `layout`: table 二 as its 第二十条 blocks in one table, table 三 with its
merged header and row labels, table 四 with its two header levels; every cell has a
border, numbers are centred, and table 三's header repeats on each page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from ..model import Report
from .layout import money_header, section_title, t3_header, t3_row_labels, t4_header, value_text
from .prose import paragraphs

# Fonts: (name written in the document, the font Word uses where it is missing).
TITLE_FONT = ("方正小标宋简体", "宋体")
HEADING_FONT = ("黑体", "SimHei")
SUBHEADING_FONT = ("楷体_GB2312", "楷体")
BODY_FONT = ("仿宋_GB2312", "仿宋")
TABLE_FONT = ("宋体", "SimSun")
LATIN_FONT = "Times New Roman"

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
LINE = Pt(28)  # exact line pitch of the body, 22 lines a page as in official documents

# A4 with the margins of official documents: a 15.6 cm wide text block.
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH = Cm(15.6)

STYLE_TITLE = "年报标题"
STYLE_BODY = "Normal"
STYLE_HEADING = "Heading 1"
STYLE_SUBHEADING = "年报小标题"
STYLE_TABLE = "年报表格"

# A line of the narrative that is a sub-heading: （一）主动公开方面, short, no full stop.
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。；;]{0,30}$")
# Characters XML 1.0 cannot hold (control characters from damaged sources).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    doc = Document()
    _setup(doc, report)
    fmt = report.format
    _title_paragraph(doc, _clean(_title(report)))
    _prose(doc, report.narrative.get("序", ""))
    for sec in fmt.sections:
        doc.add_paragraph(section_title(fmt, sec.key), style=STYLE_HEADING)
        _prose(doc, report.narrative.get(sec.key, ""))
        if sec.table == "t2":
            _table2(doc, report)
        elif sec.table == "t3":
            _table3(doc, report)
        elif sec.table == "t4":
            _table4(doc, report)
    _signature(doc, report)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _title(report: Report) -> str:
    if report.title:
        return report.title
    year = f"{report.year}年" if report.year else ""
    return f"{report.agency or ''}{year}政府信息公开工作年度报告"


def _title_paragraph(doc: Any, title: str) -> None:
    """The title, broken before 政府信息公开… when it takes two lines, so that the
    second line is not one or two characters: 上海市科委2024年 / 政府信息公开工作年度报告."""
    p = doc.add_paragraph(style=STYLE_TITLE)
    cut = title.find("政府信息公开")
    per_line = int(TEXT_WIDTH / TITLE_SIZE) - 1  # a character's room for the spacing
    if (
        _em(title) > per_line
        and cut > 0
        and _em(title[:cut]) <= per_line
        and _em(title[cut:]) <= per_line
    ):
        p.add_run(title[:cut]).add_break()
        p.add_run(title[cut:])
    else:
        p.add_run(title)


def _em(text: str) -> float:
    """Width in characters of the title font: digits and Latin letters are half as wide."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


# ---------------------------------------------------------------- page, styles, fonts


def _setup(doc: Any, report: Report) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Cm(2.5)
    _page_numbers(section.footer.paragraphs[0])
    _defaults(doc)
    styles = doc.styles
    body = styles[STYLE_BODY]
    _style(body, BODY_FONT, BODY_SIZE)
    body.paragraph_format.first_line_indent = BODY_SIZE * 2
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.paragraph_format.line_spacing = LINE
    body.paragraph_format.space_before = body.paragraph_format.space_after = Pt(0)
    body.paragraph_format.widow_control = True

    title = styles.add_style(STYLE_TITLE, 1)
    title.base_style = body
    _style(title, TITLE_FONT, TITLE_SIZE)
    fmt = title.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(36)
    fmt.space_after = LINE

    heading = styles[STYLE_HEADING]
    _style(heading, HEADING_FONT, BODY_SIZE)
    heading.font.bold = False
    heading.font.color.rgb = None
    fmt = heading.paragraph_format
    fmt.first_line_indent = BODY_SIZE * 2
    fmt.space_before = Pt(6)  # air after a table
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.keep_with_next = True

    sub = styles.add_style(STYLE_SUBHEADING, 1)
    sub.base_style = body
    _style(sub, SUBHEADING_FONT, BODY_SIZE)
    sub.paragraph_format.keep_with_next = True

    table = styles.add_style(STYLE_TABLE, 1)
    table.base_style = body
    _style(table, TABLE_FONT, TABLE_SIZE)
    fmt = table.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER

    core = doc.core_properties
    core.title = _clean(_title(report))
    core.author = _clean(report.agency or "")
    core.subject = "政府信息公开工作年度报告"
    core.language = "zh-CN"
    core.comments = ""
    core.keywords = ""
    core.last_modified_by = ""
    core.revision = 1
    # python-docx's template says it was made in 2013
    core.created = core.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    _fonts(doc)
    _drop_thumbnail(doc)


def _style(style: Any, font: tuple[str, str], size: Pt) -> None:
    style.font.size = size
    _fonts_of(style.element.get_or_add_rPr(), font[0])


def _fonts_of(rpr: Any, east_asian: str) -> None:
    """Set the fonts of a run or style: the East Asian font for Chinese, Times New Roman
    for digits and Latin letters. Theme fonts would override them, so they go."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _defaults(doc: Any) -> None:
    """Document defaults: Chinese fonts and language, no spacing after paragraphs."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts_of(rpr, BODY_FONT[0])
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        ppr.remove(spacing)


# Font table entries: where a font is missing, Word takes w:altName, or one of the
# same character set (86: GB2312) and family.
_FONT_TABLE = [
    (TITLE_FONT, "roman", "02010600010101010101"),
    (HEADING_FONT, "modern", "02010609060101010101"),
    (SUBHEADING_FONT, "modern", "02010609030101010101"),
    (BODY_FONT, "modern", "02010609030101010101"),
    (TABLE_FONT, "auto", "02010600030101010101"),
]


def _fonts(doc: Any) -> None:
    part = next(
        p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    )
    root = etree.fromstring(part.blob)
    w = root.nsmap["w"]
    for (name, alt), family, panose in _FONT_TABLE:
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}panose1", {f"{{{w}}}val": panose})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": family})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    # python-docx keeps parts it does not model as bytes; there is no API to edit them.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_thumbnail(doc: Any) -> None:
    """python-docx's template carries a picture of an English page as the preview."""
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        rels.pop(rid)


def _page_numbers(paragraph: Any) -> None:
    """ "— 1 —" centred: a PAGE field between dashes."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    for text, field in (("— ", False), ("PAGE", True), (" —", False)):
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), " PAGE ")
            run = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = "1"
            run.append(t)
            simple.append(run)
            paragraph._p.append(simple)
        else:
            run = paragraph.add_run(text)
            run.font.size = Pt(14)
            _fonts_of(run._r.get_or_add_rPr(), TABLE_FONT[0])


# ---------------------------------------------------------------- prose


def _prose(doc: Any, text: str) -> None:
    for line in paragraphs(_clean(text)):
        style = STYLE_SUBHEADING if _SUBHEADING.match(line) else STYLE_BODY
        doc.add_paragraph(line, style=style)


def _signature(doc: Any, report: Report) -> None:
    lines = [report.agency or ""]
    if report.published is not None:
        d = report.published
        lines.append(f"{d.year}年{d.month}月{d.day}日")
    lines = [_clean(x) for x in lines if x]
    if not lines:
        return
    # The signature never stands alone on a page: the paragraph before it goes along.
    last = doc.paragraphs[-1]
    last.paragraph_format.keep_with_next = True
    doc.add_paragraph("").paragraph_format.keep_with_next = True
    for i, line in enumerate(lines):
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = BODY_SIZE * 2
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.keep_with_next = i < len(lines) - 1


# ---------------------------------------------------------------- tables


class _Grid:
    """A new table and its cells by grid position, taken once before any merge
    (python-docx finds a cell by walking the whole table each time)."""

    def __init__(self, table: Any, style_id: str):
        self.table = table
        self.style_id = style_id
        self.cells = [list(row.cells) for row in table.rows]

    def write(self, r: int, c: int, text: str, align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> None:
        _write(self.cells[r][c], text, align, self.style_id)

    def merged(
        self,
        r: int,
        c: int,
        rowspan: int,
        colspan: int,
        text: str,
        align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    ) -> None:
        """Merge the cells from (r, c) over rowspan x colspan (they never overlap an
        earlier merge) and write `text` in the merged cell."""
        cell = self.cells[r][c]
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(self.cells[r + rowspan - 1][c + colspan - 1])
        _write(cell, text, align, self.style_id)


def _new_table(doc: Any, rows: int, widths: Sequence[int], margin: int = 57) -> _Grid:
    """A bordered, fixed-layout, centred table with these column widths (EMU);
    `margin` is the left and right cell margin in twips."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr  # autofit off has made it a fixed layout
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(int(w) // 635 for w in widths)))  # EMU to twips
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "4")
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(margin))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)
    _order_tbl_pr(tbl_pr)
    for i, col in enumerate(table.columns):
        col.width = widths[i]
    for row in table.rows:
        row.height = Cm(0.6)
        _cant_split(row)
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return _Grid(table, doc.styles[STYLE_TABLE].style_id)


# The order the schema gives the children of w:tblPr; Word refuses other orders.
_TBL_PR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
]


def _order_tbl_pr(tbl_pr: Any) -> None:
    rank = {name: i for i, name in enumerate(_TBL_PR_ORDER)}
    children = list(tbl_pr)
    children.sort(key=lambda el: rank.get(etree.QName(el).localname, len(rank)))
    for el in children:
        tbl_pr.append(el)


def _cant_split(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _repeat_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _keep_with_next(row: Any) -> None:
    """Keep the row on the page of the next row (Word keeps rows by their paragraphs)."""
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


def _write(cell: Any, text: str, align: Any, style_id: str) -> None:
    """Replace the cell's content with one paragraph of `text`."""
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    p = paragraphs[0]
    for run in list(p.runs):
        run._r.getparent().remove(run._r)
    p._p.style = style_id  # by id: setting the style by name looks it up every time
    p.alignment = align
    if text:
        p.add_run(_clean(text))


def _split(total: int, first: Sequence[int], count: int) -> list[int]:
    """Column widths: the given first ones, the rest sharing what is left."""
    rest = (total - sum(first)) // count
    return [*first, *([rest] * count)]


def _table2(doc: Any, report: Report) -> None:
    """Table 二 as the template draws it: for each 第二十条 block a title row across the
    table, a header row (信息内容 and the block's columns), then its rows. A block with
    fewer columns than the widest lets its last column span the rest."""
    fmt = report.format
    width = max(len(b.columns) for b in fmt.t2)
    rows = sum(2 + len(b.rows) for b in fmt.t2)
    grid = _new_table(doc, rows, _split(int(TEXT_WIDTH), [int(Cm(4.4))], width))
    r = 0
    for block in fmt.t2:
        grid.merged(r, 0, 1, width + 1, block.key)
        heads = [
            money_header(report, block.key, c.key) if c.kind == "money" else c.key
            for c in block.columns
        ]
        _block_row(grid, r + 1, width, "信息内容", heads, WD_ALIGN_PARAGRAPH.CENTER)
        for i, row in enumerate(block.rows):
            values = [
                value_text(report, f"t2/{block.key}/{row.key}/{c.key}") for c in block.columns
            ]
            _block_row(grid, r + 2 + i, width, row.label, values, WD_ALIGN_PARAGRAPH.LEFT)
        for title_or_header in (r, r + 1):
            _keep_with_next(grid.table.rows[title_or_header])
        r += 2 + len(block.rows)


def _block_row(
    grid: _Grid, r: int, width: int, label: str, values: list[str], label_align: Any
) -> None:
    grid.write(r, 0, label, label_align)
    for i, text in enumerate(values):
        span = width - i if i == len(values) - 1 else 1
        grid.merged(r, 1 + i, 1, span, text)


def _table3(doc: Any, report: Report) -> None:
    fmt = report.format
    heads, header_rows, label_cols = t3_header(fmt)
    labels = t3_row_labels(fmt, report.t3_rows)
    ncols = len(fmt.t3_columns)
    widths = _split(int(TEXT_WIDTH), [int(Cm(1.5)), int(Cm(1.9)), int(Cm(4.1))], ncols)
    grid = _new_table(doc, header_rows + len(report.t3_rows), widths)
    for i in range(header_rows):
        _repeat_header(grid.table.rows[i])
    for head in heads:
        align = (
            WD_ALIGN_PARAGRAPH.LEFT
            if head.row == 0 and head.col == 0
            else WD_ALIGN_PARAGRAPH.CENTER
        )
        grid.merged(head.row, head.col, head.rowspan, head.colspan, head.text, align)
    for i, (row, cells) in enumerate(zip(report.t3_rows, labels, strict=True)):
        r = header_rows + i
        for label in cells:
            # a row's own label reads from the left; group labels spanning rows are centred
            align = WD_ALIGN_PARAGRAPH.CENTER if label.rowspan > 1 else WD_ALIGN_PARAGRAPH.LEFT
            grid.merged(r, label.col, label.rowspan, label.colspan, label.text, align)
        for j, col in enumerate(fmt.t3_columns):
            grid.write(r, label_cols + j, value_text(report, f"t3/{row.key}/{col.key}"))
    for i in range(header_rows + 2):  # the header never ends a page without two rows under it
        _keep_with_next(grid.table.rows[i])


def _table4(doc: Any, report: Report) -> None:
    fmt = report.format
    ncols = len(fmt.t4_groups) * len(fmt.t4_columns)
    # fifteen narrow columns: small cell margins so that 结果维持 wraps as 结果/维持
    grid = _new_table(doc, 4, _split(int(TEXT_WIDTH), [], ncols), margin=28)
    for head in t4_header(fmt):
        grid.merged(head.row, head.col, head.rowspan, head.colspan, head.text)
    for g, grp in enumerate(fmt.t4_groups):
        for j, col in enumerate(fmt.t4_columns):
            grid.write(
                3, g * len(fmt.t4_columns) + j, value_text(report, f"t4/{grp.key}/{col.key}")
            )
    for row in grid.table.rows[:3]:  # one table on one page
        _keep_with_next(row)
