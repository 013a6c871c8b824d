"""`gongkai check` and `gongkai extract` on reports that look like what is published.

The corpus (`bench/realcorpus.py`): MS-Word web pages, portal pages with a span per
character, crawler text copies with run-together digits and text taken out of PDFs.

Targets (issue #14):
- `gongkai check DIR` (one process over the whole corpus, process start included) at
  least 250 reports per CPU-second of that process;
- at most 3 times the CPU time of a process that only reads the same files, decodes
  them and parses the HTML ones with lxml (the read-and-parse floor);
- `gongkai extract` on 100,000 reports under 300 MB (all its processes together), and
  faster with two worker processes than with one.
Each rate and ratio is the median of several runs; CPU time is the child process's
own (user + system), so other load on the machine does not count against it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_reports import _tree_rss_kb
from bench.realcorpus import OUT, build

RUNS = 5
COUNT = 2000
BIG = 100_000
RATE_TARGET = 250.0
RATIO_TARGET = 3.0
MEMORY_TARGET_MB = 300

FLOOR = """
import sys
from pathlib import Path
import lxml.html
from gongkai.annualreport.readers.decode import decode
for line in open(sys.argv[1], encoding="utf-8"):
    p = Path(line.strip())
    data = p.read_bytes()
    text = decode(data, str(p))
    if p.suffix in (".htm", ".html"):
        lxml.html.document_fromstring(text)
    else:
        text.splitlines()
"""


def _cpu_of(cmd: list[str]) -> tuple[float, int]:
    """(CPU seconds of the child, user + system, exit status)."""
    before = os.times()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return cpu, code


def _extract(folder: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    cmd = [sys.executable, "-m", "gongkai.cli", "extract", str(folder), "-o", str(out)]
    cmd += ["--no-progress", "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.1)
    return time.perf_counter() - start, peak, proc.returncode


def _links(paths: list[Path], count: int) -> Path:
    """`count` paths to the corpus files (hard links), for the large extract run."""
    folder = OUT / f"real-links-{count}"
    if folder.exists() and sum(1 for _ in folder.iterdir()) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        src = paths[i % len(paths)]
        dst = folder / f"{i:06d}{src.suffix}"
        if not dst.exists():
            os.link(src, dst)
    return folder


def main() -> list[str]:
    paths = build(COUNT)
    folder = paths[0].parent
    listing = OUT / f"real-{COUNT}.list"
    listing.write_text("".join(f"{p}\n" for p in paths), "utf-8")
    kinds = {k: sum(k in p.name for p in paths) for k in ("word", "cms", "text", "pdf")}
    sizes = sorted(p.stat().st_size for p in paths if p.suffix in (".htm", ".html"))
    check = [sys.executable, "-m", "gongkai.cli", "check", str(folder)]
    floor = [sys.executable, "-c", FLOOR, str(listing)]
    rates, ratios, floors = [], [], []
    for _ in range(RUNS):
        cpu, _code = _cpu_of(check)
        base, _ = _cpu_of(floor)
        rates.append(len(paths) / cpu)
        ratios.append(cpu / base)
        floors.append(base)
    rate, ratio = statistics.median(rates), statistics.median(ratios)
    load = os.getloadavg()[0]
    from gongkai.annualreport import compiled

    lines = [
        "engine: "
        + (
            "compiled with mypyc (make compile)"
            if compiled.is_compiled()
            else "plain Python (no fresh compiled build: make compile)"
        ),
        f"corpus: {len(paths)} reports in {folder}: {kinds['word']} Word pages, "
        f"{kinds['cms']} span-per-character pages (HTML {sizes[0] // 1024}-{sizes[-1] // 1024} KB), "
        f"{kinds['text']} run-together text copies, {kinds['pdf']} PDF texts",
        f"check: {rate:.0f} reports per CPU-second, median of {RUNS} runs of one `gongkai check DIR` "
        f"process, start included (runs: {', '.join(f'{r:.0f}' for r in rates)}; load {load:.1f}) "
        f"{'OK' if rate >= RATE_TARGET else 'MISSED'} (target {RATE_TARGET:.0f})",
        f"check / read-and-parse floor (lxml): {ratio:.2f}x, median of {RUNS} "
        f"(floor {statistics.median(floors):.2f} CPU-s) "
        f"{'OK' if ratio <= RATIO_TARGET else 'MISSED'} (target at most {RATIO_TARGET:.0f}x)",
    ]
    took1, _, _ = _extract(folder, OUT / "real-extract-1.csv", 1)
    took2, _, _ = _extract(folder, OUT / "real-extract-2.csv", 2)
    lines.append(
        f"extract {len(paths)} reports: {took1:.1f} s with 1 worker, {took2:.1f} s with 2 "
        f"({took1 / took2:.2f}x on {os.cpu_count()} cores, shared)"
    )
    big = _links(paths, BIG)
    took, peak_kb, code = _extract(big, OUT / "real-extract-big.csv", 0)
    lines.append(
        f"extract {BIG} reports: {took:.0f} s ({BIG / took:.0f}/s), exit {code}, peak memory "
        f"{peak_kb / 1024:.0f} MB {'OK' if peak_kb < MEMORY_TARGET_MB * 1024 else 'MISSED'} "
        f"(target < {MEMORY_TARGET_MB} MB)"
    )
    return lines
