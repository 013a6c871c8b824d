"""The Word writer: every sample written as .docx reads back the same, and the file
has the official merged header cells, the Chinese fonts and the page of an office."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from gongkai import annualreport as ar
from gongkai.annualreport.writers import render, write
from gongkai.annualreport.writers.docx import render_docx
from gongkai.annualreport.writers.prose import paragraphs

from .expected import DATA, cases

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def _cells(report: ar.Report) -> list[tuple[str, str, object]]:
    return [(c, str(report.cell(c).state), report.value(c)) for c in report.format.cell_ids()]


@pytest.mark.parametrize("path", cases("samples"), ids=lambda p: p.name)
def test_every_sample_reads_back_the_same(path: Path) -> None:
    report = ar.read(path)
    back = ar.read_bytes(render_docx(report), "x.docx")
    assert _cells(back) == _cells(report)
    assert (back.year, back.agency, back.format.id) == (
        report.year,
        report.agency,
        report.format.id,
    )
    errors = [f.message for f in ar.check(back) if f.severity is ar.Severity.ERROR]
    assert not errors


@pytest.fixture(scope="module")
def pingtan() -> ar.Report:
    return ar.read(DATA / "samples" / "2021_pingtan_page.html")


@pytest.fixture(scope="module")
def pingtan_docx(pingtan: ar.Report) -> bytes:
    return render_docx(pingtan)


def _tables(data: bytes) -> list[Any]:
    return _part(data, "word/document.xml").findall(".//w:body/w:tbl", NS)


def _grid(table: Any) -> list[list[tuple[str, int, str | None]]]:
    """Each row as its cells: (text, gridSpan, vMerge value or None)."""
    rows = []
    for tr in table.findall("w:tr", NS):
        row = []
        for tc in tr.findall("w:tc", NS):
            span = tc.find("w:tcPr/w:gridSpan", NS)
            merge = tc.find("w:tcPr/w:vMerge", NS)
            text = "".join(t.text or "" for t in tc.iter(_w("t")))
            row.append(
                (
                    text,
                    int(span.get(_w("val"))) if span is not None else 1,
                    (merge.get(_w("val")) or "continue") if merge is not None else None,
                )
            )
        rows.append(row)
    return rows


def test_table_3_has_the_official_merged_header(pingtan_docx: bytes, pingtan: ar.Report) -> None:
    t3 = _grid(_tables(pingtan_docx)[1])
    note = pingtan.format.t3_note
    assert t3[0] == [(note, 3, "restart"), ("申请人情况", 7, None)]
    assert t3[1] == [
        ("", 3, "continue"),
        ("自然人", 1, "restart"),
        ("法人或其他组织", 5, None),
        ("总计", 1, "restart"),
    ]
    assert (
        t3[2][0] == ("", 3, "continue")
        and t3[2][1] == ("", 1, "continue")
        and t3[2][-1] == ("", 1, "continue")
    )
    assert [c[0] for c in t3[2][2:7]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    # the header repeats on each page
    assert all(
        tr.find("w:trPr/w:tblHeader", NS) is not None
        for tr in _tables(pingtan_docx)[1].findall("w:tr", NS)[:3]
    )


def test_table_3_row_labels_are_merged_down_their_groups(
    pingtan_docx: bytes, pingtan: ar.Report
) -> None:
    t3 = _grid(_tables(pingtan_docx)[1])
    body = t3[3:]
    assert body[0][0] == ("一、本年新收政府信息公开申请数量", 3, None)
    assert body[2][0] == ("三、本年度办理结果", 1, "restart")
    result_rows = [r for r in pingtan.format.t3_rows if r.group is not None]
    assert (
        sum(1 for row in body[3 : 2 + len(result_rows)] if row[0] == ("", 1, "continue"))
        == len(result_rows) - 1
    )
    assert body[4][1] == ("（三）不予公开", 1, "restart")
    assert body[5][1] == ("", 1, "continue") and body[5][2][0] == "2.其他法律行政法规禁止公开"
    assert body[-1][0] == ("四、结转下年度继续办理", 3, None)
    # seven numbers on every row, after the labels
    assert all(all(c[0].isdigit() for c in row[-7:]) for row in body)
    assert [c[0] for c in body[0][1:]] == ["64", "0", "0", "2", "0", "4", "70"]


def test_table_4_has_two_header_levels(pingtan_docx: bytes) -> None:
    # As the national template draws it: 行政复议 on one header row, its five columns
    # merged down the next two; 行政诉讼 over its two groups, their columns on row 3.
    t4 = _grid(_tables(pingtan_docx)[2])
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert t4[0] == [("行政复议", 5, None), ("行政诉讼", 10, None)]
    assert t4[1] == [(c, 1, "restart") for c in results] + [
        ("未经复议直接起诉", 5, None),
        ("复议后起诉", 5, None),
    ]
    assert t4[2] == [("", 1, "continue")] * 5 + [(c, 1, None) for c in results * 2]
    assert [c[0] for c in t4[3]] == [
        "1",
        "0",
        "2",
        "0",
        "3",
        "12",
        "0",
        "0",
        "0",
        "12",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]


def test_table_2_blocks_have_a_title_row_and_money_with_its_unit(pingtan_docx: bytes) -> None:
    t2 = _grid(_tables(pingtan_docx)[0])
    assert t2[0] == [("第二十条第（一）项", 4, None)]
    assert [c[0] for c in t2[1]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert t2[4] == [("第二十条第（五）项", 4, None)]
    assert t2[5] == [("信息内容", 1, None), ("本年处理决定数量", 3, None)]
    assert t2[-2][1] == ("本年收费金额（单位：万元）", 3, None)
    assert t2[-1] == [("行政事业性收费", 1, None), ("24252.311082", 3, None)]


def test_every_table_cell_has_a_border_and_numbers_are_centred(pingtan_docx: bytes) -> None:
    for table in _tables(pingtan_docx):
        borders = table.find("w:tblPr/w:tblBorders", NS)
        assert {etree.QName(b).localname: b.get(_w("val")) for b in borders} == dict.fromkeys(
            ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
        )
        assert table.find("w:tblPr/w:tblLayout", NS).get(_w("type")) == "fixed"
    t3 = _tables(pingtan_docx)[1]
    number = t3.findall("w:tr", NS)[3].findall("w:tc", NS)[1]
    assert number.find("w:p/w:pPr/w:jc", NS).get(_w("val")) == "center"
    assert number.find("w:tcPr/w:vAlign", NS).get(_w("val")) == "center"


def _style(styles: Any, name: str) -> Any:
    for style in styles.findall("w:style", NS):
        if style.find("w:name", NS).get(_w("val")) == name:
            return style
    raise AssertionError(name)


def test_east_asian_fonts_are_set_and_declared(pingtan_docx: bytes) -> None:
    styles = _part(pingtan_docx, "word/styles.xml")
    expected = {
        "Normal": "仿宋_GB2312",
        "heading 1": "黑体",
        "年报标题": "方正小标宋简体",
        "年报表格": "宋体",
    }
    for name, font in expected.items():
        fonts = _style(styles, name).find("w:rPr/w:rFonts", NS)
        assert fonts.get(_w("eastAsia")) == font
        assert not [a for a in fonts.attrib if "heme" in a], "theme fonts would override the font"
    assert _style(styles, "年报表格").find("w:rPr/w:sz", NS).get(_w("val")) == "21"  # 10.5 pt
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:lang", NS).get(_w("eastAsia")) == "zh-CN"
    table = _part(pingtan_docx, "word/fontTable.xml")
    alt = {
        f.get(_w("name")): f.find("w:altName", NS).get(_w("val"))
        for f in table.findall("w:font", NS)
        if f.find("w:altName", NS) is not None
    }
    assert (
        alt["方正小标宋简体"] == "宋体" and alt["仿宋_GB2312"] == "仿宋" and alt["黑体"] == "SimHei"
    )


def test_a4_page_title_headings_and_signature(pingtan_docx: bytes, pingtan: ar.Report) -> None:
    body = _part(pingtan_docx, "word/document.xml").find("w:body", NS)
    size = body.find("w:sectPr/w:pgSz", NS)
    assert (size.get(_w("w")), size.get(_w("h"))) == ("11906", "16838")
    paras = body.findall("w:p", NS)

    def text(p: Any) -> str:
        return "".join(t.text or "" for t in p.iter(_w("t")))

    def style(p: Any) -> str | None:
        node = p.find("w:pPr/w:pStyle", NS)
        return node.get(_w("val")) if node is not None else None

    assert text(paras[0]) == "平潭综合实验区2021年度政府信息公开工作年度报告"
    assert paras[0].find(".//w:br", NS) is not None  # broken before 政府信息公开
    headings = [text(p) for p in paras if style(p) == "Heading1"]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    end = [(text(p), p.find("w:pPr/w:jc", NS)) for p in paras[-2:]]
    assert [t for t, _ in end] == ["平潭综合实验区", "2022年2月8日"]
    assert all(jc is not None and jc.get(_w("val")) == "right" for _, jc in end)
    core = _part(pingtan_docx, "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == pingtan.title


def test_blank_not_applicable_and_unreadable_cells_print_as_such(pingtan: ar.Report) -> None:
    changed = pingtan.with_cells(
        **{
            "t3/一/科研机构": ar.Cell.blank(),
            "t3/二/科研机构": ar.Cell(ar.CellState.NOT_APPLICABLE, None, "—"),
            "t4/行政复议/其他结果": ar.Cell.unreadable(),
            "t2/第二十条第（一）项/规章/本年废止件数": ar.Cell(
                ar.CellState.NOT_APPLICABLE, None, "/"
            ),
        }
    )
    data = render_docx(changed)
    t3 = _grid(_tables(data)[1])
    assert [c[0] for c in t3[3][1:]] == ["64", "0", "", "2", "0", "4", "70"]
    assert t3[4][3][0] == "—"
    assert _grid(_tables(data)[2])[3][2][0] == "?"
    back = ar.read_bytes(data, "x.docx")
    assert back.cell("t3/一/科研机构").state is ar.CellState.BLANK
    assert back.cell("t3/二/科研机构").state is ar.CellState.NOT_APPLICABLE
    assert back.cell("t4/行政复议/其他结果").state is ar.CellState.UNREADABLE
    assert back.cell("t2/第二十条第（一）项/规章/本年废止件数").state is ar.CellState.NOT_APPLICABLE
    assert _cells(back) == _cells(changed)


def test_a_report_with_nothing_known_still_makes_a_document() -> None:
    empty = ar.Report(
        format=ar.get_format("2019"), narrative={"一": "控制字符\x0b\x01不会损坏文件。"}
    )
    data = render_docx(empty)
    back = ar.read_bytes(data, "x.docx", layout="2019")
    assert all(back.cell(c).state is ar.CellState.UNREADABLE for c in empty.format.cell_ids())
    assert back.narrative["一"] == "控制字符不会损坏文件。"
    assert (
        _part(data, "docProps/core.xml").findtext("{http://purl.org/dc/elements/1.1/}title")
        == "政府信息公开工作年度报告"
    )


def test_the_dispatcher_writes_word(tmp_path: Path, pingtan: ar.Report) -> None:
    assert render(pingtan, "docx")[:2] == b"PK"
    target = tmp_path / "年报.docx"
    write(pingtan, target)
    assert _cells(ar.read(target)) == _cells(pingtan)
    assert [p.name for p in tmp_path.iterdir()] == ["年报.docx"]


def test_subheadings_and_first_line_indent(pingtan: ar.Report) -> None:
    report = pingtan.replace(
        published=date(2022, 1, 20),
        narrative={**pingtan.narrative, "五": "（一）存在的主要问题\n信息公开不够及时。"},
    )
    data = render_docx(report)
    paras = _part(data, "word/document.xml").findall(".//w:body/w:p", NS)
    styled = {
        "".join(t.text or "" for t in p.iter(_w("t"))): p.find("w:pPr/w:pStyle", NS) for p in paras
    }
    assert styled["（一）存在的主要问题"].get(_w("val")) == "年报小标题"
    assert styled["信息公开不够及时。"] is None  # Normal: the body style
    normal = _style(_part(data, "word/styles.xml"), "Normal")
    assert normal.find("w:pPr/w:ind", NS).get(_w("firstLine")) == "640"  # two characters of 16 pt
    assert "2022年1月20日" in styled


# ---------------------------------------------------------------- prose


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    wrapped = (
        "一、总体情况\n"
        "上海市科委 2024 年深入贯彻《政府信息公开条例》和《上\n"
        "海市政府信息公开规定》，认真落实市委、市政府关于政务公开\n"
        "工作的各项部署，为科创中心建设营造良好环境。\n"
        "（一）主要问题\n"
        "原有部门网站政务公开栏目和政府信息公开目录结构无法满足\n"
        "机构改革后的需要。"
    )
    assert paragraphs(wrapped) == [
        "一、总体情况",
        "上海市科委 2024 年深入贯彻《政府信息公开条例》和《上海市政府信息公开规定》，认真落实市委、市政府关于政务公开"
        "工作的各项部署，为科创中心建设营造良好环境。",
        "（一）主要问题",
        "原有部门网站政务公开栏目和政府信息公开目录结构无法满足机构改革后的需要。",
    ]


def test_real_paragraphs_stay_apart() -> None:
    text = "联系电话：0591-23165370\n联系地址：平潭综合实验区北厝金井湾片区管委会大楼\n邮编：350400"
    assert paragraphs(text) == text.split("\n")
    long = "一段很长的文字，" * 30 + "没有句号\n下一段。\n第三段。"
    assert paragraphs(long) == long.split("\n")
