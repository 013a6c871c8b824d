"""A small OFD writer for test inputs: a PDF's pages as OFD (GB/T 33190) pages.

Every run of characters on one baseline becomes a `TextObject` whose `TextCode` places
the run at its position, with each character's advance in `DeltaX` (repeated advances
written `g N v`, as OFD producers do); every ruling line of the PDF's tables becomes a
`PathObject` (`M 0 0 L w 0`). Units are millimetres, y downwards. The characters come
from PDFium, the ruling lines from the PDF reader's own path walk (`readers.pdf._rules`),
so the OFD holds the same page the PDF shows. easyofd was not used: it pulls in PyMuPDF
and OpenCV to write what this module writes in a page of XML.

Run `python -m tests.annualreport.ofdwriter IN.pdf OUT.ofd` to convert a file.
"""

from __future__ import annotations

import ctypes
import io
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.annualreport.readers.pdf import _rules

MM = 25.4 / 72  # millimetres per point
NS = "http://www.ofdspec.org/2016"


def _num(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _deltas(values: list[float]) -> str:
    """Advances as OFD writes them: a run of equal advances as `g N v`."""
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and abs(values[j + 1] - values[i]) < 0.001:
            j += 1
        if j - i + 1 >= 3:
            out.append(f"g {j - i + 1} {_num(values[i])}")
        else:
            out.extend(_num(v) for v in values[i : j + 1])
        i = j + 1
    return " ".join(out)


def _runs(
    page: pdfium.PdfPage, height: float
) -> list[tuple[float, float, float, str, list[float]]]:
    """(x, baseline y, size, text, advances) per run, in millimetres, y downwards."""
    tp = page.get_textpage()
    try:
        raw = tp.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        runs: list[tuple[float, float, float, str, list[float]]] = []
        cur: list[tuple[str, float, float, float]] = []  # (char, x, y, size)

        def close() -> None:
            if cur:
                xs = [c[1] for c in cur]
                runs.append((xs[0], cur[0][2], cur[0][3], "".join(c[0] for c in cur),
                             [b - a for a, b in zip(xs, xs[1:])]))  # fmt: skip
                cur.clear()

        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13) or 0xD800 <= code <= 0xDFFF:
                close()
                continue
            if pdfium_c.FPDFText_IsGenerated(raw, i):
                close()  # a space or break PDFium guessed: the next run starts afresh
                continue
            if not pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(ox), ctypes.byref(oy)):
                continue
            size = pdfium_c.FPDFText_GetFontSize(raw, i) * MM
            x, y = ox.value * MM, (height - oy.value) * MM
            if cur and (abs(y - cur[-1][2]) > 0.1 or abs(size - cur[-1][3]) > 0.01
                        or x < cur[-1][1] or x - cur[-1][1] > 3 * size):  # fmt: skip
                close()
            cur.append((chr(code), x, y, size))
        close()
        return runs
    finally:
        tp.close()


def _content(
    runs: list[tuple[float, float, float, str, list[float]]], rules: list[object], first_id: int
) -> str:
    out = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{first_id}">'
    ]
    oid = first_id + 1
    for x, y, size, text, adv in runs:
        width = sum(adv) + size
        top = y - size
        out.append(
            f'<ofd:TextObject ID="{oid}" Boundary="{_num(x)} {_num(top)} {_num(width)} {_num(size * 1.4)}"'
            f' Font="1" Size="{_num(size)}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{_num(size)}" DeltaX="{_deltas(adv)}">{escape(text)}</ofd:TextCode>'
            "</ofd:TextObject>"
        )
        oid += 1
    for r in rules:
        vertical, pos, lo, hi = r.vertical, r.pos * MM, r.lo * MM, r.hi * MM  # type: ignore[attr-defined]
        if vertical:
            box, data = (pos, HEIGHT[0] - hi, 0.0, hi - lo), f"M 0 0 L 0 {_num(hi - lo)}"
        else:
            box, data = (lo, HEIGHT[0] - pos, hi - lo, 0.0), f"M 0 0 L {_num(hi - lo)} 0"
        out.append(
            f'<ofd:PathObject ID="{oid}" Boundary="{" ".join(_num(v) for v in box)}" LineWidth="0.25">'
            f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>"
        )
        oid += 1
    out.append("</ofd:Layer></ofd:Content></ofd:Page>")
    return "".join(out)


HEIGHT = [0.0]  # the page height in millimetres, for the rules' y


def pdf_to_ofd(data: bytes) -> bytes:
    """The pages of the PDF `data` as an OFD file."""
    pdf = pdfium.PdfDocument(data)
    title = pdf.get_metadata_dict(skip_empty=True).get("Title", "")
    pages: list[str] = []
    width_mm = height_mm = 0.0
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_width(), page.get_height()
        width_mm, height_mm = w * MM, h * MM
        HEIGHT[0] = height_mm
        pages.append(_content(_runs(page, h), _rules(page), 1000 * (i + 1)))
        page.close()
    pdf.close()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.1" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0C1D4F7159954EEEDE517F7285E84DC4</ofd:DocID>"
            f"<ofd:Title>{escape(title)}</ofd:Title><ofd:Creator>gongkai tests</ofd:Creator></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc={quoteattr(f"Pages/Page_{i}/Content.xml")}/>'
            for i in range(len(pages))
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>{1000 * (len(pages) + 1)}</ofd:MaxUnitID><ofd:PageArea>"
            f"<ofd:PhysicalBox>0 0 {_num(width_mm)} {_num(height_mm)}</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        zf.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
        )
        for i, content in enumerate(pages):
            zf.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
    return buf.getvalue()


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as dst:
        dst.write(pdf_to_ofd(src.read()))
