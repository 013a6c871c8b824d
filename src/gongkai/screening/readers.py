"""Files to segments: plain text, HTML, Word (.docx), Excel (.xlsx), PDF (its text
layer, and its scanned pages through OCR), OFD, and images through OCR.

The kind is told from the content, not the name (a .doc renamed .docx is still refused
clearly). Every reader raises only ScreeningError, naming the file and the part.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import TYPE_CHECKING

from lxml import etree

from .model import Location, ScreeningError, Segment
from .screen import Options

if TYPE_CHECKING:
    from ..ocr import OcrPage

MAX_CELLS = 2_000_000  # in one workbook
MAX_PART = 256 * 1024 * 1024  # one unpacked part of a .docx, .xlsx or .ofd (zip bombs)
MAX_TEXT = 20_000_000  # characters in one file
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    """A zip member, refused when it unpacks to more than MAX_PART (read with a cap: the
    size its header states may lie)."""
    from ..filelimits import LimitError, read_member

    try:
        return read_member(zf, member, MAX_PART)
    except LimitError:
        raise ScreeningError(
            f"{member} 解压后超过{MAX_PART // 1024 // 1024} MB (part too large)", source=name
        ) from None


def _check(data: bytes, name: str, kind: str) -> None:
    """The limits of `gongkai.filelimits` (what the file inflates to, its strings,
    cells and pages), before any parser sees the file."""
    from ..filelimits import LimitError, check_pdf, check_xlsx

    try:
        if kind == "xlsx":
            check_xlsx(data, max_part_bytes=MAX_PART, max_cells=MAX_CELLS)
        else:
            check_pdf(data)
    except LimitError as exc:
        raise ScreeningError(str(exc), source=name) from None
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ScreeningError(f"损坏的 Excel 文件：{exc} (corrupt .xlsx)", source=name) from None


def kind_of(data: bytes, name: str) -> str:
    """ "pdf", "docx", "xlsx", "ofd", "image", "ole" (legacy Office), "zip" or "text"."""
    from .. import ocr

    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if ocr.is_image(data):
        return "image"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise ScreeningError(f"损坏的压缩文件：{exc} (corrupt zip)", source=name) from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
        return "zip"
    return "text"


def segments_of(data: bytes, name: str, options: Options) -> Iterator[Segment]:
    """The segments of a file, in reading order."""
    if len(data) > options.max_bytes:
        raise ScreeningError(
            f"文件过大（{len(data) // 1024 // 1024} MB，上限 {options.max_bytes // 1024 // 1024} MB）"
            " (file too large)",
            source=name,
        )
    kind = kind_of(data, name)
    if kind == "ole":
        raise ScreeningError(
            "这是旧版 Word/Excel 二进制文件（.doc/.xls），请另存为 .docx/.xlsx 后再检查"
            " (legacy .doc/.xls files are not read)",
            source=name,
        )
    if kind == "zip":
        raise ScreeningError(
            "这是压缩文件，但不是 Word、Excel 或 OFD 文档 (a zip that is not .docx, .xlsx or .ofd)",
            source=name,
        )
    if kind == "text":
        yield from _text(data, name)
    elif kind == "docx":
        yield from _docx(data, name)
    elif kind == "xlsx":
        yield from _xlsx(data, name)
    elif kind == "ofd":
        yield from _ofd(data, name)
    elif kind == "pdf":
        yield from _pdf(data, name, options)
    else:
        yield from _image(data, name, options)


# -- text and HTML

_HTML = re.compile(r"<\s*(html|body|p|div|table|br|span)\b", re.I)


def _text(data: bytes, name: str) -> Iterator[Segment]:
    from ..annualreport.errors import ReadError
    from ..annualreport.readers.decode import decode

    try:
        text = decode(data, name)
    except ReadError as exc:
        raise ScreeningError(str(exc), source=name) from None
    if _HTML.search(text[:65536]):
        yield from html_segments(text, name)
        return
    if name.lower().endswith((".csv", ".tsv")):
        yield from _csv(text, name)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield Segment(line, Location(name, line=number))


def _csv(text: str, name: str) -> Iterator[Segment]:
    """A CSV or TSV list: each cell on its own, with its row and column."""
    import csv

    dialect = "excel-tab" if name.lower().endswith(".tsv") else "excel"
    for r, row in enumerate(csv.reader(text.splitlines(), dialect), start=1):
        for c, value in enumerate(row, start=1):
            if value.strip():
                yield Segment(value, Location(name, table=1, row=r, column=c))


def html_segments(html: str, name: str) -> Iterator[Segment]:
    """An HTML body (as the publishing editor stores it) as paragraphs and table cells."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    paragraph = 0
    for t, table in enumerate(tree.css("table"), start=1):
        for r, row in enumerate(table.css("tr"), start=1):
            for c, cell in enumerate(row.css("td, th"), start=1):
                text = cell.text(separator=" ").strip()
                if text:
                    yield Segment(text, Location(name, table=t, row=r, column=c))
        table.decompose()
    blocks = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "pre", "blockquote"}
    for node in tree.css(", ".join(sorted(blocks))):
        inner = list(node.traverse(include_text=False))[1:]
        if any(child.tag in blocks for child in inner):
            continue  # only the innermost blocks: a div around paragraphs is not one
        text = node.text(separator="").strip()
        if text:
            paragraph += 1
            yield Segment(text, Location(name, paragraph=paragraph))


