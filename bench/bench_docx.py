"""Word files per report: reading a .docx report and writing one (targets 100 ms and 300 ms).

Reading is measured on the Word inputs of tests/data/annualreport/docx/ (real reports
saved as Word), from bytes to a Report, with the XML walk alone beside it; writing on
the same reports, from a Report to the bytes of a .docx.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from gongkai import annualreport as ar
from gongkai.annualreport.readers.docx import docx_document
from gongkai.annualreport.writers.docx import render_docx

INPUTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "annualreport" / "docx"
READ_TARGET_MS = 100.0
WRITE_TARGET_MS = 300.0
SECONDS = 1.0


def _ms(run: Callable[[], object], seconds: float = SECONDS) -> float:
    """Milliseconds per call of `run`, the best of the calls made in `seconds`."""
    run()  # warm: imports, layout caches
    best = float("inf")
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> list[str]:
    lines = []
    files = sorted(INPUTS.glob("*.docx"))
    for path in files:
        data = path.read_bytes()
        report = ar.read_bytes(data, path.name)
        walk = _ms(lambda data=data, name=path.name: docx_document(data, name))
        read = _ms(lambda data=data, name=path.name: ar.read_bytes(data, name))
        write = _ms(lambda report=report: render_docx(report))
        ok = read <= READ_TARGET_MS and write <= WRITE_TARGET_MS
        lines.append(
            f"{path.name} ({len(data) // 1024} KB): read {read:.1f} ms (XML walk {walk:.1f} ms), "
            f"write {write:.1f} ms (targets {READ_TARGET_MS:.0f}/{WRITE_TARGET_MS:.0f} ms) "
            + ("OK" if ok else "MISSED")
        )
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
