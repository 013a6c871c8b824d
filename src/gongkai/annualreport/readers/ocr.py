"""Scanned reports (a PDF without a text layer): read through OCR (`gongkai.ocr`).

Each page's ruled tables come back cell by cell, each with tesseract's confidence, and
its running text as lines; they become the same lines of cells the PDF reader makes, so
the one interpreter reads them. A table cell OCR cannot vouch for (low confidence, or
two readings that disagree) is written as `?`, which the interpreter takes as an
unreadable cell, and gets a READ-OCR-LOW finding naming the cell, the page and why: a
number is right or flagged, never silently wrong.

Imported only when a PDF has no text layer, so the report engine starts fast and works
without tesseract installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..document import Document, Line
from ..errors import ReadError
from ..limits import allow_more
from ..model import CellState, Finding, Report, Severity
from ..rules.base import cell_name
from .pdflayout import Row, is_page_number

if TYPE_CHECKING:
    from ...ocr import OcrPage, Table, TableCell, TextLine

# A scanned report of a few pages is read in well under a minute; past this it is given up.
OCR_SECONDS = 300.0
# The time a caller's limit (`gongkai check` gives a file 60 s) is extended by, a page.
PAGE_SECONDS = 20.0
RULE = "READ-OCR-LOW"
_DASH_ENDS = re.compile(r"^[一\s]+|[一\s]+$")


@dataclass
class OcrDocument(Document):
    """A document read through OCR: `uncertain` maps a cell's place ("第3页 表格1 第5行
    第2格", as the interpreter writes cell locations) to why it is not trusted."""

    uncertain: dict[str, str] = field(default_factory=dict)
    pages: int = 0


def ocr_document(
    data: bytes, source: str, no_text: ReadError, *, timeout: float = OCR_SECONDS
) -> OcrDocument:
    """The lines of a scanned PDF, by OCR. A PDF without text that is not a scan (no
    page is an image) raises `no_text`; ReadError when OCR is not installed (naming the
    Debian packages) or fails."""
    from ... import ocr

    scans = ocr.scanned_pages(data, source)
    if not scans:
        raise no_text
    allow_more(min(timeout, PAGE_SECONDS * len(scans)))
    try:
        pages = ocr.read_pdf(data, source=source, timeout=timeout)
    except ocr.EngineMissingError as exc:
        raise ReadError(
            f"PDF 没有文字层（可能是扫描件），需要文字识别（OCR）才能读取，但{exc.reason}",
            source=source,
        ) from None
    except ocr.OcrError as exc:
        raise ReadError(exc.reason, source=source, where=exc.where) from None
    doc = OcrDocument(source=source, kind="ocr", pages=len(pages))
    for page in pages:
        _add_page(doc, page)
    if not doc.lines:
        raise ReadError(
            "PDF 没有文字层，文字识别（OCR）也未识别出文字 (no text layer, and OCR found no text)",
            source=source,
        )
    return doc


def _add_page(doc: OcrDocument, page: OcrPage) -> None:
    items: list[tuple[float, TextLine | tuple[int, Table]]] = [(ln.box.y0, ln) for ln in page.lines]
    for number, table in enumerate(page.tables, start=1):
        items.append((table.box.y0 - 0.5, (number, table)))
    items.sort(key=lambda item: item[0])
    para: list[str] = []
    para_key: tuple[int, int] | None = None
    line_no = 0

    def flush() -> None:
        if para:
            text = "".join(para)
            # "— 3 —" often comes back as "一3一"
            if not is_page_number(Row(0.0, [_DASH_ENDS.sub("", text)], False)):
                doc.lines.append(Line((text,), None, f"第{page.number}页 第{line_no}行"))
            para.clear()

    for _, item in items:
        if not isinstance(item, tuple):
            if item.paragraph != para_key:
                flush()
                para_key = item.paragraph
                line_no += 1
            para.append(item.text)
            continue
        flush()
        para_key = None
        number, table = item
        for r, row in enumerate(table.rows, start=1):
            detail = f"第{page.number}页 表格{number} 第{r}行"
            cells = _trim(list(row))
            texts = []
            for k, cell in enumerate(cells, start=1):
                if cell.trusted:
                    texts.append(cell.text)
                else:
                    texts.append("?")
                    doc.uncertain[f"{detail} 第{k}格"] = cell.note
            if any(texts):
                doc.lines.append(Line(tuple(texts), None, detail, delimited=True))
    flush()


def _trim(cells: list[TableCell]) -> list[TableCell]:
    """A band's cells without the empty ones left of its last label: the label cells of
    a merged group are given once, in the band at their middle; the other bands of the
    group see empty space there (as the PDF reader trims them)."""
    last_label = -1
    for i, c in enumerate(cells):
        if c.kind == "text":
            last_label = i
    return [c for i, c in enumerate(cells) if c.kind != "blank" or i > last_label]


def with_ocr_findings(doc: OcrDocument, report: Report) -> Report:
    """The report with a READ-OCR-LOW finding for each cell OCR could not vouch for
    (replacing the READ-MISSING the interpreter gave those rows), and a note that the
    report was read by OCR."""
    flagged: list[Finding] = []
    covered: set[str] = set()
    for cid, cell in report.cells.items():
        where = cell.location.detail if cell.location else None
        if cell.state is not CellState.UNREADABLE or where not in doc.uncertain:
            continue
        covered.add(cid)
        flagged.append(
            Finding(
                RULE,
                Severity.WARNING,
                f"{cell_name(cid)}：扫描件文字识别不可靠，{doc.uncertain[where]}，"
                f"记为未能读取，请对照原件核对 [{RULE}]",
                cells=(cid,),
                location=str(cell.location),
            )
        )
    kept = [
        f
        for f in report.read_findings
        if not (f.rule == "READ-MISSING" and f.cells and set(f.cells) <= covered)
    ]
    note = Finding(
        "READ-OCR",
        Severity.INFO,
        f"本报告是扫描件（PDF 没有文字层），经文字识别（OCR）读取，共{doc.pages}页；"
        f"{len(flagged)}个表格单元格识别不可靠，已记为未能读取 [READ-OCR]",
    )
    return replace(report, read_findings=(note, *kept, *flagged))
