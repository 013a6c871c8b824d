"""What the HTML reader takes from a page: a table cell's text without that of the
elements a browser does not show as text (a list of options, a fallback for scripts, a
template), and the title and date of the page's <meta> elements wherever they are."""

from __future__ import annotations

import pytest

from gongkai.annualreport.readers import document_from_bytes

_PAGE = (
    "<html><head><meta charset='{charset}'><title>年报</title></head><body>"
    "<table><tr><td>项目</td><td>数量</td></tr>"
    "<tr><td>本年新收<SELECT><option>选项</option></SELECT></td>"
    "<td>3<NoScript>脚本</NoScript></td><td><Template>模板</template>4</td></tr>"
    "</table></body></html>"
)


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_cells_leave_out_options_noscript_and_templates(charset: str) -> None:
    data = _PAGE.format(charset=charset).encode(charset)
    doc = document_from_bytes(data, "page.html")
    rows = [line.cells for line in doc.lines if line.delimited]
    assert rows == [("项目", "数量"), ("本年新收", "3", "4")]


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_cells_of_a_page_without_such_elements_are_read_whole(charset: str) -> None:
    data = _PAGE.format(charset=charset).encode(charset)
    for tag in (b"SELECT", b"NoScript", b"Template", b"select", b"template"):
        data = data.replace(b"<" + tag + b">", b"<i>").replace(b"</" + tag + b">", b"</i>")
    doc = document_from_bytes(data, "page.html")
    rows = [line.cells for line in doc.lines if line.delimited]
    assert rows == [("项目", "数量"), ("本年新收选项", "3脚本", "模板4")]


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
@pytest.mark.parametrize("where", ["head", "body"])
def test_the_title_and_date_meta_are_found_in_the_head_or_the_body(
    charset: str, where: str
) -> None:
    metas = (
        "<META name='ArticleTitle' content='某局2021年政府信息公开工作年度报告'>"
        "<meta name='PubDate' content='2022-01-20'>"
    )
    page = _PAGE.format(charset=charset)
    at = page.index("</head>") if where == "head" else page.index("</body>")
    doc = document_from_bytes((page[:at] + metas + page[at:]).encode(charset), "page.html")
    assert doc.title == "某局2021年政府信息公开工作年度报告"
    assert doc.published is not None and doc.published.isoformat() == "2022-01-20"


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_comments_scripts_styles_and_inline_tags_leave_only_the_text(charset: str) -> None:
    page = (
        "<html><head><meta charset='{charset}'><STYLE>td {{color:red}}</Style>"
        "<!--[if gte mso 9]><xml><o:DocumentProperties>作者</o:DocumentProperties></xml>"
        "<![endif]--></head><body>"
        "<script>if (a<b) document.write('</scr' + 'ipt>脚本')</script >"
        "<p><span style='font-size:16px'>总</span><span style='font-size:16px'>体</span>"
        "<SPAN lang=EN-US>情况</SPAN><b>一</b><br><o:p></o:p></p>"
        "<table><tr><td><font face=宋体>本年</font><st1:chmetcnv w:st='on'>新收</st1:chmetcnv>"
        "</td><td><strong>3</strong></td></tr></table>"
        "<p>末尾<style>p {{margin:0}} 样式"
    )
    doc = document_from_bytes(page.format(charset=charset).encode(charset), "page.html")
    assert [line.cells for line in doc.lines] == [("总体情况一",), ("本年新收", "3"), ("末尾",)]


def test_attributes_of_cells_and_paragraphs_do_not_leak_into_the_text() -> None:
    page = (
        "<html><body><p class=MsoNormal style='margin:0'>总体情况</p>"
        "<p title=\"a > b\" data-x='c>d'>正文</p><table><tr>"
        "<td width=95 valign=top\nstyle='width:71.4pt;border:solid windowtext 1.0pt'>本年新收</td>"
        '<td title="x>y">3</td><td/>4</tr></table>'
        '<p title="never closed>尾</p></body></html>'
    )
    doc = document_from_bytes(page.encode(), "page.html")
    assert [line.cells for line in doc.lines] == [
        ("总体情况",),
        ("正文",),
        ("本年新收", "3", "4"),
    ]
