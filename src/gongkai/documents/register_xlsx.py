"""The register as an Excel sheet: export, and import of the same columns.

Import reads the first sheet within limits (size, rows), checks every row against the
register's rules and registers all rows or none, listing each error by row and column.
Every cell written is data: a text that starts like a formula is written as text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from . import rules

HEADERS = (
    ("kind", "文种", True),
    ("number", "文号", False),
    ("made_on", "成文日期", True),
    ("issuers", "发文机关", True),
    ("title", "标题", True),
    ("attribute", "公开属性", False),
    ("reason", "理由", False),
    ("basis", "法律依据", False),
    ("registration_number", "统一登记号", False),
    ("effective_on", "施行日期", False),
    ("valid_until", "有效期至", False),
    ("topic", "主题分类", False),
    ("keywords", "关键词", False),
    ("summary", "内容概述", False),
)
DATES = {"made_on", "effective_on", "valid_until"}
MAX_COLUMNS = 40
KIND_BY_LABEL = {label: value for value, label in rules.KINDS}
ATTRIBUTE_BY_LABEL = {label: value for value, label in rules.ATTRIBUTES}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f" {self.column}列" if self.column else "")
        return f"{where}：{self.message}"


class ImportError_(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


def safe(value):
    """A cell value that Excel will never evaluate."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(documents) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "公文登记"
    ws.append([head for _, head, _ in HEADERS])
    for d in documents:
        row = []
        for key, _, _ in HEADERS:
            value = getattr(d, key)
            if key == "kind":
                value = d.get_kind_display()
            elif key == "attribute":
                value = d.get_attribute_display() if d.attribute else ""
            row.append(safe(value if value is not None else ""))
        ws.append(row)
    for i, width in enumerate((12, 22, 12, 24, 48, 12, 30, 30, 18, 12, 12, 12, 20, 40), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-")
    try:
        y, m, d = (int(p) for p in text.rstrip("日").split("-"))
        return date(y, m, d)
    except (ValueError, TypeError):
        raise ValueError(f"“{_text(value)}”不是日期，请写作 2024-03-01") from None


def read(data: bytes) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """(row number, fields) for every filled row that reads, and the errors of the others;
    ImportError_ when the file itself cannot be read."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportError_([RowError(0, "", "不是有效的 Excel（.xlsx）文件")]) from None
    # Only the first columns are read: a sheet padded with thousands of columns costs nothing.
    rows = wb.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
    where = {_text(h): i for i, h in enumerate(next(rows, None) or ()) if _text(h)}
    missing = [head for _, head, required in HEADERS if required and head not in where]
    if missing:
        raise ImportError_([RowError(1, "", "缺少必填的列：" + "、".join(missing))])
    errors: list[RowError] = []
    found: list[tuple[int, dict]] = []
    limit = settings.REGISTER_IMPORT_MAX_ROWS
    for number, values in enumerate(rows, start=2):
        if number - 1 > limit:
            errors.append(RowError(number, "", f"一次最多导入{limit}行"))
            break
        if values is None or all(_text(v) == "" for v in values):
            continue
        fields: dict = {}
        bad = len(errors)
        for key, head, required in HEADERS:
            if head not in where:
                continue
            i = where[head]
            raw = values[i] if i < len(values) else None
            letter = get_column_letter(i + 1)
            if _text(raw) == "":
                if required:
                    errors.append(RowError(number, letter, f"请填写{head}"))
                continue
            try:
                fields[key] = _value(key, raw)
            except ValueError as e:
                errors.append(RowError(number, letter, str(e)))
        if len(errors) == bad:
            found.append((number, fields))
    wb.close()
    return found, errors


def _value(key: str, raw):
    if key in DATES:
        return _date(raw)
    text = _text(raw)
    if key == "kind":
        if text not in KIND_BY_LABEL:
            raise ValueError(f"未知的文种“{text}”，可填：" + "、".join(KIND_BY_LABEL))
        return KIND_BY_LABEL[text]
    if key == "attribute":
        if text not in ATTRIBUTE_BY_LABEL:
            raise ValueError(f"未知的公开属性“{text}”，可填：主动公开、依申请公开、不予公开")
        return ATTRIBUTE_BY_LABEL[text]
    return text.lstrip("'") if text.startswith("'=") else text
