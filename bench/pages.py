"""Report pages as agencies publish them, made from the structure of a Word document.

`blocks_of(docx)` reads a .docx body into paragraphs (as runs) and tables (cells with
their row and column spans). The writers below then publish those blocks the ways
reports reach the public:

- `word_html`: Word's "Save as Web Page": the document properties and latent styles in
  conditional comments, the font and style definitions, `MsoNormal` paragraphs with a
  span per run (ASCII runs `lang=EN-US`), `mso-` attributes, `<o:p>` marks, tables
  with `mso-yfti-irow` rows and a `supportMisalignedColumns` row, lines wrapped inside
  tags, optional `&nbsp;` padding around numbers;
- `cms_html`: a portal page whose editor put one span around every character, with the
  portal's menus, scripts and footer around it;
- `run_together`: a crawler's text copy: a metadata header, then the page as one line
  with the whitespace between cells gone, so a row's numbers run together.
"""

from __future__ import annotations

import html
import io
import random
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Block:
    kind: str  # "p" or "table"
    runs: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.runs)


def blocks_of(docx: bytes) -> list[Block]:
    """The body of a .docx as paragraphs and tables (nested tables are flattened)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root.find(f"{W}body")
    out: list[Block] = []
    for el in body if body is not None else ():
        if el.tag == f"{W}p":
            runs = _runs(el)
            if "".join(runs).strip():
                out.append(Block("p", runs))
        elif el.tag == f"{W}tbl":
            out.append(Block("table", rows=_table(el)))
    return out


def _runs(p: etree._Element) -> list[str]:
    runs = []
    for r in p.iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        if r.find(f"{W}br") is not None and runs:
            runs.append("\n")
        if text:
            runs.append(text)
    return runs


def _table(tbl: etree._Element) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    starts: dict[int, Cell] = {}  # grid column -> the cell a vertical merge started in
    for tr in tbl.iter(f"{W}tr"):
        row: list[Cell] = []
        col = 0
        for tc in tr.findall(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span, merge = 1, None
            if pr is not None:
                g = pr.find(f"{W}gridSpan")
                span = int(g.get(f"{W}val", "1")) if g is not None else 1
                v = pr.find(f"{W}vMerge")
                merge = None if v is None else v.get(f"{W}val", "continue")
            text = "".join(_text_of_paragraph(p) for p in tc.iter(f"{W}p"))
            if merge == "continue" and col in starts:
                starts[col].rowspan += 1
            else:
                cell = Cell(text.strip(), span)
                row.append(cell)
                if merge == "restart":
                    starts[col] = cell
                else:
                    starts.pop(col, None)
            col += span
        rows.append(row)
    return rows


def _text_of_paragraph(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


# ---------------------------------------------------------------- Word's web page

_FONTS = [
    ("宋体", "SimSun", "2 1 6 0 3 1 1 1 1 1", 134),
    ("黑体", "SimHei", "2 1 6 9 6 1 1 1 1 1", 134),
    ("仿宋_GB2312", "仿宋", "2 1 6 9 3 1 1 1 1 1", 134),
    ("楷体_GB2312", "楷体", "2 1 6 9 3 1 1 1 1 1", 134),
    ("方正小标宋简体", "微软雅黑", "2 0 0 0 0 0 0 0 0 0", 134),
    ("Cambria Math", "", "2 4 5 3 5 4 6 3 2 4", 0),
    ("Calibri", "", "2 15 5 2 2 2 4 3 2 4", 0),
    ("Times New Roman", "", "2 2 6 3 5 4 5 2 3 4", 0),
]
_LATENT = (
    ["Normal"]
    + [f"heading {i}" for i in range(1, 10)]
    + [f"index {i}" for i in range(1, 10)]
    + [f"toc {i}" for i in range(1, 10)]
    + [
        "Normal Indent", "footnote text", "annotation text", "header", "footer",
        "index heading", "caption", "table of figures", "envelope address",
        "envelope return", "footnote reference", "annotation reference", "line number",
        "page number", "endnote reference", "endnote text", "table of authorities",
        "macro", "toa heading", "List", "List Bullet", "List Number", "Title", "Closing",
        "Signature", "Default Paragraph Font", "Body Text", "Body Text Indent",
        "Subtitle", "Salutation", "Date", "Hyperlink", "Strong", "Emphasis",
        "Plain Text", "Normal (Web)", "Table Grid", "No Spacing", "List Paragraph",
    ]
    + [
        f"{kind} {shade}" + (f" Accent {a}" if a else "")
        for a in range(7)
        for kind in ("Light", "Medium", "Dark", "Colorful")
        for shade in ("Shading", "List", "Grid", "Shading 1", "Shading 2", "List 1", "List 2")
    ]
)  # fmt: skip
_ASCII_RUN = re.compile(r"([\x21-\x7e]+)")


def _wrap(tag: str, width: int = 76) -> str:
    """Word breaks long tags onto new lines at attribute spaces."""
    if len(tag) <= width:
        return tag
    out, line = [], ""
    for word in tag.split(" "):
        if line and len(line) + len(word) + 1 > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    return "\n".join(out)


def _span(text: str, size: float, font: str, rng: random.Random) -> str:
    """Word's runs for a piece of text: ASCII in lang=EN-US spans of their own."""
    out = []
    for piece in _ASCII_RUN.split(text):
        if not piece:
            continue
        esc = html.escape(piece, quote=False)
        if _ASCII_RUN.fullmatch(piece):
            style = (
                f'font-size:{size}pt;font-family:"Times New Roman",serif;'
                f'mso-fareast-font-family:{font};mso-bidi-font-family:"Times New Roman"'
            )
            out.append(_wrap(f"<span lang=EN-US style='{style}'>") + esc + "</span>")
        else:
            style = (
                f"font-size:{size}pt;font-family:{font};mso-ascii-font-family:"
                f'"Times New Roman";mso-hansi-font-family:"Times New Roman";'
                f'mso-bidi-font-family:"Times New Roman";mso-font-kerning:0pt'
            )
            if rng.random() < 0.15:
                style += ";color:black;mso-themecolor:text1"
            out.append(_wrap(f"<span style='{style}'>") + esc + "</span>")
    return "".join(out)


