"""Crafted files that would exhaust a reader: each is refused with a clear error, quickly."""

from __future__ import annotations

import time

import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.readers import document_from_bytes

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
    started = time.process_time()  # CPU seconds: not the busy machine's wall time
    with pytest.raises(ar.ReadError, match="嵌套超过 256 层"):
        ar.read_bytes(data, "deep.html")
    assert time.process_time() - started < 2  # generous: it takes milliseconds


def test_a_page_nested_within_the_limit_is_read() -> None:
    sample = (DATA / "samples" / "2019_shanghai-general-office.html").read_text("utf-8")
    deep = "<div>" * 150 + sample + "</div>" * 150
    report = ar.read_bytes(deep.encode(), "deep.html")
    plain = ar.read_bytes(sample.encode(), "plain.html")
    ids = plain.cell_ids()
    assert plain.value("t3/一/总计") is not None
    assert [report.value(c) for c in ids] == [plain.value(c) for c in ids]


# Each crafted file is built and read in a process of its own, which reports the reader's
# CPU seconds and that process's peak memory (tests/support/bombs.py). The bounds are
# generous: each answer takes well under a second and under 50 MB.
@pytest.mark.parametrize(
    ("kind", "reader", "message"),
    [
        ("pdf", "report", "数据流解压后超过"),  # 400 MB of spaces in a 400 KB PDF
        ("docx", "report", "解压后超过 16 MB"),  # 240 MB of empty paragraphs
        ("docx-elements", "report", "个元素"),  # a 14 MB table of 1.5 million cells
        ("html", "report", "嵌套超过"),  # 5,000 nested divs
        ("xlsx-strings", "sheet", "sharedStrings.xml 解压后超过"),  # 10 million empty strings
        ("xlsx-long", "sheet", "sharedStrings.xml 解压后超过"),  # one 300 MB string
        ("xlsx-count", "sheet", "共享字符串超过"),  # 2 million strings under the size cap
    ],
)
def test_a_crafted_file_is_refused_quickly_and_within_memory(kind, reader, message) -> None:
    result = _measure(kind, reader)
    assert message in result["outcome"], result
    assert result["cpu_seconds"] < 2, result
    assert result["self_mb"] < 300, result


def test_the_sandbox_bounds_what_a_parser_may_allocate() -> None:
    from gongkai import sandbox

    with pytest.raises(sandbox.SandboxError, match="内存超过 256 MB"):
        sandbox.call("builtins:bytearray", 1 << 30, memory_mb=256, seconds=10)
    with pytest.raises(sandbox.SandboxError, match="超过 1 秒"):
        sandbox.call("builtins:sum", range(10**13), memory_mb=256, seconds=1)
    # what the function raises comes back as itself; its result too
    with pytest.raises(ar.ReadError, match="嵌套超过"):
        sandbox.call("gongkai.annualreport:read_bytes", _nested("<div>", "</div>", 5000), "x.html")
    sample = (DATA / "samples" / "2019_shanghai-general-office.html").read_bytes()
    report = sandbox.call("gongkai.annualreport:read_bytes", sample, "sample.html")
    assert report.value("t3/一/总计") == ar.read_bytes(sample, "sample.html").value("t3/一/总计")


def _measure(kind: str, reader: str) -> dict:
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.bombs", kind, reader],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("opening", ["<script>", "<style>", "<!--"])
def test_a_page_of_unclosed_scripts_or_comments_is_read_in_one_pass(opening: str) -> None:
    # each left open runs to the end of the page, as in a browser: the text before the
    # first is read, and the rest costs one pass, not one to the end for each
    data = ("<html><body><p>总体情况</p>" + (opening + "年报") * 50_000).encode()
    started = time.process_time()
    doc = document_from_bytes(data, "open.html")
    assert time.process_time() - started < 2  # generous: it takes milliseconds
    assert [line.cells for line in doc.lines] == [("总体情况",)]


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_the_depth_of_a_page_is_told_in_any_case_and_encoding(charset: str) -> None:
    head = f"<html><head><meta charset='{charset}'></head><BODY>"
    deep = (head + "<DIV><Section>" * 150 + "总体情况" + "</html>").encode(charset)
    with pytest.raises(ar.ReadError, match="嵌套超过 256 层"):
        document_from_bytes(deep, "deep.html")
    # <P> and <TD> never nest: they close the one before
    flat = (head + "<table><TR>" + "<P><TD>总体情况" * 600 + "</table></html>").encode(charset)
    assert document_from_bytes(flat, "flat.html").lines
