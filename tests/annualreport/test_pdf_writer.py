"""The PDF writer: WeasyPrint with a Chinese font, page numbers, whole tables; reads back."""

from __future__ import annotations

import ctypes
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.readers.pdf import pdf_document
from gongkai.annualreport.writers import render
from gongkai.annualreport.writers.pdf import chinese_font, installed_chinese_fonts, render_pdf

from .expected import cases
from .roundtrip import differences

SAMPLES = cases("samples")

needs_font = pytest.mark.skipif(
    not installed_chinese_fonts().strip(), reason="no Chinese font: apt-get install fonts-noto-cjk"
)


@cache
def _pdf(path: Path) -> bytes:
    return render_pdf(ar.read(path))


def _pages(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def _fonts(data: bytes) -> set[str]:
    pdf = pdfium.PdfDocument(data)
    names = set()
    buf = ctypes.create_string_buffer(256)
    for page in pdf:
        for obj in page.get_objects():
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                size = pdfium_c.FPDFFont_GetBaseFontName(font, buf, 256)
                names.add(buf.raw[: max(size - 1, 0)].decode("ascii", "replace").split("+")[-1])
    pdf.close()
    return names


@needs_font
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_reads_back_the_same(path: Path) -> None:
    report = ar.read(path)
    back = ar.read_bytes(_pdf(path), "x.pdf")
    assert differences(report, back) == []
    assert not ar.has_errors(ar.check(back))


@needs_font
def test_text_is_set_in_noto_cjk_and_pages_are_numbered() -> None:
    data = _pdf(SAMPLES[0])
    assert data.startswith(b"%PDF")
    assert {"Noto-Serif-CJK-SC"} <= _fonts(data)
    pages = _pages(data)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert text.rstrip().endswith(f"— {number} —")
    # the reader drops the page numbers again
    doc = pdf_document(data, "x.pdf")
    assert not [line for line in doc.lines if "— 2 —" in line.text]


@needs_font
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_tables_3_and_4_are_not_split_from_their_headers(path: Path) -> None:
    pages = _pages(_pdf(path))
    (t3,) = [i for i, p in enumerate(pages) if "申请人情况" in p]
    # the whole of table 三 on one page, from its header to its last row
    assert "本年新收政府信息公开申请数量" in pages[t3] and "结转下年度继续办理" in pages[t3]
    (t4,) = [i for i, p in enumerate(pages) if "未经复议直接起诉" in p]
    assert "复议后起诉" in pages[t4]
    # a section heading is on the page of its table
    assert "三、收到和处理政府信息公开申请情况" in pages[t3]


def test_no_chinese_font_is_a_write_error_naming_the_package() -> None:
    with pytest.raises(ar.WriteError, match="fonts-noto-cjk"):
        chinese_font("")
    report = ar.read(SAMPLES[0])
    with pytest.raises(ar.WriteError, match="apt-get install fonts-noto-cjk"):
        render_pdf(report, fc_list="")


def test_font_choice_prefers_noto_serif_then_any_chinese_font() -> None:
    listing = (
        "Noto Sans Mono CJK SC\nNoto Sans CJK SC,Noto Sans CJK SC Regular\nNoto Serif CJK SC\n"
    )
    assert chinese_font(listing) == "Noto Serif CJK SC"
    assert chinese_font("Noto Sans CJK JP\nNoto Sans CJK SC\n") == "Noto Sans CJK SC"
    assert chinese_font("WenQuanYi Zen Hei,文泉驿正黑\n") == "WenQuanYi Zen Hei"


@needs_font
def test_another_chinese_font_is_put_first_in_the_stack() -> None:
    data = render_pdf(ar.read(SAMPLES[0]), fc_list="Noto Sans CJK SC\n")
    assert "Noto-Sans-CJK-SC" in _fonts(data)


@needs_font
def test_render_dispatches_pdf() -> None:
    assert render(ar.read(SAMPLES[0]), "pdf").startswith(b"%PDF-")
