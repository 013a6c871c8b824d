"""`gongkai check`, `gongkai extract`, `gongkai render`: the report tools on the command line."""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from . import similarity
from .batch import SEVERITIES, cell_text, columns, extract_one, find_files
from .errors import AnnualReportError, reason_of
from .interpret.ends import TRUNCATED
from .limits import DEFAULT_SECONDS, time_limit
from .model import Finding, Report, Severity
from .readers import read
from .rules import REGISTRY, check
from .serialize import to_data
from .writers import filetype_for, write
from .writers.cells import csv_text, text_cell

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示", "uncheckable": "无法校验"}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="check annual reports: findings per report (exit 1 on an error, 2 if a file cannot be read or ends inside a table)",
        description="检查政府信息公开工作年度报告：逐份列出发现的问题。",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="report files, or folders searched recursively"
    )
    p.add_argument(
        "--previous",
        metavar="FILE",
        help="last year's report of the same agency (cross-year rules)",
    )
    p.add_argument("--year", type=int, help="the report year, when the title does not say it")
    p.add_argument("--layout", choices=["2019", "2021"], help="force the 2019 or 2021 layout")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="text (default) or JSON Lines"
    )
    p.add_argument(
        "--partial",
        action="store_true",
        help="accept reports that end inside a table (otherwise exit 2 for them, like an unreadable file)",
    )
    p.add_argument(
        "--corpus",
        action="store_true",
        help="also compare the reports' narrative sections with each other (copied reports, 雷同)",
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=similarity.THRESHOLD,
        metavar="SHARE",
        help=f"with --corpus: the share of a section found in another report that makes a pair (default {similarity.THRESHOLD})",
    )
    p.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "extract",
        help="every report under the paths into one table (csv, xlsx or jsonl)",
        description="把多份年度报告的表格提取为一张表：每份报告一行，每个单元格一列，并附检查结果。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="OUT.csv, OUT.xlsx or OUT.jsonl"
    )
    p.add_argument("--year", type=int)
    p.add_argument("--layout", choices=["2019", "2021"])
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "render",
        help="convert a report between forms (docx, pdf, html, xlsx, txt, json)",
        description="转换年度报告的形式：读入任一可读形式，写出 docx、pdf、html、xlsx、txt 或 json。",
    )
    p.add_argument("path", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.add_argument("--year", type=int)
    p.add_argument("--layout", choices=["2019", "2021"])
    p.set_defaults(func=cmd_render)


# ---------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.list_rules:
        for r in REGISTRY:
            out.write(f"{r.id:16} {SEVERITY_ZH[str(r.severity)]:4} {r.zh}\n{'':22}{r.en}\n")
        return 0
    if not args.paths:
        sys.stderr.write("gongkai check: 请给出报告文件或目录 (give at least one PATH)\n")
        return 2
    previous = None
    if args.previous:
        try:
            with time_limit(DEFAULT_SECONDS, args.previous):
                previous = read(args.previous)
        except AnnualReportError as exc:
            sys.stderr.write(f"上年报告无法读取：{exc}\n")
            return 2
    if not 0 < args.threshold <= 1:
        sys.stderr.write("gongkai check: --threshold 应在0到1之间 (between 0 and 1)\n")
        return 2
    status = 0
    seen = 0
    corpus: list[Report] = []
    # What exists by now (modules, layouts, rules, compiled patterns) lives as long as
    # the process: left out of the cycle collector's full passes, which otherwise walk
    # it again and again over a batch of reports (4 % of the CPU time of a large one).
    gc.freeze()
    _few_collections()
    for path in find_files(args.paths):
        seen += 1
        try:
            with time_limit(DEFAULT_SECONDS, str(path)):
                report = read(path, year=args.year, layout=args.layout)
                findings = check(report, previous)
        except AnnualReportError as exc:
            status = 2
            if args.format == "json":
                out.write(
                    json.dumps(
                        {
                            "source": str(path),
                            "error": reason_of(exc),
                            "error_type": type(exc).__name__,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            else:
                out.write(f"== {path}\n   无法读取：{reason_of(exc)}\n\n")
            continue
        if any(f.severity is Severity.ERROR for f in findings) and status == 0:
            status = 1
        if not args.partial and any(f.rule == TRUNCATED for f in findings):
            status = 2  # cut off: as unusable as an unreadable file, unless asked for
        if args.format == "json":
            out.write(json.dumps(to_data(report, findings), ensure_ascii=False) + "\n")
        else:
            print_report(out, report, findings)
        if args.corpus:
            corpus.append(report)
    if args.corpus and corpus:
        print_pairs(out, corpus, similarity.compare(corpus, args.threshold), args.format)
    if seen == 0:
        sys.stderr.write(
            "gongkai check: 所给路径下没有报告文件 (no report files under the paths)\n"
        )
        return 2
    return status


def print_report(out: TextIO, report: Report, findings: list[Finding]) -> None:
    counts = {s: sum(1 for f in findings if str(f.severity) == s) for s in SEVERITIES}
    head = " · ".join(
        x
        for x in (
            report.agency or "（未识别机关）",
            f"{report.year}年度" if report.year else "（未识别年度）",
            report.format.name,
            f"发布于{report.published.isoformat()}" if report.published else "",
        )
        if x
    )
    out.write(f"== {report.source}\n   {head}\n")
    out.write("   " + "，".join(f"{SEVERITY_ZH[s]}{counts[s]}条" for s in SEVERITIES) + "\n")
    order = {s: i for i, s in enumerate(SEVERITIES)}
    for f in sorted(findings, key=lambda f: order[str(f.severity)]):
        out.write(f"   [{SEVERITY_ZH[str(f.severity)]}] {f.message}\n")
        if f.cells:
            shown = ", ".join(f.cells[:8]) + (
                f" …(+{len(f.cells) - 8})" if len(f.cells) > 8 else ""
            )
            out.write(f"          单元格 cells: {shown}\n")
        if f.location:
            out.write(f"          位置 at: {f.location}\n")
    if not findings:
        out.write("   未发现问题 (no findings)\n")
    out.write("\n")


def print_pairs(out: TextIO, corpus: list[Report], pairs: list[similarity.Pair], form: str) -> None:
    """The copied pairs of a corpus: one JSON line each, or a block of text."""
    if form == "json":
        for pair in pairs:
            a, b = corpus[pair.first], corpus[pair.second]
            line = {
                "corpus_pair": {
                    "first": {"source": a.source, "agency": a.agency, "year": a.year},
                    "second": {"source": b.source, "agency": b.agency, "year": b.year},
                    "score": pair.score,
                    "sections": [
                        {"section": m.key, "score": m.score, "passages": list(m.passages)}
                        for m in pair.sections
                    ],
                }
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return
    out.write(f"== 雷同检查 corpus: {len(corpus)}份报告，{len(pairs)}对正文雷同\n")
    for pair in pairs:
        a, b = corpus[pair.first], corpus[pair.second]
        out.write(f"   [雷同] {similarity.describe(pair, corpus)}\n")
        out.write(f"          {a.source}\n          {b.source}\n")
        for m in pair.sections:
            for passage in m.passages:
                out.write(f"          第{m.key}部分共同段落：「{passage}」\n")
    if not pairs:
        out.write("   未发现雷同 (no copied sections)\n")
    out.write("\n")


# ---------------------------------------------------------------- extract


def _work(job: tuple[str, int | None, str | None]) -> dict[str, Any]:
    return extract_one(*job)


def _few_collections() -> None:
    """Reading reports makes container objects by the million and no reference cycles
    (they are freed as they go): the cycle collector's default, a pass for every 700
    more, made 1,500 passes over 2000 reports that found nothing, 3 % of the CPU. A
    pass for every 10,000 keeps what could ever wait for one small."""
    gc.set_threshold(10_000, 20, 20)


def _rows(
    paths: list[str], year: int | None, layout: str | None, jobs: int
) -> Iterator[dict[str, Any]]:
    _few_collections()  # inherited by the workers
    work = [(p, year, layout) for p in paths]
    if jobs <= 1 or len(work) < 4:
        yield from map(_work, work)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs, maxtasksperchild=500) as pool:
        yield from pool.imap(_work, work, chunksize=8)


def cmd_extract(args: argparse.Namespace) -> int:
    out_path = Path(args.output)
    kind = out_path.suffix.lower()
    if kind not in (".csv", ".xlsx", ".jsonl"):
        sys.stderr.write(
            f"gongkai extract: 输出文件应以 .csv、.xlsx 或 .jsonl 结尾，而不是“{kind or '（无扩展名）'}”"
            " (output must end in .csv, .xlsx or .jsonl)\n"
        )
        return 2
    paths = [str(p) for p in find_files(args.paths)]
    if not paths:
        sys.stderr.write(
            "gongkai extract: 所给路径下没有报告文件 (no report files under the paths)\n"
        )
        return 2
    jobs = args.jobs or os.cpu_count() or 1
    cols = columns()
    failed = 0
    tmp = out_path.with_name(f".{out_path.name}.tmp{os.getpid()}")
    try:
        with _Sink(tmp, kind, cols) as sink, _progress(len(paths), args.no_progress) as advance:
            for row in _rows(paths, args.year, args.layout, jobs):
                if row["status"] != "ok":
                    failed += 1
                    sys.stderr.write(f"{row['source']}: {row['error']}\n")
                sink.write(row)
                advance()
        os.replace(tmp, out_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        sys.stderr.write(
            f"gongkai extract: 无法写入 {out_path}：{exc.strerror or exc} (cannot write)\n"
        )
        return 2
    sys.stderr.write(
        f"已提取 {len(paths) - failed} 份报告，{failed} 份无法读取 → {out_path}"
        f" ({len(paths) - failed} extracted, {failed} failed)\n"
    )
    return 2 if failed else 0


class _Sink:
    """Writes rows as they come, so memory does not grow with the number of reports."""

    def __init__(self, path: Path, kind: str, cols: list[str]):
        self.path, self.kind, self.cols = path, kind, cols

    def __enter__(self) -> _Sink:
        if self.kind == ".xlsx":
            from openpyxl import Workbook

            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet("年度报告")
            self.sheet.append(self.cols)
        else:
            self.file = open(
                self.path, "w", encoding="utf-8-sig" if self.kind == ".csv" else "utf-8", newline=""
            )
            if self.kind == ".csv":
                self.csv = csv.writer(self.file)
                self.csv.writerow(self.cols)
        return self

    def write(self, row: dict[str, Any]) -> None:
        if self.kind == ".jsonl":
            self.file.write(
                json.dumps({c: row.get(c) for c in self.cols if c in row}, ensure_ascii=False)
                + "\n"
            )
        elif self.kind == ".csv":
            self.csv.writerow([_csv_value(row.get(c)) for c in self.cols])
        else:
            self.sheet.append([text_cell(self.sheet, _xlsx_value(row.get(c))) for c in self.cols])

    def __exit__(self, *exc: object) -> None:
        if self.kind == ".xlsx":
            self.book.save(self.path)
        else:
            self.file.close()


def _csv_value(v: Any) -> str:
    # a text that Excel would take for a formula gets a leading "'"; numbers stay numbers
    return csv_text(v) if isinstance(v, str) else cell_text(v)


def _xlsx_value(v: Any) -> Any:
    if isinstance(v, str) and len(v) > 32000:
        return v[:32000]
    return v


class _progress:
    def __init__(self, total: int, disabled: bool):
        self.total, self.disabled = total, disabled or not sys.stderr.isatty()

    def __enter__(self) -> Any:
        if self.disabled:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        )
        self.progress.start()
        task = self.progress.add_task("提取中 extracting", total=self.total)
        return lambda: self.progress.advance(task)

    def __exit__(self, *exc: object) -> None:
        if not self.disabled:
            self.progress.stop()


# ---------------------------------------------------------------- render


def cmd_render(args: argparse.Namespace) -> int:
    try:
        filetype = filetype_for(args.output)
        with time_limit(DEFAULT_SECONDS, args.path):
            report = read(args.path, year=args.year, layout=args.layout)
        # only the JSON file carries the findings
        write(report, args.output, check(report) if filetype == "json" else None)
    except AnnualReportError as exc:  # reading (ReadError) or writing (WriteError)
        sys.stderr.write(f"gongkai render: {exc}\n")
        return 2
    sys.stderr.write(f"{args.path} -> {args.output}\n")
    return 0
