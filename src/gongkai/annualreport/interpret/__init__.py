"""From a `Document` (lines of cells) to a `Report`: the one interpreter every reader uses."""

from __future__ import annotations

from functools import partial

from ..document import Document
from ..errors import NotAnnualReportError, UnsupportedLayoutError
from ..formats import Column, Format, format_for_year, get_format
from ..labels import norm
from ..model import (
    Cell,
    CellState,
    Finding,
    Location,
    Number,
    Report,
    RuleUse,
    Severity,
    split_cell_id,
)
from .ends import truncation
from .meta import (
    drop_signature,
    find_published,
    find_signature_date,
    split_sections,
    trim_chrome,
)
from .names import names
from .noise import noise_finding, noise_lines
from .regions import T2_BLOCK, T2_HEADING, find_regions, find_t3, looks_old_layout, what_is_there
from .split import Part
from .table2 import money_unit, read_t2
from .table3 import TableReading, read_t3
from .table4 import read_t4
from .textindex import TextIndex, find_in_raw, span_in_raw
from .tokens import UNREADABLE_MARKS, Kind, Token, raw_text, tokenize

__all__ = ["interpret"]


def _where(doc: Document, line: int | None) -> str:
    """The location of the document's line `line` (its source when there is none)."""
    if line is None or line >= len(doc.lines):
        return doc.source
    ln = doc.lines[line]
    return str(Location(doc.source, ln.number, ln.detail))


def interpret(doc: Document, *, year: int | None = None, layout: str | None = None) -> Report:
    """Read the annual report in `doc`.

    `year` overrides the year found in the title; `layout` ("2019" or "2021") forces
    the layout instead of choosing it by year and content. Raises NotAnnualReportError
    (or UnsupportedLayoutError for reports before 2019) when there is no report here.
    """
    dropped = noise_lines(doc)
    tokens = tokenize(doc, dropped)
    idx = TextIndex(tokens)
    lines = [line.text for line in doc.lines]
    head_text = "\n".join(lines[:60])[:6000]
    said = names(doc, lines, head_text, year)
    title, agency, year = said.title, said.agency, said.year
    published = doc.published or find_published(head_text)
    t3_pos = find_t3(idx)
    if year is not None and year < 2019:
        raise UnsupportedLayoutError(
            f"这是{year}年度的报告，采用2019年以前的旧版格式（没有“收到和处理政府信息公开申请情况”表三），"
            "本工具只读取2019年版和2021年版格式的年度报告 (report year before 2019: old layout, not read)",
            source=doc.source,
        )
    if t3_pos < 0:
        if looks_old_layout(idx):
            raise UnsupportedLayoutError(
                "这份报告采用2019年以前的旧版统计表（“政府信息公开情况统计表”），没有新版表三，"
                "本工具只读取2019年版和2021年版格式 (pre-2019 layout, not read)",
                source=doc.source,
            )
        found, lacking = what_is_there(idx)
        if title:
            found.insert(0, f"标题“{title}”")
        if not found:
            raise NotAnnualReportError(
                "未找到政府信息公开工作年度报告的标题和表格（“本年新收政府信息公开申请数量”等），"
                "不是可读取的年度报告 (no report title or tables: not an annual report)",
                source=doc.source,
            )
        raise NotAnnualReportError(
            f"找到了{'、'.join(found)}，但未找到{'、'.join(lacking)}，无法确定表三的位置，"
            "不能作为年度报告读取 (table 三 cannot be located: "
            f"{len(found)} parts found, {len(lacking)} missing)",
            source=doc.source,
        )
    regions = find_regions(tokens, idx, t3_pos)
    fmt = _choose_layout(layout, regions.layout_hint, year)

    # not a nested function: compiled, one would hold the document in a reference
    # cycle, left for the cycle collector
    where = partial(_where, doc)

    findings: list[Finding] = [said.note] if said.note else []
    note = noise_finding(doc, dropped)
    if note is not None:
        findings.append(note)
    uses: list[RuleUse] = []
    cells: dict[str, Cell] = {}

    t2 = read_t2(tokens, *regions.t2, fmt, where) if regions.t2 else TableReading()
    t3 = read_t3(tokens, *regions.t3, fmt, where)
    t4 = read_t4(tokens, *regions.t4, fmt, where) if regions.t4 else TableReading()
    for reading in (t2, t3, t4):
        findings.extend(reading.findings)
        uses.extend(reading.uses)
    ending = truncation(tokens, regions, t3, t4, fmt, where)
    if ending is not None:
        # what the cut explains is not also a missing row, or table 四 not read
        findings = [
            f
            for f in findings
            if not (f.rule == "READ-MISSING" and set(f.cells) <= set(ending.cells))
        ]
        findings.append(ending)

    make = _CellMaker(doc)
    _t2_cells(make, fmt, t2, cells)
    for row in fmt.t3_rows_for(t3.subtotals):
        parts = t3.rows.get(row.key)
        for i, cid in enumerate(_row_ids(f"t3/{row.key}", fmt.t3_columns)):
            cells[cid] = make(parts[i]) if parts else _NOT_GIVEN
    for grp in fmt.t4_groups:
        parts = t4.rows.get(grp.key)
        for i, cid in enumerate(_row_ids(f"t4/{grp.key}", fmt.t4_columns)):
            cells[cid] = make(parts[i]) if parts else _NOT_GIVEN
    findings.extend(_missing(fmt, cells, findings, regions.t2 is not None))

    # The narrative: everything before table 二 and after table 四.
    first = regions.t2[0] if regions.t2 else regions.t3[0]
    before = raw_text(tokens[:first]) + _head_of(tokens[first])
    if title:
        cut, cut_end = span_in_raw(before[:2000], norm(title))
        if cut >= 0:
            before = before[cut_end:]
    end = (
        (t4.last_token + 1)
        if t4.last_token is not None
        else (regions.t4[1] if regions.t4 else regions.t3[1])
    )
    after = raw_text(tokens[end:])
    narrative = drop_signature(trim_chrome(split_sections(before, after, fmt)), agency)
    # Prose written under the headings of sections 二 to 四, among the tables.
    spans = {"二": regions.t2, "三": regions.t3, "四": (regions.t4[0], end) if regions.t4 else None}
    for key, span in spans.items():
        if span and key not in narrative:
            prose = _region_prose(tokens, span[0] + 1, span[1])
            if prose:
                narrative[key] = prose
    narrative = {k: narrative[k] for k in ["序", *(s.key for s in fmt.sections)] if k in narrative}
    if published is None:
        published = find_signature_date(lines, year)
    return Report(
        format=fmt,
        year=year,
        agency=agency,
        title=title,
        published=published,
        source=doc.source,
        cells=cells,
        narrative=narrative,
        read_findings=tuple(findings),
        rule_uses=tuple(uses),
    )


