"""`gongkai redact`: burn terms and screening matches out of a PDF, verified."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

# Only the light model here: the `gongkai` command imports this to list its commands,
# and PDF, image and array libraries load when `redact` runs.
from .model import DPI, Basis, RedactionError, VerificationError, basis_of


def register(sub: Any) -> None:
    p = sub.add_parser(
        "redact",
        help="redact terms and screening matches from a PDF, verified (exit 1 if verification fails)",
        description="部分公开：从 PDF 中遮盖检索词和检查规则找到的内容，页面转为图像、删除元数据和附件，并验证结果。",
    )
    p.add_argument("path", metavar="IN.pdf")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument(
        "--term", action="append", default=[], metavar="TEXT", help="text to redact (repeat)"
    )
    p.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="ID",
        help="a screening rule whose matches to redact (repeat)",
    )
    p.add_argument(
        "--basis",
        default="第十五条",
        help="legal basis of the boxes: 第十四条, 第十五条 (default) or 第十六条",
    )
    p.add_argument(
        "--dpi", type=int, default=DPI, help=f"resolution of burnt pages (default {DPI})"
    )
    p.add_argument(
        "--no-ocr", action="store_true", help="do not OCR scanned pages to find the terms"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_redact)


def cmd_redact(args: argparse.Namespace) -> int:
    from .apply import redact
    from .locate import find_marks

    err = sys.stderr
    if not args.term and not args.rule:
        err.write(
            "gongkai redact: 请用 --term 或 --rule 指定要遮盖的内容 (give --term or --rule)\n"
        )
        return 2
    source = args.path
    try:
        basis: Basis = basis_of(args.basis)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise RedactionError(
                f"无法打开文件：{exc.strerror or exc} (cannot open)", source=source
            ) from None
        marks = find_marks(
            data, terms=args.term, rules=args.rule, basis=basis, ocr=not args.no_ocr, source=source
        )
        missing = [t for t in args.term if not any(m.found == t.strip() for m in marks)]
        if missing:
            raise RedactionError(
                f"文件中没有找到：{'、'.join(missing)}（扫描页须文字识别） (term not found)",
                source=source,
            )
        if not marks:
            raise RedactionError(
                "检查规则没有找到要遮盖的内容 (the rules found nothing)", source=source
            )
        result = redact(data, marks, dpi=args.dpi, source=source)
    except VerificationError as exc:
        err.write(f"gongkai redact: {exc}\n未写出文件 (nothing written)\n")
        return 1
    except RedactionError as exc:
        err.write(f"gongkai redact: {exc}\n")
        return 2
    out = Path(args.output)
    tmp = out.with_name(f".{out.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(result.data)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        err.write(f"gongkai redact: 无法写入 {out}：{exc.strerror or exc} (cannot write)\n")
        return 2
    if args.format == "json":
        sys.stdout.write(
            json.dumps(
                {"source": source, "output": str(out), **result.as_dict()}, ensure_ascii=False
            )
            + "\n"
        )
        return 0
    w = sys.stdout.write
    w(f"{source} -> {out}\n")
    w(
        f"   共{result.pages}页，遮盖{len(result.marks)}处，转为图像的页：{'、'.join(map(str, result.rasterised))}\n"
    )
    for b, n in result.bases():
        w(f"   依据《政府信息公开条例》{b}：{n}处（{b.statement}）\n")
    w(f"   验证通过 (verified)：{'；'.join(result.checks)}\n")
    w(f"   原文件 SHA-256 {result.input_sha256}\n   新文件 SHA-256 {result.output_sha256}\n")
    return 0
