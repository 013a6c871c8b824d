"""What every rule shares: the registry, the context, and equations over cells.

Each rule has a stable id, a severity, a one-line statement in Chinese and English,
and a function from a `Context` to findings. An equation whose cells are not all
numbers, or that the reader relied on to read the cells, gives an "uncheckable"
finding that says why, never a silent pass or a false failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..model import (
    Cell,
    CellState,
    Finding,
    Number,
    Report,
    RuleUse,
    Severity,
    format_number,
    split_cell_id,
)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    zh: str
    en: str
    func: Callable[[Context], Iterable[Finding]]
    official: bool = False  # printed in the national format itself
    needs_previous: bool = False


@dataclass
class Context:
    report: Report
    previous: Report | None = None
    uses: dict[tuple[str, str], RuleUse] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for use in self.report.rule_uses:
            self.uses.setdefault((use.rule, use.scope), use)


REGISTRY: list[Rule] = []


def rule(
    id: str,
    severity: Severity,
    zh: str,
    en: str,
    *,
    official: bool = False,
    needs_previous: bool = False,
) -> Callable[[Callable[[Context], Iterable[Finding]]], Callable[[Context], Iterable[Finding]]]:
    def register(
        func: Callable[[Context], Iterable[Finding]],
    ) -> Callable[[Context], Iterable[Finding]]:
        REGISTRY.append(Rule(id, severity, zh, en, func, official, needs_previous))
        return func

    return register


def get_rule(rule_id: str) -> Rule:
    for r in REGISTRY:
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)


# The frozen dataclass's __init__ sets each field through object.__setattr__, some ten
# times the cost of the rest of a broken equation's check; `finding` fills the new
# instance's __dict__ directly, in the fields' order (the same object as Finding(...)).
_new_finding = Finding.__new__


def finding(
    rule: str,
    severity: Severity,
    message: str,
    cells: tuple[str, ...] = (),
    expected: str | None = None,
    actual: str | None = None,
    location: str | None = None,
) -> Finding:
    """`Finding(rule, severity, message, cells, expected, actual, location)`, made faster."""
    made: Finding = _new_finding(Finding)
    fields: dict[str, object] = made.__dict__
    fields["rule"] = rule
    fields["severity"] = severity
    fields["message"] = message
    fields["cells"] = cells
    fields["expected"] = expected
    fields["actual"] = actual
    fields["location"] = location
    return made


TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def row_name(row_key: str) -> str:
    """Table 三's row key as the report numbers it: 三.三.1 -> 三（三）1, 三.七 -> 三（七）."""
    parts = row_key.split(".")
    if len(parts) == 1:
        return parts[0]
    return parts[0] + "（" + parts[1] + "）" + "".join(parts[2:])


# cell_name by cell id: the ids are the layouts' few hundred, named again in every report
_CELL_NAMES: dict[str, str] = {}


def cell_name(cell_id: str) -> str:
    """A cell as a reader of the report would name it: 表三“三（七）”行“自然人”列."""
    name = _CELL_NAMES.get(cell_id)
    if name is None:
        name = _cell_name(cell_id)
        if len(_CELL_NAMES) < 10_000:
            _CELL_NAMES[cell_id] = name
    return name


def _cell_name(cell_id: str) -> str:
    parts = split_cell_id(cell_id)
    table = TABLE_NAMES.get(parts[0], parts[0])
    if parts[0] == "t2" and len(parts) == 4:
        return f"表二“{parts[2]}”行“{parts[3]}”列"
    if parts[0] == "t3" and len(parts) == 3:
        return f"表三“{row_name(parts[1])}”行“{parts[2]}”列"
    if parts[0] == "t4" and len(parts) == 3:
        return f"表四“{parts[1]}”“{parts[2]}”"
    return f"{table}“{'/'.join(parts[1:])}”"


def not_numbers(report: Report, ids: Sequence[str]) -> list[str]:
    """The cells among `ids` that hold no number (ids only: naming them costs more)."""
    return [cid for cid in ids if report.cell(cid).state is not CellState.NUMBER]


def describe_cells(report: Report, ids: Sequence[str], most: int = 4) -> str:
    """The first `most` cells named with what they hold: 表三“一”行“科研机构”列为空白、…等."""
    shown = "、".join(f"{cell_name(cid)}为{report.cell(cid).describe()}" for cid in ids[:most])
    return shown + ("等" if len(ids) > most else "")


def equation(
    ctx: Context,
    rule_id: str,
    severity: Severity,
    scope: str,
    what: str,
    lhs: Sequence[str],
    rhs: Sequence[str],
    lhs_text: str,
    rhs_text: str,
) -> Iterator[Finding]:
    """Check sum(lhs) == sum(rhs) over cells; yield a finding when broken or uncheckable.

    `what` names the instance (e.g. 表三“自然人”列), `lhs_text`/`rhs_text` how the
    sides read (e.g. 一+二).
    """
    found = balance(
        ctx, rule_id, severity, scope, what, tuple(lhs) + tuple(rhs), len(lhs), lhs_text, rhs_text
    )
    if found is not None:
        yield found


def balance(
    ctx: Context,
    rule_id: str,
    severity: Severity,
    scope: str,
    what: str,
    cells: tuple[str, ...],
    split: int,
    lhs_text: str,
    rhs_text: str,
) -> Finding | None:
    """`equation` with both sides in one tuple, the left side its first `split` cells:
    the finding, or None. A plain function (no generator per equation): the table rules
    run it some sixty times per report."""
    report = ctx.report
    uses = ctx.uses
    if uses:
        use = uses.get((rule_id, scope))
        if use is not None:
            return finding(
                rule_id,
                Severity.UNCHECKABLE,
                f"{what}：{lhs_text} = {rhs_text} 已{use.why}，不能再作为独立校验 [{rule_id}]",
                cells,
            )
    table: dict[str, Cell] = report.cells
    number = CellState.NUMBER
    # the sides summed as the cells are looked at (what sum() gives: the same additions
    # from 0 in the same order, without a list and two calls)
    left: Number = 0
    right: Number = 0
    missing: list[str] = []
    for i, cid in enumerate(cells):
        c = table.get(cid)
        if c is None or c.state is not number:
            missing.append(cid)
        elif not missing:
            if i < split:
                left = left + c.value  # type: ignore[operator]
            else:
                right = right + c.value  # type: ignore[operator]
    if missing:
        shown = describe_cells(report, missing)
        return finding(
            rule_id,
            Severity.UNCHECKABLE,
            f"{what}：{shown}，无法校验 {lhs_text} = {rhs_text} [{rule_id}]",
            cells,
        )
    if left == right:
        return None
    return finding(
        rule_id,
        severity,
        f"{what}：{lhs_text} = {format_number(left)}，而 {rhs_text} = {format_number(right)}，"
        f"两者应相等 [{rule_id}]",
        cells,
        expected=format_number(left),
        actual=format_number(right),
    )


def sum_of(report: Report, ids: Sequence[str]) -> Number:
    total: Number = 0
    for cid in ids:
        v = report.value(cid)
        if v is not None:
            total = total + v
    return total
