"""Our own JSON (the contract), read back into a Report."""

from __future__ import annotations

import json

from ..document import Document
from ..errors import ReadError
from ..model import Report
from ..serialize import from_data


def json_document(text: str, source: str) -> Document:
    doc = Document(source=source, kind="json")
    doc.meta["json"] = text
    return doc


def report_from_json_document(
    doc: Document, *, year: int | None = None, layout: str | None = None
) -> Report:
    try:
        data = json.loads(doc.meta["json"])
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"JSON 格式错误：{exc.msg} (invalid JSON)",
            source=doc.source,
            where=f"{exc.lineno}:{exc.colno}",
        ) from None
    if isinstance(data, dict) and layout:
        data = {**data, "format": layout}
    report = from_data(data, doc.source)
    return report.replace(year=year) if year else report
