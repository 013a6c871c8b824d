"""Finding what to redact: search terms and screening rules in a PDF's text layer (and
in its scanned pages through OCR), each match becoming boxes on the page, one per line
it runs over."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Basis, Box, Mark, RedactionError
from .pages import Char, open_pdf, page_chars

PAD = 0.3  # points around a character box: anti-aliased edges belong to the glyph


def find_marks(
    data: bytes,
    *,
    terms: Sequence[str] = (),
    rules: Sequence[str] = (),
    basis: Basis = Basis.ART15,
    ocr: bool = True,
    timeout: float = 300.0,
    source: str = "input.pdf",
) -> list[Mark]:
    """Marks for every occurrence of each term (spaces between its characters ignored)
    and every match of the screening rules named, on every page. Scanned pages are read
    by OCR and their whole matching line or table cell is marked."""
    from ..screening.rules import rules_for

    wanted = [t for t in (t.strip() for t in terms) if t]
    try:
        selected = rules_for(list(rules)) if rules else ()
    except KeyError as exc:
        raise RedactionError(f"没有这条检查规则：{exc.args[0]} (unknown rule)") from None
    marks: list[Mark] = []
    scans: list[int] = []
    pdf = open_pdf(data, source)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                chars = page_chars(page)
            finally:
                page.close()
            if not any(c.box for c in chars):
                scans.append(index + 1)
                continue
            for term in wanted:
                for start, end in _term_spans(chars, term):
                    marks += _marks(chars, start, end, index + 1, basis, f"检索词：{term}", term)
            if selected:
                for start, end, rule_id in _rule_spans(chars, [r.id for r in selected]):
                    found = "".join(c.ch for c in chars[start:end])
                    marks += _marks(chars, start, end, index + 1, basis, rule_id, found)
    finally:
        pdf.close()
    if scans and (wanted or selected):
        marks += _scanned_marks(
            data, scans, wanted, [r.id for r in selected], basis, ocr, timeout, source
        )
    return marks


def _term_spans(chars: list[Char], term: str) -> list[tuple[int, int]]:
    """(start, end) char indices of each occurrence, whitespace ignored on both sides."""
    keep = [i for i, c in enumerate(chars) if not c.ch.isspace()]
    text = "".join(chars[i].ch for i in keep)
    needle = "".join(term.split())
    out = []
    at = text.find(needle)
    while at >= 0 and needle:
        out.append((keep[at], keep[at + len(needle) - 1] + 1))
        at = text.find(needle, at + len(needle))
    return out


def _rule_spans(chars: list[Char], rule_ids: list[str]) -> list[tuple[int, int, str]]:
    from ..screening.model import Location, Segment
    from ..screening.screen import Options, screen_segments

    text = "".join(c.ch for c in chars)
    out = []
    start = 0
    for line in text.splitlines(keepends=True):
        segment = Segment(line, Location("pdf"))
        for f in screen_segments([segment], Options(rules=tuple(rule_ids))):
            out.append((start + f.start, start + f.end, f.rule))
        start += len(line)
    return out


def _marks(
    chars: list[Char], start: int, end: int, page: int, basis: Basis, reason: str, found: str
) -> list[Mark]:
    """One box per line the match runs over."""
    lines: list[list[Box]] = []
    for c in chars[start:end]:
        if c.box is None:
            continue
        if lines and _same_line(lines[-1][-1], c.box):
            lines[-1].append(c.box)
        else:
            lines.append([c.box])
    return [
        Mark(
            page,
            Box(
                min(b.x0 for b in boxes) - PAD,
                min(b.y0 for b in boxes) - PAD,
                max(b.x1 for b in boxes) + PAD,
                max(b.y1 for b in boxes) + PAD,
            ),
            basis,
            reason,
            found,
        )
        for boxes in lines
    ]


def _same_line(a: Box, b: Box) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)


def _scanned_marks(
    data: bytes,
    pages: list[int],
    terms: list[str],
    rule_ids: list[str],
    basis: Basis,
    ocr: bool,
    timeout: float,
    source: str,
) -> list[Mark]:
    """On scanned pages, the whole OCR line or table cell holding a match."""
    from .. import ocr as engine
    from ..screening.model import Location, Segment
    from ..screening.screen import Options, screen_segments

    scanned = engine.scanned_pages(data, source)
    pages = [p for p in pages if p in scanned]
    if not pages:
        return []
    if not ocr:
        raise RedactionError(
            f"第{'、'.join(map(str, pages))}页是扫描件，须文字识别（OCR）才能查找要遮盖的内容"
            " (scanned pages need OCR to find what to redact)",
            source=source,
        )
    try:
        read = engine.read_pdf(data, pages=pages, source=source, timeout=timeout)
    except engine.OcrError as exc:
        raise RedactionError(exc.reason, source=source, where=exc.where) from None
    marks: list[Mark] = []
    for page in read:
        scale = 72 / page.dpi
        pieces = [(line.text, line.box) for line in page.lines] + [
            (cell.text, cell.box) for table in page.tables for row in table.rows for cell in row
        ]
        for text, box in pieces:
            squeezed = "".join(text.split())
            reasons = [(f"检索词：{t}", t) for t in terms if "".join(t.split()) in squeezed]
            if rule_ids:
                found = screen_segments(
                    [Segment(text, Location(source))], Options(rules=tuple(rule_ids))
                )
                reasons += [(f.rule, f.found) for f in found]
            box = page.unskew(box)  # back onto the page as scanned, if it was levelled
            for reason, what in reasons:
                shown = Box(
                    box.x0 * scale - PAD,
                    box.y0 * scale - PAD,
                    box.x1 * scale + PAD,
                    box.y1 * scale + PAD,
                )
                marks.append(
                    Mark(page.number, shown, basis, reason + "（扫描页，按识别行遮盖）", what)
                )
    return marks
