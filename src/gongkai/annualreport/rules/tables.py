"""The rules inside one report's tables (BRIEF §4.4)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..formats import Format, Row
from ..model import CellState, Finding, Severity, format_number
from .base import Context, balance, cell_name, rule

# An equation of a rule, as the layout (and the rows table 三 was printed with) gives it:
# (scope, what, cells, split), the cells before `split` the left side. The ids and labels
# are the same for every report of a layout: built once, not for every report.
Plan = list[tuple[str, str, tuple[str, ...], int]]
# (id of the layout, id of the rows) -> (layout, rows, plan); the objects are kept, so
# their ids stay theirs
_PLANS: dict[tuple[str, int, int], tuple[Format, tuple[Row, ...], Plan]] = {}


def _plan(rule_id: str, fmt: Format, rows: tuple[Row, ...]) -> Plan:
    key = (rule_id, id(fmt), id(rows))
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is fmt and hit[1] is rows:
        return hit[2]
    if rule_id == "T3-BALANCE":
        plan = _balance_plan(fmt)
    elif rule_id == "T3-RESULT-SUM":
        plan = _result_sum_plan(fmt, rows)
    elif rule_id == "T3-ROW-SUM":
        plan = _row_sum_plan(fmt, rows)
    else:
        plan = _group_sum_plan(fmt)
    if len(_PLANS) > 256:
        _PLANS.clear()  # layouts made on the fly (tests): keep the cache small
    _PLANS[key] = (fmt, rows, plan)
    return plan


def _balance_plan(fmt: Format) -> Plan:
    (new,) = fmt.t3_rows_with("new")
    (cin,) = fmt.t3_rows_with("carried_in")
    (total,) = fmt.t3_rows_with("total")
    (cout,) = fmt.t3_rows_with("carried_out")
    return [
        (
            col.key,
            f"表三“{col.key}”列",
            (
                f"t3/{new.key}/{col.key}",
                f"t3/{cin.key}/{col.key}",
                f"t3/{total.key}/{col.key}",
                f"t3/{cout.key}/{col.key}",
            ),
            2,
        )
        for col in fmt.t3_columns
    ]


def _result_sum_plan(fmt: Format, rows: tuple[Row, ...]) -> Plan:
    (total,) = fmt.t3_rows_with("total")
    results = [r.key for r in rows if r.role == "result"]
    return [
        (
            col.key,
            f"表三“{col.key}”列",
            (f"t3/{total.key}/{col.key}", *(f"t3/{r}/{col.key}" for r in results)),
            1,
        )
        for col in fmt.t3_columns
    ]


def _row_sum_plan(fmt: Format, rows: tuple[Row, ...]) -> Plan:
    total_col = next(c for c in fmt.t3_columns if c.role == "total")
    parts = [c for c in fmt.t3_columns if c.role != "total"]
    return [
        (
            row.key,
            f"表三“{row.printed}”行",
            (f"t3/{row.key}/{total_col.key}", *(f"t3/{row.key}/{c.key}" for c in parts)),
            1,
        )
        for row in rows
    ]


def _group_sum_plan(fmt: Format) -> Plan:
    total_col = next(c for c in fmt.t4_columns if c.role == "total")
    parts = [c for c in fmt.t4_columns if c.role != "total"]
    return [
        (
            grp.key,
            f"表四“{grp.key}”",
            (f"t4/{grp.key}/{total_col.key}", *(f"t4/{grp.key}/{c.key}" for c in parts)),
            1,
        )
        for grp in fmt.t4_groups
    ]


@rule(
    "T3-BALANCE",
    Severity.ERROR,
    "表三每一列：一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度",
    "Table 3, every column: new + carried in = handled total + carried over",
    official=True,
)
def t3_balance(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.report.format
    for scope, what, cells, split in _plan("T3-BALANCE", fmt, fmt.t3_rows):
        found = balance(
            ctx, "T3-BALANCE", Severity.ERROR, scope, what, cells, split, "一+二", "三（七）+四"
        )
        if found is not None:
            yield found


@rule(
    "T3-RESULT-SUM",
    Severity.ERROR,
    "表三每一列：三（七）总计 = （一）至（六）各办理结果之和（每个子项计一次）",
    "Table 3, every column: handled total = sum of the result rows",
)
def t3_result_sum(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    for scope, what, cells, split in _plan("T3-RESULT-SUM", report.format, report.t3_rows):
        found = balance(
            ctx,
            "T3-RESULT-SUM",
            Severity.ERROR,
            scope,
            what,
            cells,
            split,
            "三（七）总计",
            "（一）至（六）各项之和",
        )
        if found is not None:
            yield found


@rule(
    "T3-ROW-SUM",
    Severity.ERROR,
    "表三每一行：总计 = 自然人 + 五类法人或其他组织之和",
    "Table 3, every row: total = sum of the six applicant columns",
)
def t3_row_sum(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    for scope, what, cells, split in _plan("T3-ROW-SUM", report.format, report.t3_rows):
        found = balance(
            ctx, "T3-ROW-SUM", Severity.ERROR, scope, what, cells, split, "总计", "六类申请人之和"
        )
        if found is not None:
            yield found


@rule(
    "T4-GROUP-SUM",
    Severity.ERROR,
    "表四每一组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    "Table 4, each group: total = upheld + corrected + other + pending",
)
def t4_group_sum(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.report.format
    for scope, what, cells, split in _plan("T4-GROUP-SUM", fmt, fmt.t3_rows):
        found = balance(
            ctx,
            "T4-GROUP-SUM",
            Severity.ERROR,
            scope,
            what,
            cells,
            split,
            "总计",
            "维持+纠正+其他+尚未审结",
        )
        if found is not None:
            yield found


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
        if v is None or (isinstance(v, int) and v >= 0):
            continue  # no value, or one that fits every kind (most cells: state not needed)
        if cell.state is not CellState.NUMBER:
            continue
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
