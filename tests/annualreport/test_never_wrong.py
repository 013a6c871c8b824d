"""The engine may leave a cell unread, but never reads a wrong number.

Text taken out of the PDF test inputs (PDFium's text, and poppler's `pdftotext` plain and
`-layout` when it is installed) scrambles tables in every way copies do: labels cut from
their values, values one per line, columns copied one after another, blank cells lost.
Every number read from such a copy must be the number of the table (its expected file),
and a cell the PDF does not give must not be given a number.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.serialize import tables

from .expected import cases, expected_for


def _pdfium_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    pages = []
    for page in pdf:
        tp = page.get_textpage()
        pages.append(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return "\f".join(pages).replace("\r\n", "\n")


def _forms(path: Path) -> dict[str, str]:
    data = path.read_bytes()
    out = {"pdfium": _pdfium_text(data)}
    if shutil.which("pdftotext"):
        for name, args in (("pdftotext", []), ("pdftotext-layout", ["-layout"])):
            done = subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True)
            out[name] = done.stdout.decode("utf-8")
    return out


def _wrong(actual: dict[str, Any], expected: dict[str, Any], prefix: str) -> list[str]:
    out = []
    for key, want in expected.items():
        got = actual.get(key)
        if isinstance(want, dict):
            out += _wrong(got or {}, want, f"{prefix}/{key}")
        elif got is not None and (want is None or Decimal(str(got)) != Decimal(str(want))):
            out.append(f"{prefix}/{key}: read {got}, the table has {want}")
    return out


@pytest.mark.parametrize("path", cases("pdf", (".pdf",)), ids=lambda p: p.name)
def test_text_copied_out_of_a_pdf_gives_no_wrong_number(path: Path) -> None:
    expected = expected_for(path)
    read_any = 0
    for form, text in _forms(path).items():
        try:
            report = ar.read_bytes(text.encode("utf-8"), f"{path.name}.{form}.txt")
        except ar.NotAnnualReportError:
            continue
        actual = tables(report)
        wrong = [
            w for t in ("t3", "t4") if t in expected for w in _wrong(actual[t], expected[t], t)
        ]
        assert not wrong, f"{form}: " + "; ".join(wrong[:10])
        read_any += sum(v is not None for row in actual["t3"].values() for v in row.values())
    if "pingtan" in path.name:
        # Shanghai's table leaves most cells blank, and a text copy loses blanks: nothing
        # of its table 三 can be read safely. Pingtan's full table must give numbers.
        assert read_any > 100