def _region_prose(tokens: list[Token], start: int, end: int) -> str:
    """Sentences inside a table region (text with a full stop, not a table label)."""
    out = [
        t.text.strip()
        for t in tokens[start:end]
        if t.kind is Kind.TEXT and "。" in t.text and len(t.text.strip()) >= 20
    ]
    return "\n".join(out)


def _head_of(tok: Token) -> str:
    """The part of the token where table 二 starts that still belongs to the narrative."""
    if tok.kind is not Kind.TEXT:
        return ""
    for needle in (T2_HEADING, T2_BLOCK):
        cut = find_in_raw(tok.text, needle)
        if cut > 0:
            head = tok.text[:cut].rstrip()
            # drop the section numbering (二、) left at the end
            return (" " if tok.sep else "") + head.rstrip("一二三四五六七八九十、.． ")
    return ""


def _choose_layout(forced: str | None, hint: str | None, year: int | None) -> Format:
    if forced:
        return get_format(forced)
    if hint:
        return get_format(hint)
    if year is not None:
        return format_for_year(year)
    return get_format("2021")


_ROW_IDS: dict[tuple[str, int], tuple[tuple[Column, ...], tuple[str, ...]]] = {}


def _row_ids(row: str, columns: tuple[Column, ...]) -> tuple[str, ...]:
    """The ids of a row's cells (`row` is "t3/<row key>"), made once per layout's
    columns. Remembered by the columns' identity: hashing the tuple of columns (frozen
    dataclasses) ran Python code for each column at every row of every report."""
    found = _ROW_IDS.get((row, id(columns)))
    if found is not None and found[0] is columns:
        return found[1]
    ids = tuple(f"{row}/{c.key}" for c in columns)
    if len(_ROW_IDS) > 4096:  # layouts made on the fly (tests): keep it bounded
        _ROW_IDS.clear()
    _ROW_IDS[(row, id(columns))] = (columns, ids)
    return ids


# What a cell the source does not give reads as (cells are frozen: one will do).
_NOT_GIVEN = Cell.unreadable()

# The states as module constants: an enum member looked up on its class runs the
# enum's attribute machinery (about a thousand instructions) at every cell.
_NUMBER = CellState.NUMBER
_UNREADABLE = CellState.UNREADABLE
_NOT_APPLICABLE = CellState.NOT_APPLICABLE
_BLANK = CellState.BLANK