def _word_paragraph(text: str, rng: random.Random, *, title: bool = False) -> str:
    if title:
        attrs = "class=MsoNormal align=center style='text-align:center;line-height:28.0pt;mso-line-height-rule:exactly'"
        body = "<b>" + _span(text, 22.0, "方正小标宋简体", rng) + "</b>"
    else:
        attrs = (
            "class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;"
            "line-height:28.0pt;mso-line-height-rule:exactly;mso-pagination:widow-orphan'"
        )
        body = _span(text, 16.0, "仿宋_GB2312", rng)
    return _wrap(f"<p {attrs}>") + body + "<span lang=EN-US><o:p></o:p></span></p>\n\n"


def _word_cell(cell: Cell, width: float, rng: random.Random, pad: bool) -> str:
    spans = ""
    if cell.colspan > 1:
        spans += f" colspan={cell.colspan}"
    if cell.rowspan > 1:
        spans += f" rowspan={cell.rowspan}"
    style = (
        f"width:{width * cell.colspan:.1f}pt;border:solid windowtext 1.0pt;border-top:none;"
        "mso-border-top-alt:solid windowtext .5pt;mso-border-alt:solid windowtext .5pt;"
        "padding:0cm 5.4pt 0cm 5.4pt"
    )
    text = cell.text
    numeric = text.isdigit()
    inner = _span(text, 10.5, "宋体", rng) if text else ""
    if numeric and pad:
        inner = "&nbsp;" + inner + "&nbsp;"
    para = (
        _wrap(
            "<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
        )
        + inner
        + "<span lang=EN-US style='font-size:10.5pt'><o:p></o:p></span></p>"
    )
    td = _wrap(
        f"<td width={int(width * cell.colspan * 1.33)}{spans} valign=center style='{style}'>"
    )
    return f"  {td}\n  {para}\n  </td>\n"


def _word_table(rows: list[list[Cell]], rng: random.Random, pad: bool) -> str:
    ncols = max((sum(c.colspan for c in r) for r in rows), default=1)
    width = 425.0 / max(ncols, 1)
    out = [
        _wrap(
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=567 "
            "style='width:425.2pt;border-collapse:collapse;border:none;mso-border-alt:solid "
            "windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"
        )
        + "\n"
    ]
    for i, row in enumerate(rows):
        first = ";mso-yfti-firstrow:yes" if i == 0 else ""
        last = ";mso-yfti-lastrow:yes" if i == len(rows) - 1 else ""
        out.append(f" <tr style='mso-yfti-irow:{i}{first}{last};height:22.5pt'>\n")
        out.extend(_word_cell(c, width, rng, pad) for c in row)
        out.append(" </tr>\n")
    out.append(" <![if !supportMisalignedColumns]>\n <tr height=0>\n")
    out.extend(f"  <td width={int(width * 1.33)} style='border:none'></td>\n" for _ in range(ncols))
    out.append(" </tr>\n <![endif]>\n</table>\n\n")
    return "".join(out)


