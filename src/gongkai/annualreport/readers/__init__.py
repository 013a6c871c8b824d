"""Reading a report from a file, whatever its form: text, HTML, Word, PDF, OFD or our JSON.

The form is recognised from the content, not the file name. Each reader turns the
file into a `Document` of lines of cells; `interpret` finds the report in it.
"""

from __future__ import annotations

import os
import re
import zipfile
from io import BytesIO
from pathlib import Path

from ..document import Document
from ..errors import NotAnnualReportError, ReadError
from ..interpret import interpret
from ..model import Report

# Reports are tens of kilobytes of text; refuse what cannot be one rather than hang.
MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_BINARY_BYTES = 64 * 1024 * 1024

_HTML_SNIFF = re.compile(r"<\s*(html|body|table|tr|td|p|div|meta|head|span|br)\b", re.I)
_HTML_SNIFF_BYTES = re.compile(rb"<\s*(html|body|table|tr|td|p|div|meta|head|span|br)\b", re.I)
READABLE_SUFFIXES = (
    ".txt",
    ".text",
    ".md",
    ".html",
    ".htm",
    ".shtml",
    ".xhtml",
    ".docx",
    ".pdf",
    ".ofd",
    ".json",
)


def sniff(data: bytes) -> str:
    """The binary form of `data` ("pdf", "docx", "ole"), or "text" for anything else
    (decoded, then told apart into JSON, HTML and plain text by `sniff_text`)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


def sniff_text(text: str) -> str:
    head = text[:65536].lstrip("\ufeff \t\r\n")
    if head.startswith("{") and '"tables"' in text[:200000]:
        return "json"
    if _HTML_SNIFF.search(head):
        return "html"
    return "text"


def document_from_bytes(data: bytes, source: str) -> Document:
    kind = sniff(data)
    limit = MAX_BINARY_BYTES if kind in ("pdf", "docx") else MAX_TEXT_BYTES
    if len(data) > limit:
        raise ReadError(
            f"文件过大（{len(data) // 1024 // 1024} MB，上限 {limit // 1024 // 1024} MB），不像一份年度报告"
            " (file too large for an annual report)",
            source=source,
        )
    if kind == "ole":
        raise ReadError(
            "这是旧版 Word/Excel 二进制文件（.doc/.xls），请另存为 .docx 后再读取"
            " (legacy .doc/.xls files are not read; save as .docx)",
            source=source,
        )
    if kind == "pdf":
        from .pdf import NoTextLayerError, pdf_document

        try:
            return pdf_document(data, source)
        except NoTextLayerError as exc:
            from .ocr import ocr_document  # a scan: OCR, if it is one

            return ocr_document(data, source, exc)
    if kind == "docx":
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise ReadError(
                f"损坏的 zip/Word 文件：{exc} (corrupt zip file)", source=source
            ) from None
        if "OFD.xml" in names:
            from .ofd import ofd_document

            return ofd_document(data, source)
        if "word/document.xml" not in names:
            raise NotAnnualReportError(
                "这是 zip 文件但不是 Word 或 OFD 文档（缺少 word/document.xml 或 OFD.xml）"
                " (a zip file that is neither .docx nor OFD)",
                source=source,
            )
        from .docx import docx_document

        return docx_document(data, source)
    from .decode import decode_as

    if _HTML_SNIFF_BYTES.search(data, 0, 65536) and not data.lstrip(
        b"\xef\xbb\xbf \t\r\n"
    ).startswith(b"{"):
        from .html import reduce_markup

        data = reduce_markup(data)
    text, codec = decode_as(data, source)
    kind = sniff_text(text)
    if kind == "json":
        from .jsonfile import json_document

        return json_document(text, source)
    if kind == "html":
        from .html import html_document

        # plain UTF-8: the parser is given the bytes, which it would make from the text
        return html_document(
            text,
            source,
            utf8=data if codec == "utf-8" else None,
            ascii_same=data if codec in ("utf-8", "gb18030") else None,
        )
    from .text import text_document

    return text_document(text, source)


def read_bytes(
    data: bytes, source: str = "<bytes>", *, year: int | None = None, layout: str | None = None
) -> Report:
    """Read one report from `data`; `source` names it in messages and cell locations.

    Raises ReadError (NotAnnualReportError, UnsupportedLayoutError) when it cannot.
    """
    doc = document_from_bytes(data, source)
    if doc.kind == "json":
        from .jsonfile import report_from_json_document

        return report_from_json_document(doc, year=year, layout=layout)
    report = interpret(doc, year=year, layout=layout)
    if doc.kind == "ocr":
        from .ocr import OcrDocument, with_ocr_findings

        assert isinstance(doc, OcrDocument)
        report = with_ocr_findings(doc, report)
    return report


def read(
    path: str | os.PathLike[str], *, year: int | None = None, layout: str | None = None
) -> Report:
    """Read the report in the file at `path`."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BINARY_BYTES:
            raise ReadError(
                f"文件过大（{size // 1024 // 1024} MB），不像一份年度报告 (file too large)",
                source=str(p),
            )
        data = p.read_bytes()
    except IsADirectoryError:
        raise ReadError("这是目录，不是文件 (a directory)", source=str(p)) from None
    except OSError as exc:
        raise ReadError(
            f"无法打开文件：{exc.strerror or exc} (cannot open)", source=str(p)
        ) from None
    return read_bytes(data, str(p), year=year, layout=layout)
