"""The official table layouts as grids of header cells, shared by the HTML, Word,
Excel and text writers: each writer draws the same merged header cells."""

from __future__ import annotations

from dataclasses import dataclass

from ..formats import Block, Format, Row
from ..model import Report


@dataclass(frozen=True)
class Head:
    """A header cell spanning rows and columns (0-based position in the grid)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def t3_header(fmt: Format) -> tuple[list[Head], int, int]:
    """Header cells of table 三, the number of header rows, and the label columns.

    Layout: three label columns (the row label, spread over the 三 groups), then
    自然人 | 法人或其他组织 (five) | 总计, as the national template draws it.
    """
    ncols = len(fmt.t3_columns)
    heads = [
        Head(fmt.t3_note or "", 0, 0, rowspan=3, colspan=3),
        Head("申请人情况", 0, 3, colspan=ncols),
    ]
    col = 3
    orgs = [c for c in fmt.t3_columns if c.group]
    for c in fmt.t3_columns:
        if c.group:
            if c is orgs[0]:
                heads.append(Head(c.group, 1, col, colspan=len(orgs)))
            heads.append(Head(c.key, 2, col))
        else:
            heads.append(Head(c.key, 1, col, rowspan=2))
        col += 1
    return heads, 3, 3


@dataclass(frozen=True)
class LabelCell:
    text: str
    col: int
    rowspan: int = 1
    colspan: int = 1


def t3_row_labels(fmt: Format, rows: tuple[Row, ...] | None = None) -> list[list[LabelCell]]:
    """For each row of table 三 (the layout's, or `rows` as a report printed them), the
    label cells that start on it (merged cells once)."""
    groups = {g.key: g for g in fmt.t3_groups}
    rows = fmt.t3_rows if rows is None else rows
    result_rows = [r for r in rows if r.group is not None]
    out: list[list[LabelCell]] = []
    seen_groups: set[str] = set()
    for r in rows:
        cells: list[LabelCell] = []
        if r.group is None:
            cells.append(LabelCell(r.printed, 0, colspan=3))
        else:
            top = r.group.split(".")[0]
            if top not in seen_groups:
                seen_groups.add(top)
                span = sum(1 for x in result_rows if (x.group or "").split(".")[0] == top)
                cells.append(
                    LabelCell(groups[top].printed if top in groups else top, 0, rowspan=span)
                )
            if r.group == top:
                cells.append(LabelCell(r.printed, 1, colspan=2))
            else:
                if r.group not in seen_groups:
                    seen_groups.add(r.group)
                    span = sum(1 for x in rows if x.group == r.group)
                    g = groups[r.group]
                    cells.append(LabelCell(g.prefix + g.label, 1, rowspan=span))
                cells.append(LabelCell(r.printed, 2))
        out.append(cells)
    return out


def t4_header(fmt: Format) -> list[Head]:
    """Header cells of table 四 as the national template draws them (three rows):

    行政复议 (5)                  | 行政诉讼 (10)
    结果维持 … 总计 (rows 2-3)    | 未经复议直接起诉 (5) | 复议后起诉 (5)
                                  | 结果维持 … 总计      | 结果维持 … 总计
    """
    width = len(fmt.t4_columns)
    heads: list[Head] = []
    col = 0
    parents_done: set[str] = set()
    for g in fmt.t4_groups:
        if g.parent is None:
            heads.append(Head(g.key, 0, col, colspan=width))
            for i, c in enumerate(fmt.t4_columns):
                heads.append(Head(c.key, 1, col + i, rowspan=2))
        else:
            if g.parent not in parents_done:
                parents_done.add(g.parent)
                span = sum(1 for x in fmt.t4_groups if x.parent == g.parent) * width
                heads.append(Head(g.parent, 0, col, colspan=span))
            heads.append(Head(g.key, 1, col, colspan=width))
            for i, c in enumerate(fmt.t4_columns):
                heads.append(Head(c.key, 2, col + i))
        col += width
    return heads


def value_text(report: Report, cell_id: str) -> str:
    """A cell as printed in a table: the number, the not-applicable mark, or empty."""
    from ..model import CellState, format_number

    cell = report.cell(cell_id)
    if cell.state is CellState.NUMBER:
        return format_number(cell.value)
    if cell.state is CellState.NOT_APPLICABLE:
        return cell.raw or "/"
    if cell.state is CellState.UNREADABLE:
        return "?"
    return ""


def money_header(report: Report, block_key: str, column_key: str) -> str:
    """A money column's header with its unit, as the template prints it."""
    fmt = report.format
    block = fmt.block(block_key)
    col = next(c for c in block.columns if c.key == column_key)
    units = {report.cell(f"t2/{block_key}/{r.key}/{column_key}").unit for r in block.rows} - {None}
    unit = next(iter(units)) if len(units) == 1 else col.unit
    return f"{col.key}（单位：{unit}）" if unit else col.key


def section_title(fmt: Format, key: str) -> str:
    return f"{key}、{fmt.section(key).title}"


def t2_slots(fmt: Format) -> int:
    """How many value columns table 二 is drawn with: the widest block's."""
    return max(len(b.columns) for b in fmt.t2)


def t2_spans(block: Block, slots: int) -> list[int]:
    """How many of the `slots` value columns each of the block's columns spans.

    A block with fewer columns than the table widens its last columns, as the
    template does (本年处理决定数量 over three columns in the 2021 layout).
    """
    n = len(block.columns)
    base, extra = divmod(slots, n)
    return [base + (1 if i >= n - extra else 0) for i in range(n)]


def report_title(report: Report) -> str:
    """The report's title, or the standard one built from its agency and year."""
    if report.title:
        return report.title
    year = f"{report.year}年" if report.year else ""
    return f"{report.agency or ''}{year}政府信息公开工作年度报告"
