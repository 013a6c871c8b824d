"""Searching labels and headings across text tokens.

`TextIndex` joins the identifying characters (`labels.norm`) of every text token into
one string, with `#` wherever values stand between two text tokens, so a label can be
found even when a line break or a stray space cut it, but never across a number.
"""

from __future__ import annotations

from bisect import bisect_right

from ..labels import kept_offsets, norm
from .tokens import Kind, Token


class TextIndex:
    def __init__(self, tokens: list[Token], start: int = 0, end: int | None = None):
        end = len(tokens) if end is None else end
        parts: list[str] = []
        self.offsets: list[int] = []  # offset in `text` where each text token starts
        self.token_at: list[int] = []  # the token index of each text token
        pos = 0
        gap = False
        for i in range(start, end):
            tok = tokens[i]
            if tok.kind is not Kind.TEXT:
                gap = gap or tok.kind is not Kind.BLANK
                continue
            if gap and parts:
                parts.append("#")
                pos += 1
            gap = False
            self.offsets.append(pos)
            self.token_at.append(i)
            parts.append(tok.norm)
            pos += len(tok.norm)
        self.text = "".join(parts)

    def token(self, offset: int) -> int:
        """The index of the token holding the character at `offset`."""
        k = bisect_right(self.offsets, offset) - 1
        return self.token_at[max(k, 0)]

    def find_all(self, needle: str, start: int = 0, end: int | None = None) -> list[int]:
        out = []
        end = len(self.text) if end is None else end
        i = self.text.find(needle, start, end)
        while i >= 0:
            out.append(i)
            i = self.text.find(needle, i + 1, end)
        return out

    def find_first(
        self, needles: tuple[str, ...] | list[str], start: int = 0, end: int | None = None
    ) -> int:
        """The earliest offset of any of `needles` in [start, end), or -1."""
        best = -1
        for needle in needles:
            i = self.text.find(needle, start, len(self.text) if end is None else end)
            if i >= 0 and (best < 0 or i < best):
                best = i
        return best


def find_in_raw(raw: str, needle: str) -> int:
    """The offset in `raw` where the identifying characters `needle` begin, or -1.

    `raw` may hold spaces, punctuation and width variants between the characters.
    """
    return span_in_raw(raw, needle)[0]


def span_in_raw(raw: str, needle: str) -> tuple[int, int]:
    """(start, end) of `needle` (identifying characters) in `raw`, or (-1, -1)."""
    if not needle:
        return -1, -1
    # `norm` keeps or drops each character by itself, so the norm of a prefix is a
    # prefix of the norm: a needle found near the start needs no more of `raw` normed
    head = 4 * len(needle) + 200
    k = norm(raw[:head]).find(needle) if len(raw) > head else -1
    if k < 0:
        k = norm(raw).find(needle)
    if k < 0:
        return -1, -1
    kept = kept_offsets(raw, k + len(needle))
    return kept[k], kept[k + len(needle) - 1] + 1
