"""Comparing a report with an expected-result file written by reading the input by eye.

An expected file (`<input>.expected.json`) holds any of: `format`, `year`, `agency`,
`published`, `t2`, `t3`, `t4` (cell values as in the JSON contract: a number, or null
for a cell that is blank, not applicable or unreadable), `states` (cell id -> "blank",
"not_applicable" or "unreadable" for null cells that must be exactly that),
`findings` (findings that must be present: {"rule", "severity"?, "cells"?}),
`absent_rules` (rule ids that must not appear) and `max_severity` ("warning" means no
error finding). Only what the file states is compared, so a file can check one thing.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai import annualreport as ar
from gongkai.annualreport.serialize import tables

DATA = Path(__file__).resolve().parent.parent / "data" / "annualreport"


def cases(folder: str, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Every input in tests/data/annualreport/<folder> that has an expected file.

    Fails (rather than passing vacuously) when the folder holds none.
    """
    base = DATA / folder
    found = sorted(
        p
        for p in base.iterdir()
        if p.is_file()
        and not p.name.endswith(".expected.json")
        and (p.parent / (p.name + ".expected.json")).exists()
        and (suffixes is None or p.suffix in suffixes)
    )
    assert found, f"no test cases in {base}"
    return found


def expected_for(path: Path) -> dict[str, Any]:
    return json.loads((path.parent / (path.name + ".expected.json")).read_text("utf-8"))


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


def diff_tables(actual: dict[str, Any], expected: dict[str, Any], prefix: str) -> list[str]:
    out = []
    for key, value in expected.items():
        if isinstance(value, dict):
            out += diff_tables(actual.get(key, {}), value, f"{prefix}/{key}")
        elif key not in actual or not _same(actual[key], value):
            out.append(f"{prefix}/{key}: expected {value!r}, read {actual.get(key, '<missing>')!r}")
    return out


def check_expected(
    report: ar.Report, expected: dict[str, Any], findings: list[ar.Finding] | None = None
) -> None:
    """Assert `report` (and its findings) match `expected`; the message lists every difference."""
    problems: list[str] = []
    for key in ("year", "agency"):
        if key in expected and getattr(report, key) != expected[key]:
            problems.append(f"{key}: expected {expected[key]!r}, read {getattr(report, key)!r}")
    if "format" in expected and report.format.id != expected["format"]:
        problems.append(f"format: expected {expected['format']}, read {report.format.id}")
    if "published" in expected:
        got = report.published.isoformat() if report.published else None
        if got != expected["published"]:
            problems.append(f"published: expected {expected['published']}, read {got}")
    actual = tables(report)
    for t in ("t2", "t3", "t4"):
        if t in expected:
            problems += diff_tables(actual[t], expected[t], t)
    for cid, state in expected.get("states", {}).items():
        if str(report.cell(cid).state) != state:
            problems.append(f"{cid}: expected state {state}, read {report.cell(cid).state}")
    findings = ar.check(report) if findings is None else findings
    for want in expected.get("findings", []):
        if not any(
            f.rule == want["rule"]
            and ("severity" not in want or str(f.severity) == want["severity"])
            and set(want.get("cells", ())) <= set(f.cells)
            for f in findings
        ):
            problems.append(f"missing finding {want}")
    for rule_id in expected.get("absent_rules", []):
        hits = [
            f.message
            for f in findings
            if f.rule == rule_id and f.severity is not ar.Severity.UNCHECKABLE
        ]
        if hits:
            problems.append(f"unexpected {rule_id}: {hits[0]}")
    if expected.get("max_severity") == "warning":
        errors = [f.message for f in findings if f.severity is ar.Severity.ERROR]
        if errors:
            problems.append(f"unexpected error findings: {errors}")
    assert not problems, "\n".join(problems)
