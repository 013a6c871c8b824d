"""Reading Word files: real reports saved as .docx, a hand-made file with merged labels,
crafted XML for each inline feature, and corrupt or hostile files that must give a
ReadError and nothing else."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import annualreport as ar
from gongkai.annualreport.document import Document
from gongkai.annualreport.readers.docx import MAX_PART_BYTES, docx_document

from .expected import DATA, cases, check_expected, expected_for

DOCX = DATA / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize("path", cases("docx"), ids=lambda p: p.name)
def test_word_copy_reads_as_expected(path: Path) -> None:
    report = ar.read(path)
    check_expected(report, expected_for(path))


def test_word_copy_reads_like_the_page_it_was_saved_from() -> None:
    page = ar.read(DATA / "samples" / "2019_shanghai-general-office.html")
    word = ar.read(DOCX / "2019_shanghai-general-office.docx")
    assert [word.cell(c).state for c in word.format.cell_ids()] == [
        page.cell(c).state for c in page.format.cell_ids()
    ]
    assert [word.value(c) for c in word.format.cell_ids()] == [
        page.value(c) for c in page.format.cell_ids()
    ]
    assert (word.year, word.agency, word.published) == (page.year, page.agency, page.published)
    assert word.narrative == page.narrative


def test_cells_are_located_by_table_row_and_cell() -> None:
    report = ar.read(DOCX / "2019_shanghai-general-office.docx")
    loc = report.cell("t3/一/自然人").location
    assert loc is not None and loc.detail == "表格2 第4行 第2格"
    assert loc.source is not None and loc.source.endswith("2019_shanghai-general-office.docx")


def _lines(path: Path) -> dict[str, tuple[str, ...]]:
    doc = docx_document(path.read_bytes(), path.name)
    return {line.detail or "": line.cells for line in doc.lines if line.delimited}


def test_merged_label_cells_appear_once_and_blank_cells_stay() -> None:
    rows = _lines(DOCX / "2023_handmade-merged-labels.docx")
    # The header: the note spans 3 rows x 3 columns, 申请人情况 7 columns.
    assert rows["表格2 第1行"] == (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
    )
    assert rows["表格2 第2行"] == ("自然人", "法人或其他组织", "总计")
    # 三、本年度办理结果 and （三）不予公开 start on this row...
    assert rows["表格2 第8行"][:2] == ("（三）不予公开", "1.属于国家秘密")
    assert rows["表格2 第6行"][:2] == ("三、本年度办理结果", "（一）予以公开")
    # ...and below, their continuation cells are not cells at all (not blanks).
    assert rows["表格2 第9行"] == ("2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0")
    # A blank numeric cell is an empty cell in its place.
    assert rows["表格2 第11行"] == ("4.保护第三方合法权益", "1", "1", "0", "", "0", "0", "2")
    # A title merged across the table (gridSpan) is one cell.
    assert rows["表格1 第1行"] == ("第二十条第（一）项",)


def test_title_comes_from_the_core_properties_when_it_is_a_report_title() -> None:
    doc = docx_document((DOCX / "2021_pingtan_page.docx").read_bytes(), "p.docx")
    assert doc.kind == "docx"
    assert doc.title == "平潭综合实验区2021年度政府信息公开工作年度报告"
    assert (
        docx_document(
            _docx(_body("<w:p><w:r><w:t>x</w:t></w:r></w:p>"), title="会议纪要"), "m.docx"
        ).title
        is None
    )


# ---------------------------------------------------------------- crafted XML

NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _body(inner: str, ns: str = NS) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{inner}</w:body></w:document>'.encode()


def _docx(
    document_xml: bytes, *, title: str | None = None, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
        if title is not None:
            zf.writestr(
                "docProps/core.xml",
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
                f' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>',
            )
    return buf.getvalue()


def _read(inner: str) -> Document:
    return docx_document(_docx(_body(inner)), "crafted.docx")


def _texts(doc: Document) -> list[tuple[str, ...]]:
    return [line.cells for line in doc.lines]


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_tabs_breaks_symbols_and_hyphens() -> None:
    doc = _read(
        _p(_r("规章"), "<w:r><w:tab/></w:r>", _r("13"), "<w:r><w:br/></w:r>", _r("第二行"))
        + _p(
            _r("政府信\u00ad息"),
            "<w:r><w:softHyphen/></w:r>",
            _r("公开"),
            "<w:r><w:noBreakHyphen/></w:r>",
        )
        + _p(
            _r("已勾选"),
            '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>',
            '<w:r><w:sym w:font="Symbol" w:char="F02D"/></w:r>',
        )
    )
    assert _texts(doc) == [("规章\t13",), ("第二行",), ("政府信息公开-",), ("已勾选√−",)]
    # one paragraph with a line break is two lines of the same paragraph
    assert [line.detail for line in doc.lines] == ["段落1", "段落1", "段落2", "段落3"]


def test_tracked_changes_read_as_accepted_and_fields_as_their_result() -> None:
    doc = _read(
        _p(
            _r("本年新收申请"),
            '<w:del w:id="1" w:author="a"><w:r><w:delText>99</w:delText></w:r></w:del>',
            '<w:ins w:id="2" w:author="a"><w:r><w:t>12</w:t></w:r></w:ins>',
            _r("件"),
            '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>挪走</w:t></w:r></w:moveFrom>',
        )
        + _p(
            _r("第"),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            _r("3"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            _r("页"),
            '<w:fldSimple w:instr=" DATE "><w:r><w:t>2024-01-31</w:t></w:r></w:fldSimple>',
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>",
        )
        # an unfinished field (a damaged file) hides nothing beyond its paragraph
        + _p(_r("甲"), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>', _r("指令"))
        + _p(_r("乙"))
    )
    assert _texts(doc) == [("本年新收申请12件",), ("第3页2024-01-31",), ("甲",), ("乙",)]


def test_text_boxes_are_read_once_after_their_paragraph() -> None:
    box = "<w:txbxContent>" + _p(_r("框中文字")) + "</w:txbxContent>"
    doc = _read(
        _p(
            _r("锚定段落"),
            "<w:r><mc:AlternateContent>"
            f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}'
            "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>",
        )
        + _p(_r("下一段"))
    )
    assert _texts(doc) == [("锚定段落",), ("框中文字",), ("下一段",)]


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(_r(text)) if text else '<w:p/>'}</w:tc>"


def test_table_merges_deleted_rows_and_content_controls() -> None:
    doc = _read(
        "<w:tbl>"
        "<w:tr>"
        + _tc("行政复议", '<w:gridSpan w:val="2"/>')
        + _tc("总计", '<w:vMerge w:val="restart"/>')
        + "</w:tr>"
        "<w:tr>" + _tc("维持") + _tc("纠正") + _tc("", "<w:vMerge/>") + "</w:tr>"
        '<w:tr><w:trPr><w:del w:id="1" w:author="a"/></w:trPr>' + _tc("删除的行") + "</w:tr>"
        "<w:sdt><w:sdtContent><w:tr>"
        + _tc("5")
        + _tc("")
        + _tc("5")
        + "</w:tr></w:sdtContent></w:sdt>"
        "<w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>结</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>果</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>维持</w:t></w:r></w:p></w:tc>"
        + _tc("1")
        + '<w:tc><w:tcPr><w:cellDel w:id="2" w:author="a"/></w:tcPr><w:p/></w:tc>'
        + "</w:tr>"
        "</w:tbl>" + "<w:sdt><w:sdtContent>" + _p(_r("控件中的段落")) + "</w:sdtContent></w:sdt>"
    )
    assert _texts(doc) == [
        ("行政复议", "总计"),
        ("维持", "纠正"),
        ("5", "", "5"),
        ("结果维持", "1"),
        ("控件中的段落",),
    ]
    assert [line.detail for line in doc.lines] == [
        "表格1 第1行",
        "表格1 第2行",
        "表格1 第3行",
        "表格1 第4行",
        "段落1",
    ]
    assert all(line.delimited for line in doc.lines[:4]) and not doc.lines[4].delimited


def test_numbers_on_two_lines_of_a_cell_stay_apart() -> None:
    doc = _read("<w:tbl><w:tr><w:tc>" + _p(_r("1")) + _p(_r("2")) + "</w:tc></w:tr></w:tbl>")
    assert _texts(doc) == [("1 2",)]


def test_a_table_holding_tables_is_page_layout() -> None:
    inner = "<w:tbl><w:tr>" + _tc("规章") + _tc("13") + "</w:tr></w:tbl>"
    doc = _read(
        "<w:tbl><w:tr><w:tc><w:tcPr/>"
        + _p(_r("二、主动公开政府信息情况"))
        + inner
        + "<w:p/></w:tc></w:tr></w:tbl>"
        "<w:tbl><w:tr>" + _tc("之后的表") + "</w:tr></w:tbl>"
    )
    assert _texts(doc) == [("二、主动公开政府信息情况",), ("规章", "13"), ("之后的表",)]
    assert [line.detail for line in doc.lines] == ["段落1", "表格1 第1行", "表格2 第1行"]


def test_strict_open_xml_is_read() -> None:
    strict = _body(
        _p(_r("严格格式")), ns='xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"'
    )
    assert _texts(docx_document(_docx(strict), "s.docx")) == [("严格格式",)]


# ---------------------------------------------------------------- corrupt and hostile files


def _refused(data: bytes, *reasons: str) -> ar.ReadError:
    with pytest.raises(ar.ReadError) as info:
        ar.read_bytes(data, "坏文件.docx")
    message = str(info.value)
    assert "坏文件.docx" in message
    for reason in reasons:
        assert reason in message, message
    return info.value


def test_truncated_zip_is_refused() -> None:
    data = (DOCX / "2019_shanghai-general-office.docx").read_bytes()
    _refused(data[: len(data) // 2], "损坏", "corrupt")


def test_zip_without_document_xml_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/styles.xml", "<w:styles/>")
    error = _refused(buf.getvalue(), "word/document.xml")
    assert isinstance(error, ar.NotAnnualReportError)


def test_document_xml_that_is_not_xml_is_refused() -> None:
    _refused(_docx(b"<w:document><w:body><w:p>not closed"), "不是有效的 XML", "malformed XML")
    _refused(_docx("这不是XML".encode()), "不是有效的 XML")


def test_document_xml_that_is_not_a_word_body_is_refused() -> None:
    _refused(_docx(b"<html><body/></html>"), "不是 Word 正文")


def test_a_deflate_bomb_is_stopped_at_the_cap() -> None:
    buf = io.BytesIO()
    chunk = b"<w:p>" + b" " * (1024 * 1024 - 10) + b"</w:p>"
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("word/document.xml", "w", force_zip64=True) as fh,
    ):
        for _ in range(MAX_PART_BYTES // len(chunk) + 8):
            fh.write(chunk)
    data = buf.getvalue()
    assert len(data) < 1024 * 1024  # small on disk, more than the cap inside
    _refused(data, "压缩炸弹", "zip bomb", f"{MAX_PART_BYTES // 1024 // 1024} MB")


def test_a_bomb_that_lies_about_its_size_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", _body(_p(_r("x" * 5000))))
    data = bytearray(buf.getvalue())
    # rewrite the uncompressed size in the central directory to 100 bytes
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (100).to_bytes(4, "little")
    _refused(bytes(data), "corrupt")


def test_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + _body(_p("<w:r><w:t>&c;</w:t></w:r>")).split(b"?>", 1)[1]
    )
    _refused(_docx(laughs), "DTD")


def _patch_headers(data: bytes, local: int, central: int, value: int) -> bytes:
    """Set a 2-byte field of every local and central zip header."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        pos = out.find(sig)
        while pos >= 0:
            out[pos + offset : pos + offset + 2] = value.to_bytes(2, "little")
            pos = out.find(sig, pos + 4)
    return bytes(out)


