"""PDF files with a text layer, read with PDFium (pypdfium2): fast, no pdfminer.

Each page gives its characters (with their boxes and baselines) and the ruling lines
of its tables; `pdflayout` turns them into rows of cells. Running headers and footers
that repeat from page to page, and lone page numbers, are dropped. A PDF without a
text layer (a scan) raises NoTextLayerError, which the OCR reader (`ocr.py`) takes
up; encrypted and corrupt files are refused; nothing but ReadError leaves this module.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import partial
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document, make_line
from ..errors import ReadError
from ..interpret.meta import find_title
from .pdflayout import Char, Row, Rule, layout_page, running_rows

MAX_PAGES = 200
MAX_CHARS = 1_000_000  # in the whole file; a report has tens of thousands
MAX_PAGE_CHARS = 100_000
# Ruling lines, per page: past these a page is read as plain lines of text (a real
# report page has a few hundred border lines; a hostile one must not take minutes).
MAX_OBJECTS = 20_000  # page objects looked at
MAX_SEGMENTS = 50_000  # path segments looked at
MAX_RULES = 3_000


class NoTextLayerError(ReadError):
    """The PDF has no text layer: a scan, for OCR."""


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def pdf_document(data: bytes, source: str) -> Document:
    """The lines of a PDF's text layer. Raises ReadError for scans (no text layer),
    encrypted, corrupt or oversized files (`filelimits.check_pdf`: pages, objects and
    what the streams inflate to, checked before PDFium inflates anything)."""
    from gongkai.filelimits import LimitError, check_pdf

    try:
        check_pdf(data)
    except LimitError as exc:
        raise ReadError(str(exc), source=source) from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(_open_error(exc), source=source) from None
    except Exception as exc:  # noqa: BLE001 - PDFium must not leak its own exceptions
        raise ReadError(f"无法打开 PDF 文件：{exc} (cannot open PDF)", source=source) from None
    try:
        return _read(pdf, source)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ReadError(f"PDF 文件已损坏，无法读取：{exc} (corrupt PDF)", source=source) from None
    finally:
        pdf.close()


def _open_error(exc: pdfium.PdfiumError) -> str:
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "PDF 文件已加密，需要密码才能打开；请提供未加密的文件 (encrypted PDF: password required)"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "PDF 文件采用了不支持的加密方式，无法读取 (unsupported PDF security handler)"
    # PDFium's other codes are not reliable enough to tell a user more.
    return "PDF 文件已损坏或不是 PDF，无法读取 (corrupt PDF)"


def _read(pdf: pdfium.PdfDocument, source: str) -> Document:
    n_pages = len(pdf)
    if n_pages == 0:
        raise ReadError("PDF 文件没有页面 (PDF has no pages)", source=source)
    if n_pages > MAX_PAGES:
        raise ReadError(
            f"PDF 有{n_pages}页，超过{MAX_PAGES}页的上限，不像一份年度报告 (too many pages)",
            source=source,
        )
    pages: list[tuple[float, list[Row]]] = []
    total = 0
    for index in range(n_pages):
        page = pdf[index]
        try:
            height = page.get_height()  # as shown, after the page's /Rotate
            view = _view(page)
            chars = _chars(page, view, source, index + 1)
            total += len(chars)
            if total > MAX_CHARS:
                raise ReadError(
                    f"PDF 的文字超过{MAX_CHARS}个字符，不像一份年度报告 (too much text)",
                    source=source,
                )
            rules = _rules(page, view) if chars else []
        finally:
            page.close()
        pages.append((height, layout_page(chars, rules)))
    if total == 0:
        raise NoTextLayerError(
            "PDF 没有文字层（可能是扫描件），需要先做文字识别（OCR）才能读取"
            " (the PDF has no text layer: it needs OCR)",
            source=source,
        )
    doc = Document(source=source, kind="pdf")
    _metadata(pdf, doc)
    drop = running_rows(pages)
    left, right = _text_block([r for _, rows in pages for r in rows if id(r) not in drop])
    para: list[str] = []  # a paragraph of running text that may continue on the next line
    para_at: tuple[int, str] = (0, "")
    for number, (_, rows) in enumerate(pages, start=1):
        doc.noise += [
            (f"{source} (第{number}页)", " ".join(c for c in r.cells if c))
            for r in rows
            if id(r) in drop
        ]
        kept = [r for r in rows if id(r) not in drop]
        for line_no, row in enumerate(kept, start=1):
            detail = f"第{number}页 第{line_no}行"
            if row.delimited:
                _flush(doc, para, para_at)
                doc.lines.append(make_line(tuple(row.cells), line_no, detail, delimited=True))
                continue
            continues = bool(para) and row.x0 <= left + row.em * 0.6
            if not continues:
                _flush(doc, para, para_at)
                para_at = (line_no, detail)
            para.append(row.cells[0])
            if row.x1 < right - row.em * 4:
                _flush(doc, para, para_at)  # a short line ends its paragraph
    _flush(doc, para, para_at)
    return doc


def _metadata(pdf: pdfium.PdfDocument, doc: Document) -> None:
    """The file's own title (Info dictionary), as one more place the report names itself."""
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - a damaged Info dictionary is not worth a refusal
        return
    title = " ".join(str(info.get("Title", "")).split())
    if title:
        doc.meta["title"] = title
        if find_title([title])[0] is not None:
            doc.title = title


