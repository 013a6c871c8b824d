"""HTML: the report in the official layout, as a page or as a fragment for the portal.

The tables are drawn from the layout (`layout.py`): table 二 as one table with a
merged title row per 第二十条 block, table 三 with the template's merged header and
row-label cells, table 四 with its three header rows. The page carries its own
print stylesheet (A4, CJK serif fonts, page numbers), which the PDF writer uses too;
nothing is loaded from elsewhere. `standalone=False` gives a `<div>` whose CSS is
scoped under `.gk-annual-report`, so it can be embedded in another page.
"""

from __future__ import annotations

from html import escape

from ..model import CellState, Report
from .layout import (
    money_header,
    report_title,
    section_title,
    t2_slots,
    t2_spans,
    t3_header,
    t3_row_labels,
    t4_header,
    value_text,
)

SCOPE = "gk-annual-report"
FONT_STACK = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif'

# Rules for the report itself; every selector is prefixed with the wrapper class.
_REPORT_RULES = (
    (
        "",
        "font-family: {fonts}; font-size: 12pt; line-height: 1.75; color: #000; background: #fff;"
        " max-width: 190mm; margin: 0 auto;",
    ),
    (
        "h1",
        "font-size: 18pt; font-weight: bold; text-align: center; line-height: 1.5; margin: 0 0 1em;",
    ),
    (
        "h2",
        "font-size: 14pt; font-weight: bold; margin: 1.1em 0 .5em; break-after: avoid;"
        " page-break-after: avoid;",
    ),
    ("p", "text-indent: 2em; text-align: justify; margin: 0 0 .4em;"),
    (
        "table",
        "border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: 10.5pt;"
        " line-height: 1.35; table-layout: fixed;",
    ),
    (
        "th, td",
        "border: 1px solid #000; padding: 3pt 2pt; text-align: center;"
        " vertical-align: middle; font-weight: normal; overflow-wrap: anywhere;",
    ),
    ("thead th, th.gk-head", "font-weight: bold;"),
    ("th.gk-label", "text-align: left; padding-left: 4pt;"),
    ("th.gk-group", "text-align: center; padding-left: 2pt;"),
    ("th.gk-block-title", "font-weight: bold; text-align: left; background: #f0f0f0;"),
    ("td.gk-note", "font-size: 9pt; text-align: left;"),
    ("td.gk-na, td.gk-unreadable", "color: #444;"),
    ("td.gk-unreadable", "background: #fde8e8;"),
    (".gk-t3", "font-size: 9.5pt; line-height: 1.3;"),
    (".gk-t3 th, .gk-t3 td", "padding: 2pt 1.5pt;"),
    (".gk-t4", "font-size: 9pt;"),
    (
        "caption",
        "position: absolute; width: 1px; height: 1px; overflow: hidden;"
        " clip: rect(0 0 0 0); white-space: nowrap;",
    ),
    ("thead", "display: table-header-group;"),
    ("tr", "break-inside: avoid; page-break-inside: avoid;"),
    ("tbody.gk-block", "break-inside: avoid; page-break-inside: avoid;"),
    (".gk-t3, .gk-keep", "break-inside: avoid; page-break-inside: avoid;"),
    (".gk-signature", "text-align: right; margin-top: 2em; break-inside: avoid;"),
    (".gk-signature p", "text-indent: 0; margin: 0.2em 0;"),
)

# Only in a page of its own: paper, margins, page numbers.
_PAGE_CSS = """@page {
  size: A4;
  margin: 22mm 18mm 24mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: %s; font-size: 10.5pt; }
}
html { background: #fff; }
body { margin: 0; padding: 12mm 0; }
@media print {
  body { padding: 0; }
  .gk-annual-report { max-width: none; }
  .gk-annual-report caption { display: none; }
}
"""


def report_css(scope: str = SCOPE, fonts: str = FONT_STACK) -> str:
    """The report's stylesheet with every rule under `.{scope}` (for the portal's CSS)."""
    out = []
    for selectors, body in _REPORT_RULES:
        scoped = ", ".join(f".{scope} {s.strip()}".rstrip() for s in selectors.split(","))
        out.append(f"{scoped} {{ {body.format(fonts=fonts)} }}")
    return "\n".join(out) + "\n"


def render_html(report: Report, *, standalone: bool = True, fonts: str = FONT_STACK) -> str:
    """The report as HTML: a whole page, or (`standalone=False`) a `<div>` fragment
    with its stylesheet scoped to it. `fonts` is the CSS font-family list."""
    title = report_title(report)
    body = "\n".join(_article(report, title))
    if not standalone:
        return f'<div class="{SCOPE}" lang="zh-CN">\n<style>\n{report_css(fonts=fonts)}</style>\n{body}\n</div>\n'
    meta = [f'<meta name="ArticleTitle" content="{escape(title)}">']
    if report.published:
        meta.append(f'<meta name="PubDate" content="{report.published.isoformat()}">')
    if report.agency:
        meta.append(f'<meta name="author" content="{escape(report.agency)}">')
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        + "\n".join(meta)
        + f"\n<title>{escape(title)}</title>\n<style>\n{_PAGE_CSS % fonts}{report_css(fonts=fonts)}</style>\n"
        f'</head>\n<body>\n<article class="{SCOPE}">\n{body}\n</article>\n</body>\n</html>\n'
    )


