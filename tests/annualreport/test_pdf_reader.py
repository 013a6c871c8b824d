"""The PDF reader on PDFs made from the real sample pages, and on broken or hostile files."""

from __future__ import annotations

import random
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.readers.pdf import _rules, pdf_document

from .expected import DATA, cases, check_expected, expected_for
from .roundtrip import differences

BROKEN = sorted((DATA / "pdf_broken").glob("*.pdf"))


@pytest.mark.parametrize("path", cases("pdf"), ids=lambda p: p.name)
def test_pdf_reads_as_expected(path: Path) -> None:
    check_expected(ar.read(path), expected_for(path))


def test_cells_of_a_pdf_match_the_page_it_was_made_from() -> None:
    page = ar.read(DATA / "samples" / "2019_shanghai-general-office.html")
    pdf = ar.read(DATA / "pdf" / "2019_shanghai-general-office_libreoffice-wrapped.pdf")
    for cid in page.format.cell_ids():
        assert (pdf.cell(cid).state, pdf.cell(cid).value) == (
            page.cell(cid).state,
            page.cell(cid).value,
        ), cid


def test_a_table_cut_off_at_the_page_edge_is_not_guessed() -> None:
    # LibreOffice keeps the page's nowrap cells on one line, so table 三 runs off the
    # page and its last three columns are not in the PDF at all.
    report = ar.read(DATA / "pdf" / "2019_shanghai-general-office_libreoffice.pdf")
    t3 = [report.cell(c) for c in report.format.cell_ids() if c.startswith("t3/")]
    assert t3 and all(c.state is ar.CellState.UNREADABLE for c in t3)
    assert report.value("t4/行政复议/总计") == 7


def test_cells_say_page_and_line() -> None:
    report = ar.read(DATA / "pdf" / "2021_pingtan_page_libreoffice.pdf")
    where = report.cell("t3/一/总计").location
    assert where is not None and where.detail is not None
    assert where.detail.startswith("第5页 第") and where.detail.endswith("第8格")
    assert where.source is not None and where.source.endswith("2021_pingtan_page_libreoffice.pdf")


def test_table_rows_come_out_whole_with_blank_cells() -> None:
    doc = pdf_document(
        (DATA / "pdf" / "2019_shanghai-general-office_libreoffice-wrapped.pdf").read_bytes(),
        "x.pdf",
    )
    rows = [line.cells for line in doc.lines if line.delimited]
    partial = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    # a label wrapped over three lines in its cell is one cell, and the blanks are kept
    (row,) = [r for r in rows if partial in r]
    assert row[row.index(partial) :] == (partial, "3", "", "", "", "", "", "")
    assert ("二、上年结转政府信息公开申请数量", "18", "", "", "", "", "", "18") in rows


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_pdf_gives_a_read_error_saying_why(path: Path) -> None:
    expected = path.with_suffix(".error").read_text(encoding="utf-8").strip()
    with pytest.raises(ar.ReadError) as caught:
        ar.read_bytes(path.read_bytes(), path.name)
    assert type(caught.value) is ar.ReadError
    assert str(caught.value) == expected


def test_broken_folder_is_not_empty() -> None:
    assert {p.stem for p in BROKEN} >= {
        "encrypted",
        "garbage",
        "truncated",
        "too-many-pages",
    }


def test_damaged_bytes_give_a_report_or_a_read_error_never_a_crash() -> None:
    data = (DATA / "pdf" / "2019_shanghai-general-office_libreoffice-wrapped.pdf").read_bytes()
    rng = random.Random(20240131)
    outcomes = set()
    for trial in range(24):
        damaged = bytearray(data)
        if trial % 3 == 0:
            damaged = damaged[: rng.randrange(len(data) // 10, len(data))]
        else:
            for _ in range(rng.randrange(1, 200)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            ar.check(ar.read_bytes(bytes(damaged), f"damaged-{trial}.pdf"))
            outcomes.add("read")
        except ar.ReadError as exc:
            assert f"damaged-{trial}.pdf" in str(exc)
            outcomes.add("refused")
    assert outcomes  # every trial ended in one of the two


def _drawing_heavy_pdf() -> bytes:
    """One page with a path of 200,000 segments and 30,000 short lines, and no text."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    path = pdfium_c.FPDFPageObj_CreateNewPath(0, 0)
    for i in range(200_000):
        pdfium_c.FPDFPath_LineTo(path, float(i % 500), float((i * 7) % 800))
    pdfium_c.FPDFPath_SetDrawMode(path, 0, 1)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)
    for i in range(30_000):
        line = pdfium_c.FPDFPageObj_CreateNewPath(float(i % 500), float(i % 800))
        pdfium_c.FPDFPath_LineTo(line, float(i % 500), float(i % 800) + 10)
        pdfium_c.FPDFPath_SetDrawMode(line, 0, 1)
        pdfium_c.FPDFPage_InsertObject(page.raw, line)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_page_of_endless_drawing_is_given_up_on_not_walked() -> None:
    data = _drawing_heavy_pdf()
    pdf = pdfium.PdfDocument(data)
    assert _rules(pdf[0]) == []  # past the budget: read as plain text lines
    pdf.close()
    with pytest.raises(ar.ReadError, match="没有文字层"):
        ar.read_bytes(data, "drawing.pdf")


def _turned(data: bytes, turns: int) -> bytes:
    """Every page drawn turned `turns` quarters anticlockwise and shown upright by /Rotate,
    as some producers make landscape and rotated pages."""
    src = pdfium.PdfDocument(data)
    dst = pdfium.PdfDocument.new()
    for i in range(len(src)):
        w, h = src[i].get_size()
        obj = src.page_as_xobject(i, dst).as_pageobject()
        shift = {1: (h, 0.0), 2: (w, h), 3: (0.0, w)}[turns]
        obj.transform(pdfium.PdfMatrix().rotate(90 * turns, ccw=True).translate(*shift))
        page = dst.new_page(*((h, w) if turns % 2 else (w, h)))
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(90 * turns)
    out = BytesIO()
    dst.save(out)
    return out.getvalue()


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_pages_turned_by_rotate_are_read_as_shown(turns: int) -> None:
    data = (DATA / "pdf" / "2019_shanghai-general-office_libreoffice-wrapped.pdf").read_bytes()
    page = ar.read(DATA / "samples" / "2019_shanghai-general-office.html")
    turned = ar.read_bytes(_turned(data, turns), "turned.pdf")
    assert differences(page, turned) == []
