"""Pages of positioned text (rows from `pdflayout`) to the lines of a `Document`.

The same assembly as the PDF reader's: running headers, footers and page numbers that
repeat from page to page are dropped (and noted with their pages), table rows become
delimited lines, and lines of running text are joined into paragraphs while they run
to the right edge of the text block. Used by the OFD reader.
"""

from __future__ import annotations

from ..document import Document, make_line
from .pdflayout import Row, running_rows


def add_pages(doc: Document, pages: list[tuple[float, list[Row]]]) -> None:
    """Append the lines of `pages` ((page height, rows top to bottom) each) to `doc`."""
    drop = running_rows(pages)
    left, right = _text_block([r for _, rows in pages for r in rows if id(r) not in drop])
    para: list[str] = []  # a paragraph of running text that may continue on the next line
    para_at: tuple[int, str] = (0, "")
    for number, (_, rows) in enumerate(pages, start=1):
        doc.noise += [
            (f"{doc.source} (第{number}页)", " ".join(c for c in r.cells if c))
            for r in rows
            if id(r) in drop
        ]
        kept = [r for r in rows if id(r) not in drop]
        for line_no, row in enumerate(kept, start=1):
            detail = f"第{number}页 第{line_no}行"
            if row.delimited:
                _flush(doc, para, para_at)
                doc.lines.append(make_line(tuple(row.cells), line_no, detail, delimited=True))
                continue
            continues = bool(para) and row.x0 <= left + row.em * 0.6
            if not continues:
                _flush(doc, para, para_at)
                para_at = (line_no, detail)
            para.append(row.cells[0])
            if row.x1 < right - row.em * 4:
                _flush(doc, para, para_at)  # a short line ends its paragraph
    _flush(doc, para, para_at)


def _text_block(rows: list[Row]) -> tuple[float, float]:
    """Left and right edges of the running text: where at least two lines start, and
    where the second longest line ends (one stray line does not move them)."""
    starts = sorted(r.x0 for r in rows if not r.delimited)
    ends = sorted((r.x1 for r in rows if not r.delimited), reverse=True)
    if len(starts) < 2:
        return (starts[0], ends[0]) if starts else (0.0, 0.0)
    left = next((a for a, b in zip(starts, starts[1:]) if b - a <= 1.0), starts[0])
    return left, ends[1]


def _flush(doc: Document, para: list[str], at: tuple[int, str]) -> None:
    """A paragraph's lines become one line of the document, like a <p> of a page."""
    if not para:
        return
    text = para[0]
    for piece in para[1:]:
        if (
            text[-1:].isascii()
            and text[-1:].isalnum()
            and piece[:1].isascii()
            and piece[:1].isalnum()
        ):
            text += " "
        text += piece
    doc.lines.append(make_line((text,), at[0], at[1]))
    para.clear()
