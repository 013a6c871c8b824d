"""A document that ends inside a table: one finding that says where and what is missing.

A report cut off while it was copied or saved (a truncated download, a page that only
held the first part) stops inside table 三 or 四, with no section 五 or 六 after it.
Rather than a warning for every row it lacks, the reader says once where the document
ends and what is missing; `gongkai check` exits 2 for it unless `--partial` is given.
"""

from __future__ import annotations

from ..formats import Format
from ..labels import norm
from ..model import Finding, Severity
from .groups import Where
from .regions import Regions
from .table3 import TableReading
from .textindex import TextIndex
from .tokens import Kind, Token

TRUNCATED = "READ-TRUNCATED"
_LATER = tuple(norm(s) for s in ("存在的主要问题", "其他需要报告的事项", "主要问题及改进"))


def _later_sections(tokens: list[Token], start: int) -> bool:
    """True when the text from `start` on holds the heading of section 五 or 六."""
    idx = TextIndex(tokens, start)
    return any(s in idx.text for s in _LATER)


def _last_line(tokens: list[Token], start: int) -> int | None:
    for tok in reversed(tokens[start:]):
        if tok.kind is not Kind.BLANK:
            return tok.line
    return None


def truncation(
    tokens: list[Token],
    regions: Regions,
    t3: TableReading,
    t4: TableReading,
    fmt: Format,
    where: Where,
) -> Finding | None:
    """The finding for a document that ends inside table 三 or 四, or None."""
    t4_ids = [f"t4/{g.key}/{c.key}" for g in fmt.t4_groups for c in fmt.t4_columns]
    if regions.t4 is None:
        if _later_sections(tokens, regions.t3[0]):
            return None  # table 四 is missing, but the report goes on
        rows = fmt.t3_rows_for(t3.subtotals)
        read = [i for i, r in enumerate(rows) if t3.rows.get(r.key) is not None]
        after = max(read) + 1 if read else 0
        lacking = rows[after:]
        line = _last_line(tokens, regions.t3[0])
        if lacking:
            last = f"“{rows[after - 1].printed}”行之后" if read else "表头之后"
            what = (
                f"表三在{last}中断，缺少表三其后的{len(lacking)}行"
                f"（{lacking[0].printed}至{lacking[-1].printed}）、表四"
            )
        else:
            what = "表三之后即告结束，缺少表四"
        cells = [f"t3/{r.key}/{c.key}" for r in lacking for c in fmt.t3_columns] + t4_ids
    else:
        if t4.rows or _later_sections(tokens, regions.t4[0]):
            return None
        line = _last_line(tokens, regions.t4[0])
        values = sum(1 for t in tokens[regions.t4[0] :] if t.kind in (Kind.NUM, Kind.NA))
        what = f"表四中断（只有{values}个数字，应为{len(t4_ids)}个），缺少表四"
        cells = t4_ids
    at = where(line) if line is not None else where(None)
    return Finding(
        TRUNCATED,
        Severity.WARNING,
        f"文档在表格中间结束（{at}）：{what}和第五、六部分，这些单元格记为未能读取"
        f"；如只需读取已有部分，请用 --partial [{TRUNCATED}]",
        tuple(cells),
        location=at,
    )
