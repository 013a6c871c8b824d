"""Screening documents before publication: personal data, secrecy marks, the
disclosure attribute, the agency's own words. A pure library (no Django).

    from gongkai import screening
    findings = screening.screen_bytes(data, "名单.xlsx")
    for f in findings:
        print(f.rule, f.severity, f.location.describe(), f.message)
    clean = screening.masked_copy(data, "名单.xlsx")

`screen_bytes(data, name, options)` reads text, HTML, Word (.docx), Excel (.xlsx),
PDF (its text layer, scanned pages by OCR), OFD and images (by OCR) and returns
findings: a stable rule id (`RULES`), a severity (error blocks approval, warning needs
an acknowledgement), a message in Chinese with the personal data masked, and the place
(file, page, sheet and cell, part and paragraph, table row and column, line).
`screen_text(text, source)` screens an item's body (plain text or HTML).
`masked_copy(data, name)` masks every maskable finding in a copy of a Word, Excel or
text file; `mask_text(text)` in a text; `mask_findings(body, [finding])` masks the
findings chosen (one click on one finding). `Options` holds the rule selection, the agency's
word list, the disclosure attribute, OCR on or off, and the time and size limits.
Errors: ScreeningError, naming the file and the part.
"""

from __future__ import annotations

import os
from pathlib import Path

from .mask import apply_masks, mask_findings, mask_text, masked_copy
from .model import Finding, Location, ScreeningError, Segment, Severity
from .readers import html_segments, kind_of, segments_of
from .rules import ALL_RULES as RULES
from .rules import Rule, luhn_ok
from .screen import ATTRIBUTES, DEFAULT, Options, attribute_findings, screen_segments


def screen_bytes(data: bytes, name: str, options: Options = DEFAULT) -> list[Finding]:
    """The findings in one file. ScreeningError when it cannot be read."""
    findings = screen_segments(segments_of(data, name, options), options)
    return attribute_findings(name, options) + findings


def screen_text(text: str, source: str = "正文", options: Options = DEFAULT) -> list[Finding]:
    """The findings in an item's body: HTML (as the editor stores it) or plain text."""
    data = text.encode("utf-8")
    return screen_bytes(data, source, options)


def screen_file(path: str | os.PathLike[str], options: Options = DEFAULT) -> list[Finding]:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > options.max_bytes:
            raise ScreeningError(
                f"文件过大（{size // 1024 // 1024} MB，上限 {options.max_bytes // 1024 // 1024} MB）"
                " (file too large)",
                source=str(p),
            )
        data = p.read_bytes()
    except IsADirectoryError:
        raise ScreeningError("这是目录，不是文件 (a directory)", source=str(p)) from None
    except OSError as exc:
        raise ScreeningError(
            f"无法打开文件：{exc.strerror or exc} (cannot open)", source=str(p)
        ) from None
    return screen_bytes(data, str(p), options)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


__all__ = [
    "ATTRIBUTES",
    "Finding",
    "Location",
    "Options",
    "RULES",
    "Rule",
    "ScreeningError",
    "Segment",
    "Severity",
    "apply_masks",
    "has_errors",
    "html_segments",
    "kind_of",
    "luhn_ok",
    "mask_findings",
    "mask_text",
    "masked_copy",
    "screen_bytes",
    "screen_file",
    "screen_segments",
    "screen_text",
]
