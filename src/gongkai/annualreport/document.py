"""What every reader produces: the file as lines of cells, with metadata.

A `Line` is one row of a table (HTML `<tr>`, a Word table row, a tab-separated or
Markdown-table line of text, a line of a PDF page split at wide gaps) or one line of
running text. The interpreter (`interpret`) finds the report in these lines, whatever
form they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Line:
    cells: tuple[str, ...]
    # Line number in the source (text files), or None.
    number: int | None = None
    # A human-readable position for forms without lines, e.g. "表格2 第5行".
    detail: str | None = None
    # True when the cells are real table cells: a number in one cell is one value.
    # False for running text, where the spaces between cells may have been lost.
    delimited: bool = False
    # True when empty cells may be layout artefacts (tab-separated copies of web pages)
    # rather than blank cells of the table.
    soft_blanks: bool = False
    # True for the first line of a new page (a form feed in text taken out of a PDF).
    page_break: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.cells)


_new_line = object.__new__
# The slots' own setters: a frozen dataclass's __init__ goes through object.__setattr__
# for each field, which looks the field up by name every time.
_LINE_SLOTS = tuple(
    getattr(Line, name).__set__
    for name in ("cells", "number", "detail", "delimited", "soft_blanks", "page_break")
)


def make_line(
    cells: tuple[str, ...],
    number: int | None = None,
    detail: str | None = None,
    delimited: bool = False,
    soft_blanks: bool = False,
    page_break: bool = False,
) -> Line:
    """`Line(cells, number, detail, delimited, soft_blanks, page_break)`, made faster:
    the readers make one for every row and paragraph."""
    line: Line = _new_line(Line)
    set_cells, set_number, set_detail, set_delimited, set_soft_blanks, set_page_break = _LINE_SLOTS
    set_cells(line, cells)
    set_number(line, number)
    set_detail(line, detail)
    set_delimited(line, delimited)
    set_soft_blanks(line, soft_blanks)
    set_page_break(line, page_break)
    return line


@dataclass
class Document:
    source: str
    kind: str  # "text", "html", "docx", "pdf", "json"
    lines: list[Line] = field(default_factory=list)
    title: str | None = None
    published: date | None = None
    meta: dict[str, str] = field(default_factory=dict)
    # What a reader left out as page furniture: (where, text) of page numbers and
    # running headers and footers, for the reader's note.
    noise: list[tuple[str, str]] = field(default_factory=list)
