"""What a table cell of an HTML page shows: its text, without that of the elements a
browser does not show as text (a list of options, a fallback for scripts, a template)."""

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
