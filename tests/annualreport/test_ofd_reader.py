"""The OFD reader on OFD copies of the sample PDFs, and on broken or hostile files."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.readers.ofd import deltas

from .expected import DATA, cases, check_expected, expected_for
from .test_fuzz import _try

OFDS = cases("ofd", (".ofd",))


@pytest.mark.parametrize("path", OFDS, ids=lambda p: p.name)
def test_ofd_reads_as_expected(path: Path) -> None:
    report = ar.read(path)
    check_expected(report, expected_for(path))
    # every cell of tables 二, 三 and 四 as the expected file has it
    expected = expected_for(path)
    for t in ("t2", "t3", "t4"):
        assert t in expected


@pytest.mark.parametrize("path", OFDS, ids=lambda p: p.name)
def test_ofd_reads_like_the_pdf_it_was_made_from(path: Path) -> None:
    ofd = ar.read(path)
    pdf = ar.read(DATA / "pdf" / path.with_suffix(".pdf").name)
    for cid in pdf.format.cell_ids():
        assert (ofd.cell(cid).state, ofd.cell(cid).value) == (
            pdf.cell(cid).state,
            pdf.cell(cid).value,
        ), cid
    assert (ofd.agency, ofd.year) == (pdf.agency, pdf.year)
    where = ofd.cell("t3/一/总计").location
    assert where is not None and where.detail is not None and where.detail.startswith("第")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("3.5 3.5", [3.5, 3.5]),
        ("g 3 2.1 1", [2.1, 2.1, 2.1, 1.0]),
        ("1 g 2 0.5", [1.0, 0.5, 0.5]),
        ("", []),
    ],
)
def test_advances(text: str, values: list[float]) -> None:
    assert deltas(text) == values


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_zip_without_ofd_xml_is_neither_word_nor_ofd() -> None:
    with pytest.raises(ar.NotAnnualReportError, match="不是 Word 或 OFD 文档"):
        ar.read_bytes(_zip({"hello.txt": b"hi"}), "x.ofd")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: {k: v for k, v in p.items() if "Page_1" not in k}, "缺少部件"),
        (lambda p: {**p, "OFD.xml": b"<ofd:OFD"}, "不是有效的 XML"),
        (
            lambda p: {
                **p,
                "OFD.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            },
            "DTD",
        ),
        (
            lambda p: {
                **p,
                "Doc_0/Document.xml": p["Doc_0/Document.xml"].replace(b"<ofd:Page ", b"<ofd:Nope "),
            },
            "没有页面",
        ),
    ],
)
def test_a_damaged_ofd_says_why(change, message: str) -> None:  # type: ignore[no-untyped-def]
    parts = _parts(OFDS[0])
    with pytest.raises(ar.ReadError, match=message) as info:
        ar.read_bytes(_zip(change(parts)), "damaged.ofd")
    assert "damaged.ofd" in str(info.value)


def test_an_ofd_without_text_needs_ocr() -> None:
    parts = _parts(OFDS[0])
    blank = {
        k: (b'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>' if "Content.xml" in k else v)
        for k, v in parts.items()
    }
    with pytest.raises(ar.ReadError, match="OCR"):
        ar.read_bytes(_zip(blank), "scan.ofd")


def test_fuzzing_the_ofd_reader_gives_only_the_library_s_errors() -> None:
    rng = random.Random(20261203)
    for path in OFDS:
        data = path.read_bytes()
        parts = _parts(path)
        for cut in sorted(rng.sample(range(len(data)), 10)):
            _try(data[:cut], f"{path.name}[:{cut}]")
        for i in range(30):
            mutated = dict(parts)
            name = rng.choice(sorted(mutated))
            xml = bytearray(mutated[name])
            for _ in range(rng.choice([1, 5, 40])):
                pos = rng.randrange(max(len(xml), 1))
                op = rng.random()
                if op < 0.4:
                    xml[pos : pos + 1] = bytes([rng.randrange(256)])
                elif op < 0.7:
                    del xml[pos : pos + rng.randrange(1, 40)]
                else:
                    xml[pos:pos] = rng.choice(
                        [
                            b" g 99999999 1",
                            b'"-1e308"',
                            b"<ofd:PageBlock>",
                            b"&x;",
                            b"\x00",
                            b"9" * 30,
                        ]
                    )
            mutated[name] = bytes(xml)
            _try(_zip(mutated), f"{path.name}~{i}")


def test_a_deflate_bomb_in_an_ofd_part_is_refused() -> None:
    parts = _parts(OFDS[0])
    parts["Doc_0/Pages/Page_0/Content.xml"] = b" " * (40 * 1024 * 1024)
    with pytest.raises(ar.ReadError, match="上限"):
        ar.read_bytes(_zip(parts), "bomb.ofd")
