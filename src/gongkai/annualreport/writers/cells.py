"""A spreadsheet cell we write is data, never a formula.

openpyxl makes any string that starts with "=" a formula, and Excel turns text that
starts with "+", "-" or "@" (or a tab or a carriage return before them) into one as soon
as someone edits the cell. Every writer of spreadsheets (the report, the extract, the
applications ledger, the supervising office's board, masked copies) passes its cells
through here:

- `texts_only(workbook)` before saving a normal workbook: every string cell is stored as
  text (`t="inlineStr"`), and one that starts with a risky character gets Excel's quote
  prefix (shown as written, kept as text when edited);
- `text_cell(sheet, value)` for a write-only sheet's rows;
- `csv_text(value)` for CSV, which has no cell types: a risky text gets a leading "'".

The text itself is never changed in a workbook: what was written reads back the same.
"""

from __future__ import annotations

from typing import Any

RISKY = ("=", "+", "-", "@", "\t", "\r", "\n")


def risky(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(RISKY)


def as_text(cell: Any) -> None:
    """Store a string cell as text, whatever it starts with."""
    if isinstance(cell.value, str) and (cell.data_type == "f" or risky(cell.value)):
        cell.data_type = "s"
        cell.quotePrefix = True


def texts_only(workbook: Any) -> None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                as_text(cell)


def text_cell(sheet: Any, value: Any) -> Any:
    """A value for a write-only sheet's row: a risky string as a text cell."""
    if not risky(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    as_text(cell)
    return cell


def csv_text(value: Any) -> Any:
    return "'" + value if risky(value) else value
