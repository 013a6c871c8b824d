"""Scanned annual reports: tables 三 and 四 read by OCR, every cell right or flagged.

The scans are made from the real samples as a person would: printed to PDF by the
project's writer, rasterised at 200 dpi in grey by pdftoppm, stored as JPEG pages by
img2pdf. The expected values are the samples' expected files, written by eye.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from gongkai import annualreport as ar
from gongkai.annualreport.writers import write
from gongkai.cli import main

from ..scans import images_to_pdf, needs_tesseract, rasterise
from .expected import DATA, expected_for

SAMPLES = ["2021_pingtan.txt", "2019_shanghai-general-office.html"]


def _cells(expected: dict[str, Any], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in expected.items():
        if isinstance(value, dict):
            out.update(_cells(value, f"{prefix}/{key}"))
        else:
            out[f"{prefix}/{key}"] = value
    return out


def _printed(sample: Path, tmp_path: Path) -> Path:
    printed = tmp_path / (sample.stem + ".pdf")
    write(ar.read(sample), printed)
    return printed


def _flagged(report: ar.Report) -> set[str]:
    return {c for f in report.read_findings if f.rule == "READ-OCR-LOW" for c in f.cells}


@needs_tesseract
@pytest.mark.parametrize("name", SAMPLES)
def test_a_scanned_report_gives_every_cell_of_tables_3_and_4_right_or_flagged(
    name: str, tmp_path: Path
) -> None:
    sample = DATA / "samples" / name
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(images_to_pdf(rasterise(_printed(sample, tmp_path))))
    report = ar.read(scanned)
    expected = expected_for(sample)
    flagged = _flagged(report)
    wrong, right, unsure = [], 0, 0
    for table in ("t3", "t4"):
        for cid, value in _cells(expected[table], table).items():
            cell = report.cell(cid)
            if cell.state is ar.CellState.UNREADABLE:
                assert cid in flagged, f"{cid} is unreadable without a READ-OCR-LOW finding"
                unsure += 1
            elif (cell.value is None) != (value is None) or (
                value is not None and Decimal(str(cell.value)) != Decimal(str(value))
            ):
                wrong.append(f"{cid}: expected {value}, read {cell.describe()}")
            else:
                right += 1
    assert not wrong, "silently wrong: " + "; ".join(wrong)
    # Reading is worth something only when nearly every cell is read.
    assert right >= 0.9 * (right + unsure), (right, unsure)
    assert report.year == expected["year"] and report.format.id == expected["format"]
    assert any(f.rule == "READ-OCR" for f in report.read_findings)
    for f in report.read_findings:
        if f.rule == "READ-OCR-LOW":
            assert f.location and "页" in f.location and f.cells[0] in flagged


@needs_tesseract
def test_gongkai_check_flags_a_blotted_number_instead_of_guessing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell whose digits are half covered by a blot, on pages scanned askew, comes out
    of `gongkai check` as unreadable, with a finding naming the cell and the page, and
    the rules that need it uncheckable."""
    printed = _printed(DATA / "samples" / "2021_pingtan.txt", tmp_path)
    pages = rasterise(printed)
    page_no, (x0, y0, x1, y1) = _find_on_printed(printed, "64")  # 自然人, 本年新收
    draw = ImageDraw.Draw(pages[page_no - 1])
    draw.ellipse(((x0 + x1) // 2, y0 - 6, x1 + 8, y1 + 6), fill=(60, 60, 60))
    # and the sheets went through the scanner a little askew: levelled before reading
    pages = [p.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor="white") for p in pages]
    blotted = tmp_path / "blotted.pdf"
    blotted.write_bytes(images_to_pdf(pages))
    assert main(["check", "--format", "json", str(blotted)]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    cid = "t3/一/自然人"
    assert out["tables"]["t3"]["一"]["自然人"] is None
    (finding,) = [f for f in out["findings"] if f["rule"] == "READ-OCR-LOW" and cid in f["cells"]]
    assert "表三“一”行“自然人”列" in finding["message"]
    assert f"第{page_no}页" in finding["location"]
    assert any(
        f["rule"] == "T3-BALANCE" and f["severity"] == "uncheckable" for f in out["findings"]
    )
    assert any(f["rule"] == "READ-OCR" for f in out["findings"])


def _find_on_printed(pdf: Path, text: str, dpi: int = 200) -> tuple[int, tuple[int, ...]]:
    """The page and the pixel box (at `dpi`) of `text` in table 三 of the printed PDF,
    from its text layer."""
    doc = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            if "本年新收" not in textpage.get_text_range():
                continue
            found = textpage.search(text, match_whole_word=True).get_next()
            assert found is not None
            first, count = found
            boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
            height = page.get_height()
            scale = dpi / 72
            return index + 1, (
                round(min(b[0] for b in boxes) * scale),
                round((height - max(b[3] for b in boxes)) * scale),
                round(max(b[2] for b in boxes) * scale),
                round((height - min(b[1] for b in boxes)) * scale),
            )
    finally:
        doc.close()
    raise AssertionError(f"{text} not found")


def test_without_tesseract_a_scan_is_refused_naming_the_debian_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_TESSERACT", str(tmp_path / "no-tesseract-here"))
    data = (DATA / "ocr" / "partial-page.pdf").read_bytes()
    with pytest.raises(ar.ReadError) as caught:
        ar.read_bytes(data, "scan.pdf")
    message = str(caught.value)
    assert message.startswith("scan.pdf: PDF 没有文字层")
    assert "tesseract-ocr tesseract-ocr-chi-sim" in message


@needs_tesseract
def test_a_scan_that_is_not_a_whole_report_is_refused_after_ocr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = DATA / "ocr" / "partial-page.pdf"
    assert main(["check", str(path)]) == 2
    assert "未找到政府信息公开工作年度报告的" in capsys.readouterr().out


def test_a_scanned_file_is_given_more_time_than_the_callers_limit() -> None:
    import signal

    from gongkai.annualreport.limits import allow_more, time_limit

    with time_limit(5, "scan.pdf"):
        allow_more(40)
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 40
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    allow_more(40)  # no limit running: nothing to extend
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
