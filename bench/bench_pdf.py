"""Reading and checking PDF reports: reports per second on one core (target 10/s).

Inputs: every sample report printed by our PDF writer (made before timing starts),
and the PDFs LibreOffice made from the real sample pages (tests/data/annualreport/pdf),
whose tables come out of a word processor with wrapped labels, page breaks and, in one,
a table running off the page. Each is read from bytes and checked, as a supervising
office does for every report it collects.
"""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium

from gongkai import annualreport as ar
from gongkai.annualreport.errors import WriteError
from gongkai.annualreport.writers.pdf import render_pdf

TARGET = 10.0  # reports per second per core
SECONDS = 3.0  # measure at least this long
DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "annualreport"


def _inputs() -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]], str | None]:
    ours: list[tuple[str, bytes]] = []
    note = None
    for path in sorted((DATA / "samples").iterdir()):
        if (
            path.name.endswith(".expected.json")
            or not (path.parent / (path.name + ".expected.json")).exists()
        ):
            continue
        try:
            ours.append((path.name + ".pdf", render_pdf(ar.read(path))))
        except WriteError as exc:
            note = f"our PDFs not made: {exc}"
            break
    converted = [(p.name, p.read_bytes()) for p in sorted((DATA / "pdf").glob("*.pdf"))]
    return ours, converted, note


def _rate(inputs: list[tuple[str, bytes]], seconds: float = SECONDS) -> tuple[float, float]:
    """(reports per second, pages per second) reading and checking `inputs` in turn."""
    pages_each = []
    for _, data in inputs:
        pdf = pdfium.PdfDocument(data)
        pages_each.append(len(pdf))
        pdf.close()
    reports = pages = 0
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds:
        for (name, data), n in zip(inputs, pages_each):
            ar.check(ar.read_bytes(data, name))
            reports += 1
            pages += n
        elapsed = time.perf_counter() - start
    return reports / elapsed, pages / elapsed


def main() -> list[str]:
    ours, converted, note = _inputs()
    lines = [note] if note else []
    for label, inputs in (
        (f"our PDFs ({len(ours)} samples)", ours),
        (f"LibreOffice PDFs ({len(converted)})", converted),
        ("all", ours + converted),
    ):
        if not inputs:
            continue
        rate, pages = _rate(inputs)
        verdict = "OK" if rate >= TARGET else "MISSED"
        lines.append(
            f"read+check {label}: {rate:.1f} reports/s per core, {pages:.0f} pages/s"
            f" (target {TARGET:.0f} reports/s) {verdict}"
        )
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