def _article(report: Report, title: str) -> list[str]:
    fmt = report.format
    out = [f"<h1>{escape(title)}</h1>"]
    out += _paragraphs(report.narrative.get("序", ""))
    tables = {"t3": _t3, "t4": _t4}
    for sec in fmt.sections:
        out.append("<section>")
        head = [f"<h2>{escape(section_title(fmt, sec.key))}</h2>"]
        head += _paragraphs(report.narrative.get(sec.key, ""))
        if sec.table == "t2":
            out += head + _t2(report, sec.title)  # may break between its blocks
        elif sec.table in tables:
            # tables 三 and 四 are kept whole, and the heading goes with its table
            out += ['<div class="gk-keep">', *head, *tables[sec.table](report, sec.title), "</div>"]
        else:
            out += head
        out.append("</section>")
    sign = [report.agency or ""]
    if report.published:
        d = report.published
        sign.append(f"{d.year}年{d.month}月{d.day}日")
    if any(sign):
        out.append(
            '<div class="gk-signature">'
            + "".join(f"<p>{escape(x)}</p>" for x in sign if x)
            + "</div>"
        )
    return out


def _paragraphs(text: str) -> list[str]:
    return [f"<p>{escape(line.strip())}</p>" for line in text.split("\n") if line.strip()]


def _attrs(rowspan: int = 1, colspan: int = 1) -> str:
    out = ""
    if rowspan > 1:
        out += f' rowspan="{rowspan}"'
    if colspan > 1:
        out += f' colspan="{colspan}"'
    return out


def _value(report: Report, cell_id: str, colspan: int = 1) -> str:
    cell = report.cell(cell_id)
    cls = ""
    if cell.state is CellState.NOT_APPLICABLE:
        cls = ' class="gk-na"'
    elif cell.state is CellState.UNREADABLE:
        cls = ' class="gk-unreadable" title="未能读取"'
    return f"<td{cls}{_attrs(colspan=colspan)}>{escape(value_text(report, cell_id))}</td>"


def _colgroup(widths: list[float]) -> str:
    return "<colgroup>" + "".join(f'<col style="width: {w:.2f}%">' for w in widths) + "</colgroup>"


def _t2(report: Report, caption: str) -> list[str]:
    fmt = report.format
    slots = t2_slots(fmt)
    out = ['<table class="gk-t2">', f"<caption>表二　{escape(caption)}</caption>"]
    out.append(_colgroup([28.0] + [72.0 / slots] * slots))
    for block in fmt.t2:
        spans = t2_spans(block, slots)
        out.append('<tbody class="gk-block">')
        out.append(
            f'<tr><th scope="rowgroup" class="gk-block-title"{_attrs(colspan=slots + 1)}>{escape(block.key)}</th></tr>'
        )
        heads = ['<th scope="col" class="gk-head">信息内容</th>']
        for col, span in zip(block.columns, spans, strict=True):
            text = money_header(report, block.key, col.key) if col.kind == "money" else col.key
            heads.append(
                f'<th scope="col" class="gk-head"{_attrs(colspan=span)}>{escape(text)}</th>'
            )
        out.append("<tr>" + "".join(heads) + "</tr>")
        for row in block.rows:
            cells = [f'<th scope="row" class="gk-label">{escape(row.key)}</th>']
            for col, span in zip(block.columns, spans, strict=True):
                cells.append(_value(report, f"t2/{block.key}/{row.key}/{col.key}", span))
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return out


def _t3(report: Report, caption: str) -> list[str]:
    fmt = report.format
    heads, nrows, _ = t3_header(fmt)
    ncols = len(fmt.t3_columns)
    out = ['<table class="gk-t3">', f"<caption>表三　{escape(caption)}</caption>"]
    out.append(_colgroup([5.5, 10.5, 38.0] + [46.0 / ncols] * ncols))
    out.append("<thead>")
    for r in range(nrows):
        cells = []
        for h in sorted((h for h in heads if h.row == r), key=lambda h: h.col):
            span = _attrs(h.rowspan, h.colspan)
            if h.row == 0 and h.col == 0:
                cells.append(f'<td class="gk-note"{span}>{escape(h.text)}</td>')
            else:
                scope = "colgroup" if h.colspan > 1 else "col"
                cells.append(f'<th scope="{scope}"{span}>{escape(h.text)}</th>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead>")
    out.append("<tbody>")
    for row, labels in zip(report.t3_rows, t3_row_labels(fmt, report.t3_rows), strict=True):
        cells = [
            f'<th scope="row" class="{"gk-label gk-group" if lab.rowspan > 1 else "gk-label"}"'
            f"{_attrs(lab.rowspan, lab.colspan)}>{escape(lab.text)}</th>"
            for lab in labels
        ]
        cells += [_value(report, f"t3/{row.key}/{c.key}") for c in fmt.t3_columns]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return out


def _t4(report: Report, caption: str) -> list[str]:
    fmt = report.format
    heads = t4_header(fmt)
    nrows = max(h.row + h.rowspan for h in heads)
    width = len(fmt.t4_groups) * len(fmt.t4_columns)
    out = ['<table class="gk-t4">', f"<caption>表四　{escape(caption)}</caption>"]
    out.append(_colgroup([100.0 / width] * width))
    out.append("<thead>")
    for r in range(nrows):
        cells = []
        for h in sorted((h for h in heads if h.row == r), key=lambda h: h.col):
            scope = "colgroup" if h.colspan > 1 else "col"
            cells.append(f'<th scope="{scope}"{_attrs(h.rowspan, h.colspan)}>{escape(h.text)}</th>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead>")
    values = [_value(report, f"t4/{g.key}/{c.key}") for g in fmt.t4_groups for c in fmt.t4_columns]
    out.append("<tbody><tr>" + "".join(values) + "</tr></tbody>")
    out.append("</table>")
    return out
