"""Tables 二, 三 and 四 for the back office, in the official layout, every number a link
to the records behind it (`drill.py`). The public pages use the engine's own HTML writer."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from gongkai import annualreport as ar
from gongkai.annualreport.writers.layout import (
    t2_slots,
    t2_spans,
    t3_header,
    t3_row_labels,
    t4_header,
    value_text,
)

Link = Callable[[str], str | None]


def _span(rowspan: int = 1, colspan: int = 1) -> str:
    out = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return out + (f' colspan="{colspan}"' if colspan > 1 else "")


def _value(report: ar.Report, cell_id: str, link: Link, marks: dict[str, str], colspan: int = 1):
    text = escape(value_text(report, cell_id)) or "&nbsp;"
    href = link(cell_id)
    cls = ["num"]
    title = ""
    if cell_id in marks:
        cls.append("flagged")
        title = f' title="{escape(marks[cell_id])}"'
    if report.cell(cell_id).state is ar.CellState.BLANK:
        cls.append("blank")
        text = "未填报"
    inner = f'<a href="{escape(href)}">{text}</a>' if href else text
    return f'<td class="{" ".join(cls)}"{_span(colspan=colspan)}{title}>{inner}</td>'


def t2(report: ar.Report, link: Link, marks: dict[str, str] | None = None) -> SafeString:
    marks = marks or {}
    fmt = report.format
    slots = t2_slots(fmt)
    out = [
        '<table class="table report-table report-t2">',
        "<caption>表二 主动公开政府信息情况</caption>",
    ]
    for block in fmt.t2:
        spans = t2_spans(block, slots)
        out.append(
            f'<tr><th scope="rowgroup" colspan="{slots + 1}" class="block">{escape(block.key)}</th></tr>'
        )
        heads = ['<th scope="col">信息内容</th>']
        for col, span in zip(block.columns, spans, strict=True):
            label = col.key + (f"（{col.unit or '万元'}）" if col.kind == "money" else "")
            heads.append(f'<th scope="col"{_span(colspan=span)}>{escape(label)}</th>')
        out.append("<tr>" + "".join(heads) + "</tr>")
        for row in block.rows:
            cells = [f'<th scope="row">{escape(row.key)}</th>']
            for col, span in zip(block.columns, spans, strict=True):
                cells.append(
                    _value(report, f"t2/{block.key}/{row.key}/{col.key}", link, marks, span)
                )
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return mark_safe("\n".join(out))


def t3(report: ar.Report, link: Link, marks: dict[str, str] | None = None) -> SafeString:
    marks = marks or {}
    fmt = report.format
    heads, nrows, _ = t3_header(fmt)
    out = [
        '<table class="table report-table report-t3">',
        "<caption>表三 收到和处理政府信息公开申请情况</caption>",
        "<thead>",
    ]
    for r in range(nrows):
        cells = []
        for h in sorted((h for h in heads if h.row == r), key=lambda h: h.col):
            tag = "td" if (h.row, h.col) == (0, 0) else "th"
            cells.append(
                f'<{tag} scope="col"{_span(h.rowspan, h.colspan)}>{escape(h.text)}</{tag}>'
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead><tbody>")
    rows = report.t3_rows  # as the report printed them (a group may be one row)
    for row, labels in zip(rows, t3_row_labels(fmt, rows), strict=True):
        cells = [
            f'<th scope="row"{_span(lab.rowspan, lab.colspan)}>{escape(lab.text)}</th>'
            for lab in labels
        ]
        cells += [_value(report, f"t3/{row.key}/{c.key}", link, marks) for c in fmt.t3_columns]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return mark_safe("\n".join(out))


def t4(report: ar.Report, link: Link, marks: dict[str, str] | None = None) -> SafeString:
    marks = marks or {}
    fmt = report.format
    heads = t4_header(fmt)
    nrows = max(h.row + h.rowspan for h in heads)
    out = [
        '<table class="table report-table report-t4">',
        "<caption>表四 政府信息公开行政复议、行政诉讼情况</caption>",
        "<thead>",
    ]
    for r in range(nrows):
        cells = [
            f'<th scope="col"{_span(h.rowspan, h.colspan)}>{escape(h.text)}</th>'
            for h in sorted((h for h in heads if h.row == r), key=lambda h: h.col)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead><tbody><tr>")
    out += [
        _value(report, f"t4/{g.key}/{c.key}", link, marks)
        for g in fmt.t4_groups
        for c in fmt.t4_columns
    ]
    out.append("</tr></tbody></table>")
    return mark_safe("\n".join(out))


def all_tables(report: ar.Report, link: Link, findings: list[ar.Finding] | None = None) -> dict:
    """The three tables, with the cells named by error and warning findings marked."""
    marks: dict[str, str] = {}
    for f in findings or []:
        if f.severity in (ar.Severity.ERROR, ar.Severity.WARNING):
            for cid in f.cells:
                marks.setdefault(cid, f.message)
    return {
        "t2": t2(report, link, marks),
        "t3": t3(report, link, marks),
        "t4": t4(report, link, marks),
    }
