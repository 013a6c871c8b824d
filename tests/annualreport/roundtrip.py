"""Comparing a report with the report read back from one of our writers' output."""

from __future__ import annotations

from gongkai import annualreport as ar


def differences(original: ar.Report, back: ar.Report) -> list[str]:
    """What the read-back report lost or changed: cells (state and value), year,
    agency, layout, and any error finding the original did not have."""
    out = []
    for cid in original.format.cell_ids():
        a, b = original.cell(cid), back.cell(cid)
        if (a.state, a.value) != (b.state, b.value):
            out.append(f"{cid}: wrote {a.describe()}, read back {b.describe()}")
    for key in ("year", "agency"):
        if getattr(original, key) != getattr(back, key):
            out.append(f"{key}: wrote {getattr(original, key)!r}, read back {getattr(back, key)!r}")
    if original.format.id != back.format.id:
        out.append(f"format: wrote {original.format.id}, read back {back.format.id}")
    before = {f.message for f in ar.check(original) if f.severity is ar.Severity.ERROR}
    out += [
        f"new error: {f.message}"
        for f in ar.check(back)
        if f.severity is ar.Severity.ERROR and f.message not in before
    ]
    return out
