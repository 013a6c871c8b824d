"""The HTML writer: official layout, accessible markup, self-contained, and it reads back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from gongkai import annualreport as ar
from gongkai.annualreport.writers import render
from gongkai.annualreport.writers.html import render_html

from .expected import DATA, cases
from .roundtrip import differences

SAMPLES = cases("samples")


def _sample(name: str) -> ar.Report:
    return ar.read(DATA / "samples" / name)


def _cells(tree: LexborHTMLParser, table: str) -> dict[str, tuple[int, int]]:
    """Text of each cell of a table to its (rowspan, colspan)."""
    out = {}
    for cell in tree.css(f"table.{table} th, table.{table} td"):
        text = " ".join(cell.text().split())
        out[text] = (
            int(cell.attributes.get("rowspan") or 1),
            int(cell.attributes.get("colspan") or 1),
        )
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_reads_back_the_same(path: Path) -> None:
    report = ar.read(path)
    back = ar.read_bytes(render_html(report).encode(), "x.html")
    assert differences(report, back) == []
    assert not ar.has_errors(ar.check(back))
    assert back.title == report.title
    assert back.published == report.published


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_the_fragment_reads_back_the_same(path: Path) -> None:
    report = ar.read(path)
    back = ar.read_bytes(render_html(report, standalone=False).encode(), "x.html")
    assert differences(report, back) == []


def test_table_3_has_the_official_merged_cells() -> None:
    tree = LexborHTMLParser(render_html(_sample("2021_pingtan_page.html")))
    cells = _cells(tree, "gk-t3")
    assert cells["申请人情况"] == (1, 7)
    assert cells["自然人"] == (2, 1)
    assert cells["法人或其他组织"] == (1, 5)
    assert cells["总计"] == (2, 1)
    assert cells["三、本年度办理结果"] == (22, 1)
    assert cells["（三）不予公开"] == (8, 1)
    assert cells["（六）其他处理"] == (3, 1)
    assert cells["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert cells["（七）总计"] == (1, 2)
    # 3 header rows and 25 rows of the 2021 layout, each 10 grid columns wide
    assert len(tree.css("table.gk-t3 thead tr")) == 3
    assert len(tree.css("table.gk-t3 tbody tr")) == 25


def test_table_3_of_the_2019_layout_has_one_other_row() -> None:
    cells = _cells(
        LexborHTMLParser(render_html(_sample("2019_shanghai-general-office.html"))), "gk-t3"
    )
    assert cells["三、本年度办理结果"] == (20, 1)
    assert cells["（六）其他处理"] == (1, 2)


def test_table_4_has_three_header_levels() -> None:
    tree = LexborHTMLParser(render_html(_sample("2021_pingtan_page.html")))
    rows = tree.css("table.gk-t4 thead tr")
    assert [" ".join(c.text() for c in r.css("th")) for r in rows[:2]] == [
        "行政复议 行政诉讼",
        "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
    ]
    assert [int(c.attributes.get("colspan") or 1) for c in rows[0].css("th")] == [5, 10]
    assert len(rows[2].css("th")) == 10
    values = [c.text() for c in tree.css("table.gk-t4 tbody td")]
    assert values == ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]


def test_table_2_has_a_title_row_per_block_and_money_units() -> None:
    html = render_html(_sample("2021_pingtan_page.html"))
    tree = LexborHTMLParser(html)
    titles = [c.text() for c in tree.css("table.gk-t2 th.gk-block-title")]
    assert titles == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert all(
        c.attributes.get("colspan") == "4" for c in tree.css("table.gk-t2 th.gk-block-title")
    )
    assert "本年收费金额（单位：万元）" in html
    shanghai = render_html(_sample("2019_shanghai-general-office.html"))
    assert "采购总金额（单位：元）" in shanghai and ">251000<" in shanghai


def test_page_is_accessible_and_self_contained() -> None:
    html = render_html(_sample("2019_shanghai-general-office.html"))
    tree = LexborHTMLParser(html)
    assert tree.css_first("html").attributes["lang"] == "zh-CN"
    assert re.search(r'<meta charset="utf-8">', html)
    assert [c.text() for c in tree.css("caption")] == [
        "表二　主动公开政府信息情况",
        "表三　收到和处理政府信息公开申请情况",
        "表四　政府信息公开行政复议、行政诉讼情况",
    ]
    assert all(th.attributes.get("scope") for th in tree.css("th"))
    assert [h.text() for h in tree.css("h2")][:2] == ["一、总体情况", "二、主动公开政府信息情况"]
    # nothing is fetched from elsewhere
    assert not tree.css("link, script, img, iframe")
    assert "url(" not in html and "@import" not in html
    assert '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif' in html
    assert "size: A4" in html and "counter(page)" in html


def test_fragment_has_no_page_and_scoped_css() -> None:
    html = render_html(_sample("2021_pingtan_page.html"), standalone=False)
    assert html.startswith('<div class="gk-annual-report" lang="zh-CN">')
    assert "<html" not in html and "<head" not in html and "<body" not in html
    css = html[html.index("<style>") + 7 : html.index("</style>")]
    assert "@page" not in css
    selectors = [rule.split("{")[0] for rule in css.strip().splitlines()]
    assert selectors and all(
        part.strip().startswith(".gk-annual-report") for sel in selectors for part in sel.split(",")
    )


def test_text_is_escaped() -> None:
    report = _sample("2021_pingtan_page.html")
    hostile = report.replace(
        title="<script>alert(1)</script>2021年政府信息公开工作年度报告",
        narrative={**report.narrative, "五": 'A & B <b>"引号"</b>'},
    )
    html = render_html(hostile)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B &lt;b&gt;&quot;引号&quot;&lt;/b&gt;" in html


def test_not_applicable_and_unreadable_cells_read_back_as_such() -> None:
    report = _sample("2021_pingtan_page.html").with_cells(
        **{
            "t2/第二十条第（五）项/行政许可/本年处理决定数量": ar.Cell(
                ar.CellState.NOT_APPLICABLE, raw="/"
            ),
            "t3/二/科研机构": ar.Cell.unreadable(),
            "t4/复议后起诉/其他结果": ar.Cell.blank(),
        }
    )
    back = ar.read_bytes(render_html(report).encode(), "x.html")
    assert differences(report, back) == []


def test_render_dispatches_html_as_utf8() -> None:
    report = _sample("2022_pingtan.txt")
    assert render(report, "html") == render_html(report).encode("utf-8")
