"""Text normalisation for matching labels and headings.

Published reports write the same label with full- or half-width brackets and
punctuation, curly or straight quotes, stray spaces and line breaks inside words.
`norm` keeps only what identifies a label: CJK characters, letters and digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# Full-width ASCII (FF01-FF5E) to ASCII, ideographic and no-break spaces to a space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({cp: 0x20 for cp in (0x3000, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF)})


_HAS_WIDE = re.compile("[\uff01-\uff5e\u3000\xa0\u2002\u2003\u2009\u200b\ufeff]")


def halfwidth(text: str) -> str:
    """Full-width ASCII forms and odd spaces to their plain forms, one character for one,
    so offsets in the result are offsets in `text`."""
    # translate() looks every character up in a dict: skip texts with nothing to change,
    # and remember the long ones (a report's head is looked at by several finders)
    if not _HAS_WIDE.search(text):
        return text
    return _halfwidth_long(text) if len(text) > 200 else text.translate(_WIDTH)


_WIDE_CHAR = {chr(k): chr(v) for k, v in _WIDTH.items()}


@lru_cache(maxsize=32)
def _halfwidth_long(text: str) -> str:
    # translate() would look up every character; a report holds a handful of distinct
    # wide ones, each replaced in one pass of str.replace. Each search goes on from
    # the last one found (the text before it has none left): one scan of the text,
    # without a string made for every wide character as findall() would.
    search = _HAS_WIDE.search
    pos = 0
    while (m := search(text, pos)) is not None:
        pos = m.start()
        ch = m.group()
        text = text.replace(ch, _WIDE_CHAR[ch])
    return text


# `[\W_]+` spelled with its first character apart: the engine then skips to a
# character of the class by itself instead of trying the repeat at every character.
# (A class with the CJK range ahead of \W tests ideographs faster, but compiling it
# costs more than it saves: the compiler sets a bit for each of its 20992 characters.)
_DROP = re.compile(r"[\W_][\W_]*")
_KEEP = re.compile(r"[^\W_]")

# The full-width letters and digits, U+FF10-U+FF19, U+FF21-U+FF3A, U+FF41-U+FF5A,
# among characters `_DROP` kept: the rest of U+FF10-U+FF5A is punctuation, dropped.
# (One range is tested faster than three.)
_FULL_WIDTH_ALNUM_KEPT = re.compile("[\uff10-\uff5a]")


def norm(text: str) -> str:
    """The identifying characters of `text`: CJK, letters and digits (full-width ones
    made plain), nothing else."""
    if len(text) <= 80:
        return _norm_short(text)  # labels recur in every report: remember them
    if len(text) <= 5000:
        # paragraphs too are normed more than once in a report, and a template's
        # paragraphs recur in many reports
        return _norm_long(text)
    return _norm(text)


def _norm(text: str) -> str:
    kept = _DROP.sub("", text)
    return kept.translate(_WIDTH) if _FULL_WIDTH_ALNUM_KEPT.search(kept) else kept


_norm_short = lru_cache(maxsize=8192)(_norm)
_norm_long = lru_cache(maxsize=256)(_norm)


def kept_offsets(text: str, limit: int | None = None) -> list[int]:
    """Offsets in `text` of the characters `norm` keeps (norm never changes length per
    character, so norm(text)[i] is text[kept_offsets(text)[i]], width-normalised);
    the first `limit` of them when given."""
    if limit is None:
        return [i for i, ch in enumerate(text) if ch.isalnum()]
    out: list[int] = []
    for m in _KEEP.finditer(text):
        out.append(m.start())
        if len(out) >= limit:
            break
    return out


CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


def scan_at(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, for a pattern whose matches all begin with a character
    `starts` matches: tried only where one stands. The engine skips ahead to a pattern's
    first character by itself only when it can see it (a literal, a class, a branch of
    literals), not past a lookbehind or an optional first part; then it tries the whole
    pattern at every character of the text."""
    search, match = starts.search, pattern.match
    pos = 0
    while (start := search(text, pos)) is not None:
        m = match(text, start.start())
        if m is None:
            pos = start.start() + 1
            continue
        yield m
        pos = m.end()
