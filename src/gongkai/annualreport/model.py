"""The report model: cells that remember where they came from, findings, the report.

A cell holds a number, or says it is blank, not applicable (`/`, `-`, `—`, `无`,
`不适用`) or unreadable (missing from the source, or a run of digits that splits more
than one way). Cells are addressed by ids written `table/row/column` as in the JSON
contract, e.g. `t3/三.七/总计`, `t4/行政复议/总计`,
`t2/第二十条第（一）项/规章/本年制发件数`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .formats import Format, Row

Number = int | Decimal


class CellState(StrEnum):
    NUMBER = "number"
    BLANK = "blank"
    NOT_APPLICABLE = "not_applicable"
    UNREADABLE = "unreadable"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    UNCHECKABLE = "uncheckable"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value was read: the file, and a line or a table position in it."""

    source: str | None = None
    line: int | None = None
    detail: str | None = None  # e.g. "表格2 第5行 第3列" or "第1234字"

    def __str__(self) -> str:
        parts = [self.source or "?"]
        if self.line is not None:
            parts.append(str(self.line))
        text = ":".join(parts)
        return f"{text} ({self.detail})" if self.detail else text


@dataclass(frozen=True, slots=True)
class Cell:
    state: CellState
    value: Number | None = None
    raw: str = ""
    location: Location | None = None
    unit: str | None = None
    # How the value was obtained when it was not simply read: "split" (a run of digits
    # split by arithmetic), "inferred" (a missing cell computed from a rule).
    derived: str | None = None

    @property
    def is_number(self) -> bool:
        return self.state is CellState.NUMBER

    @classmethod
    def number(cls, value: Number, **kw: object) -> Cell:
        return cls(CellState.NUMBER, value, **kw)  # type: ignore[arg-type]

    @classmethod
    def blank(cls, **kw: object) -> Cell:
        return cls(CellState.BLANK, None, **kw)  # type: ignore[arg-type]

    @classmethod
    def unreadable(cls, **kw: object) -> Cell:
        return cls(CellState.UNREADABLE, None, **kw)  # type: ignore[arg-type]

    def describe(self) -> str:
        """The cell as a person would quote it: a number, 空白, 不适用（/）, 未能读取."""
        if self.state is CellState.NUMBER:
            return format_number(self.value)
        if self.state is CellState.BLANK:
            return "空白"
        if self.state is CellState.NOT_APPLICABLE:
            return f"不适用（{self.raw}）" if self.raw else "不适用"
        return "未能读取"


# The frozen dataclass's __init__ sets each field through object.__setattr__; the
# interpreter makes a few hundred cells and locations a report, so `make_cell` and
# `make_location` set the slots directly (the same objects, half the time). The
# instances come from each class's own `__new__`: that is `object.__new__` in CPython,
# and the native allocator when mypyc compiles this module (where `object.__new__`
# refuses a native class).
_new_cell = Cell.__new__
_new_location = Location.__new__
_CELL_SLOTS = tuple(
    getattr(Cell, name).__set__ for name in ("state", "value", "raw", "location", "unit", "derived")
)
_LOCATION_SLOTS = tuple(getattr(Location, name).__set__ for name in ("source", "line", "detail"))


def make_cell(
    state: CellState,
    value: Number | None,
    raw: str,
    location: Location | None,
    unit: str | None = None,
    derived: str | None = None,
) -> Cell:
    """`Cell(state, value, raw, location, unit, derived)`, made faster."""
    cell: Cell = _new_cell(Cell)
    set_state, set_value, set_raw, set_location, set_unit, set_derived = _CELL_SLOTS
    set_state(cell, state)
    set_value(cell, value)
    set_raw(cell, raw)
    set_location(cell, location)
    set_unit(cell, unit)
    set_derived(cell, derived)
    return cell


def make_location(source: str | None, line: int | None, detail: str | None) -> Location:
    """`Location(source, line, detail)`, made faster."""
    location: Location = _new_location(Location)
    set_source, set_line, set_detail = _LOCATION_SLOTS
    set_source(location, source)
    set_line(location, line)
    set_detail(location, detail)
    return location


