"""What screening reads and reports: pieces of text with their place, and findings.

A `Segment` is one piece of a file's text that a person could point at: a paragraph of
a Word document, a cell of a sheet, a line of a PDF page, a cell of a scanned table. A
`Finding` names the rule, its severity, a message (the personal data in it masked) and
the segment's place, plus where in the segment's text the match is, so a caller can
mask it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # blocks approval until masked or removed
    WARNING = "warning"  # needs an acknowledgement with a reason


class ScreeningError(Exception):
    """A file could not be screened. `source` names the file, `where` the page or part;
    the message says why."""

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.source = source
        self.where = where
        self.reason = message
        prefix = ":".join(p for p in (source, where) if p)
        super().__init__(f"{prefix}: {message}" if prefix else message)


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file. Only the parts that apply are set."""

    file: str
    page: int | None = None  # PDF, OFD or image page, 1-based
    sheet: str | None = None  # spreadsheet
    cell: str | None = None  # spreadsheet cell ("B7")
    part: str | None = None  # Word: "正文", "页眉", "页脚", "脚注", "尾注", "批注"
    paragraph: int | None = None  # 1-based, within the part
    table: int | None = None  # 1-based, Word or scanned tables
    row: int | None = None
    column: int | None = None
    line: int | None = None  # text files and PDF pages, 1-based

    @property
    def in_list(self) -> bool:
        """In a table or a sheet: a list of people, where an address is theirs."""
        return self.cell is not None or self.table is not None

    def describe(self) -> str:
        """The place as a person would say it: 名单.xlsx 工作表“Sheet1” B7."""
        parts = [self.file]
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.cell is not None:
            parts.append(self.cell)
        if self.part is not None and self.part != "正文":
            parts.append(self.part)
        if self.table is not None:
            parts.append(f"表格{self.table} 第{self.row}行 第{self.column}列")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        return " ".join(parts)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.file}
        for key in ("page", "sheet", "cell", "part", "paragraph", "table", "row", "column"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.line is not None:
            out["line"] = self.line
        out["text"] = self.describe()
        return out


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    location: Location
    # Set when OCR read the text and could not vouch for all of it.
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str  # Chinese, personal data masked, ending in [RULE-ID]
    location: Location
    start: int = 0  # the match in the segment's text
    end: int = 0
    found: str = field(default="", repr=False)  # the matched text itself: never print it
    masked: str | None = None  # what masking puts in its place; None: cannot be masked

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "location": self.location.as_dict(),
        }
        if self.masked is not None:
            out["masked"] = self.masked
        return out
