"""Limits on what an uploaded file may unpack to, checked before the expensive work.

A few hundred kilobytes can hold gigabytes once inflated (a PDF content stream of
spaces, an .xlsx with millions of empty shared strings or one 300 MB string, a .docx of
empty paragraphs). The readers call these checks first, on the compressed bytes, with
streaming inflation that stops at the cap: a hostile file costs what its cap allows,
never what it claims. Pure: no Django, nothing of the project; the report readers, screening, OCR,
redaction and the ledger import use it.

    check_xlsx(data)        # before openpyxl: parts, shared strings, cells
    check_pdf(data)         # before PDFium: pages, inflated streams
    read_member(zf, name, max_bytes)   # one zip member, never more than max_bytes
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

# A spreadsheet we import is a ledger of at most a few thousand rows.
XLSX_MAX_PART_BYTES = 32 * 1024 * 1024
XLSX_MAX_STRINGS = 500_000
XLSX_MAX_STRING_CHARS = 32_767  # Excel's own limit for a cell
XLSX_MAX_CELLS = 2_000_000
# A report or an attachment is at most a few hundred pages; its streams inflate to
# megabytes (a scanned page's image to a few tens).
PDF_MAX_PAGES = 1_000
PDF_MAX_STREAM_BYTES = 64 * 1024 * 1024
PDF_MAX_TOTAL_BYTES = 512 * 1024 * 1024
PDF_MAX_OBJECTS = 500_000


class LimitError(ValueError):
    """The file would unpack to more than its limits allow; the message says which, in
    Chinese then English (callers add the file's name in their own error type)."""


def read_member(zf: zipfile.ZipFile, name: str, max_bytes: int, source: str | None = None) -> bytes:
    """The member `name`, inflated; LimitError once it passes `max_bytes` (whatever its
    header says), KeyError when there is none."""
    info = zf.getinfo(name)
    if info.file_size > max_bytes:
        raise LimitError(_too_large(name, max_bytes))
    with zf.open(info) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitError(_too_large(name, max_bytes))
    return data


def _too_large(name: str, limit: int) -> str:
    return f"{name} 解压后超过 {limit // 1024 // 1024} MB 上限，拒绝读取 ({name} inflates past the limit)"


_PREFIXED = {b"si": re.compile(rb"<\w+:si[\s/>]"), b"c": re.compile(rb"<\w+:c[\s/>]")}
_T_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<")


def _count_tags(part: bytes, tag: bytes) -> int:
    """How many elements `tag` (with or without a namespace prefix) `part` opens; counted
    with bytes.count, which allocates nothing (a regex's list of matches would)."""
    n = sum(part.count(b"<" + tag + end) for end in (b">", b"/>", b" ", b"\t", b"\n", b"\r"))
    if b":" + tag in part:
        n += sum(1 for _ in _PREFIXED[tag].finditer(part))
    return n


def check_xlsx(
    data: bytes,
    *,
    max_part_bytes: int = XLSX_MAX_PART_BYTES,
    max_strings: int = XLSX_MAX_STRINGS,
    max_string_chars: int = XLSX_MAX_STRING_CHARS,
    max_cells: int = XLSX_MAX_CELLS,
) -> None:
    """Raise LimitError when the workbook's parts, shared strings or cells pass the limits;
    zipfile.BadZipFile when `data` is no zip. Every part is inflated with a cap, once."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        cells = 0
        for info in zf.infolist():
            name = info.filename
            if not name.endswith(".xml") and not name.endswith(".rels"):
                continue
            part = read_member(zf, name, max_part_bytes)
            if name.endswith("sharedStrings.xml"):
                if _count_tags(part, b"si") > max_strings:
                    raise LimitError(
                        f"共享字符串超过 {max_strings} 个，拒绝读取 (more than {max_strings} shared strings)",
                    )
                for match in _T_TEXT.finditer(part):
                    # bytes: a UTF-8 character is 1-3 bytes, so this errs toward allowing
                    if len(match.group(1)) > 3 * max_string_chars + 64:
                        raise LimitError(
                            f"有单元格文字超过 {max_string_chars} 字，拒绝读取 (a string longer than Excel allows)",
                        )
            elif name.startswith("xl/worksheets/"):
                cells += _count_tags(part, b"c")
                if cells > max_cells:
                    raise LimitError(
                        f"单元格超过 {max_cells} 个，拒绝读取 (more than {max_cells} cells)",
                    )


def check_office(
    data: bytes,
    *,
    max_part_bytes: int = 16 * 1024 * 1024,
    max_total_bytes: int = 64 * 1024 * 1024,
    max_elements: int = 400_000,
) -> None:
    """Raise LimitError when a Word (or other Office zip) file's XML parts inflate past
    `max_part_bytes` each or `max_total_bytes` together, or hold more than `max_elements`
    elements (what python-docx would build a tree of); zipfile.BadZipFile for no zip."""
    total = elements = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            part = read_member(zf, info.filename, max_part_bytes)
            total += len(part)
            elements += part.count(b"<") - part.count(b"</")
            if total > max_total_bytes:
                raise LimitError(
                    f"文件的各部分解压后共超过 {max_total_bytes // 1024 // 1024} MB，拒绝读取"
                    " (the parts inflate past the limit)"
                )
            if elements > max_elements:
                raise LimitError(
                    f"文件有超过 {max_elements} 个元素，拒绝读取 (more than {max_elements} elements)"
                )


def check_pdf(
    data: bytes,
    *,
    max_pages: int = PDF_MAX_PAGES,
    max_stream_bytes: int = PDF_MAX_STREAM_BYTES,
    max_total_bytes: int = PDF_MAX_TOTAL_BYTES,
    max_objects: int = PDF_MAX_OBJECTS,
) -> None:
    """Raise LimitError when the PDF has too many pages or objects, or a Flate stream that
    inflates past `max_stream_bytes` (all of them together past `max_total_bytes`).
    Each stream is inflated in pieces and dropped: memory stays at one piece. A file
    pikepdf cannot open is left to the reader, which says why in its own words."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError):
        return
    with pdf:
        if len(pdf.pages) > max_pages:
            raise LimitError(f"PDF 超过 {max_pages} 页，拒绝读取 (more than {max_pages} pages)")
        if len(pdf.objects) > max_objects:
            raise LimitError(
                f"PDF 对象超过 {max_objects} 个，拒绝读取 (more than {max_objects} objects)",
            )
        total = 0
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            filters = obj.get("/Filter")
            names = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
            if not names or names[0] not in ("/FlateDecode", "/Fl"):
                continue
            try:
                raw = obj.read_raw_bytes()
            except pikepdf.PdfError:
                continue
            size = _inflated_size(raw, max_stream_bytes)
            if size > max_stream_bytes:
                raise LimitError(
                    f"PDF 中有数据流解压后超过 {max_stream_bytes // 1024 // 1024} MB，拒绝读取"
                    " (a stream inflates past the limit)",
                )
            total += size
            if total > max_total_bytes:
                raise LimitError(
                    f"PDF 的数据流解压后共超过 {max_total_bytes // 1024 // 1024} MB，拒绝读取"
                    " (the streams inflate past the limit)",
                )


def _inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes `raw` inflates to, counting at most a little past `limit`; a broken
    stream counts what inflated before the break (PDFium reads that much too)."""
    inflate = zlib.decompressobj()
    size = 0
    pending = raw
    try:
        while pending and size <= limit:
            size += len(inflate.decompress(pending, 1 << 20))
            pending = inflate.unconsumed_tail
    except zlib.error:
        pass
    return size