# -- Word


def docx_paragraph_texts(p: etree._Element) -> list[etree._Element]:
    """The w:t elements of a paragraph in order (runs, hyperlinks, fields, smart tags)."""
    return list(p.iter(f"{W}t"))


def docx_parts(data: bytes, name: str) -> Iterator[tuple[str, str, etree._Element]]:
    """(zip member, part name, XML root) of the body, headers, footers and notes."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ScreeningError(f"损坏的 Word 文件：{exc} (corrupt .docx)", source=name) from None
    with zf:
        members = sorted(zf.namelist())
        order = ["word/document.xml"] + [
            m
            for m in members
            if re.fullmatch(r"word/(header|footer|footnotes|endnotes|comments)\d*\.xml", m)
        ]
        for member in order:
            if member not in members:
                continue
            part = _part_name(member)
            try:
                root = etree.fromstring(_read(zf, member, name), parser=_PARSER)
            except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile, OSError) as exc:
                raise ScreeningError(
                    f"Word 文件的 {member} 已损坏：{exc} (corrupt part)", source=name
                ) from None
            yield member, part, root


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _part_name(member: str) -> str:
    for key, zh in (
        ("header", "页眉"),
        ("footer", "页脚"),
        ("footnotes", "脚注"),
        ("endnotes", "尾注"),
    ):
        if key in member:
            return zh
    return "正文"


def docx_segments(
    root: etree._Element, name: str, part: str
) -> Iterator[tuple[Segment, list[etree._Element]]]:
    """(segment, its w:t elements) for each paragraph: table cells with their table,
    row and column, other paragraphs numbered in order."""
    paragraph = 0
    table_no = 0
    tables: dict[int, int] = {}
    for p in root.iter(f"{W}p"):
        texts = docx_paragraph_texts(p)
        text = "".join(t.text or "" for t in texts)
        cell = _cell_of(p)
        if cell is None:
            paragraph += 1
            if text.strip():
                yield Segment(text, Location(name, part=part, paragraph=paragraph)), texts
            continue
        tbl, row, column = cell
        if id(tbl) not in tables:
            table_no += 1
            tables[id(tbl)] = table_no
        if text.strip():
            where = Location(name, part=part, table=tables[id(tbl)], row=row, column=column)
            yield Segment(text, where), texts


def _cell_of(p: etree._Element) -> tuple[etree._Element, int, int] | None:
    tc = p.getparent()
    while tc is not None and tc.tag != f"{W}tc":
        if tc.tag == f"{W}body":
            return None
        tc = tc.getparent()
    if tc is None:
        return None
    tr = tc.getparent()
    tbl = tr.getparent() if tr is not None else None
    if tr is None or tbl is None:
        return None
    row = [e for e in tbl if e.tag == f"{W}tr"].index(tr) + 1
    column = [e for e in tr if e.tag == f"{W}tc"].index(tc) + 1
    return tbl, row, column


def _docx(data: bytes, name: str) -> Iterator[Segment]:
    for _, part, root in docx_parts(data, name):
        for segment, _ in docx_segments(root, name, part):
            yield segment


# -- Excel


def cell_text(value: object) -> str | None:
    """A cell's value as the text screening reads: numbers without a fraction as digits
    (an ID typed as a number), text as it is."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else None
    if isinstance(value, str):
        return value
    return None


