"""Table 二: proactive disclosure, by 第二十条 item.

Its rows have no sums of their own, so a run of digits that splits more than one way
(`693665`) cannot be read and is reported, never guessed.
"""

from __future__ import annotations

import re
from functools import cache

from ..formats import Format
from ..labels import halfwidth
from ..model import Finding, Severity
from .groups import Matcher, Where, best_match, build_groups, label_variants
from .rows import read_row, values_of
from .split import Part
from .table3 import TableReading
from .tokens import Token

_UNIT = re.compile(r"单位\W{0,3}(万元|元|千元|亿元)")


def read_t2(tokens: list[Token], start: int, end: int, fmt: Format, where: Where) -> TableReading:
    out = TableReading()
    matcher, width = _layout(fmt)
    groups = build_groups(tokens, start, end, max(width.values()))
    for g in groups:
        match = best_match(g.same_line, matcher) or best_match(g.context, matcher)
        if match is None:
            continue
        if match.key in out.groups:
            continue  # the first run after a label is its row
        n = width[match.key]
        reading = read_row(g, n, [])
        out.groups[match.key] = g
        label = match.key.split("/")[1]
        if reading.problem:
            out.findings.append(
                Finding(
                    "READ-MISSING",
                    Severity.WARNING,
                    f"表二“{label}”行{reading.problem}，本行记为未能读取 [READ-MISSING]",
                    cells=tuple(_ids(fmt, match.key)),
                    location=where(g.first_line),
                )
            )
            out.rows[match.key] = None
        elif reading.resolved is None:
            shown = "；".join("、".join(str(v) for v in values_of(c)) for c in reading.readings[:3])
            more = "等" if len(reading.readings) > 3 else ""
            raw = "".join(t.text for t in g.solid())
            out.findings.append(
                Finding(
                    "READ-AMBIGUOUS",
                    Severity.WARNING,
                    f"表二“{label}”行的数字连写为“{raw}”，本行没有合计可供拆分，可读作{shown}{more}，"
                    "无法确定，本行记为未能读取 [READ-AMBIGUOUS]",
                    cells=tuple(_ids(fmt, match.key)),
                    location=where(g.first_line),
                )
            )
            out.rows[match.key] = None
        else:
            out.rows[match.key] = reading.resolved
    return out


@cache
def _layout(fmt: Format) -> tuple[Matcher, dict[str, int]]:
    variants: dict[str, list[str]] = {}
    width: dict[str, int] = {}
    for block in fmt.t2:
        for row in block.rows:
            key = f"{block.key}/{row.key}"
            variants[key] = label_variants(row)
            width[key] = len(block.columns)
    return Matcher(variants), width


def _ids(fmt: Format, key: str) -> list[str]:
    block_key, row_key = key.split("/")
    block = fmt.block(block_key)
    return [f"t2/{block_key}/{row_key}/{c.key}" for c in block.columns]


def header_unit(text: str) -> str | None:
    """The money unit a header states ("单位：万元"), if any."""
    m = _UNIT.search(halfwidth(text))
    return m.group(1) if m else None


def money_unit(
    parts: list[Part] | None, index: int, context: str, default: str | None
) -> str | None:
    token = parts[index].token if parts is not None else None
    if token is not None and token.unit in ("万元", "元"):
        return token.unit
    return header_unit(context) or default
