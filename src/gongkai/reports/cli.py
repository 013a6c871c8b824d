"""`gongkai report`: an agency's annual report for a year, written to a file.

    gongkai report --agency 西工区文化旅游局 --year 2025 -o 报告.docx

The agency is named as people name it: its full name, its short name, or any part of
either that names one agency only. The report written is the published version (or the
latest submitted one); with no version yet, or with --live, the report computed from
the records now, with its draft narrative.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write an agency's annual report (docx, pdf, xlsx, html, json, txt)",
        description="导出机关的政府信息公开工作年度报告。",
    )
    p.add_argument("--agency", required=True, help="全称、简称或能唯一确定机关的部分名称")
    p.add_argument("--year", type=int, required=True, help="报告年度")
    p.add_argument(
        "-o", "--output", required=True, type=Path, help="FILE.docx|pdf|xlsx|html|json|txt"
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--live", action="store_true", help="compute from the records now")
    group.add_argument("--version", type=int, help="a given submitted version")
    p.set_defaults(func=run)


class AgencyNameError(Exception):
    pass


def find_agency(name: str):
    """The one agency `name` designates; AgencyNameError saying why not otherwise."""
    from gongkai.agencies.models import Agency

    wanted = "".join(name.split())
    if not wanted:
        raise AgencyNameError("请给出机关名称。")
    agencies = list(Agency.objects.order_by("path"))
    for attribute in ("name", "short_name", "slug"):
        exact = [a for a in agencies if getattr(a, attribute) == wanted]
        if len(exact) == 1:
            return exact[0]
    partial = [a for a in agencies if wanted in a.name or (a.short_name and wanted in a.short_name)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = "、".join(a.name for a in partial[:8]) + ("等" if len(partial) > 8 else "")
        raise AgencyNameError(f"“{name}”可以指{len(partial)}个机关：{names}。请写得更具体一些。")
    raise AgencyNameError(f"没有找到名称或简称含有“{name}”的机关。")


def run(args) -> int:
    from gongkai.cli import setup_django

    setup_django()
    from gongkai import annualreport as ar
    from gongkai.annualreport.writers import filetype_for, write
    from gongkai.reports import actions, compute
    from gongkai.reports.models import AnnualReport

    try:
        agency = find_agency(args.agency)
        filetype_for(args.output)
        ar.format_for_year(args.year)
    except (AgencyNameError, ar.AnnualReportError) as exc:
        print(f"gongkai report: {exc}", file=sys.stderr)
        return 2
    report = AnnualReport.objects.filter(agency=agency, year=args.year).first()
    version = None
    if report is not None and not args.live:
        versions = report.versions.order_by("-number")
        if args.version:
            version = versions.filter(number=args.version).first()
            if version is None:
                print(f"gongkai report: {report}没有第{args.version}版。", file=sys.stderr)
                return 2
        else:
            version = report.current_version() or report.latest_version()
    if version is not None:
        engine = version.engine_report()
        what = f"第{version.number}版（{'已发布' if version.published_on else '已报送'}）"
    else:
        text = report.narrative if report else actions.initial_narrative(agency, args.year)
        engine = compute.build(agency, args.year, text)
        what = "根据目前的记录生成（未报送）"
    try:
        write(engine, args.output)
    except ar.AnnualReportError as exc:
        print(f"gongkai report: {exc}", file=sys.stderr)
        return 2
    findings = ar.check(engine)
    errors = sum(1 for f in findings if f.severity is ar.Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is ar.Severity.WARNING)
    print(
        f"{agency.name}{args.year}年度报告 {what} → {args.output}（错误{errors}个，警告{warnings}个）",
        file=sys.stderr,
    )
    return 0
