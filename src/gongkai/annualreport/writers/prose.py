"""The narrative as paragraphs, for the writers that set text in pages (Word, PDF, HTML).

Text taken out of a PDF keeps the PDF's line breaks: every line of a paragraph ends
where the page did. `paragraphs` joins such lines again. It only does so when the
text looks hard-wrapped (lines no longer than a printed line, many of them full and
stopping mid-sentence) and only across a break after such a line, so that real paragraphs,
headings and short lines such as 联系电话：… stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

# Ends a paragraph: a full stop, question or exclamation mark, semicolon or colon,
# possibly followed by a closing quote or bracket.
_END = re.compile(r"[。！？!?；;：:…][”’」』）)\]】]*$")
# Starts a new paragraph: 一、 （一） (1) 1. 1、 第一 一是 and the like.
_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十]+)"
)
# A printed line of a report page holds about 25-40 Chinese characters; a text whose
# lines are mostly longer than this (in half-width units) is already in paragraphs.
MAX_WRAP = 100


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def paragraphs(text: str) -> list[str]:
    """The paragraphs of `text`, one per line unless the lines are a hard-wrapped copy."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 3:
        return lines
    widths = sorted(_width(line) for line in lines)
    wrap = widths[(len(widths) * 9) // 10 - 1]  # the width of a full line
    if wrap > MAX_WRAP:
        return lines
    # A hard-wrapped copy has many full lines that stop mid-sentence; a block of short
    # lines (an address, a list) has at most one "longest" line.
    broken = [line for line in lines if _width(line) >= wrap * 0.8 and not _END.search(line)]
    if len(broken) < max(3, len(lines) * 0.3):
        return lines
    out: list[str] = []
    previous = ""
    for line in lines:
        full = _width(previous) >= wrap * 0.8
        if out and full and not _END.search(previous) and not _START.match(line):
            glue = "" if _wide(out[-1][-1]) or _wide(line[0]) else " "
            out[-1] += glue + line
        else:
            out.append(line)
        previous = line
    return out
