"""A published document's text as Word and PDF, for the portal's downloads.

The text is the item's sanitised body; its metadata (文号, 题注, 有效性) heads it, so a
downloaded copy of a repealed or lapsed document says so.
"""

from __future__ import annotations

import io
import logging
from html import escape

from docx import Document as WordDocument
from docx.shared import Pt

from gongkai.publishing.models import Item

from .models import Document

FONTS = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'


def _status(item: Item) -> str:
    if item.validity == Item.Validity.REPEALED and item.repealed_on:
        return f"本文件已于{item.repealed_on:%Y年%-m月%-d日}废止，仅供查阅。"
    if item.validity == Item.Validity.EXPIRED and item.expired_on:
        return f"本文件已于{item.expired_on:%Y年%-m月%-d日}失效，仅供查阅。"
    return ""


def _lines(item: Item) -> list[str]:
    return [line.strip() for line in item.body_text.splitlines() if line.strip()]


def _caption(entry: Document | None) -> str:
    return entry.caption if entry is not None else ""


def word(item: Item, entry: Document | None = None) -> bytes:
    out = WordDocument()
    style = out.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(14)
    out.add_heading(item.title, level=1)
    for line in (item.document_number, _caption(entry), _status(item)):
        if line:
            out.add_paragraph(line)
    for line in _lines(item):
        out.add_paragraph(line)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def pdf(item: Item, entry: Document | None = None) -> bytes:
    from weasyprint import HTML

    head = "".join(
        f'<p class="meta">{escape(line)}</p>'
        for line in (item.document_number, _caption(entry), _status(item))
        if line
    )
    html = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
        f"@page {{ size: A4; margin: 25mm 22mm; }} body {{ font-family: {FONTS};"
        " font-size: 14pt; line-height: 1.8; } h1 { font-size: 20pt; text-align: center; }"
        " .meta { text-align: center; color: #333; } p { text-indent: 2em; margin: 0; }"
        f"</style></head><body><h1>{escape(item.title)}</h1>{head}"
        + "".join(f"<p>{escape(line)}</p>" for line in _lines(item))
        + "</body></html>"
    )
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=html, base_url=None).write_pdf()
