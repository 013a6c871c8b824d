"""Where each record counts in a report layout, read from the layout files' roles.

The layout files (`gongkai/annualreport/formats/*.toml`) give a role to table 二's
document rows and computed columns, table 三's applicant columns and result rows, and
table 四's groups and result columns; the records carry the same names (`Item.DocKind`,
`ApplicantType`, `Outcome`, `Case.Kind`, `Case.Result`). So a new national layout needs
its layout file, its counting definitions (`compute.py`) and tests, and no branch here.

A result row the layout does not print on its own counts in the nearest row it does
print: the 2019 layout's single 其他处理 row `三.六` takes `三.六.1` to `三.六.3`.
"""

from __future__ import annotations

from gongkai import annualreport as ar
from gongkai.annualreport.formats import Block


def _with(items, role: str, what: str):
    for item in items:
        if item.role == role:
            return item
    raise KeyError(f"no {what} with role {role!r}")


def t3_column(fmt: ar.Format, applicant_type: str) -> str:
    """Table 三's column for an applicant type."""
    return _with(fmt.t3_columns, applicant_type, "table 三 column").key


def t3_total_column(fmt: ar.Format) -> str:
    return _with(fmt.t3_columns, "total", "table 三 column").key


def applicant_types(fmt: ar.Format, column: str) -> list[str]:
    """The applicant types counted in a column of table 三 (none for 总计)."""
    return [c.role for c in fmt.t3_columns if c.key == column and c.role and c.role != "total"]


def t3_row(fmt: ar.Format, role: str) -> str:
    """The key of table 三's one row with this role (new, carried_in, total, carried_out)."""
    (row,) = fmt.t3_rows_with(role)
    return row.key


def result_row(fmt: ar.Format, outcome: str) -> str:
    """The result row an outcome (a row key of the most detailed layout) counts in."""
    printed = {r.key for r in fmt.t3_rows_with("result")}
    key = outcome
    while key not in printed:
        key = key.rpartition(".")[0]
        if not key:
            raise KeyError(f"outcome {outcome!r} has no row in layout {fmt.id}")
    return key


def outcomes_in(fmt: ar.Format, row_key: str, outcomes) -> list[str]:
    """The outcomes that count in a result row."""
    return [o for o in outcomes if result_row(fmt, o) == row_key]


def document_block(fmt: ar.Format, doc_kinds) -> Block:
    """Table 二's block whose rows are the documents of these kinds (第二十条第（一）项)."""
    kinds = set(doc_kinds)
    return next(b for b in fmt.t2 if kinds & {r.role for r in b.rows})


def document_row(block: Block, doc_kind: str) -> str:
    return _with(block.rows, doc_kind, "table 二 row").key


def document_kind(block: Block, row_key: str) -> str:
    return next(r.role for r in block.rows if r.key == row_key and r.role)


def t4_group(fmt: ar.Format, case_kind: str) -> str:
    return _with(fmt.t4_groups, case_kind, "table 四 group").key


def t4_column(fmt: ar.Format, result: str) -> str:
    return _with(fmt.t4_columns, result, "table 四 column").key


def t4_total_column(fmt: ar.Format) -> str:
    return t4_column(fmt, "total")


def case_kind(fmt: ar.Format, group: str) -> str:
    return next(g.role for g in fmt.t4_groups if g.key == group and g.role)


def case_result(fmt: ar.Format, column: str) -> str | None:
    """The result a column of table 四 counts (None for 总计)."""
    role = next((c.role for c in fmt.t4_columns if c.key == column), None)
    return None if role == "total" else role
