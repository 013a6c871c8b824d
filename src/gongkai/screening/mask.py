"""Masking what screening finds: in a text, and in copies of Word and Excel files.

The masks are `gongkai.identity`'s, the ones the applications use for personal data:
an ID number keeps its first 3 and last 2 characters, a mobile its first 3 digits, an
address its area up to the district. Marks (密级, 此件不公开…) cannot be masked away:
the document must not be published, so they stay and keep failing the screening.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from io import BytesIO

from lxml import etree

from ..annualreport.writers.cells import as_text
from .model import Finding, Location, ScreeningError, Segment
from .readers import cell_text, docx_parts, docx_segments, kind_of
from .screen import DEFAULT, Options, screen_segments


def apply_masks(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each maskable finding's span replaced by its mask (findings are
    those of this text, as one segment)."""
    spans = sorted(
        ((f.start, f.end, f.masked) for f in findings if f.masked is not None),
        reverse=True,
    )
    for start, end, masked in spans:
        assert masked is not None
        text = text[:start] + masked + text[end:]
    return text


def mask_findings(text: str, findings: Iterable[Finding]) -> str:
    """`text` (an item's body, plain or HTML, as stored) with the given findings masked
    wherever their matched text occurs: one click masks one finding. ScreeningError
    when a finding cannot be masked (a mark) or its text is not in `text` as written
    (split by markup): the caller must not believe it masked."""
    for f in findings:
        if f.masked is None:
            raise ScreeningError(
                f"“{f.rule}”类问题不能遮盖，只能删除或确认 (a mark cannot be masked)",
                source=f.location.file,
            )
        if f.found not in text:
            raise ScreeningError(
                "正文中找不到这处内容的原文（可能被格式标记隔开），请手工修改"
                " (the match is not in the text as stored)",
                source=f.location.file,
            )
        text = text.replace(f.found, f.masked)
    return text


def mask_text(text: str, options: Options = DEFAULT) -> str:
    """The text with every maskable finding masked (an item's body, for example)."""
    findings = screen_segments([Segment(text, Location("text"))], options)
    return apply_masks(text, findings)


def masked_copy(data: bytes, name: str, options: Options = DEFAULT) -> bytes:
    """A copy of a Word (.docx), Excel (.xlsx) or text file with every maskable finding
    masked. ScreeningError for other kinds (a PDF is redacted, not masked)."""
    kind = kind_of(data, name)
    if kind == "docx":
        return _docx(data, name, options)
    if kind == "xlsx":
        return _xlsx(data, name, options)
    if kind == "text":
        from ..annualreport.errors import ReadError
        from ..annualreport.readers.decode import decode

        try:
            text = decode(data, name)
        except ReadError as exc:
            raise ScreeningError(exc.reason, source=name) from None
        lines = text.splitlines(keepends=True)
        return "".join(mask_text(line, options) for line in lines).encode("utf-8")
    raise ScreeningError(
        "只能为 Word（.docx）、Excel（.xlsx）和纯文本文件生成遮盖副本；PDF 请用 gongkai redact 作可验证的遮盖"
        " (masked copies are for .docx, .xlsx and text; redact PDFs)",
        source=name,
    )


def _docx(data: bytes, name: str, options: Options) -> bytes:
    """Each paragraph's matches replaced in its w:t elements (a match may run over
    several runs: its mask goes in the first, the rest of it is removed)."""
    changed: dict[str, bytes] = {}
    for member, part, root in docx_parts(data, name):
        touched = False
        for segment, texts in docx_segments(root, name, part):
            findings = [f for f in screen_segments([segment], options) if f.masked is not None]
            if findings:
                _replace_in_runs(texts, findings)
                touched = True
        if touched:
            changed[member] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, changed.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def _replace_in_runs(texts: list[etree._Element], findings: list[Finding]) -> None:
    bounds = []
    at = 0
    for t in texts:
        length = len(t.text or "")
        bounds.append((at, at + length))
        at += length
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        assert f.masked is not None
        first = True
        for t, (a, b) in zip(texts, bounds):
            if b <= f.start or a >= f.end or a == b:
                continue
            value = t.text or ""
            lo, hi = max(f.start, a) - a, min(f.end, b) - a
            t.text = value[:lo] + (f.masked if first else "") + value[hi:]
            if first:
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            first = False


def _xlsx(data: bytes, name: str, options: Options) -> bytes:
    from openpyxl import load_workbook

    from .readers import _check

    _check(data, name, "xlsx")  # what its parts inflate to, its strings and cells
    try:
        book = load_workbook(BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
        raise ScreeningError(
            f"无法打开 Excel 文件：{exc} (cannot open .xlsx)", source=name
        ) from None
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell_text(cell.value)
                if not text or not text.strip():
                    continue
                where = Location(name, sheet=sheet.title, cell=cell.coordinate)
                findings = [
                    f
                    for f in screen_segments([Segment(text, where)], options)
                    if f.masked is not None
                ]
                if findings:
                    cell.value = apply_masks(text, findings)
                    cell.number_format = "@"
                    as_text(cell)  # what we write is data, never a formula
    out = BytesIO()
    book.save(out)
    return out.getvalue()
