"""Crafted files that unpack to far more than they weigh, built here chunk by chunk (the
test process never holds what they inflate to). Each function returns the file's bytes.

Run as a script, `python -m tests.support.bombs KIND READER`, it reads one crafted file
with one reader and prints the outcome, the seconds and the peak memory in MB, of
itself and of the children it waited for: the tests measure a reader in a process of
its own. The tests bound its CPU seconds (wall time on a busy machine says little).
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
import zipfile
import zlib
from pathlib import Path

CHUNK = 1 << 20
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _deflated(head: bytes, repeat: bytes, times: int, tail: bytes) -> bytes:
    z = zlib.compressobj(9)
    out = [z.compress(head)]
    block = repeat * max(1, CHUNK // len(repeat))
    per = CHUNK // len(repeat) or 1
    left = times
    while left > 0:
        n = min(per, left)
        out.append(z.compress(block if n == per else repeat * n))
        left -= n
    out.append(z.compress(tail))
    out.append(z.flush())
    return b"".join(out)


def pdf_stream_bomb(inflated: int = 400_000_000) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes of spaces."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stream = pikepdf.Stream(pdf, b"")
    raw = _deflated(b"BT ET\n", b" ", inflated, b"\n")
    stream.write(raw, filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].obj.Contents = stream
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def _zip_streamed(parts: dict[str, bytes | tuple[bytes, bytes, int, bytes]]) -> bytes:
    """A zip whose members are bytes, or (head, repeat, times, tail) written in chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, content in parts.items():
            if isinstance(content, bytes):
                zf.writestr(name, content)
                continue
            head, repeat, times, tail = content
            with zf.open(name, "w", force_zip64=True) as fh:
                fh.write(head)
                block = repeat * max(1, CHUNK // len(repeat))
                per = CHUNK // len(repeat) or 1
                left = times
                while left > 0:
                    n = min(per, left)
                    fh.write(block if n == per else repeat * n)
                    left -= n
                fh.write(tail)
    return out.getvalue()


_DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_zip_bomb(paragraphs: int = 40_000_000) -> bytes:
    """A .docx whose body is `paragraphs` empty paragraphs (240 MB for the default)."""
    head = f'<w:document xmlns:w="{_W}"><w:body>'.encode()
    return _zip_streamed(
        {
            "[Content_Types].xml": _DOCX_TYPES,
            "word/document.xml": (head, b"<w:p/>", paragraphs, b"</w:body></w:document>"),
        }
    )


def docx_many_elements(cells: int = 1_500_000) -> bytes:
    """A .docx under the size cap whose one table has `cells` empty cells (14 MB of XML)."""
    head = f'<w:document xmlns:w="{_W}"><w:body><w:tbl><w:tr>'.encode()
    return _zip_streamed(
        {
            "[Content_Types].xml": _DOCX_TYPES,
            "word/document.xml": (
                head,
                b"<w:tc/>",
                cells,
                b"</w:tr></w:tbl></w:body></w:document>",
            ),
        }
    )


def _xlsx(shared: tuple[bytes, bytes, int, bytes]) -> bytes:
    """A one-sheet workbook whose A1 is shared string 0 and whose shared strings are `shared`."""
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        b'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        b'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        b"</Relationships>"
    )
    workbook = (
        f'<?xml version="1.0"?><workbook xmlns="{_S}" xmlns:r="http://schemas.openxmlformats.'
        f'org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
        f'r:id="rId1"/></sheets></workbook>'
    ).encode()
    workbook_rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_S}"><sheetData><row r="1">'
        f'<c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    ).encode()
    return _zip_streamed(
        {
            "[Content_Types].xml": types,
            "_rels/.rels": rels,
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels,
            "xl/worksheets/sheet1.xml": sheet,
            "xl/sharedStrings.xml": shared,
        }
    )


def xlsx_shared_strings_bomb(count: int = 10_000_000) -> bytes:
    """An .xlsx with `count` empty shared strings (a few hundred KB)."""
    head = f'<?xml version="1.0"?><sst xmlns="{_S}">'.encode()
    return _xlsx((head, b"<si><t/></si>", count, b"</sst>"))


def xlsx_long_string(chars: int = 300_000_000) -> bytes:
    """An .xlsx whose one shared string is `chars` long."""
    head = f'<?xml version="1.0"?><sst xmlns="{_S}"><si><t>'.encode()
    return _xlsx((head, b"a", chars, b"</t></si></sst>"))


def xlsx_many_strings_under_the_size_cap(count: int = 2_000_000) -> bytes:
    """Shared strings that stay under the part size cap but not under the count limit."""
    head = f'<?xml version="1.0"?><sst xmlns="{_S}">'.encode()
    return _xlsx((head, b"<si/>", count, b"</sst>"))


def deep_html(depth: int = 5000) -> bytes:
    return ("<html><body>" + "<div>" * depth + "x" + "</div>" * depth + "</body></html>").encode()


def _peak_mb() -> float:
    """This process's peak resident memory since it started its program: VmHWM, which
    exec resets (getrusage's ru_maxrss keeps the peak of the process that forked us)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


BUILDERS = {
    "pdf": pdf_stream_bomb,
    "docx": docx_zip_bomb,
    "docx-elements": docx_many_elements,
    "xlsx-strings": xlsx_shared_strings_bomb,
    "xlsx-long": xlsx_long_string,
    "xlsx-count": xlsx_many_strings_under_the_size_cap,
    "html": deep_html,
}


def _read(kind: str, reader: str) -> str:
    data = BUILDERS[kind]()
    started, cpu = time.monotonic(), time.process_time()
    try:
        if reader == "report":
            from gongkai import annualreport as ar

            ar.read_bytes(data, f"crafted.{kind}")
        elif reader == "sheet":
            from gongkai.applications import sheet

            sheet.rows(data, 20_000)
        elif reader == "sandbox-report":
            from gongkai import sandbox

            sandbox.call("gongkai.annualreport:read_bytes", data, f"crafted.{kind}")
        outcome = "read"
    except Exception as exc:  # noqa: BLE001 - reported to the test
        outcome = f"{type(exc).__name__}: {exc}"
    return json.dumps(
        {
            "outcome": outcome,
            "seconds": time.monotonic() - started,
            # CPU seconds: what the reader costs, whatever else the machine is doing
            "cpu_seconds": time.process_time() - cpu,
            "self_mb": _peak_mb(),
            "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        },
        ensure_ascii=False,
    )


if __name__ == "__main__":
    print(_read(sys.argv[1], sys.argv[2]))
