"""The rows of an uploaded spreadsheet, read within limits (pure: no Django).

`rows(data, max_rows)` runs in `gongkai.sandbox`'s child process for the ledger import:
the workbook is checked first (`gongkai.filelimits.check_xlsx`: what its parts
inflate to, how many shared strings and how long, how many cells), then read with
openpyxl in read-only mode, at most `max_rows` rows past the header.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from gongkai.filelimits import LimitError, check_xlsx


class SheetError(ValueError):
    """The file is not a workbook we can read; the message says why, in Chinese."""


def rows(data: bytes, max_rows: int) -> list[tuple[Any, ...]]:
    """The first worksheet's rows as tuples of values (header first), at most
    `max_rows` + 2 of them so the caller can tell there were more."""
    try:
        check_xlsx(data)
    except LimitError as exc:
        raise SheetError(f"文件超出导入上限：{exc}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise SheetError("不是有效的 Excel（.xlsx）文件") from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            out = []
            for values in wb.worksheets[0].iter_rows(values_only=True):
                out.append(tuple(values))
                if len(out) > max_rows + 1:
                    break
            return out
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - openpyxl raises anything on a broken file
        raise SheetError("不是有效的 Excel（.xlsx）文件") from None
