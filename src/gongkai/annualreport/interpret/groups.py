"""Runs of values and the labels before them.

A `Group` is a run of value tokens (numbers, not-applicable marks, blanks) with the
text that came before it: `same_line`, the text on the line of its first value
(the row label in a well-formed table), and `context`, all text since the previous
run (which may hold a label cut from its values, as in text taken out of a PDF).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..formats import Row
from ..labels import norm
from .tokens import Kind, Token

# Says where a document line is, for messages: where(line_index) or where(None) for
# the file as a whole.
Where = Callable[[int | None], str]


class Group:
    """A run of values with the text before it. A plain class with slots (made many
    times a report; compiled by mypyc, its `__init__` is native, where a dataclass's
    stays interpreted). Groups compare by identity."""

    __slots__ = ("tokens", "context", "same_line", "first_line", "lines")

    tokens: list[Token]
    context: str  # normalised text since the previous group
    same_line: str  # normalised text on the first value's line, before it
    first_line: int
    lines: list[int]

    def __init__(
        self,
        tokens: list[Token],
        context: str,
        same_line: str,
        first_line: int,
        lines: list[int] | None = None,
    ) -> None:
        self.tokens = tokens
        self.context = context
        self.same_line = same_line
        self.first_line = first_line
        self.lines = [] if lines is None else lines

    def __repr__(self) -> str:
        return (
            f"Group({self.tokens!r}, {self.context!r}, {self.same_line!r}, "
            f"{self.first_line!r}, {self.lines!r})"
        )

    @property
    def last_line(self) -> int:
        return self.tokens[-1].line

    def count_range(self) -> tuple[int, int]:
        """How many values these tokens can hold (runs of digits may hold several)."""
        lo = hi = 0
        for t in self.tokens:
            if t.kind is Kind.BLANK and t.soft:
                continue
            lo += 1
            hi += len(t.text) if (t.kind is Kind.NUM and t.splittable and t.text.isdigit()) else 1
        return lo, hi

    def solid(self) -> list[Token]:
        """The tokens without soft blanks (empty cells of a tab-separated copy)."""
        return [t for t in self.tokens if not (t.kind is Kind.BLANK and t.soft)]


def build_groups(tokens: list[Token], start: int, end: int, width: int) -> list[Group]:
    """The value runs in tokens[start:end].

    A run ends at text. At a line break it ends too, unless it is still short of
    `width` values and the next line's values (with no text before them) complete it:
    a row broken across lines stays one row, two full rows stay two.
    """
    lines: list[Group] = []
    ctx: list[Token] = []
    cur: Group | None = None
    for i in range(start, end):
        tok = tokens[i]
        if tok.kind is Kind.TEXT:
            if cur is not None:
                lines.append(cur)
                cur = None
            ctx.append(tok)
            continue
        if cur is not None and tok.line != cur.last_line:
            lines.append(cur)
            cur = None
        if cur is None:
            same = "".join(t.norm for t in ctx if t.line == tok.line)
            cur = Group([], "".join(t.norm for t in ctx), same, tok.line, [tok.line])
            ctx = []
        cur.tokens.append(tok)
    if cur is not None:
        lines.append(cur)
    # Empty cells of a tab-separated copy alone are no row.
    lines = [g for g in lines if any(not (t.kind is Kind.BLANK and t.soft) for t in g.tokens)]
    # Join line pieces of one row.
    out: list[Group] = []
    for g in lines:
        if out and not g.context:
            prev = out[-1]
            lo_p, _ = prev.count_range()
            lo_g, _ = g.count_range()
            if lo_p < width and lo_p + lo_g <= width:
                prev.tokens.extend(g.tokens)
                prev.lines.append(g.first_line)
                continue
        out.append(g)
    return out


class Match:
    """A row label found in a text. A plain class with slots: made for every run and
    every label tried, its `__init__` is native under mypyc (a dataclass's is not).
    Matches are not changed once made, and compare by identity."""

    __slots__ = ("key", "strength", "fuzzy", "form")

    key: str
    strength: int
    fuzzy: bool
    form: str  # the label form matched

    def __init__(self, key: str, strength: int, fuzzy: bool = False, form: str = "") -> None:
        self.key = key
        self.strength = strength
        self.fuzzy = fuzzy
        self.form = form

    def __repr__(self) -> str:
        return (
            f"Match(key={self.key!r}, strength={self.strength!r}, fuzzy={self.fuzzy!r}, "
            f"form={self.form!r})"
        )


def label_variants(row: Row) -> list[str]:
    """The normalised forms a row label may take, longest first.

    A label shorter than three characters (其他, 总计) only counts with its numbering,
    since the same word heads columns and other rows.
    """
    out = set()
    for label in row.labels:
        n = norm(label)
        p = norm(row.prefix)
        if p:
            out.add(p + n)
        if len(n) >= 3 or not p:
            out.add(n)
    return sorted(out, key=len, reverse=True)


SLACK = 4


class Matcher:
    """Finds which row label a text ends with; built once per table layout."""

    def __init__(self, variants: dict[str, list[str]]):
        self.owner: dict[str, str] = {}
        for key, forms in variants.items():
            for form in forms:
                self.owner.setdefault(form, key)
        alts = "|".join(re.escape(f) for f in sorted(self.owner, key=len, reverse=True))
        self.pattern = re.compile(f"(?:{alts})(?=.{{0,{SLACK}}}$)", re.S)
        self.bigrams = {f: _bigrams(f) for f in self.owner if len(f) >= 4}
        # the longest text `fuzzy_match` looks at: the longest form and 6 more
        self.window = max(map(len, self.bigrams), default=0) + 6


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def fuzzy_match(text: str, matcher: Matcher, threshold: float = 0.6) -> Match | None:
    """The row whose label the end of `text` most resembles (shared pairs of
    characters), for labels a report reworded slightly; None below `threshold`."""
    if len(text) < 4:
        return None
    best: tuple[float, int, str] | None = None
    # The pairs of the end of the text as long as a form, and 6 more: the last
    # len(form) + 5 pairs of the longest such end, sliced (one set made per length).
    tail = text[-matcher.window :]
    pairs = [tail[i : i + 2] for i in range(len(tail) - 1)]
    windows: dict[int, set[str]] = {}
    for form, grams in matcher.bigrams.items():
        window = windows.get(len(form))
        if window is None:
            window = windows[len(form)] = set(pairs[-(len(form) + 5) :])
        score = len(grams & window) / len(grams)
        if score >= threshold and (best is None or (score, len(form)) > best[:2]):
            best = (score, len(form), form)
    if best is None:
        return None
    return Match(matcher.owner[best[2]], int(best[1] * best[0]), fuzzy=True)


def best_match(text: str, matcher: Matcher) -> Match | None:
    """The row whose label `text` ends with, allowing a few trailing characters (a
    stray row number or bracket). The longest label wins."""
    if not text:
        return None
    pattern, owner = matcher.pattern, matcher.owner
    best: Match | None = None
    for m in pattern.finditer(text, max(0, len(text) - 160)):
        form = m.group(0)
        junk = len(text) - m.end()
        if junk and text[-junk:].isdigit():
            junk = 0  # a row number of the next row, left over
        strength = len(form) * 2 - junk
        if best is None or strength > best.strength:
            best = Match(owner[form], strength, form=form)
    return best


def straddle_match(before: str, after: str, matcher: Matcher) -> Match | None:
    """The row whose label runs through the values: it starts in `before` (ending it)
    and ends in `after` (starting it), both parts non-empty. The longest label wins."""
    if not before or not after:
        return None
    best: Match | None = None
    # Where a form is cut, its characters at cut - 1 and cut are these two: a form
    # without them is skipped, and only the cuts where they stand are tried.
    pair = before[-1] + after[0]
    for form, key in matcher.owner.items():
        if len(form) < 4 or (best is not None and len(form) <= best.strength):
            continue
        cut = len(form)
        while (cut := form.rfind(pair, 0, cut)) >= 0:
            cut += 1
            if before.endswith(form[:cut]) and after.startswith(form[cut:]):
                best = Match(key, len(form), form=form)
                break
    return best
