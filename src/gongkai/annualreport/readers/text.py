"""Plain text: copies of report pages, tab-separated, Markdown tables or run together."""

from __future__ import annotations

import re
from dataclasses import replace

from ..document import Document, Line, make_line
from ..interpret.meta import find_published

# A crawler's header: "标题: …", "发布时间: …" lines before "==== 正文 ====".
_HEADER = re.compile(
    r"^(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|来源|Title|URL)\s*[:：]\s*(.*)$"
)
_RULE = re.compile(r"^\s*=+[^=]*=+\s*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def text_document(text: str, source: str) -> Document:
    doc = Document(source=source, kind="text")
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body_start = 0
    # The header is a block of "key: value" lines at the very top.
    for i, raw in enumerate(raw_lines[:30]):
        m = _HEADER.match(raw.strip())
        if m:
            doc.meta[m.group(1)] = m.group(2).strip()
            body_start = i + 1
        elif _RULE.match(raw) and doc.meta:
            body_start = i + 1
            break
        elif raw.strip() or doc.meta:
            break
    if "标题" in doc.meta:
        doc.title = doc.meta["标题"]
    if "发布时间" in doc.meta:
        doc.published = find_published("发布时间:" + doc.meta["发布时间"])
    brk = False
    for number, raw in enumerate(raw_lines[body_start:], start=body_start + 1):
        if "\f" in raw:  # pdftotext ends each page with a form feed
            brk = True
            raw = raw.replace("\f", "")
            if not raw.strip():
                continue
        line = _line(raw, number)
        if brk and line.cells:
            line = replace(line, page_break=True)
            brk = False
        doc.lines.append(line)
    return doc


def _line(raw: str, number: int) -> Line:
    stripped = raw.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if _MD_SEPARATOR.match(stripped):
            return make_line((), number)
        cells = stripped.strip("|").split("|")
        return make_line(tuple(c.strip() for c in cells), number, delimited=True)
    if "\t" in raw:
        return make_line(
            tuple(c.strip() for c in raw.split("\t")), number, delimited=True, soft_blanks=True
        )
    return make_line((stripped,), number) if stripped else make_line((), number)
