"""The consistency rules. `check(report, previous)` runs them all.

Findings come back in a stable order: what the reader noticed, then each rule in
the order below. Only broken and uncheckable rule instances give findings.
"""

from __future__ import annotations

from ..model import Finding, Report, Severity
from . import crossyear, narrative, selfref, tables  # noqa: F401  (registers the rules)
from .base import REGISTRY, Context, Rule, get_rule

__all__ = ["REGISTRY", "Rule", "check", "get_rule", "has_errors"]


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
