"""Lists as CSV: UTF-8 with a BOM so Excel opens it as such; a text that a spreadsheet
would take for a formula is written as text."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date

from django.http import StreamingHttpResponse

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def response(rows: Iterable[dict], columns: Iterable[str], filename: str):
    columns = list(columns)

    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(columns)
        for row in rows:
            yield writer.writerow([cell(row.get(c)) for c in columns])

    out = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8"
    )
    out["Content-Disposition"] = f'attachment; filename="{filename}"'
    return out