def _cell(
    state: CellState,
    value: Number | None,
    raw: str,
    location: Location | None,
    unit: str | None = None,
    derived: str | None = None,
) -> Cell:
    """`model.make_cell`, for compiled code: mypyc turns `object.__setattr__` into a
    direct C call that sets the slot (as the frozen dataclass's own `__init__` does),
    where `make_cell` runs as interpreted code calling slot setters. A third of the
    instructions, for the one cell made per table cell."""
    cell: Cell = Cell.__new__(Cell)
    object.__setattr__(cell, "state", state)
    object.__setattr__(cell, "value", value)
    object.__setattr__(cell, "raw", raw)
    object.__setattr__(cell, "location", location)
    object.__setattr__(cell, "unit", unit)
    object.__setattr__(cell, "derived", derived)
    return cell


def _location(source: str | None, line: int | None, detail: str | None) -> Location:
    """`model.make_location`, for compiled code (see `_cell`)."""
    location: Location = Location.__new__(Location)
    object.__setattr__(location, "source", source)
    object.__setattr__(location, "line", line)
    object.__setattr__(location, "detail", detail)
    return location


class _CellMaker:
    """Cells from the parts read, each with its location (one Location per source cell)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.source = doc.source
        self.lines = doc.lines
        self.locations: dict[tuple[int, int], Location] = {}

    def location(self, tok: Token | None) -> Location | None:
        if tok is None:
            return None
        line = self.lines[tok.line]
        delimited = line.delimited
        key = (tok.line, tok.cell if delimited else 0)
        found = self.locations.get(key)
        if found is None:
            detail = line.detail
            if delimited and tok.cell:
                detail = f"{detail} 第{tok.cell + 1}格" if detail else f"第{tok.cell + 1}格"
            found = self.locations[key] = _location(self.source, line.number, detail)
        return found

    def __call__(self, part: Part | None, unit: str | None = None) -> Cell:
        if part is None:
            return _NOT_GIVEN
        loc = self.location(part.token)
        kind = part.kind
        if kind is Kind.NUM:
            if part.value is None:
                return _cell(_UNREADABLE, None, part.raw, loc)
            return _cell(_NUMBER, part.value, part.raw, loc, unit, part.derived)
        if kind is Kind.NA:
            if part.raw in UNREADABLE_MARKS:
                return _cell(_UNREADABLE, None, part.raw, loc)
            return _cell(_NOT_APPLICABLE, None, part.raw, loc)
        return _cell(_BLANK, None, "", loc)


def _t2_cells(make: _CellMaker, fmt: Format, t2: TableReading, cells: dict[str, Cell]) -> None:
    for block in fmt.t2:
        for row in block.rows:
            key = f"{block.key}/{row.key}"
            parts = t2.rows.get(key)
            group = t2.groups.get(key)
            for i, col in enumerate(block.columns):
                unit = None
                if col.kind == "money":
                    unit = money_unit(parts, i, group.context if group else "", col.unit)
                cells[f"t2/{key}/{col.key}"] = make(parts[i] if parts else None, unit)


def _missing(
    fmt: Format, cells: dict[str, Cell], findings: list[Finding], has_t2: bool
) -> list[Finding]:
    """A READ-MISSING finding for each row no other finding explains."""
    explained = {c for f in findings for c in f.cells}
    out: list[Finding] = []
    if not has_t2:
        out.append(
            Finding(
                "READ-MISSING",
                Severity.WARNING,
                "未找到表二（主动公开政府信息情况），表二记为未能读取 [READ-MISSING]",
                cells=tuple(c for b in fmt.t2 for c in b.cell_ids()),
            )
        )
        explained |= set(out[0].cells)
    rows: dict[str, list[str]] = {}
    for cid, cell in cells.items():
        if cell.state is _UNREADABLE and cid not in explained:
            rows.setdefault("/".join(split_cell_id(cid)[:-1]), []).append(cid)
    for row, ids in rows.items():
        if any(i in explained for i in ids):
            continue
        table, _, label = row.partition("/")
        label = label.split("/")[-1]
        name = {"t2": "表二", "t3": "表三", "t4": "表四"}[table]
        out.append(
            Finding(
                "READ-MISSING",
                Severity.WARNING,
                f"{name}未找到“{label}”行的数字，本行记为未能读取 [READ-MISSING]",
                cells=tuple(ids),
            )
        )
    return out
