"""Writing a report: JSON, text, HTML, Excel, Word and PDF.

`render(report, form)` returns the bytes of one form; `write(report, path)` picks the
form from the file name. Every writer takes the layout from the report's format, so
the tables always have the official rows, columns and merged header cells.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import WriteError
from ..model import Finding, Report

FILETYPES = ("json", "txt", "html", "xlsx", "docx", "pdf")
_SUFFIX = {
    ".json": "json",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".pdf": "pdf",
}


def filetype_for(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIX:
        raise WriteError(
            f"不支持的输出格式“{suffix or '（无扩展名）'}”，可用："
            + "、".join("." + f for f in FILETYPES)
            + f" (unsupported output file type {suffix!r})"
        )
    return _SUFFIX[suffix]


def render(report: Report, filetype: str, findings: list[Finding] | None = None) -> bytes:
    """The report as a file of `filetype` ("json", "txt", "html", "xlsx", "docx", "pdf")."""
    if filetype == "json":
        from .jsonwriter import render_json

        return render_json(report, findings)
    if filetype == "txt":
        from .text import render_text

        return render_text(report).encode("utf-8")
    if filetype == "html":
        from .html import render_html

        return render_html(report).encode("utf-8")
    if filetype == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(report)
    if filetype == "docx":
        from .docx import render_docx

        return render_docx(report)
    if filetype == "pdf":
        from .pdf import render_pdf

        return render_pdf(report)
    raise WriteError(f"unknown file type {filetype!r}; known: {', '.join(FILETYPES)}")


def write(
    report: Report, path: str | os.PathLike[str], findings: list[Finding] | None = None
) -> None:
    """Write `report` to `path` as the file type its extension names; nothing is left
    half-written: the file appears only when complete."""
    data = render(report, filetype_for(path), findings)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(f"无法写入 {target}：{exc.strerror or exc} (cannot write)") from None
