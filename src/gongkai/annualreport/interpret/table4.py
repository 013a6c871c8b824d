"""Table 四: reconsideration and litigation, fifteen numbers in three groups of five."""

from __future__ import annotations

from ..formats import Format
from ..labels import norm
from ..model import Finding, RuleUse, Severity
from .groups import Group, Where, build_groups
from .rows import RowReading, read_row, values_of
from .table3 import TableReading
from .tokens import Token

T4_GROUP_SUM = "T4-GROUP-SUM"


def _equations(groups: int, width: int) -> list[tuple[tuple[int, ...], int]]:
    return [
        (tuple(range(g * width, g * width + width - 1)), g * width + width - 1)
        for g in range(groups)
    ]


def read_t4(tokens: list[Token], start: int, end: int, fmt: Format, where: Where) -> TableReading:
    out = TableReading()
    width = len(fmt.t4_columns)
    n = width * len(fmt.t4_groups)
    groups = build_groups(tokens, start, end, n)
    # One run of all fifteen values (the national layout), or a run per group.
    for gi, g in enumerate(groups[:6]):
        reading = read_row(g, n, _equations(len(fmt.t4_groups), width))
        if reading.fits:
            _take(out, fmt, reading, [g], where)
            out.last_token = _last_index(tokens, g, start, end)
            return out
        per_group = _by_group(groups[gi:], fmt, width)
        if per_group is not None:
            merged = Group(
                [t for x in per_group for t in x.tokens], g.context, g.same_line, g.first_line
            )
            reading = read_row(merged, n, _equations(len(fmt.t4_groups), width))
            if reading.fits:
                _take(out, fmt, reading, per_group, where)
                out.last_token = _last_index(tokens, per_group[-1], start, end)
                return out
    out.findings.append(
        Finding(
            "READ-MISSING",
            Severity.WARNING,
            "未能读出表四（行政复议、行政诉讼情况）的15个数字，表四记为未能读取 [READ-MISSING]",
            cells=tuple(f"t4/{g.key}/总计" for g in fmt.t4_groups),
            location=where(None),
        )
    )
    return out


def _by_group(groups: list[Group], fmt: Format, width: int) -> list[Group] | None:
    """Three consecutive runs of five, each labelled with its group (a transposed table)."""
    if len(groups) < len(fmt.t4_groups):
        return None
    chosen = groups[: len(fmt.t4_groups)]
    for g, grp in zip(chosen, fmt.t4_groups, strict=True):
        lo, hi = g.count_range()
        if not lo <= width <= hi or norm(grp.key) not in g.context:
            return None
    return chosen


def _last_index(tokens: list[Token], g: Group, start: int, end: int) -> int:
    last = g.tokens[-1]
    for i in range(end - 1, start - 1, -1):
        if tokens[i] is last:
            return i
    return start


def _take(
    out: TableReading, fmt: Format, reading: RowReading, groups: list[Group], where: Where
) -> None:
    width = len(fmt.t4_columns)
    if reading.resolved is None:
        shown = "；".join("、".join(str(v) for v in values_of(c)) for c in reading.readings[:2])
        out.findings.append(
            Finding(
                "READ-AMBIGUOUS",
                Severity.WARNING,
                f"表四的数字连在一起，可拆分为{len(reading.readings)}种读法（{shown}等），无法确定，"
                "表四记为未能读取 [READ-AMBIGUOUS]",
                cells=tuple(f"t4/{g.key}/总计" for g in fmt.t4_groups),
                location=where(None),
            )
        )
        return
    parts = reading.resolved
    for gi, grp in enumerate(fmt.t4_groups):
        out.rows[grp.key] = parts[gi * width : gi * width + width]
        out.groups[grp.key] = groups[min(gi, len(groups) - 1)]
    if reading.used_equation:
        raw = "".join(t.text for g in groups for t in g.solid())
        values = "、".join(str(v) for v in values_of(parts))
        verb = "推出缺少的一格" if reading.inferred else "拆分"
        out.findings.append(
            Finding(
                "READ-INFERRED" if reading.inferred else "READ-SPLIT",
                Severity.WARNING if reading.inferred else Severity.INFO,
                f"表四的数字连写为“{raw}”，按各组“维持+纠正+其他+尚未审结=总计”{verb}为 {values}"
                f" [{'READ-INFERRED' if reading.inferred else 'READ-SPLIT'}]",
                cells=tuple(f"t4/{g.key}/总计" for g in fmt.t4_groups),
            )
        )
        for grp in fmt.t4_groups:
            out.uses.append(RuleUse(T4_GROUP_SUM, grp.key, "用于拆分表四的数字"))
