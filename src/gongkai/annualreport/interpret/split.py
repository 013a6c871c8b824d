"""Taking apart numbers that ran together, and filling a cell a copy lost.

`candidates` lists every way a row's tokens can give exactly `n` values: each run of
digits split into parts with no leading zeros (`640020470` → 64, 0, 0, 2, 0, 4, 70
among others), or, for a tab-separated copy that lost one cell, the missing cell put
at each position. The caller keeps the candidates the table's arithmetic accepts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..model import Number
from .tokens import Kind, Token

MAX_DIGITS = 9  # a count of more than 999,999,999 is not a count
MAX_CANDIDATES = 20000

# A row equation: the cells at `addends` sum to the cell at `total` (indices in the row).
Equation = tuple[tuple[int, ...], int]


class Part:
    """One value of a candidate reading: a number, not applicable, blank or missing.

    Made by the thousand: a plain class with slots (not frozen: frozen objects cost 3x
    to make), whose `__init__` mypyc compiles (a dataclass's stays interpreted). Parts
    compare by identity; readings are compared through their values (`rows._key`)."""

    __slots__ = ("kind", "value", "raw", "token", "derived")

    kind: Kind  # NUM, NA, BLANK; MISSING is NUM with value None
    value: Number | None
    raw: str
    token: Token | None
    derived: str | None  # "split" or "inferred"

    def __init__(
        self,
        kind: Kind,
        value: Number | None,
        raw: str,
        token: Token | None,
        derived: str | None = None,
    ) -> None:
        self.kind = kind
        self.value = value
        self.raw = raw
        self.token = token
        self.derived = derived

    def __repr__(self) -> str:
        return f"Part({self.kind.name}, {self.value!r}, {self.raw!r}, derived={self.derived!r})"


class TooManyWays(Exception):
    """The splits of a run are too many to list: treat the row as unreadable."""


def parse_number(raw: str) -> Number | None:
    text = raw.replace(",", "")
    try:
        if "." in text:
            return Decimal(text)
        return int(text)
    except (ValueError, InvalidOperation):
        return None


@lru_cache(maxsize=8192)
def _split_options(digits: str, k: int) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(parts) for parts in _splits(digits, k))


def _splits(digits: str, k: int) -> Iterator[list[str]]:
    """Every split of `digits` into `k` numbers without leading zeros."""
    if k == 1:
        if len(digits) <= MAX_DIGITS and (digits == "0" or not digits.startswith("0")):
            yield [digits]
        return
    if digits[0] == "0":
        for rest in _splits(digits[1:], k - 1) if len(digits) > k - 1 else ():
            yield ["0", *rest]
        return
    for i in range(1, min(MAX_DIGITS, len(digits) - (k - 1)) + 1):
        for rest in _splits(digits[i:], k - 1):
            yield [digits[:i], *rest]


def _part_counts(sizes: Sequence[tuple[int, int]], n: int) -> Iterator[list[int]]:
    """Every way of taking k_i parts from token i (lo_i <= k_i <= hi_i) with sum n."""
    if not sizes:
        if n == 0:
            yield []
        return
    lo, hi = sizes[0]
    rest_lo = sum(s[0] for s in sizes[1:])
    rest_hi = sum(s[1] for s in sizes[1:])
    for k in range(lo, hi + 1):
        if rest_lo <= n - k <= rest_hi:
            for tail in _part_counts(sizes[1:], n - k):
                yield [k, *tail]


def _single(tok: Token) -> Part:
    if tok.kind is Kind.NUM:
        return Part(Kind.NUM, parse_number(tok.text), tok.text, tok)
    return Part(tok.kind, None, tok.text, tok)


# A way of reading a row: for each token, the pieces its digits are split into, or
# None for the token taken whole.
Plan = tuple[tuple[str, ...] | None, ...]


def split_plans(tokens: Sequence[Token], n: int) -> list[Plan]:
    """Every way `tokens` give `n` values, splitting runs of digits where allowed (no
    leading zeros). Plans are cheap; `plan_values` and `plan_parts` read them."""
    sizes = []
    for tok in tokens:
        if tok.kind is Kind.NUM and tok.splittable and tok.text.isdigit():
            sizes.append((1, len(tok.text)))
        else:
            sizes.append((1, 1))
    out: list[Plan] = []
    for counts in _part_counts(sizes, n):
        per_token: list[tuple[tuple[str, ...] | None, ...]] = []
        for tok, k in zip(tokens, counts, strict=True):
            if k == 1 and not (tok.splittable and tok.text.startswith("0") and len(tok.text) > 1):
                per_token.append((None,))
            else:
                per_token.append(_split_options(tok.text, k))
        total = 1
        for opts in per_token:
            total *= len(opts)
        if total == 0:
            continue
        if total + len(out) > MAX_CANDIDATES:
            raise TooManyWays()
        out.extend(itertools.product(*per_token))
    return out


def plan_values(tokens: Sequence[Token], plan: Plan) -> tuple[Number | None, ...]:
    out: list[Number | None] = []
    for tok, pieces in zip(tokens, plan, strict=True):
        if pieces is None:
            out.append(parse_number(tok.text) if tok.kind is Kind.NUM else None)
        else:
            out.extend(int(p) for p in pieces)
    return tuple(out)


def plan_parts(tokens: Sequence[Token], plan: Plan) -> list[Part]:
    out: list[Part] = []
    for tok, pieces in zip(tokens, plan, strict=True):
        if pieces is None:
            out.append(_single(tok))
        else:
            out.extend(Part(Kind.NUM, int(p), p, tok, "split") for p in pieces)
    return out


def split_candidates(tokens: Sequence[Token], n: int) -> list[list[Part]]:
    """All readings of `tokens` as `n` values, splitting runs of digits where allowed."""
    return [plan_parts(tokens, p) for p in split_plans(tokens, n)]


def satisfied(values: Sequence[Number | None], equations: Sequence[Equation]) -> bool | None:
    """True when every equation holds, False when one fails, None when one involves a
    cell that is not a number."""
    verdict: bool | None = True
    for addends, total in equations:
        cells = [values[i] for i in addends] + [values[total]]
        if any(v is None for v in cells):
            verdict = None
            continue
        if sum(values[i] for i in addends) != values[total]:  # type: ignore[misc]
            return False
    return verdict


def missing_candidates(
    parts: Sequence[Part], n: int, equations: Sequence[Equation]
) -> list[list[Part]]:
    """Readings of n-1 parts as n values with one cell lost, the lost value computed
    from the equation that holds it. Without an equation nothing can be inferred."""
    if not equations or len(parts) != n - 1:
        return []
    out = []
    for pos in range(n):
        values: list[Number | None] = [p.value if p.kind is Kind.NUM else None for p in parts]
        values.insert(pos, None)
        value = _solve(values, pos, equations)
        if value is None:
            continue
        filled = list(parts)
        filled.insert(pos, Part(Kind.NUM, value, "", None, "inferred"))
        out.append(filled)
    return out


def _solve(values: list[Number | None], pos: int, equations: Sequence[Equation]) -> Number | None:
    for addends, total in equations:
        if pos == total:
            known = [values[i] for i in addends]
            if any(v is None for v in known):
                return None
            return sum(known)  # type: ignore[arg-type]
        if pos in addends:
            others = [values[i] for i in addends if i != pos]
            if values[total] is None or any(v is None for v in others):
                return None
            value = values[total] - sum(others)  # type: ignore[operator, arg-type]
            return value if value >= 0 else None
    return None
