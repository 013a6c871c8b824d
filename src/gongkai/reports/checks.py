"""Checks before submission: the engine's rules, with last year's report when known.

Every rule is the engine's (`ar.check`). What this module adds is the web app's part:
finding last year's report (ours, or one imported through the engine's readers), and
naming each warning stably (`fingerprint`) so an acknowledgement given for it can be
matched to it again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from gongkai import annualreport as ar
from gongkai.agencies.models import Agency

from . import narrative
from .models import AnnualReport, ReportVersion


@dataclass(frozen=True)
class Previous:
    report: ar.Report | None
    label: str  # what was used, or why nothing was
    version: ReportVersion | None = None


def previous_report(agency: Agency, year: int) -> Previous:
    """Last year's report: the current published version, else the latest submitted one."""
    found = AnnualReport.objects.filter(agency=agency, year=year - 1).first()
    if found is None:
        return Previous(None, f"没有{year - 1}年度报告（本系统生成或导入），未做跨年度校验")
    version = found.current_version() or found.latest_version()
    if version is None:
        return Previous(None, f"{year - 1}年度报告尚未报送，未做跨年度校验")
    how = "导入" if found.origin == AnnualReport.Origin.IMPORTED else "本系统生成"
    return Previous(
        version.engine_report(), f"{year - 1}年度报告第{version.number}版（{how}）", version
    )


def fingerprint(finding: ar.Finding) -> str:
    key = "|".join([finding.rule, finding.message, ",".join(finding.cells)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class CheckResult:
    findings: list[ar.Finding]
    previous: Previous
    missing_figures: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    copied: list[narrative.Copied] = field(default_factory=list)
    year_open: bool = False  # the report year has not ended yet

    @property
    def errors(self) -> list[ar.Finding]:
        return [f for f in self.findings if f.severity is ar.Severity.ERROR]

    @property
    def warnings(self) -> list[ar.Finding]:
        return [f for f in self.findings if f.severity is ar.Severity.WARNING]

    @property
    def others(self) -> list[ar.Finding]:
        return [
            f for f in self.findings if f.severity not in (ar.Severity.ERROR, ar.Severity.WARNING)
        ]

    @property
    def blockers(self) -> list[str]:
        """Why the report cannot be submitted, in words (warnings are not blockers)."""
        out = []
        if self.year_open:
            out.append("报告年度尚未结束，12月31日以后才能报送。")
        if self.missing_figures:
            out.append(f"表二尚有{len(self.missing_figures)}项数据未填报。")
        if self.prompts:
            out.append("正文第" + "、".join(self.prompts) + "部分仍是待填写的提示文字。")
        if self.errors:
            out.append(f"检查发现{len(self.errors)}个错误。")
        return out

    def warning_items(self) -> list[tuple[str, ar.Finding]]:
        return [(fingerprint(f), f) for f in self.warnings]


def run(report: ar.Report, agency: Agency, narrative_text: dict[str, str]) -> CheckResult:
    """Check `report` (built from the records, with its narrative) before submission."""
    previous = previous_report(agency, report.year or 0)
    findings = ar.check(report, previous.report)
    missing = [cid for cid, cell in report.cells.items() if cell.state is ar.CellState.BLANK]
    return CheckResult(
        findings=findings,
        previous=previous,
        missing_figures=missing,
        prompts=narrative.prompts_left(narrative_text),
        copied=narrative.copied_from(narrative_text, previous.report),
        year_open=timezone.localdate() <= date(report.year or 0, 12, 31),
    )


def carried_forward(agency: Agency, year: int, fmt: ar.Format) -> dict[str, str]:
    """Table 二's cells that follow from last year's report, as suggestions: where a block
    has a column with the role `previous` (上一年项目数量) and one with `change` (本年增/减),
    this year's `previous` = last year's `previous` + `change` (the 2019 layout's
    cross-year rule, from the layout's roles)."""
    previous = previous_report(agency, year).report
    if previous is None:
        return {}
    earlier = set(previous.format.cell_ids())
    out = {}
    for block in fmt.t2:
        cols = {c.role: c.key for c in block.columns}
        if "previous" not in cols or "change" not in cols:
            continue
        for row in block.rows:
            base = f"t2/{block.key}/{row.key}/"
            was, change = base + cols["previous"], base + cols["change"]
            if was not in earlier or change not in earlier:
                continue
            a, b = previous.value(was), previous.value(change)
            if a is not None and b is not None:
                out[was] = str(a + b)
    return out
