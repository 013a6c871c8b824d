"""Hostile and broken inputs: only the library's own error, or a report with findings.

No other exception, no hang (a time bound per file), no runaway memory. Fixed seeds
keep the run deterministic.
"""

from __future__ import annotations

import random
import resource
import time

import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.limits import time_limit

from .expected import DATA

SAMPLES = sorted(p for p in (DATA / "samples").iterdir() if not p.name.endswith(".json"))
SECONDS = 20.0


def _try(data: bytes, name: str) -> ar.Report | None:
    start = time.perf_counter()
    try:
        with time_limit(SECONDS, name):
            report = ar.read_bytes(data, name)
            ar.check(report)
            return report
    except ar.AnnualReportError:
        return None
    finally:
        assert time.perf_counter() - start < SECONDS + 1, f"{name} took too long"


def test_random_bytes() -> None:
    rng = random.Random(20261127)
    for i in range(150):
        size = rng.choice([0, 1, 10, 100, 1000, 20000])
        prefix = rng.choice(
            [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b'{"tables":']
        )
        _try(prefix + rng.randbytes(size), f"random-{i}")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_truncated_and_mutated_samples(path) -> None:
    data = path.read_bytes()
    rng = random.Random(path.name)
    for cut in sorted(rng.sample(range(len(data)), 12)):
        _try(data[:cut], f"{path.name}[:{cut}]")
    for i in range(25):
        mutated = bytearray(data)
        for _ in range(rng.choice([1, 5, 50])):
            pos = rng.randrange(len(mutated))
            op = rng.random()
            if op < 0.4:
                mutated[pos] = rng.randrange(256)
            elif op < 0.7:
                del mutated[pos : pos + rng.randrange(1, 40)]
            else:
                mutated[pos:pos] = rng.randbytes(rng.randrange(1, 20))
        _try(bytes(mutated), f"{path.name}~{i}")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "big5", "latin-1"])
def test_wrong_and_unusual_encodings(encoding: str) -> None:
    for path in SAMPLES:
        text = path.read_text("utf-8")
        data = text.encode(encoding, errors="replace")
        report = _try(data, f"{path.name}.{encoding}")
        if encoding in ("gb18030", "gbk", "utf-16") and "2018" not in path.name:
            assert report is not None, f"{path.name} in {encoding} should still read"
        # a wrong declaration must not break a UTF-8 page either
        _try(
            text.replace('<meta charset="utf-8"', '<meta charset="gbk"').encode(),
            f"{path.name}.declared",
        )


def test_a_stale_gbk_declaration_on_a_utf8_page_is_ignored() -> None:
    page = (DATA / "samples" / "2021_pingtan_page.html").read_text("utf-8")
    stale = page.replace('<meta charset="utf-8"', '<meta charset="gbk"', 1)
    assert stale != page
    report = ar.read_bytes(stale.encode("utf-8"), "stale.html")
    assert report.agency == "平潭综合实验区" and report.value("t3/一/总计") == 70


def test_gbk_page_without_declaration_reads() -> None:
    page = (DATA / "samples" / "2019_shanghai-general-office.html").read_text("utf-8")
    report = ar.read_bytes(page.encode("gb18030"), "gbk.html")
    assert report.agency == "上海市人民政府办公厅" and report.value("t3/一/总计") == 859


def test_a_fifty_megabyte_file_is_refused_quickly() -> None:
    rng = random.Random(50)
    block = (DATA / "samples" / "2021_pingtan.txt").read_bytes() + rng.randbytes(4096)
    data = block * (50 * 1024 * 1024 // len(block) + 1)
    start = time.perf_counter()
    with pytest.raises(ar.ReadError, match="文件过大"):
        ar.read_bytes(data, "huge.txt")
    assert time.perf_counter() - start < 5


def test_a_large_file_within_the_limit_stays_bounded() -> None:
    text = (DATA / "samples" / "2020_xigong-culture-tourism-bureau.txt").read_bytes()
    data = text * (6 * 1024 * 1024 // len(text))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _try(data, "big.txt")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 1500, f"memory grew by {grown_mb:.0f} MB"
