"""Page furniture in text taken out of PDFs: page numbers, running headers and footers.

A copy of a PDF carries, wherever a page ended, the page number (`- 2 -`, `— 4 —`,
`第3页 共10页`) and often a header or footer repeated on every page, in the middle of
a table as often as not. Read as content they become stray numbers in a row or text
between a label and its values. They are recognised here and left out, and the
reader's note says where they were.
"""

from __future__ import annotations

import re
from collections import Counter

from ..document import Document
from ..model import Finding, Location, Severity

NOISE = "READ-NOISE"

_DASH = r"[-—–―－~·]"
# A page number with its decoration: never a bare number, which may be a cell.
_DECORATED = re.compile(
    rf"^\s*(?:{_DASH}+\s*\d{{1,3}}\s*{_DASH}+"
    r"|第\s*\d{1,3}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}\s*页?"
    r"|共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页"
    r"|(?:Page|page|P\.)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?)\s*$"
)
_BARE = re.compile(r"^\s*\d{1,3}\s*$")
_DIGITS = re.compile(r"\d+")


def _text(doc: Document, i: int) -> str:
    return " ".join(c for c in doc.lines[i].cells if c.strip())


def noise_lines(doc: Document) -> dict[int, str]:
    """Line index -> what it is ("页码", "页眉页脚"), for the lines to leave out."""
    out: dict[int, str] = {}
    lines = doc.lines
    for i, line in enumerate(lines):
        cells = [c for c in line.cells if c.strip()]
        if len(cells) == 1 and len(cells[0]) <= 24 and _DECORATED.match(cells[0]):
            out[i] = "页码"
    breaks = [i for i, line in enumerate(lines) if line.page_break]
    if not breaks:
        return out
    # The lines on either side of a page break: the last of a page, the first of the next.
    edges: list[int] = []
    for b in breaks:
        before = [j for j in range(max(0, b - 3), b) if lines[j].cells and j not in out][-1:]
        after = [j for j in range(b, min(len(lines), b + 3)) if lines[j].cells and j not in out][:1]
        edges += before + after
    for j in edges:
        if _BARE.match(_text(doc, j)) and len(lines[j].cells) == 1:
            out[j] = "页码"
    # Headers and footers: the same text (numbers aside) at the edge of several pages.
    shapes = Counter(_DIGITS.sub("#", _text(doc, j)) for j in edges if j not in out)
    for j in edges:
        text = _text(doc, j)
        if j not in out and len(text) <= 60 and shapes[_DIGITS.sub("#", text)] >= 2:
            out[j] = "页眉页脚"
    return out


def noise_finding(doc: Document, dropped: dict[int, str]) -> Finding | None:
    """One note listing what was left out and where."""
    items = [
        (str(Location(doc.source, doc.lines[i].number, doc.lines[i].detail)), _text(doc, i))
        for i in sorted(dropped)
    ]
    items += doc.noise
    if not items:
        return None
    shown = "、".join(f"{where}“{text}”" for where, text in items[:6])
    more = f"等{len(items)}处" if len(items) > 6 else f"共{len(items)}处"
    return Finding(
        NOISE,
        Severity.INFO,
        f"已略去页码和页眉页脚{more}：{shown} [{NOISE}]",
        location=items[0][0],
    )