def _xlsx(data: bytes, name: str) -> Iterator[Segment]:
    """The cells of every sheet, read straight from the sheet XML (several times faster
    than openpyxl, which builds an object per cell)."""
    _check(data, name, "xlsx")
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ScreeningError(f"损坏的 Excel 文件：{exc} (corrupt .xlsx)", source=name) from None
    with zf:
        try:
            sheets = _xlsx_sheets(zf, name)
            shared = _xlsx_shared(zf, name)
        except (etree.XMLSyntaxError, KeyError, ValueError) as exc:
            raise ScreeningError(f"Excel 文件已损坏：{exc} (corrupt .xlsx)", source=name) from None
        seen = 0
        for title, member in sheets:
            try:
                if zf.getinfo(member).file_size > MAX_PART:
                    raise ScreeningError(
                        f"工作表解压后超过{MAX_PART // 1024 // 1024} MB (sheet too large)",
                        source=name,
                        where=f"工作表“{title}”",
                    )
                with zf.open(member) as stream:
                    for ref, text in _xlsx_cells(stream, shared):
                        seen += 1
                        if seen > MAX_CELLS:
                            raise ScreeningError(
                                f"Excel 文件的单元格超过{MAX_CELLS}个 (too many cells)", source=name
                            )
                        if text.strip():
                            yield Segment(text, Location(name, sheet=title, cell=ref))
            except (etree.XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile) as exc:
                raise ScreeningError(
                    f"工作表已损坏：{exc} (corrupt sheet)", source=name, where=f"工作表“{title}”"
                ) from None


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _xlsx_sheets(zf: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(title, zip member) of each worksheet, in the workbook's order."""
    book = etree.fromstring(_read(zf, "xl/workbook.xml", name), parser=_PARSER)
    rels = etree.fromstring(_read(zf, "xl/_rels/workbook.xml.rels", name), parser=_PARSER)
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if member in zf.namelist():
            out.append((sheet.get("name", ""), member))
    return out


def _xlsx_shared(zf: zipfile.ZipFile, name: str) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    root = etree.fromstring(_read(zf, "xl/sharedStrings.xml", name), parser=_PARSER)
    return ["".join(t.text or "" for t in si.iter(f"{_MAIN}t")) for si in root.iter(f"{_MAIN}si")]


def _xlsx_cells(stream: object, shared: list[str]) -> Iterator[tuple[str, str]]:
    for _, c in etree.iterparse(stream, events=("end",), tag=f"{_MAIN}c", resolve_entities=False):
        kind = c.get("t")
        v = c.find(f"{_MAIN}v")
        text: str | None
        if kind == "s" and v is not None and v.text:
            text = shared[int(v.text)]
        elif kind == "inlineStr":
            text = "".join(t.text or "" for t in c.iter(f"{_MAIN}t"))
        elif kind in ("str", None, "n") and v is not None and v.text:
            text = v.text if kind == "str" else cell_text(_number(v.text))
        else:
            text = None
        if text:
            yield c.get("r", ""), text
        c.clear()


def _number(raw: str) -> int | float:
    try:
        return int(raw)
    except ValueError:
        return float(raw)


# -- OFD (GB/T 33190): pages of positioned text objects


def _ofd(data: bytes, name: str) -> Iterator[Segment]:
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ScreeningError(f"损坏的 OFD 文件：{exc} (corrupt .ofd)", source=name) from None
    with zf:
        pages = sorted(
            (m for m in zf.namelist() if re.search(r"Pages/Page_?(\d+)/Content\.xml$", m)),
            key=lambda m: int(re.findall(r"Page_?(\d+)", m)[-1]),
        )
        for number, member in enumerate(pages, start=1):
            try:
                root = etree.fromstring(_read(zf, member, name), parser=_PARSER)
            except etree.XMLSyntaxError as exc:
                raise ScreeningError(
                    f"OFD 页面已损坏：{exc} (corrupt page)", source=name, where=f"第{number}页"
                ) from None
            yield from _ofd_lines(root, name, number)


def _ofd_lines(root: etree._Element, name: str, page: int) -> Iterator[Segment]:
    """Text objects grouped into lines by their top edge, each line left to right."""
    pieces: list[tuple[float, float, str]] = []
    for obj in root.iter("{*}TextObject"):
        box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()[:4]]
        text = "".join(code.text or "" for code in obj.iter("{*}TextCode"))
        if text:
            pieces.append((box[1] if len(box) > 1 else 0.0, box[0] if box else 0.0, text))
    pieces.sort()
    lines: list[list[tuple[float, float, str]]] = []
    for piece in pieces:
        if lines and abs(piece[0] - lines[-1][0][0]) <= 1.5:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    for number, line in enumerate(lines, start=1):
        text = "".join(p[2] for p in sorted(line, key=lambda p: p[1]))
        if text.strip():
            yield Segment(text, Location(name, page=page, line=number))


