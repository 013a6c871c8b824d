"""The annual report engine: read, check and write 政府信息公开工作年度报告.

A pure library (no Django): the national layouts as data (`formats`), the report
model, readers for text, HTML, Word and PDF, the consistency rules and the writers.

    from gongkai import annualreport as ar
    report = ar.read("report.html")
    for finding in ar.check(report):
        print(finding.severity, finding.message)
"""

from .compiled import use_sources_if_stale

use_sources_if_stale()  # before the first compiled module is imported

from .errors import (  # noqa: E402
    AnnualReportError,
    FormatError,
    NotAnnualReportError,
    ReadError,
    UnsupportedLayoutError,
    WriteError,
)
from .formats import Format, all_formats, format_for_year, get_format  # noqa: E402
from .model import Cell, CellState, Finding, Location, Report, Severity  # noqa: E402
from .readers import read, read_bytes  # noqa: E402
from .rules import REGISTRY as RULES  # noqa: E402
from .rules import check, has_errors  # noqa: E402

__all__ = [
    "AnnualReportError",
    "Cell",
    "CellState",
    "Finding",
    "Format",
    "FormatError",
    "Location",
    "NotAnnualReportError",
    "ReadError",
    "RULES",
    "Report",
    "Severity",
    "UnsupportedLayoutError",
    "WriteError",
    "all_formats",
    "check",
    "format_for_year",
    "get_format",
    "has_errors",
    "read",
    "read_bytes",
]