def word_html(blocks: list[Block], title: str, rng: random.Random) -> str:
    """The blocks as Word saves a document as a web page."""
    props = "".join(
        f"  <o:{k}>{v}</o:{k}>\n"
        for k, v in (
            ("Author", "Administrator"),
            ("LastAuthor", "user"),
            ("Revision", rng.randrange(2, 30)),
            ("TotalTime", rng.randrange(5, 300)),
            ("Created", "2022-01-18T01:23:00Z"),
            ("LastSaved", "2022-01-20T08:45:00Z"),
            ("Pages", rng.randrange(5, 12)),
            ("Words", rng.randrange(1000, 9000)),
            ("Characters", rng.randrange(6000, 40000)),
            ("Company", "Microsoft"),
            ("Lines", rng.randrange(100, 400)),
            ("Paragraphs", rng.randrange(30, 120)),
            ("Version", "16.00"),
        )
    )
    latent = "".join(
        f'   <w:LsdException Locked="false" Priority="{i % 100}" SemiHidden="{str(i > 9).lower()}"\n'
        f'    UnhideWhenUsed="{str(i > 9).lower()}" Name="{name}"/>\n'
        for i, name in enumerate(_LATENT)
    )
    fonts = "".join(
        f" @font-face\n\t{{font-family:{name};\n\tpanose-1:{panose};\n"
        + (f"\tmso-font-alt:{alt};\n" if alt else "")
        + f"\tmso-font-charset:{cs};\n\tmso-generic-font-family:auto;\n\tmso-font-pitch:variable;\n"
        "\tmso-font-signature:3 680460288 22 0 262145 0;}\n"
        for name, alt, panose, cs in _FONTS
    )
    styles = "".join(
        f"{sel}\n\t{{mso-style-name:{sel.split('.')[-1]};\n\tmso-style-unhide:no;\n"
        "\tmso-style-qformat:yes;\n\tmso-style-parent:\"\";\n\tmargin:0cm;\n"
        "\ttext-align:justify;\n\ttext-justify:inter-ideograph;\n\tmso-pagination:none;\n"
        "\tfont-size:10.5pt;\n\tmso-bidi-font-size:12.0pt;\n\tfont-family:\"Calibri\",sans-serif;\n"
        "\tmso-fareast-font-family:宋体;\n\tmso-font-kerning:1.0pt;}\n"
        for sel in (
            "p.MsoNormal, li.MsoNormal, div.MsoNormal", "h1", "h2", "p.MsoHeader, li.MsoHeader",
            "p.MsoFooter, li.MsoFooter", "p.MsoTitle, li.MsoTitle", "a:link, span.MsoHyperlink",
            "p.MsoPlainText, li.MsoPlainText", "p.MsoListParagraph, li.MsoListParagraph",
            "span.GramE", "span.SpellE", ".MsoChpDefault", ".MsoPapDefault",
        )
    )  # fmt: skip
    head = f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="report.files/filelist.xml">
<title>{html.escape(title)}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
{props} </o:DocumentProperties>
</xml><![endif]--><!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:SpellingState>Clean</w:SpellingState>
  <w:GrammarState>Clean</w:GrammarState>
  <w:PunctuationKerning/>
  <w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing>
  <w:DisplayHorizontalDrawingGridEvery>0</w:DisplayHorizontalDrawingGridEvery>
  <w:ValidateAgainstSchemas/>
  <w:Compatibility>
   <w:SpaceForUL/>
   <w:BalanceSingleByteDoubleByteWidth/>
   <w:DoNotLeaveBackslashAlone/>
   <w:UseFELayout/>
  </w:Compatibility>
  <w:BrowserLevel>MicrosoftInternetExplorer4</w:BrowserLevel>
 </w:WordDocument>
</xml><![endif]--><!--[if gte mso 9]><xml>
 <w:LatentStyles DefLockedState="false" DefUnhideWhenUsed="false"
  DefSemiHidden="false" DefQFormat="false" DefPriority="99"
  LatentStyleCount="{len(_LATENT)}">
{latent} </w:LatentStyles>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
{fonts} /* Style Definitions */
{styles}@page WordSection1
\t{{size:595.3pt 841.9pt;
\tmargin:72.0pt 90.0pt 72.0pt 90.0pt;
\tmso-header-margin:42.55pt;
\tmso-footer-margin:49.6pt;
\tmso-paper-source:0;
\tlayout-grid:15.6pt;}}
div.WordSection1
\t{{page:WordSection1;}}
-->
</style>
<!--[if gte mso 10]>
<style>
 /* Style Definitions */
 table.MsoNormalTable
\t{{mso-style-name:普通表格;
\tmso-tstyle-rowband-size:0;
\tmso-tstyle-colband-size:0;
\tmso-style-noshow:yes;
\tmso-style-priority:99;
\tmso-padding-alt:0cm 5.4pt 0cm 5.4pt;
\tmso-para-margin:0cm;
\tfont-size:10.5pt;
\tfont-family:"Calibri",sans-serif;}}
</style>
<![endif]--><!--[if gte mso 9]><xml>
 <o:shapedefaults v:ext="edit" spidmax="1026"/>
