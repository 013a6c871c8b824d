"""Crafted files that would exhaust a reader: each is refused with a clear error, quickly."""

from __future__ import annotations

import time

import pytest

from gongkai import annualreport as ar

from .expected import DATA


def _nested(opening: str, closing: str, depth: int) -> bytes:
    return (
        "<html><body>" + opening * depth + "总体情况" + closing * depth + "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("opening", "closing", "depth"),
    [
        ("<div>", "</div>", 5000),  # the audit's page: 55 KB, a RecursionError before
        ("<div>", "</div>", 300),
        ("<table><tr><td>", "</td></tr></table>", 2000),
        ("<section><x>", "</x></section>", 200_000),  # deep enough to stall the parser
        ("<x><div></x>", "", 200_000),  # end tags the parser ignores
        ("<g/>", "", 200_000),  # "/>" closes nothing outside SVG
    ],
)
def test_a_page_nested_too_deep_is_refused_quickly(opening: str, closing: str, depth: int) -> None:
    data = _nested(opening, closing, depth)
    started = time.monotonic()
    with pytest.raises(ar.ReadError, match="嵌套超过 256 层"):
        ar.read_bytes(data, "deep.html")
    assert time.monotonic() - started < 2  # generous: it takes milliseconds


def test_a_page_nested_within_the_limit_is_read() -> None:
    sample = (DATA / "samples" / "2019_shanghai-general-office.html").read_text("utf-8")
    deep = "<div>" * 150 + sample + "</div>" * 150
    report = ar.read_bytes(deep.encode(), "deep.html")
    plain = ar.read_bytes(sample.encode(), "plain.html")
    ids = plain.cell_ids()
    assert plain.value("t3/一/总计") is not None
    assert [report.value(c) for c in ids] == [plain.value(c) for c in ids]
