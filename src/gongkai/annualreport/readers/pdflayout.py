"""The geometry of a PDF page: characters and ruling lines to rows of cells.

A ruled table (vertical and horizontal lines around its cells) gives one row per band
between horizontal rules, and one cell per space between the vertical rules that cross
the whole band: a label that wraps onto several lines stays one cell, and an empty
cell stays an empty cell. Text outside ruled tables is grouped into lines by baseline
and split into cells at gaps wider than about a character, so a borderless table's
numbers still come apart. Pure geometry, so it is tested without PDFs.

Coordinates are PDF points with y growing upwards.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

# Distances in points.
SAME_RULE = 2.0  # rules closer than this are one rule (collapsed cell borders)
MIN_RULE = 4.0  # shorter pieces are not table rules
JOIN_RULE = 2.5  # collinear pieces this close are one rule
EDGE = 0.075  # share of the page height where running headers and footers sit

_PAGE_NUMBER = re.compile(
    r"^[-—–―－~·\s]*(?:第\s*)?(\d{1,3})(?:\s*页)?(?:\s*(?:/|共)\s*\d{1,3}\s*页?)?[-—–―－~·\s]*$"
    r"|^[-—–―－\s]*(?:Page|page|P\.?)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?[-—–―－\s]*$"
)


@dataclass(slots=True)
class Char:
    ch: str
    x0: float  # advance box, left
    x1: float  # advance box, right
    base: float  # baseline
    em: float  # font size estimate
    space_before: bool = False  # the PDF has a space glyph right before this character

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """An axis-parallel ruling line: at `pos` (x if vertical, else y), from lo to hi."""

    vertical: bool
    pos: float
    lo: float
    hi: float


@dataclass(slots=True)
class Row:
    """A table row or a line of text, top to bottom on the page."""

    top: float
    cells: list[str]
    delimited: bool  # cells are table cells (a ruled table, or text with wide gaps)
    x0: float = 0.0  # where a line of text starts and ends, and its font size
    x1: float = 0.0
    em: float = 0.0


@dataclass(slots=True)
class _Table:
    x0: float
    x1: float
    y0: float
    y1: float
    bands: list[tuple[float, float]] = field(default_factory=list)  # (bottom, top), bottom-up
    bottoms: list[float] = field(default_factory=list)
    walls: list[list[float]] = field(default_factory=list)  # per band: x of the cell borders
    chars: list[list[list[Char]]] = field(default_factory=list)  # per band, per cell


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


def layout_page(chars: list[Char], rules: list[Rule]) -> list[Row]:
    """The rows of one page, top to bottom."""
    tables = _tables(rules)
    free: list[Char] = []
    for c in chars:
        if not _place(c, tables):
            free.append(c)
    rows: list[Row] = []
    for t in tables:
        for (_, top), cells in zip(t.bands, t.chars, strict=True):
            texts = [cell_text(cs) for cs in cells]
            texts = _trim_cells(texts)
            if texts:
                rows.append(Row(top, texts, True))
    for line in group_lines(free):
        rows.append(_text_row(line))
    rows.sort(key=lambda r: -r.top)
    return rows


# -- ruled tables


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Collinear pieces joined into whole rules (cell borders come one cell at a time)."""
    out: list[Rule] = []
    for vertical in (True, False):
        pieces = sorted((r for r in rules if r.vertical is vertical), key=lambda r: (r.pos, r.lo))
        # group by position, then join overlapping extents
        group: list[Rule] = []
        for r in pieces + [Rule(vertical, float("inf"), 0.0, 0.0)]:
            if group and r.pos - group[0].pos > SAME_RULE:
                pos = sum(g.pos for g in group) / len(group)
                spans = sorted((g.lo, g.hi) for g in group)
                lo, hi = spans[0]
                for a, b in spans[1:]:
                    if a <= hi + JOIN_RULE:
                        hi = max(hi, b)
                    else:
                        out.append(Rule(vertical, pos, lo, hi))
                        lo, hi = a, b
                out.append(Rule(vertical, pos, lo, hi))
                group = []
            group.append(r)
    return [r for r in out if r.hi - r.lo >= MIN_RULE]


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SAME_RULE:
            out.append(v)
    return out


def _tables(raw: list[Rule]) -> list[_Table]:
    rules = merge_rules(raw)
    verticals = sorted((r for r in rules if r.vertical), key=lambda r: r.lo)
    horizontals = [r for r in rules if not r.vertical]
    # Tables are the vertical extents that the vertical rules cover together.
    clusters: list[list[Rule]] = []
    hi = float("-inf")
    for r in verticals:
        if clusters and r.lo <= hi + JOIN_RULE:
            clusters[-1].append(r)
            hi = max(hi, r.hi)
        else:
            clusters.append([r])
            hi = r.hi
    tables: list[_Table] = []
    for cluster in clusters:
        xs = _distinct([r.pos for r in cluster])
        if len(xs) < 3:
            continue  # a frame or a single column is not a table of numbers
        t = _Table(xs[0], xs[-1], min(r.lo for r in cluster), max(r.hi for r in cluster))
        # Rows are the bands between horizontal rules that cross the last column,
        # which every row of these tables has as a cell of its own.
        mid = (xs[-2] + xs[-1]) / 2
        ys = _distinct(
            [
                h.pos
                for h in horizontals
                if h.lo <= mid <= h.hi and t.y0 - SAME_RULE <= h.pos <= t.y1 + SAME_RULE
            ]
        )
        if len(ys) < 3:
            continue
        for bottom, top in zip(ys, ys[1:]):
            tol = min(3.0, (top - bottom) / 4)
            walls = _distinct(
                [v.pos for v in cluster if v.lo <= bottom + tol and v.hi >= top - tol]
            )
            if len(walls) < 2:
                walls = [t.x0, t.x1]
            t.bands.append((bottom, top))
            t.bottoms.append(bottom)
            t.walls.append(walls)
            t.chars.append([[] for _ in range(len(walls) - 1)])
        t.y0, t.y1 = ys[0], ys[-1]
        tables.append(t)
    return tables


