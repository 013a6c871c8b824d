"""Reading a PDF page as PDFium shows it: its characters with their boxes in the
page's shown coordinates (points from the top-left corner, after /Rotate), and the
page rendered to an image in the same coordinates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from .model import Box, RedactionError


@dataclass(frozen=True, slots=True)
class Char:
    ch: str
    box: Box | None  # None for characters PDFium made up (line breaks, spaces)


def open_pdf(data: bytes, source: str) -> pdfium.PdfDocument:
    from ..filelimits import LimitError, check_pdf

    try:
        check_pdf(data)  # pages, objects, what its streams inflate to
    except LimitError as exc:
        raise RedactionError(str(exc), source=source) from None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise RedactionError(
                "PDF 文件已加密，需要密码才能打开 (encrypted PDF)", source=source
            ) from None
        raise RedactionError(
            "PDF 文件已损坏或不是 PDF，无法读取 (corrupt PDF)", source=source
        ) from None
    except Exception as exc:  # noqa: BLE001 - PDFium must not leak its own exceptions
        raise RedactionError(f"无法打开 PDF 文件：{exc} (cannot open PDF)", source=source) from None


def shown_size(page: pdfium.PdfPage) -> tuple[float, float]:
    return page.get_width(), page.get_height()


def _to_shown(page: pdfium.PdfPage) -> Callable[[float, float], tuple[float, float]]:
    """Page space (y up, before /Rotate) to shown space (y down, from the top-left)."""
    turns = pdfium_c.FPDFPage_GetRotation(page.raw) % 4
    width, height = shown_size(page)
    if turns == 0:
        return lambda x, y: (x, height - y)
    if turns == 1:  # shown turned a quarter clockwise
        return lambda x, y: (y, x)
    if turns == 2:
        return lambda x, y: (width - x, y)
    return lambda x, y: (width - y, height - x)


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    """Every character of the page's text layer, index for index."""
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = pdfium_c.FPDFText_CountChars(tp)
        to_shown = _to_shown(page)
        out = []
        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(tp, i)
            ch = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\ufffd"
            if pdfium_c.FPDFText_IsGenerated(tp, i) or ch.isspace():
                out.append(Char(ch, None))
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            (ax, ay), (bx, by) = to_shown(left, bottom), to_shown(right, top)
            out.append(Char(ch, Box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))))
        return out
    finally:
        textpage.close()


def render(page: pdfium.PdfPage, dpi: float) -> Image.Image:
    """The page as shown, without annotations or form fields (they are dropped)."""
    bitmap = page.render(scale=dpi / 72, draw_annots=False, may_draw_forms=False)
    try:
        image: Image.Image = bitmap.to_pil().convert("RGB")
        return image
    finally:
        bitmap.close()


def pixel_box(box: Box, dpi: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box in pixels of an image rendered at `dpi`, grown to whole pixels."""
    s = dpi / 72
    x0, y0 = max(0, int(box.x0 * s)), max(0, int(box.y0 * s))
    x1, y1 = min(size[0], int(box.x1 * s + 0.999)), min(size[1], int(box.y1 * s + 0.999))
    return x0, y0, max(x0, x1), max(y0, y1)