def split_cell_id(cell_id: str) -> list[str]:
    """`t2/block/row/column` or `t3/row/column` into its parts; column keys may hold
    a slash (本年增/减), row and block keys never do."""
    table = cell_id.split("/", 1)[0]
    return cell_id.split("/", 3 if table.endswith("t2") else 2)


def format_number(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


@dataclass(frozen=True)
class Finding:
    """One thing a person can act on: a broken rule, a reading problem, a check not made."""

    rule: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    expected: str | None = None
    actual: str | None = None
    location: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "cells": list(self.cells),
        }
        if self.expected is not None:
            out["expected"] = self.expected
        if self.actual is not None:
            out["actual"] = self.actual
        if self.location is not None:
            out["location"] = self.location
        return out


@dataclass(frozen=True)
class RuleUse:
    """A rule instance the reader relied on to read a cell, so it cannot confirm it.

    `rule` is a rule id; `scope` the row or column key it was applied to (for
    T3-ROW-SUM a row key, for T3-BALANCE / T3-RESULT-SUM a column key, for
    T4-GROUP-SUM a group key); `why` says which cells it was used for.
    """

    rule: str
    scope: str
    why: str


@dataclass(frozen=True)
class Report:
    format: Format
    year: int | None = None
    agency: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    cells: dict[str, Cell] = field(default_factory=dict)
    # Section key (一 … 六) to its prose. Sections 二-四 hold any prose around the tables.
    narrative: dict[str, str] = field(default_factory=dict)
    # What the reader noticed (READ-* findings) and which rules it relied on.
    read_findings: tuple[Finding, ...] = ()
    rule_uses: tuple[RuleUse, ...] = ()

    def cell(self, cell_id: str) -> Cell:
        """The cell with this id; a cell the source did not give is unreadable."""
        found = self.cells.get(cell_id)
        if found is None:
            if ":" not in cell_id:
                self.format.column_of(cell_id)  # KeyError for an id not in the layout
            return Cell.unreadable()
        return found

    @property
    def t3_subtotals(self) -> frozenset[str]:
        """Groups of table 三 the report printed as one row (a layout variant)."""
        fmt = self.format
        subs = fmt.t3_subtotals()
        if not subs:
            return frozenset()
        return frozenset(
            r.key for r in subs if any(f"t3/{r.key}/{c.key}" in self.cells for c in fmt.t3_columns)
        )

    @property
    def t3_rows(self) -> tuple[Row, ...]:
        """Table 三's rows as this report printed them."""
        return self.format.t3_rows_for(self.t3_subtotals)

    def t3_results(self) -> list[str]:
        """The keys of the result rows that add up to 三（七）, each counted once."""
        return [r.key for r in self.t3_rows if r.role == "result"]

    def cell_ids(self) -> list[str]:
        """Every numeric cell of the report in reading order: the layout's, with the
        rows of a group printed as one row replaced by that row."""
        fmt = self.format
        if not self.t3_subtotals:
            return fmt.cell_ids()
        ids = [c for b in fmt.t2 for c in b.cell_ids()]
        ids.extend(f"t3/{r.key}/{c.key}" for r in self.t3_rows for c in fmt.t3_columns)
        ids.extend(f"t4/{g.key}/{c.key}" for g in fmt.t4_groups for c in fmt.t4_columns)
        return ids

    def value(self, cell_id: str) -> Number | None:
        c = self.cell(cell_id)
        return c.value if c.is_number else None

    def with_cells(self, **changes: Cell) -> Report:
        cells = dict(self.cells)
        cells.update(changes)
        return replace(self, cells=cells)

    def replace(self, **changes: object) -> Report:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def prose(self) -> str:
        """All narrative text, in section order."""
        return "\n".join(self.narrative[k] for k in self.narrative if self.narrative[k])
