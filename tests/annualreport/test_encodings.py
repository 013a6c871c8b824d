"""HTML pages in GBK/GB18030, declared in a <meta> or not declared at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import annualreport as ar

from .expected import DATA, cases, check_expected, expected_for


@pytest.mark.parametrize("path", cases("encodings"), ids=lambda p: p.name)
def test_gb18030_page_reads_like_the_utf8_original(path: Path) -> None:
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the case really is not UTF-8
    report = ar.read(path)
    check_expected(report, expected_for(path))
    original = ar.read(DATA / "samples" / "2019_shanghai-general-office.html")
    assert report.title == original.title
    assert report.narrative == original.narrative
