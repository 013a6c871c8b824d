"""Reading one row of values: trimming, splitting, inferring, checking the row's sums."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Number
from .groups import Group
from .split import (
    Equation,
    Part,
    TooManyWays,
    missing_candidates,
    parse_number,
    plan_parts,
    plan_values,
    satisfied,
    split_plans,
)
from .tokens import Kind, Token


class RowReading:
    """What a group of tokens gives as one row of `n` values.

    `readings` holds the distinct candidate readings that survive the row's own
    equations; exactly one means the row is read. `used_equation` says the reading
    needed those equations (a split or an inferred cell), so they cannot confirm it.
    `problem` explains a group that cannot be this row at all.

    One is made for every run of values: a plain class with slots, whose `__init__`
    mypyc compiles (a dataclass's stays interpreted).
    """

    __slots__ = ("readings", "all_readings", "used_equation", "inferred", "problem")

    readings: list[list[Part]]
    all_readings: list[list[Part]]
    used_equation: bool
    inferred: bool
    problem: str | None

    def __init__(self) -> None:
        self.readings = []
        self.all_readings = []
        self.used_equation = False
        self.inferred = False
        self.problem = None

    @property
    def fits(self) -> bool:
        return self.problem is None

    @property
    def resolved(self) -> list[Part] | None:
        return self.readings[0] if len(self.readings) == 1 else None


def values_of(parts: Sequence[Part]) -> list[object]:
    return [p.value if p.kind is Kind.NUM else None for p in parts]


def _key(parts: Sequence[Part]) -> tuple[object, ...]:
    return tuple((p.kind, p.value, p.raw if p.kind is not Kind.NUM else None) for p in parts)


def _distinct(cands: list[list[Part]]) -> list[list[Part]]:
    seen: dict[tuple[object, ...], list[Part]] = {}
    for c in cands:
        seen.setdefault(_key(c), c)
    return list(seen.values())


def _trim(tokens: list[Token], n: int) -> list[Token]:
    toks = list(tokens)
    while len(toks) > n and toks[-1].kind is Kind.BLANK:
        toks.pop()
    while len(toks) > n and toks[0].kind is Kind.BLANK:
        toks.pop(0)
    return toks


def read_row(group: Group, n: int, equations: Sequence[Equation]) -> RowReading:
    toks = _trim(group.solid(), n)
    splittable = any(t.splittable for t in toks)
    out = RowReading()
    if splittable:
        try:
            plans = split_plans(toks, n)
        except TooManyWays:
            out.problem = f"数字连写过长，拆分方式过多（{''.join(t.text for t in toks)}）"
            return out
        if not plans:
            lo = len(toks)
            hi = sum(len(t.text) if t.splittable else 1 for t in toks)
            out.problem = f"此处的数字只能拆成{lo}至{hi}个数，应为{n}个"
            return out
        if equations:
            # Judge on plain values first: most splits break the row's own sum.
            verdicts = [satisfied(plan_values(toks, p), equations) for p in plans]
            kept = [p for p, v in zip(plans, verdicts, strict=True) if v is True]
            if kept:
                out.readings = out.all_readings = [plan_parts(toks, p) for p in kept]
                out.used_equation = len(plans) > 1
                return out
            unsure = [p for p, v in zip(plans, verdicts, strict=True) if v is None]
            if not unsure and all(any(x is not None for x in p) for p in plans):
                # Every way of splitting the digits breaks the row's sum: the copy lost
                # something (blank cells, a digit). A split that does not add up is a guess.
                out.problem = (
                    f"数字连写为“{''.join(t.text for t in toks)}”，任何拆分都不满足本行合计"
                    "（原文可能缺了空白单元格）"
                )
                return out
            plans = unsure or plans
        out.readings = out.all_readings = [plan_parts(toks, p) for p in plans]
        return out
    elif len(toks) == n:
        cands = [[Part(t.kind, _num(t), t.text, t) for t in toks]]
    elif len(toks) == n - 1 and any(t.kind is Kind.NUM for t in toks):
        parts = [Part(t.kind, _num(t), t.text, t) for t in toks]
        cands = missing_candidates(parts, n, equations)
        if not cands:
            out.problem = f"只有{len(toks)}个单元格，应为{n}个，且无法由合计推出缺少的一格"
            return out
        out.inferred = True
    else:
        # A tab-separated copy keeps a blank cell as an empty field: with the empty
        # fields counted, the row may have exactly its cells.
        full = _trim(group.tokens, n)
        if len(full) != n or not any(t.soft for t in full):
            out.problem = f"有{len(toks)}个单元格，应为{n}个"
            return out
        cands = [[Part(t.kind, _num(t), t.text, t) for t in full]]
    distinct = cands if len(cands) == 1 else _distinct(cands)
    out.all_readings = distinct
    if out.inferred:
        out.readings = distinct
        out.used_equation = True
        return out
    if len(distinct) == 1:
        out.readings = distinct
        return out
    if equations:
        ok = [c for c in distinct if satisfied(values_of(c), equations) is True]  # type: ignore[arg-type]
        if ok:
            out.readings = ok
            out.used_equation = True
            return out
    out.readings = distinct
    return out


def _num(tok: Token) -> Number | None:
    return parse_number(tok.text) if tok.kind is Kind.NUM else None