# -- PDF and images


def _pdf(data: bytes, name: str, options: Options) -> Iterator[Segment]:
    import pypdfium2 as pdfium

    from .. import ocr

    _check(data, name, "pdf")
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PDFium's errors become ours
        raise ScreeningError(
            f"PDF 文件已损坏、已加密或不是 PDF：{exc} (cannot open PDF)", source=name
        ) from None
    scans: list[int] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
            if not text.strip():
                scans.append(index + 1)
                continue
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield Segment(line, Location(name, page=index + 1, line=number))
    finally:
        pdf.close()
    scanned = [n for n in ocr.scanned_pages(data, name) if n in scans] if scans else []
    if scanned:
        _need_ocr(name, options, scanned)
        yield from _ocr_pages(
            name,
            lambda: ocr.read_pdf(data, pages=scanned, source=name, timeout=options.timeout),
        )


def _need_ocr(name: str, options: Options, pages: list[int] | None = None) -> None:
    if not options.ocr:
        which = f"第{'、'.join(map(str, pages))}页" if pages else "图片"
        raise ScreeningError(
            f"{which}是扫描件，未做文字识别（OCR）就无法检查 (scanned pages need OCR)", source=name
        )


def _image(data: bytes, name: str, options: Options) -> Iterator[Segment]:
    from .. import ocr

    _need_ocr(name, options)
    yield from _ocr_pages(name, lambda: ocr.read_image(data, source=name, timeout=options.timeout))


def _ocr_pages(name: str, read: Callable[[], list[OcrPage]]) -> Iterator[Segment]:
    from .. import ocr

    try:
        pages = read()
    except ocr.OcrError as exc:
        raise ScreeningError(exc.reason, source=name, where=exc.where) from None
    for page in pages:
        for number, line in enumerate(page.lines, start=1):
            yield Segment(line.text, Location(name, page=page.number, line=number))
        for t, table in enumerate(page.tables, start=1):
            for r, row in enumerate(table.rows, start=1):
                for c, cell in enumerate(row, start=1):
                    if cell.text:
                        where = Location(name, page=page.number, table=t, row=r, column=c)
                        yield Segment(cell.text, where, uncertain=not cell.trusted)
