"""Search results as the reader sees them: the query's words marked in titles and in a
window of the text around the first match."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, terms: list[str]) -> SafeString:
    """The text, escaped, with every occurrence of the terms in <mark>."""
    if not terms or not text:
        return escape(text or "")
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(text: str, terms: list[str], width: int = 110) -> SafeString:
    """A window of the text around the first match, highlighted."""
    text = " ".join((text or "").split())
    first = min((pos for pos in (text.lower().find(t) for t in terms) if pos >= 0), default=0)
    start = max(0, first - width // 4)
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)  # noqa: S308


def found_in_attachment(item, terms: list[str]) -> tuple[str, SafeString] | None:
    """When none of the terms is in the title or the body but one is in an attachment:
    that attachment's name and a highlighted window of its text (a result then says
    which attachment matched)."""
    seen = f"{item.title} {item.document_number} {item.body_text}".lower()
    if not terms or any(t in seen for t in terms):
        return None
    for name, text in item.attachments.exclude(text="").values_list("name", "text"):
        if any(t in text.lower() for t in terms):
            return name, snippet(text, terms)
    return None
