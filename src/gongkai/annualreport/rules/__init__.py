"""The consistency rules. `check(report, previous)` runs them all.

Findings come back in a stable order: what the reader noticed, then each rule in
the order below. Only broken and uncheckable rule instances give findings.
"""

from __future__ import annotations

from ..model import Finding, Report, Severity
from . import crossyear, narrative, selfref, tables  # noqa: F401  (registers the rules)
from .base import REGISTRY, Context, Rule, get_rule

__all__ = ["REGISTRY", "Rule", "check", "get_rule", "has_errors"]

# The order findings and listings follow: the tables' own arithmetic first.
ORDER = (
    "VALUE-KIND",
    "T3-BALANCE",
    "T3-RESULT-SUM",
    "T3-ROW-SUM",
    "T4-GROUP-SUM",
    "FORMAT-YEAR",
    "XY-CARRYOVER",
    "XY-T2-IN-FORCE",
    "XY-T2-ITEMS",
    "NARR-T2",
    "NARR-T3",
    "NARR-T4",
    "SELF-REFERENCE",
)
REGISTRY.sort(key=lambda r: ORDER.index(r.id) if r.id in ORDER else len(ORDER))


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for `report`; the cross-year rules run when `previous` (last
    year's report of the same agency) is given."""
    ctx = Context(report, previous)
    findings = list(report.read_findings)
    for r in REGISTRY:
        if r.needs_previous and previous is None:
            continue
        findings.extend(r.func(ctx))
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