def _text_block(rows: list[Row]) -> tuple[float, float]:
    """Left and right edges of the running text: where at least two lines start, and
    where the second longest line ends (one stray line does not move them)."""
    starts = sorted(r.x0 for r in rows if not r.delimited)
    ends = sorted((r.x1 for r in rows if not r.delimited), reverse=True)
    if len(starts) < 2:
        return (starts[0], ends[0]) if starts else (0.0, 0.0)
    left = next((a for a, b in zip(starts, starts[1:]) if b - a <= 1.0), starts[0])
    return left, ends[1]


def _flush(doc: Document, para: list[str], at: tuple[int, str]) -> None:
    """A paragraph's lines become one line of the document, like a <p> of a page."""
    if not para:
        return
    text = para[0]
    for piece in para[1:]:
        if (
            text[-1:].isascii()
            and text[-1:].isalnum()
            and piece[:1].isascii()
            and piece[:1].isalnum()
        ):
            text += " "
        text += piece
    doc.lines.append(make_line((text,), at[0], at[1]))
    para.clear()


def _view(page: pdfium.PdfPage) -> _Matrix:
    """From page space to the page as shown: a page turned by /Rotate (a landscape
    table drawn sideways and shown upright) is read the way a person sees it."""
    turns = pdfium_c.FPDFPage_GetRotation(page.raw) % 4
    width, height = page.get_width(), page.get_height()
    if turns % 2:
        width, height = height, width  # the size before turning
    return {
        0: _IDENTITY,
        1: (0.0, -1.0, 1.0, 0.0, 0.0, width),
        2: (-1.0, 0.0, 0.0, -1.0, width, height),
        3: (0.0, 1.0, -1.0, 0.0, height, 0.0),
    }[turns]


def _chars(page: pdfium.PdfPage, view: _Matrix, source: str, number: int) -> list[Char]:
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = pdfium_c.FPDFText_CountChars(tp)
        if n > MAX_PAGE_CHARS:
            raise ReadError(
                f"第{number}页有{n}个字符，超过上限，不像一份年度报告 (too much text on a page)",
                source=source,
            )
        codes = _codes(tp, n)
        rect = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        get_origin = pdfium_c.FPDFText_GetCharOrigin
        rect_ref, ox_ref, oy_ref = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
        out: list[Char] = []
        space = False
        for i, code in enumerate(codes):
            if code <= 32 or code in _SKIP or 0xD800 <= code <= 0xF8FF:
                # spaces, surrogates, private-use symbols (list bullets); remember a real
                # space glyph (not one PDFium guessed) so words stay apart
                if code == 32 and not pdfium_c.FPDFText_IsGenerated(tp, i):
                    space = True
                continue
            if not get_box(tp, i, rect_ref) or not get_origin(tp, i, ox_ref, oy_ref):
                continue
            height = rect.top - rect.bottom
            if height <= 0:
                continue
            if view is _IDENTITY:
                char = Char(chr(code), rect.left, rect.right, oy.value, height * 0.75, space)
            else:
                (ax, ay), (bx, by) = (
                    _apply(view, rect.left, rect.bottom),
                    _apply(view, rect.right, rect.top),
                )
                base = _apply(view, ox.value, oy.value)[1]
                char = Char(chr(code), min(ax, bx), max(ax, bx), base, abs(by - ay) * 0.75, space)
            out.append(char)
            space = False
        return out
    finally:
        textpage.close()


_SKIP = frozenset(
    (
        0x85,
        0xA0,
        0x1680,
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
        0xFEFF,
        0xFFFE,
        0xFFFF,
        *range(0x2000, 0x200C),
    )
)


