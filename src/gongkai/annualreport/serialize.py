"""The JSON contract (docs/json-contract.md): a report and its findings as plain data.

`to_data` and `from_data` round-trip: reading the JSON of a report gives the same
cells (numbers, blanks, not-applicable marks, unreadable cells), units, narrative,
reader findings and the rules the reader relied on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .errors import ReadError
from .formats import get_format
from .model import (
    Cell,
    CellState,
    Finding,
    Location,
    Number,
    Report,
    RuleUse,
    Severity,
    split_cell_id,
)

SCHEMA = "gongkai-annual-report/1"


def _json_number(v: Number | None) -> int | float | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and "." not in str(v) else float(v)
    return v


def tables(report: Report) -> dict[str, Any]:
    """tables.t2 / t3 / t4 as the contract gives them: numbers or null."""
    fmt = report.format
    t2: dict[str, Any] = {}
    for block in fmt.t2:
        t2[block.key] = {
            row.key: {
                c.key: _json_number(report.value(f"t2/{block.key}/{row.key}/{c.key}"))
                for c in block.columns
            }
            for row in block.rows
        }
    # Every row of the layout, and the subtotal of a group printed as one row (its
    # own rows then null): readers of older output find the keys they know.
    rows = [*fmt.t3_rows, *(r for r in fmt.t3_subtotals() if r.key in report.t3_subtotals)]
    t3 = {
        row.key: {
            c.key: _json_number(report.value(f"t3/{row.key}/{c.key}")) for c in fmt.t3_columns
        }
        for row in rows
    }
    t4 = {
        g.key: {c.key: _json_number(report.value(f"t4/{g.key}/{c.key}")) for c in fmt.t4_columns}
        for g in fmt.t4_groups
    }
    return {"t2": t2, "t3": t3, "t4": t4}


def to_data(report: Report, findings: list[Finding] | None = None) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    fmt = report.format
    subtotal_ids = [
        f"t3/{r.key}/{c.key}"
        for r in fmt.t3_subtotals()
        if r.key in report.t3_subtotals
        for c in fmt.t3_columns
    ]
    for cid in [*fmt.cell_ids(), *subtotal_ids]:
        cell = report.cell(cid)
        extra: dict[str, Any] = {}
        if cell.state is not CellState.NUMBER:
            extra["state"] = str(cell.state)
            if cell.raw:
                extra["raw"] = cell.raw
        if cell.unit:
            extra["unit"] = cell.unit
        if cell.derived:
            extra["derived"] = cell.derived
        if isinstance(cell.value, Decimal):
            extra["decimal"] = str(cell.value)
        if cell.location is not None and (cell.location.line is not None or cell.location.detail):
            extra["where"] = {
                k: v
                for k, v in (("line", cell.location.line), ("detail", cell.location.detail))
                if v is not None
            }
        if extra:
            cells[cid] = extra
    return {
        "schema": SCHEMA,
        "source": report.source,
        "format": report.format.id,
        "year": report.year,
        "agency": report.agency,
        "title": report.title,
        "published": report.published.isoformat() if report.published else None,
        "tables": tables(report),
        "cells": cells,
        "narrative": dict(report.narrative),
        "findings": [
            f.as_dict() for f in (findings if findings is not None else report.read_findings)
        ],
        "rule_uses": [{"rule": u.rule, "scope": u.scope, "why": u.why} for u in report.rule_uses],
    }


def _number(value: Any, where: str, source: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ReadError(f"{where} 应为数字，实为 {value!r}", source=source)
    if isinstance(value, int):
        return value
    try:
        d = Decimal(str(value))
    except Exception:
        raise ReadError(f"{where} 应为数字，实为 {value!r}", source=source) from None
    return int(d) if d == d.to_integral_value() and "." not in str(value) else d


def from_data(data: Any, source: str = "<json>") -> Report:
    """A Report from contract data; ReadError naming the key when it is malformed."""
    if not isinstance(data, dict):
        raise ReadError("JSON 顶层应为对象 (top level must be an object)", source=source)
    try:
        fmt = get_format(str(data["format"]))
    except KeyError:
        raise ReadError("JSON 缺少 format 字段 (missing 'format')", source=source) from None
    except Exception as exc:
        raise ReadError(str(exc), source=source) from None
    tables_in = data.get("tables")
    if not isinstance(tables_in, dict):
        raise ReadError("JSON 缺少 tables 对象 (missing 'tables')", source=source)
    meta = data.get("cells") or {}
    cells: dict[str, Cell] = {}
    t3_in = tables_in.get("t3")
    subtotal_ids = [
        f"t3/{r.key}/{c.key}"
        for r in fmt.t3_subtotals()
        if isinstance(t3_in, dict) and isinstance(t3_in.get(r.key), dict)
        for c in fmt.t3_columns
    ]
    for cid in [*fmt.cell_ids(), *subtotal_ids]:
        parts = split_cell_id(cid)
        node: Any = tables_in
        for p in parts:
            node = node.get(p) if isinstance(node, dict) else None
        info = meta.get(cid, {}) if isinstance(meta, dict) else {}
        where = info.get("where") or {}
        loc = Location(source, where.get("line"), where.get("detail")) if where else None
        if node is None:
            state = CellState(info.get("state", "unreadable"))
            if state is CellState.NUMBER:
                state = CellState.UNREADABLE
            cells[cid] = Cell(state, None, info.get("raw", ""), loc)
        else:
            value = Decimal(info["decimal"]) if "decimal" in info else _number(node, cid, source)
            cells[cid] = Cell(
                CellState.NUMBER, value, str(node), loc, info.get("unit"), info.get("derived")
            )
    published = None
    if data.get("published"):
        try:
            published = date.fromisoformat(str(data["published"]))
        except ValueError:
            raise ReadError(f"published 不是日期：{data['published']!r}", source=source) from None
    year = data.get("year")
    if year is not None and not isinstance(year, int):
        raise ReadError(f"year 应为整数，实为 {year!r}", source=source)
    read_findings = []
    for f in data.get("findings") or []:
        if isinstance(f, dict) and str(f.get("rule", "")).startswith("READ-"):
            read_findings.append(
                Finding(
                    f["rule"],
                    Severity(f.get("severity", "warning")),
                    f.get("message", ""),
                    tuple(f.get("cells", ())),
                    f.get("expected"),
                    f.get("actual"),
                    f.get("location"),
                )
            )
    uses = tuple(
        RuleUse(u["rule"], u["scope"], u.get("why", ""))
        for u in data.get("rule_uses") or []
        if isinstance(u, dict) and "rule" in u and "scope" in u
    )
    narrative = data.get("narrative") or {}
    return Report(
        format=fmt,
        year=year,
        agency=data.get("agency"),
        title=data.get("title"),
        published=published,
        source=data.get("source") or source,
        cells=cells,
        narrative={str(k): str(v) for k, v in narrative.items()}
        if isinstance(narrative, dict)
        else {},
        read_findings=tuple(read_findings),
        rule_uses=uses,
    )
