"""Reading many reports: finding the files, one flat row per report for `extract`, and
one result per report for a bulk check (`check_bytes`, what the web app's 年报批量检查
runs on every uploaded file)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import AnnualReportError, reason_of
from .formats import all_formats
from .limits import DEFAULT_SECONDS, time_limit
from .model import Finding, Report, Severity, format_number
from .readers import READABLE_SUFFIXES, read, read_bytes
from .rules import check

SEVERITIES = ("error", "warning", "info", "uncheckable")


def find_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files named, and under folders every file with a report suffix, sorted.

    A path that does not exist is yielded as is, so the caller reports it.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name.endswith(".expected.json"):
                        continue
                    if Path(name).suffix.lower() in READABLE_SUFFIXES:
                        yield Path(root) / name
        else:
            yield p


def columns() -> list[str]:
    """The columns of `extract`: metadata, finding counts, then every cell of every layout."""
    cells: list[str] = []
    for fmt in all_formats():
        for cid in fmt.cell_ids():
            if cid not in cells:
                cells.append(cid)
    return [
        "source",
        "status",
        "error",
        "format",
        "year",
        "agency",
        "title",
        "published",
        *(f"{s}s" for s in SEVERITIES),
        "rules",
        "findings",
        *cells,
    ]


def row_for(report: Report, findings: list[Finding]) -> dict[str, Any]:
    counts = {f"{s}s": sum(1 for f in findings if str(f.severity) == s) for s in SEVERITIES}
    broken = sorted({f.rule for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)})
    row: dict[str, Any] = {
        "source": report.source,
        "status": "ok",
        "error": "",
        "format": report.format.id,
        "year": report.year,
        "agency": report.agency,
        "title": report.title,
        "published": report.published.isoformat() if report.published else None,
        **counts,
        "rules": " ".join(broken),
        "findings": "\n".join(
            f"[{f.severity}] {f.message}"
            for f in findings
            if f.severity is not Severity.UNCHECKABLE
        ),
    }
    for cid in report.cell_ids():
        v = report.value(cid)
        row[cid] = None if v is None else (float(v) if not isinstance(v, int) else v)
    return row


def extract_one(path: str, year: int | None = None, layout: str | None = None) -> dict[str, Any]:
    """One file to its row; a file that fails gives a row with its error."""
    try:
        with time_limit(DEFAULT_SECONDS, path):
            report = read(path, year=year, layout=layout)
            findings = check(report)
    except AnnualReportError as exc:
        return {"source": path, "status": "error", "error": reason_of(exc)}
    except Exception as exc:  # a bug of ours: keep going, but say so
        return {"source": path, "status": "error", "error": f"内部错误 (internal error): {exc!r}"}
    return row_for(report, findings)


def check_bytes(data: bytes, source: str) -> dict[str, Any]:
    """Read and check one report given as bytes: its agency, year, layout, the number of
    findings of each severity and the findings (rule, severity, message, location,
    cells), as `gongkai check` reports them. A file that cannot be read gives
    `{"source", "status": "error", "error"}` with the reason; nothing is raised for it."""
    try:
        with time_limit(DEFAULT_SECONDS, source):
            report = read_bytes(data, source)
            findings = check(report)
    except AnnualReportError as exc:
        return {"source": source, "status": "error", "error": reason_of(exc)}
    counts = {f"{s}s": sum(1 for f in findings if str(f.severity) == s) for s in SEVERITIES}
    return {
        "source": source,
        "status": "ok",
        "error": "",
        "agency": report.agency,
        "year": report.year,
        "format": report.format.id,
        "title": report.title,
        "published": report.published.isoformat() if report.published else None,
        **counts,
        "findings": [f.as_dict() for f in findings],
    }


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        from decimal import Decimal

        return format_number(Decimal(repr(value)))
    return str(value)