def _place(c: Char, tables: list[_Table]) -> bool:
    """Put the character in the table cell it sits in; False when in none."""
    cx, cy = c.cx, c.base + c.em * 0.3
    for t in tables:
        if not (t.y0 <= cy <= t.y1 and t.x0 <= cx <= t.x1):
            continue
        i = bisect_right(t.bottoms, cy) - 1
        if i < 0 or cy > t.bands[i][1]:
            return False
        walls = t.walls[i]
        j = bisect_right(walls, cx) - 1
        if j < 0 or j >= len(walls) - 1:
            return False
        t.chars[i][j].append(c)
        return True
    return False


def _trim_cells(texts: list[str]) -> list[str]:
    """A band's cells without the empty ones left of its last label (merged label cells
    seen from the rows they span), or nothing when all are empty. A row of values
    with no label (table 四) keeps every cell: a leading empty cell is a blank value."""
    last_label = -1
    for i, t in enumerate(texts):
        if t and not _value_like(t):
            last_label = i
    kept = [t for i, t in enumerate(texts) if t or i > last_label]
    return kept if any(kept) else []


def _value_like(text: str) -> bool:
    t = text.replace(",", "").replace("，", "").strip()
    for unit in ("万元", "元", "件", "条", "项", "个"):
        t = t.removesuffix(unit)
    t = t.lstrip("+-−＋－")
    if t.replace(".", "", 1).isdigit():
        return True
    return t in ("", "/", "／", "\\", "-", "--", "—", "——", "－", "无", "不适用", "×", "?", "？")


# -- lines of text


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped by baseline (small jitter tolerated), each line left to right,
    lines top to bottom."""
    lines: list[list[Char]] = []
    ref = 0.0
    for c in sorted(chars, key=lambda c: -c.base):
        if lines and ref - c.base <= 0.35 * max(c.em, lines[-1][0].em):
            lines[-1].append(c)
        else:
            lines.append([c])
            ref = c.base
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def line_em(line: list[Char]) -> float:
    cjk = sorted(c.x1 - c.x0 for c in line if is_cjk(c.ch))
    if cjk:
        return cjk[len(cjk) // 2]
    ems = sorted(c.em for c in line)
    return ems[len(ems) // 2]


def join_line(line: list[Char], em: float | None = None) -> str:
    """The text of one line: a space where a gap separates words or numbers."""
    if not line:
        return ""
    em = em or line_em(line)
    out = [line[0].ch]
    for prev, c in zip(line, line[1:]):
        gap = c.x0 - prev.x1
        if (c.space_before and gap > -0.1 * em) or (
            gap > 0.25 * em and not (is_cjk(prev.ch) and is_cjk(c.ch))
        ):
            out.append(" ")
        out.append(c.ch)
    return "".join(out)


def cell_text(chars: list[Char]) -> str:
    """The text of a table cell: its lines joined (a wrapped label is one label)."""
    if not chars:
        return ""
    parts = [join_line(line) for line in group_lines(chars)]
    text = parts[0]
    for p in parts[1:]:
        if text[-1:].isascii() and text[-1:].isalpha() and p[:1].isascii() and p[:1].isalpha():
            text += " "
        text += p
    return text.strip()


def split_cells(line: list[Char]) -> list[list[Char]]:
    """A line cut at gaps wider than about one character."""
    em = line_em(line)
    cells = [[line[0]]]
    for prev, c in zip(line, line[1:]):
        if c.x0 - prev.x1 > 0.9 * em:
            cells.append([c])
        else:
            cells[-1].append(c)
    return cells


def _text_row(line: list[Char]) -> Row:
    em = line_em(line)
    top = max(c.base for c in line) + em * 0.8
    pieces = split_cells(line)
    texts = [join_line(p, em) for p in pieces]
    tabular = len(texts) >= 3 or (len(texts) == 2 and any(_value_like(t) for t in texts))
    if tabular:
        return Row(top, texts, True, line[0].x0, line[-1].x1, em)
    return Row(top, [join_line(line, em)], False, line[0].x0, line[-1].x1, em)


# -- running headers, footers and page numbers


def running_rows(pages: list[tuple[float, list[Row]]]) -> set[int]:
    """ids of the rows to drop: lone page numbers, and text repeated in the top or
    bottom margin of several pages."""
    drop: set[int] = set()
    seen: Counter[tuple[str, str]] = Counter()
    edges: list[tuple[str, str, Row]] = []
    for height, rows in pages:
        text_rows = [r for r in rows if not (r.delimited and len(r.cells) > 1) or is_page_number(r)]
        if not text_rows:
            continue
        for where, row in (("top", text_rows[0]), ("bottom", text_rows[-1])):
            in_margin = (
                row.top >= height * (1 - EDGE) if where == "top" else row.top <= height * EDGE + 20
            )
            if is_page_number(row) and (in_margin or where == "bottom"):
                drop.add(id(row))
                continue
            if in_margin:
                key = re.sub(r"\d+", "#", " ".join(row.cells))
                seen[(where, key)] += 1
                edges.append((where, key, row))
    if len(pages) > 1:
        for where, key, row in edges:
            if seen[(where, key)] >= 2:
                drop.add(id(row))
    return drop


def is_page_number(row: Row) -> bool:
    text = " ".join(c for c in row.cells if c)
    return bool(text) and len(text) <= 20 and _PAGE_NUMBER.match(text) is not None
