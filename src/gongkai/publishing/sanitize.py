"""Rich text in, safe HTML out (nh3), and the plain text search and snippets use."""

from __future__ import annotations

import html
import re

import nh3

TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "a",
    "span",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h[2-4]|tr|blockquote|table|caption)>|<br\s*/?>", re.I)


def clean_html(value: str) -> str:
    """Sanitised HTML. Text without any tag is taken as paragraphs, one per line."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        paragraphs = [line.strip() for line in value.splitlines() if line.strip()]
        value = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return nh3.clean(
        value,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain_text(value: str) -> str:
    """The text of sanitised HTML, one line per block."""
    value = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(nh3.clean(value, tags=set()))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