</xml><![endif]--><!--[if gte mso 9]><xml>
 <o:shapelayout v:ext="edit">
  <o:idmap v:ext="edit" data="1"/>
 </o:shapelayout></xml><![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

"""
    pad = rng.random() < 0.4
    body = [_word_paragraph(title, rng, title=True)]
    for b in blocks:
        if b.kind == "table":
            body.append(_word_table(b.rows, rng, pad))
        elif b.text.strip() and b.text.strip() != title:
            body.append(_word_paragraph(b.text.replace("\n", ""), rng))
    return head + "".join(body) + "</div>\n\n</body>\n\n</html>\n"


# ---------------------------------------------------------------- a portal page, a span per character

_CHROME_TOP = """<div class="top"><div class="w1200"><span>欢迎访问{site}</span><a href="/">无障碍</a><a href="/">长者模式</a><a href="/">English</a></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{site}"></div><div class="search"><form action="/search"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>
<div class="nav"><ul>{menu}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
"""
_CHROME_BOTTOM = """<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div><div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="footer"><p>主办单位：{site}办公室　承办单位：{site}大数据中心</p><p>网站标识码：3501000001　闽ICP备12345678号　闽公网安备 35010202000001号</p><p><a href="/">网站地图</a> | <a href="/">联系我们</a></p></div>
"""
_MENU = ["首页", "走进政府", "政务公开", "政务服务", "互动交流", "专题专栏", "数据开放"]
_SCRIPT = "var _hmt = _hmt || [];(function(){var hm=document.createElement('script');hm.src='/js/stat.js';var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(hm,s);})();\n"


def _char_spans(text: str, style: str) -> str:
    return "".join(f'<span style="{style}">{html.escape(ch, quote=False)}</span>' for ch in text)


def cms_html(blocks: list[Block], title: str, published: str, site: str, rng: random.Random) -> str:
    """The blocks as a portal editor pasted them: one span per character."""
    style = rng.choice(
        [
            "font-family:仿宋_GB2312;font-size:16pt;",
            "font-family: 仿宋; font-size: 21px; line-height: 1.8em;",
            "font-size:16px;font-family:宋体,SimSun;color:#333333",
        ]
    )
    out = []
    for b in blocks:
        if b.kind == "p":
            text = b.text.replace("\n", "")
            if text.strip() and text.strip() != title:
                out.append(
                    f'<p style="text-indent:2em;line-height:1.75em;">{_char_spans(text, style)}</p>\n'
                )
            continue
        out.append(
            '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%"><tbody>\n'
        )
        for row in b.rows:
            out.append("<tr>")
            for c in row:
                spans = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (
                    f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
                )
                out.append(
                    f'<td{spans} style="border:1px solid #000;padding:2px;" valign="middle">'
                    f'<p style="text-align:center;">{_char_spans(c.text, style)}</p></td>'
                )
            out.append("</tr>\n")
        out.append("</tbody></table>\n")
    menu = "".join(f'<li><a href="/{i}/">{m}</a></li>' for i, m in enumerate(_MENU))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}_{site}</title>"
        f'<meta name="ArticleTitle" content="{html.escape(title)}">'
        f'<meta name="PubDate" content="{published}">'
        f'<meta name="ContentSource" content="{site}">'
        '<link rel="stylesheet" href="/css/common.css"><script src="/js/jquery.min.js"></script>'
        f"<script>{_SCRIPT * 20}</script></head><body>\n"
        + _CHROME_TOP.format(site=site, menu=menu)
        + f'<div class="article"><h1 class="title">{html.escape(title)}</h1>'
        f'<div class="info">发布时间：{published}　来源：{site}　浏览次数：{rng.randrange(100, 9000)}</div>\n'
        '<div class="TRS_Editor">\n'
        + "".join(out)
        + "</div></div>\n"
        + _CHROME_BOTTOM.format(site=site)
        + "</body></html>\n"
    )


# ---------------------------------------------------------------- a crawler's text copy


def run_together(blocks: list[Block], title: str, published: str, site: str) -> str:
    """The page as a crawler copied it: every cell and paragraph run together."""
    parts = []
    for b in blocks:
        if b.kind == "p":
            parts.append(b.text.replace("\n", ""))
        else:
            parts.extend(c.text for row in b.rows for c in row)
    header = (
        f"标题: {title}\n发布时间: {published}\n文号: \n发布机构: \n栏目: 政府信息公开年报\n"
        "==================== 正文 ====================\n"
    )
    chrome = f"当前位置： 首页政务公开政府信息公开年报 {title} 来源：{site} 时间：{published} 打印本页 关闭窗口 "
    return header + chrome + "".join(parts) + f" 主办单位：{site}办公室 网站标识码：3501000001\n"