def _codes(tp: object, n: int) -> list[int]:
    """The characters of a text page, in one call when they are all in the BMP."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(tp, 0, n, buf)
    units = list(buf[: max(got - 1, 0)])
    if len(units) == n and not any(0xD800 <= u <= 0xDFFF for u in units):
        return units
    return [pdfium_c.FPDFText_GetUnicode(tp, i) for i in range(n)]


# -- ruling lines from the page's path objects


def _rules(page: pdfium.PdfPage, view: _Matrix = _IDENTITY) -> list[Rule]:
    out: list[Rule] = []
    budget = [MAX_OBJECTS, MAX_SEGMENTS]
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    _walk(partial(pdfium_c.FPDFPage_GetObject, page.raw), count, view, out, budget, 0)
    if budget[0] <= 0 or budget[1] < 0 or len(out) > MAX_RULES:
        return []
    return out


def _walk(
    get: Callable[[int], Any],
    count: int,
    outer: _Matrix,
    out: list[Rule],
    budget: list[int],
    depth: int,
) -> None:
    for i in range(count):
        budget[0] -= 1
        if budget[0] <= 0 or budget[1] < 0:
            return
        obj = get(i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            m = _compose(_matrix(obj), outer)
            _walk(
                partial(pdfium_c.FPDFFormObj_GetObject, obj),
                pdfium_c.FPDFFormObj_CountObjects(obj),
                m,
                out,
                budget,
                depth + 1,
            )
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path_rules(obj, outer, out, budget)


def _matrix(obj: object) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _add(out: list[Rule], x0: float, y0: float, x1: float, y1: float, stroked: bool) -> None:
    """A rectangle (or line) in page space: a rule when thin, its edges when stroked."""
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    w, h = x1 - x0, y1 - y0
    if w <= 3.0 and h > w:
        out.append(Rule(True, (x0 + x1) / 2, y0, y1))
    elif h <= 3.0 and w > h:
        out.append(Rule(False, (y0 + y1) / 2, x0, x1))
    elif stroked:
        out += [
            Rule(True, x0, y0, y1),
            Rule(True, x1, y0, y1),
            Rule(False, y0, x0, x1),
            Rule(False, y1, x0, x1),
        ]


def _path_rules(obj: object, outer: _Matrix, out: list[Rule], budget: list[int]) -> None:
    left, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)
    ):
        return
    (x0, y0), (x1, y1) = _apply(outer, left.value, b.value), _apply(outer, r.value, t.value)
    w, h = abs(x1 - x0), abs(y1 - y0)
    if min(w, h) <= 3.0:
        if max(w, h) >= 4.0:
            _add(out, x0, y0, x1, y1, False)  # a border drawn as a line or a thin box
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    stroked = bool(stroke.value)
    if not fill.value and not stroked:
        return  # a clipping or invisible path
    nseg = pdfium_c.FPDFPath_CountSegments(obj)
    if nseg < 4:
        return  # a diagonal (a split header cell) or a curve
    if nseg == 5 and not fill.value:
        _add(out, x0, y0, x1, y1, True)  # a stroked box: four borders
        return
    budget[1] -= nseg
    if budget[1] < 0:
        return
    m = _compose(_matrix(obj), outer)
    if (m[1] or m[2]) and (abs(m[0]) > 1e-6 or abs(m[3]) > 1e-6):
        return  # rotated or skewed: not a table rule
    px, py = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []

    def flush() -> None:
        if len(points) == 2:
            (ax, ay), (bx, by) = points
            if abs(ax - bx) <= 0.5 or abs(ay - by) <= 0.5:
                _add(out, ax, ay, bx, by, stroked)
        elif len(points) in (4, 5):
            xs = sorted({round(x, 1) for x, _ in points})
            ys = sorted({round(y, 1) for _, y in points})
            if len(xs) <= 2 and len(ys) <= 2:
                _add(out, xs[0], ys[0], xs[-1], ys[-1], stroked)
        elif len(points) > 2 and stroked:
            for (ax, ay), (bx, by) in zip(points, points[1:]):
                if abs(ax - bx) <= 0.5 or abs(ay - by) <= 0.5:
                    _add(out, ax, ay, bx, by, True)
        points.clear()

    for k in range(nseg):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(px), ctypes.byref(py)):
            continue
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            flush()
        elif kind != pdfium_c.FPDF_SEGMENT_LINETO:
            points.clear()  # a curve: not a rule
            continue
        points.append(_apply(m, px.value, py.value))
        if pdfium_c.FPDFPathSegment_GetClose(seg) and points:
            points.append(points[0])
            flush()
    flush()
