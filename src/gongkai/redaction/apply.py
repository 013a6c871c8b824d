"""Making the redacted PDF: pages with marks burnt into images, other pages copied,
everything that could carry hidden content dropped.

A page with a mark is rendered (without its annotations and form fields), the boxes
are painted black on the pixels, and the page is replaced by that image alone: no text
layer, no vector content, nothing under the box to recover. Pages without marks are
copied as they are, less their annotations, actions and metadata. The document gets no
outline, names tree (embedded files, JavaScript), open action, form, or metadata: only
its pages. The result is then verified (`verifier.py`) and given back only if it passes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from io import BytesIO

import pikepdf
from PIL import Image, ImageDraw

from .model import DPI, Mark, Redaction, RedactionError
from .pages import open_pdf, pixel_box, render, shown_size
from .verifier import verify

QUALITY = 90  # JPEG quality of the burnt pages
MAX_PAGES = 2000
# Keys of a page (and of its form XObjects) that can hold hidden or active content.
PAGE_KEYS = ("/Annots", "/AA", "/Metadata", "/PieceInfo", "/Thumb", "/B", "/StructParents")


def redact(
    data: bytes,
    marks: Sequence[Mark],
    *,
    dpi: int = DPI,
    source: str = "input.pdf",
) -> Redaction:
    """The redacted PDF, verified. RedactionError when the input cannot be redacted,
    VerificationError (with every problem) when the result fails verification."""
    if not marks:
        raise RedactionError("没有要遮盖的区域 (nothing to redact)", source=source)
    pdf = open_pdf(data, source)
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise RedactionError(f"PDF 超过{MAX_PAGES}页 (too many pages)", source=source)
        by_page: dict[int, list[Mark]] = {}
        for m in marks:
            if not 1 <= m.page <= count:
                raise RedactionError(
                    f"遮盖区域在第{m.page}页，但文件只有{count}页 (mark on a missing page)",
                    source=source,
                )
            by_page.setdefault(m.page, []).append(m)
        burnt: dict[int, tuple[Image.Image, float, float]] = {}
        for number, page_marks in sorted(by_page.items()):
            page = pdf[number - 1]
            try:
                width, height = shown_size(page)
                image = render(page, dpi)
            finally:
                page.close()
            draw = ImageDraw.Draw(image)
            for m in page_marks:
                x0, y0, x1, y1 = pixel_box(m.box, dpi, image.size)
                draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=(0, 0, 0))
            burnt[number] = (image, width, height)
    finally:
        pdf.close()
    output = _assemble(data, burnt, source)
    checks = verify(data, output, marks, source=source)
    return Redaction(
        output,
        tuple(marks),
        count,
        tuple(sorted(burnt)),
        hashlib.sha256(data).hexdigest(),
        hashlib.sha256(output).hexdigest(),
        tuple(checks),
    )


def _assemble(
    data: bytes, burnt: dict[int, tuple[Image.Image, float, float]], source: str
) -> bytes:
    try:
        src = pikepdf.open(BytesIO(data))
    except pikepdf.PasswordError:
        raise RedactionError("PDF 文件已加密 (encrypted PDF)", source=source) from None
    except pikepdf.PdfError as exc:
        raise RedactionError(f"PDF 文件已损坏：{exc} (corrupt PDF)", source=source) from None
    with src:
        out = pikepdf.new()
        for index, page in enumerate(src.pages):
            number = index + 1
            if number in burnt:
                out.pages.append(_image_page(out, *burnt[number]))
                continue
            out.pages.append(page)
            copied = out.pages[-1].obj
            for key in PAGE_KEYS:
                if key in copied:
                    del copied[key]
            _clean_resources(copied, set())
        buffer = BytesIO()
        out.save(buffer, compress_streams=True, deterministic_id=True)
        return buffer.getvalue()


def _clean_resources(node: pikepdf.Object, seen: set[tuple[int, int]]) -> None:
    """Metadata and private data dropped from the form XObjects a copied page draws."""
    resources = node.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        return
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    for _, xobject in xobjects.items():
        if not isinstance(xobject, pikepdf.Stream):
            continue
        key = xobject.objgen
        if key in seen:
            continue
        seen.add(key)
        for drop in ("/Metadata", "/PieceInfo"):
            if drop in xobject:
                del xobject[drop]
        if xobject.get("/Subtype") == pikepdf.Name.Form:
            _clean_resources(xobject, seen)


def _image_page(pdf: pikepdf.Pdf, image: Image.Image, width: float, height: float) -> pikepdf.Page:
    jpeg = BytesIO()
    image.save(jpeg, format="JPEG", quality=QUALITY, subsampling=0)
    xobject = pikepdf.Stream(pdf, jpeg.getvalue())
    xobject["/Type"] = pikepdf.Name.XObject
    xobject["/Subtype"] = pikepdf.Name.Image
    xobject["/Width"] = image.width
    xobject["/Height"] = image.height
    xobject["/ColorSpace"] = pikepdf.Name.DeviceRGB
    xobject["/BitsPerComponent"] = 8
    xobject["/Filter"] = pikepdf.Name.DCTDecode
    content = f"q {width:.4f} 0 0 {height:.4f} 0 0 cm /Im0 Do Q".encode("ascii")
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, round(width, 4), round(height, 4)]),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject)),
        Contents=pikepdf.Stream(pdf, content),
    )
    return pikepdf.Page(page)
