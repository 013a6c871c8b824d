"""Text normalisation for matching labels and headings.

Published reports write the same label with full- or half-width brackets and
punctuation, curly or straight quotes, stray spaces and line breaks inside words.
`norm` keeps only what identifies a label: CJK characters, letters and digits.
"""

from __future__ import annotations

import re

# Full-width ASCII (FF01-FF5E) to ASCII, ideographic and no-break spaces to a space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({cp: 0x20 for cp in (0x3000, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF)})


def halfwidth(text: str) -> str:
    """Full-width ASCII forms and odd spaces to their plain forms, one character for one,
    so offsets in the result are offsets in `text`."""
    return text.translate(_WIDTH)


_DROP = re.compile(r"[\W_]+")
_KEEP = re.compile(r"[^\W_]")


_FULL_WIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def norm(text: str) -> str:
    """The identifying characters of `text`: CJK, letters and digits (full-width ones
    made plain), nothing else."""
    kept = _DROP.sub("", text)
    return kept.translate(_WIDTH) if _FULL_WIDTH_ALNUM.search(kept) else kept


def kept_offsets(text: str, limit: int | None = None) -> list[int]:
    """Offsets in `text` of the characters `norm` keeps (norm never changes length per
    character, so norm(text)[i] is text[kept_offsets(text)[i]], width-normalised);
    the first `limit` of them when given."""
    out: list[int] = []
    for m in _KEEP.finditer(text):
        out.append(m.start())
        if limit is not None and len(out) >= limit:
            break
    return out


CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


CN_NUMERALS = "零一二三四五六七八九十"


def cn_number(text: str) -> int | None:
    """一 … 九十九 to an int; None when `text` is not a Chinese numeral."""
    if not text or any(ch not in CN_NUMERALS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = CN_NUMERALS.index(tens) if tens else 1
        o = CN_NUMERALS.index(ones) if ones else 0
        return t * 10 + o
    if len(text) == 1:
        return CN_NUMERALS.index(text)
    return None
