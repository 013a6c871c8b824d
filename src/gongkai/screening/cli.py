"""`gongkai screen`: personal data and secrecy marks in files, before they are published."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import RULES, Options, ScreeningError, screen_file
from .model import Severity
from .rules import BY_ID
from .screen import ATTRIBUTES

SUFFIXES = (
    ".txt",
    ".md",
    ".csv",
    ".html",
    ".htm",
    ".docx",
    ".xlsx",
    ".pdf",
    ".ofd",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".bmp",
)
SEVERITY_ZH = {"error": "错误", "warning": "警告"}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "screen",
        help="screen files for personal data and secrecy marks (exit 1 on an error, 2 if a file cannot be read)",
        description="发布前检查：身份证号码、银行卡号、手机号码、个体工商户代码、门牌号住址、密级和公开标注、本机关敏感词。",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, or folders searched recursively"
    )
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="text (default) or JSON Lines"
    )
    p.add_argument("--rule", action="append", metavar="ID", help="run only these rules (repeat)")
    p.add_argument("--word", action="append", default=[], metavar="WORD", help="a word to flag")
    p.add_argument(
        "--words",
        metavar="FILE",
        help="the agency's word list: a word a line, `词语 error` for an error",
    )
    p.add_argument(
        "--attribute", choices=ATTRIBUTES, help="the disclosure attribute of the files (公开属性)"
    )
    p.add_argument("--no-ocr", action="store_true", help="do not OCR scanned pages and images")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds of OCR per file")
    p.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    p.set_defaults(func=cmd_screen)


def find_files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                        yield Path(root) / name
        else:
            yield p


def _words(args: argparse.Namespace) -> tuple[str | tuple[str, str], ...]:
    words: list[str | tuple[str, str]] = list(args.word)
    if args.words:
        for line in Path(args.words).read_text(encoding="utf-8").splitlines():
            parts = line.strip().rsplit(None, 1)
            if len(parts) == 2 and parts[1] in ("error", "warning"):
                words.append((parts[0], parts[1]))
            elif line.strip() and not line.lstrip().startswith("#"):
                words.append(line.strip())
    return tuple(words)


def cmd_screen(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.list_rules:
        for r in RULES:
            out.write(f"{r.id:20} {SEVERITY_ZH[str(r.severity)]:4} {r.zh}\n{'':26}{r.en}\n")
        return 0
    if not args.paths:
        sys.stderr.write("gongkai screen: 请给出文件或目录 (give at least one PATH)\n")
        return 2
    unknown = [r for r in args.rule or () if r not in BY_ID]
    if unknown:
        sys.stderr.write(f"gongkai screen: 没有这条规则：{', '.join(unknown)} (unknown rule)\n")
        return 2
    try:
        words = _words(args)
    except OSError as exc:
        sys.stderr.write(f"gongkai screen: 无法读取词表：{exc} (cannot read the word list)\n")
        return 2
    options = Options(
        rules=tuple(args.rule) if args.rule else None,
        words=words,
        attribute=args.attribute,
        ocr=not args.no_ocr,
        timeout=args.timeout,
    )
    status = 0
    seen = 0
    for path in find_files(args.paths):
        seen += 1
        try:
            findings = screen_file(path, options)
        except ScreeningError as exc:
            status = 2
            if args.format == "json":
                line = {"source": str(path), "error": exc.reason, "where": exc.where}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            else:
                where = f"{exc.where}：" if exc.where else ""
                out.write(f"== {path}\n   无法检查：{where}{exc.reason}\n\n")
            continue
        if any(f.severity is Severity.ERROR for f in findings) and status == 0:
            status = 1
        if args.format == "json":
            data = {"source": str(path), "findings": [f.as_dict() for f in findings]}
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            out.write(f"== {path}\n")
            errors = sum(1 for f in findings if f.severity is Severity.ERROR)
            out.write(f"   错误{errors}条，警告{len(findings) - errors}条\n")
            for f in findings:
                out.write(
                    f"   [{SEVERITY_ZH[str(f.severity)]}] {f.location.describe()}：{f.message}\n"
                )
            if not findings:
                out.write("   未发现问题 (no findings)\n")
            out.write("\n")
    if seen == 0:
        sys.stderr.write("gongkai screen: 所给路径下没有可检查的文件 (no files under the paths)\n")
        return 2
    return status
