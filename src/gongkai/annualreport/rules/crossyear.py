"""Rules across years, when last year's report is given (BRIEF §4.4)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Severity
from .base import Context, cell_name, equation, rule


def _year_mismatch(ctx: Context, rule_id: str) -> Finding | None:
    prev, this = ctx.previous, ctx.report
    if prev is None:
        return None
    if prev.year is not None and this.year is not None and prev.year != this.year - 1:
        return Finding(
            rule_id,
            Severity.UNCHECKABLE,
            f"所给上年报告是{prev.year}年度，不是{this.year - 1}年度，跨年度校验不适用 [{rule_id}]",
        )
    return None


def _pair(ctx: Context) -> Context:
    """A context whose report holds this year's cells and last year's under `prev:`."""
    assert ctx.previous is not None
    cells = dict(ctx.report.cells)
    for cid, cell in ctx.previous.cells.items():
        cells["prev:" + cid] = cell
    merged = ctx.report.replace(cells=cells)
    return Context(merged, ctx.previous, dict(ctx.uses))


@rule(
    "XY-CARRYOVER",
    Severity.ERROR,
    "本年“二、上年结转”各列 = 上年报告“四、结转下年度继续办理”各列",
    "This year's carried-in applications equal last year's carried-over, per column",
    needs_previous=True,
)
def carryover(ctx: Context) -> Iterator[Finding]:
    if ctx.previous is None:
        return
    mismatch = _year_mismatch(ctx, "XY-CARRYOVER")
    if mismatch:
        yield mismatch
        return
    pair = _pair(ctx)
    fmt = ctx.report.format
    pfmt = ctx.previous.format
    (cin,) = fmt.t3_rows_with("carried_in")
    (cout,) = pfmt.t3_rows_with("carried_out")
    for col in fmt.t3_columns:
        for f in equation(
            pair,
            "XY-CARRYOVER",
            Severity.ERROR,
            col.key,
            f"表三“{col.key}”列",
            [f"t3/{cin.key}/{col.key}"],
            [f"prev:t3/{cout.key}/{col.key}"],
            "本年二、上年结转",
            "上年四、结转下年度",
        ):
            yield _rename(f)


def _rename(f: Finding) -> Finding:
    """Write last year's cells as `previous:t3/四/总计` in the finding."""
    from dataclasses import replace

    cells = tuple(c.replace("prev:", "previous:") for c in f.cells)
    msg = f.message
    for c in f.cells:
        if c.startswith("prev:"):
            msg = msg.replace(cell_name(c), "上年" + cell_name(c[5:]))
    return replace(f, cells=cells, message=msg)


@rule(
    "XY-T2-IN-FORCE",
    Severity.WARNING,
    "2021年版表二：现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（文件也可能自然失效，故为提醒）",
    "2021 layout: in force = last year's in force + issued - repealed (documents also lapse: a warning)",
    needs_previous=True,
)
def in_force(ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is None or ctx.report.format.id != "2021":
        return
    mismatch = _year_mismatch(ctx, "XY-T2-IN-FORCE")
    if mismatch:
        yield mismatch
        return
    if prev.format.id != "2021":
        yield Finding(
            "XY-T2-IN-FORCE",
            Severity.UNCHECKABLE,
            f"上年报告为{prev.format.name}，没有“现行有效件数”，无法核对 [XY-T2-IN-FORCE]",
        )
        return
    pair = _pair(ctx)
    block = ctx.report.format.t2[0]
    cols = {c.role: c.key for c in block.columns}
    for row in block.rows:
        base = f"t2/{block.key}/{row.key}/"
        # in_force + repealed = prev in_force + issued
        for f in equation(
            pair,
            "XY-T2-IN-FORCE",
            Severity.WARNING,
            row.key,
            f"表二“{row.key}”",
            [base + cols["in_force"], base + cols["repealed"]],
            ["prev:" + base + cols["in_force"], base + cols["issued"]],
            "现行有效件数+本年废止件数",
            "上年现行有效件数+本年制发件数",
        ):
            yield _rename(f)


@rule(
    "XY-T2-ITEMS",
    Severity.WARNING,
    "2019年版表二：本年“上一年项目数量” = 上年报告的“上一年项目数量” + 上年“本年增/减”",
    "2019 layout: this year's previous-year count = last year's previous-year count + last year's change",
    needs_previous=True,
)
def items(ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is None or ctx.report.format.id != "2019":
        return
    mismatch = _year_mismatch(ctx, "XY-T2-ITEMS")
    if mismatch:
        yield mismatch
        return
    if prev.format.id != "2019":
        return
    pair = _pair(ctx)
    for block in ctx.report.format.t2:
        cols = {c.role: c.key for c in block.columns}
        if "previous" not in cols or "change" not in cols:
            continue
        for row in block.rows:
            base = f"t2/{block.key}/{row.key}/"
            for f in equation(
                pair,
                "XY-T2-ITEMS",
                Severity.WARNING,
                f"{block.key}/{row.key}",
                f"表二“{row.key}”",
                [base + cols["previous"]],
                ["prev:" + base + cols["previous"], "prev:" + base + cols["change"]],
                "本年上一年项目数量",
                "上年上一年项目数量+上年本年增/减",
            ):
                yield _rename(f)
