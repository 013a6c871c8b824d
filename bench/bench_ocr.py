"""OCR time per page of a scanned annual report, and screening throughput.

OCR: a real sample (2021 平潭) printed by our PDF writer, rasterised at 200 dpi in grey by
pdftoppm and stored as JPEG pages by img2pdf, as a scanner would; each page read by
`gongkai.ocr` (tables cell by cell, running text) several times, median reported, then
the whole scan read and checked as `gongkai check` does. Target: 8 s a page, so a report
of six pages stays inside `gongkai check`'s 60 s per file on this 2-core machine.

Screening: a 公示名单 of 20,000 rows in Excel, every row with an ID number, a mobile and
an address (60,000 findings: the worst case), and a 2,000-paragraph Word document,
screened from bytes; cells and paragraphs per second. Target: 10,000 cells a second, so
a list of 10,000 people is screened in a few seconds of a background task.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from io import BytesIO
from pathlib import Path

from gongkai import annualreport as ar
from gongkai import ocr, screening

PAGE_TARGET = 8.0  # seconds per scanned page
CELLS_TARGET = 10_000.0  # screened spreadsheet cells per second, every row personal data
RUNS = 3
SAMPLE = Path(__file__).resolve().parent.parent / "tests/data/annualreport/samples/2021_pingtan.txt"


def _scan() -> bytes:
    import img2pdf
    from PIL import Image

    from gongkai.annualreport.writers.pdf import render_pdf

    with tempfile.TemporaryDirectory() as tmp:
        printed = Path(tmp) / "printed.pdf"
        printed.write_bytes(render_pdf(ar.read(SAMPLE)))
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", "200", str(printed), f"{tmp}/p"], check=True
        )
        pages = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            out = BytesIO()
            Image.open(png).convert("L").save(out, format="JPEG", quality=70, dpi=(200, 200))
            pages.append(out.getvalue())
        data = img2pdf.convert(pages)
        assert isinstance(data, bytes)
        return data


def _ocr_lines() -> list[str]:
    if not ocr.available():
        return ["OCR: SKIPPED, tesseract-ocr / tesseract-ocr-chi-sim not installed"]
    data = _scan()
    count = len(ocr.scanned_pages(data))
    lines = []
    medians = []
    for number in range(1, count + 1):
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            (page,) = ocr.read_pdf(data, pages=[number])
            times.append(time.perf_counter() - start)
        cells = sum(len(row) for t in page.tables for row in t.rows)
        median = statistics.median(times)
        medians.append(median)
        lines.append(
            f"page {number}: median {median:.2f} s of {RUNS} (min {min(times):.2f}), "
            f"{len(page.lines)} text lines, {len(page.tables)} tables, {cells} cells"
        )
    worst = max(medians)
    verdict = "met" if worst <= PAGE_TARGET else "MISSED"
    lines.append(
        f"OCR per page: median of pages {statistics.median(medians):.2f} s, slowest {worst:.2f} s"
        f" (target {PAGE_TARGET:g} s: {verdict})"
    )
    start = time.perf_counter()
    report = ar.read_bytes(data, "scan.pdf")
    findings = ar.check(report)
    flagged = sum(1 for f in report.read_findings if f.rule == "READ-OCR-LOW")
    lines.append(
        f"whole scanned report read and checked: {time.perf_counter() - start:.1f} s for {count} pages,"
        f" {flagged} cells flagged, {len(findings)} findings"
    )
    return lines


def _penalty_list(rows: int) -> bytes:
    from openpyxl import Workbook

    from gongkai.identity import resident_id_check_char

    book = Workbook(write_only=True)
    sheet = book.create_sheet("公示名单")
    sheet.append(["序号", "当事人", "身份证号码", "住址", "违法事实", "联系电话"])
    for i in range(rows):
        first17 = f"410302{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        sheet.append(
            [
                i + 1,
                "张某",
                first17 + resident_id_check_char(first17),
                f"西工区幸福路{i % 300 + 1}号",
                "未按规定设置消防安全标志",
                f"139{i:08d}",
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _notice(paragraphs: int) -> bytes:
    from docx import Document

    doc = Document()
    for i in range(paragraphs):
        doc.add_paragraph(
            f"第{i + 1}条 根据《中华人民共和国政府信息公开条例》规定，本机关对申请人提出的申请"
            "进行了审查，现答复如下：所申请公开的信息属于本机关公开职责范围。"
        )
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _screening_lines() -> list[str]:
    rows = 20_000
    xlsx = _penalty_list(rows)
    times, found = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        found = len(screening.screen_bytes(xlsx, "名单.xlsx"))
        times.append(time.perf_counter() - start)
    cells = (rows + 1) * 6
    rate = cells / statistics.median(times)
    verdict = "met" if rate >= CELLS_TARGET else "MISSED"
    lines = [
        f"screening Excel: {rows} rows ({cells} cells, {len(xlsx) // 1024} KB) in"
        f" {statistics.median(times):.2f} s median: {rate:,.0f} cells/s, {found} findings"
        f" (target {CELLS_TARGET:,.0f}: {verdict})"
    ]
    docx = _notice(2000)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        screening.screen_bytes(docx, "答复.docx")
        times.append(time.perf_counter() - start)
    lines.append(
        f"screening Word: 2000 paragraphs in {statistics.median(times):.2f} s median:"
        f" {2000 / statistics.median(times):,.0f} paragraphs/s"
    )
    return lines


def main() -> list[str]:
    load = os.getloadavg()
    lines = [f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)"]
    lines += _screening_lines()
    lines += _ocr_lines()
    return lines
