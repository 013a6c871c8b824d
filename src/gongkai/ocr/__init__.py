"""OCR for scanned PDFs and images: text lines, and ruled tables read cell by cell.

A pure library (no Django) over Debian's tesseract (`tesseract-ocr`,
`tesseract-ocr-chi-sim`), run as a program. Without it every call raises
EngineMissingError, whose message names the packages to install.

    from gongkai import ocr
    pages = ocr.read_pdf(data, source="scan.pdf", timeout=120)
    for page in pages:
        print(page.number, page.text)
        for table in page.tables:
            for row in table.rows:
                for cell in row:
                    if not cell.trusted:
                        print("not trusted:", cell.text, cell.note)

Every table cell keeps tesseract's confidence; a number is trusted only when two
different readings agree and both are confident (`MIN_CONFIDENCE`, a parameter).
Errors: OcrError (with `source` and `where`), EngineMissingError.
"""

from .documents import (
    DPI,
    image_frames,
    is_image,
    read_image,
    read_pdf,
    render_pdf,
    scanned_pages,
)
from .engine import DEBIAN_PACKAGES, Box, Word, available, recognise, require
from .errors import EngineMissingError, OcrError
from .page import MIN_CONFIDENCE, OcrPage, Table, TableCell, TextLine, read_page

__all__ = [
    "DEBIAN_PACKAGES",
    "DPI",
    "MIN_CONFIDENCE",
    "Box",
    "EngineMissingError",
    "OcrError",
    "OcrPage",
    "Table",
    "TableCell",
    "TextLine",
    "Word",
    "available",
    "image_frames",
    "is_image",
    "read_image",
    "read_page",
    "read_pdf",
    "recognise",
    "render_pdf",
    "require",
    "scanned_pages",
]