def test_an_encrypted_member_is_refused() -> None:
    data = _patch_headers(_docx(_body(_p(_r("x")))), 6, 8, 0x1)  # general purpose flag: encrypted
    _refused(data, "加密", "encrypted")


def test_an_unknown_compression_method_is_refused() -> None:
    data = _patch_headers(_docx(_body(_p(_r("x")))), 8, 10, 97)  # compression method 97
    _refused(data, "压缩方式", "unsupported compression")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
        min_size=1,
        max_size=6,
    )
)
def test_damaged_files_give_a_read_error_or_a_document(flips: list[tuple[int, int]]) -> None:
    # Stored (not deflated), so that most flips land in the XML rather than a checksum.
    for original in _SMALL:
        data = bytearray(original)
        for pos, value in flips:
            data[pos % len(data)] = value
        with contextlib.suppress(ar.ReadError):
            docx_document(bytes(data), "damaged.docx")


_SMALL_XML = _body(
    _p(_r("2023年政府信息公开工作年度报告"), '<w:r><w:sym w:font="Symbol" w:char="F02D"/></w:r>')
    + "<w:tbl><w:tr>"
    + _tc("规章", '<w:gridSpan w:val="2"/>')
    + _tc("1", "<w:vMerge/>")
    + "</w:tr></w:tbl>"
)
_SMALL = [
    _docx(_SMALL_XML, title="样例2023年政府信息公开工作年度报告", compression=compression)
    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
]
