"""The rules inside one report's tables (BRIEF §4.4)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..model import CellState, Finding, Severity, format_number
from .base import Context, cell_name, equation, rule


@rule(
    "T3-BALANCE",
    Severity.ERROR,
    "表三每一列：一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度",
    "Table 3, every column: new + carried in = handled total + carried over",
    official=True,
)
def t3_balance(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.report.format
    (new,) = fmt.t3_rows_with("new")
    (cin,) = fmt.t3_rows_with("carried_in")
    (total,) = fmt.t3_rows_with("total")
    (cout,) = fmt.t3_rows_with("carried_out")
    for col in fmt.t3_columns:
        yield from equation(
            ctx,
            "T3-BALANCE",
            Severity.ERROR,
            col.key,
            f"表三“{col.key}”列",
            [f"t3/{new.key}/{col.key}", f"t3/{cin.key}/{col.key}"],
            [f"t3/{total.key}/{col.key}", f"t3/{cout.key}/{col.key}"],
            "一+二",
            "三（七）+四",
        )


@rule(
    "T3-RESULT-SUM",
    Severity.ERROR,
    "表三每一列：三（七）总计 = （一）至（六）各办理结果之和（每个子项计一次）",
    "Table 3, every column: handled total = sum of the result rows",
)
def t3_result_sum(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.report.format
    (total,) = fmt.t3_rows_with("total")
    results = ctx.report.t3_results()
    for col in fmt.t3_columns:
        yield from equation(
            ctx,
            "T3-RESULT-SUM",
            Severity.ERROR,
            col.key,
            f"表三“{col.key}”列",
            [f"t3/{total.key}/{col.key}"],
            [f"t3/{r}/{col.key}" for r in results],
            "三（七）总计",
            "（一）至（六）各项之和",
        )


@rule(
    "T3-ROW-SUM",
    Severity.ERROR,
    "表三每一行：总计 = 自然人 + 五类法人或其他组织之和",
    "Table 3, every row: total = sum of the six applicant columns",
)
def t3_row_sum(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.report.format
    total_col = next(c for c in fmt.t3_columns if c.role == "total")
    parts = [c for c in fmt.t3_columns if c.role != "total"]
    for row in ctx.report.t3_rows:
        yield from equation(
            ctx,
            "T3-ROW-SUM",
            Severity.ERROR,
            row.key,
            f"表三“{row.printed}”行",
            [f"t3/{row.key}/{total_col.key}"],
            [f"t3/{row.key}/{c.key}" for c in parts],
            "总计",
            "六类申请人之和",
        )


@rule(
    "T4-GROUP-SUM",
    Severity.ERROR,
    "表四每一组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    "Table 4, each group: total = upheld + corrected + other + pending",
)
def t4_group_sum(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.report.format
    total_col = next(c for c in fmt.t4_columns if c.role == "total")
    parts = [c for c in fmt.t4_columns if c.role != "total"]
    for grp in fmt.t4_groups:
        yield from equation(
            ctx,
            "T4-GROUP-SUM",
            Severity.ERROR,
            grp.key,
            f"表四“{grp.key}”",
            [f"t4/{grp.key}/{total_col.key}"],
            [f"t4/{grp.key}/{c.key}" for c in parts],
            "总计",
            "维持+纠正+其他+尚未审结",
        )


@rule(
    "VALUE-KIND",
    Severity.ERROR,
    "件数为非负整数；本年增/减可为负数；金额可有小数",
    "Counts are non-negative integers; 本年增/减 may be negative; money may have decimals",
)
def value_kind(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    fmt = report.format
    for cid, cell in report.cells.items():
        v = cell.value
        if v is None or cell.state is not CellState.NUMBER:
            continue
        if isinstance(v, int) and v >= 0:
            continue  # fits every kind
        try:
            kind = fmt.column_of(cid).kind
        except KeyError:
            continue
        fractional = isinstance(v, Decimal) and v != v.to_integral_value()
        problem = None
        if kind == "count" and (fractional or v < 0):
            problem = "应为非负整数"
        elif kind == "signed" and fractional:
            problem = "应为整数"
        elif kind == "money" and v < 0:
            problem = "金额不应为负数"
        if problem:
            yield Finding(
                "VALUE-KIND",
                Severity.ERROR,
                f"{cell_name(cid)}为{format_number(v)}，{problem} [VALUE-KIND]",
                (cid,),
                actual=format_number(v),
                location=str(cell.location) if cell.location else None,
            )


@rule(
    "FORMAT-YEAR",
    Severity.WARNING,
    "报告年度与格式相符：2019、2020年度用2019年版，2021年度起用2021年版",
    "The layout matches the report year (2019 layout for 2019-2020, 2021 layout from 2021)",
)
def format_year(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    if report.year is None:
        yield Finding(
            "FORMAT-YEAR",
            Severity.UNCHECKABLE,
            "未能识别报告年度，无法确认应使用的格式 [FORMAT-YEAR]",
        )
        return
    if not report.format.covers(report.year):
        from ..formats import format_for_year

        expected = format_for_year(report.year)
        yield Finding(
            "FORMAT-YEAR",
            Severity.WARNING,
            f"{report.year}年度报告应使用{expected.name}，但表格采用的是{report.format.name} [FORMAT-YEAR]",
            expected=expected.id,
            actual=report.format.id,
        )
