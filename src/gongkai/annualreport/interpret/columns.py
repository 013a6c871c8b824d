"""Choosing among the splits of several rows of table 三 with its column rules.

Each column must satisfy 三（七） = the sum of the result rows, and 一 + 二 = 三（七） + 四.
Every reading of a row adds a fixed amount to each of these 2 x 7 equations (a
"residual" that must come to zero), or makes one uncheckable (a cell that is not a
number). Instead of trying every combination of readings, the rows are split into two
halves: the residuals of one half's combinations are put in a table, and each
combination of the other half looks up the ones that cancel it (meet in the middle),
so twenty rows of a few readings each cost thousands of steps, not billions.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Number

Values = Sequence[Number | None]
# One reading's contribution to the 2 x n residuals; None makes that equation uncheckable.
Vector = tuple[Number | None, ...]

LIMIT = 20000


class Equations:
    """The column equations of table 三 over its rows, by row key."""

    def __init__(
        self,
        n: int,
        results: Sequence[str],
        total: str,
        new: str,
        carried_in: str,
        carried_out: str,
    ):
        self.n = n
        # row key -> (coefficient in the result-sum equation, in the balance equation)
        self.coef: dict[str, tuple[int, int]] = {k: (1, 0) for k in results}
        self.coef[total] = (-1, -1)
        self.coef[new] = (0, 1)
        self.coef[carried_in] = (0, 1)
        self.coef[carried_out] = (0, -1)

    def vector(self, key: str, values: Values | None) -> Vector:
        """What the row adds to the residuals; a missing row makes its equations unchecked."""
        a, b = self.coef.get(key, (0, 0))
        out: list[Number | None] = []
        for coef in (a, b):
            for ci in range(self.n):
                if not coef:
                    out.append(0)
                    continue
                v = None if values is None else values[ci]
                out.append(None if v is None else coef * v)
        return tuple(out)


def _add(x: Vector, y: Vector) -> Vector:
    return tuple(None if a is None or b is None else a + b for a, b in zip(x, y, strict=True))


def _combos(vectors: list[list[Vector]], start: Vector) -> list[tuple[Vector, tuple[int, ...]]]:
    out: list[tuple[Vector, tuple[int, ...]]] = [(start, ())]
    for options in vectors:
        out = [(_add(v, o), idx + (i,)) for v, idx in out for i, o in enumerate(options)]
        if len(out) > LIMIT:
            raise OverflowError
    return out


def survivors(
    eqs: Equations,
    fixed: dict[str, Values | None],
    options: dict[str, list[Values]],
) -> dict[str, set[int]] | None:
    """For each key of `options`, the indices of its readings that take part in some
    combination under which every checkable column equation holds (empty sets when no
    combination does); None when the combinations are too many to go through.

    `fixed` holds the rows already read (None for a row that was not read)."""
    base: Vector = tuple(0 for _ in range(2 * eqs.n))
    for key in eqs.coef:
        if key not in options:
            base = _add(base, eqs.vector(key, fixed.get(key)))
    keys = list(options)
    vectors = [[eqs.vector(k, o) for o in options[k]] for k in keys]
    # Split where the two halves' combination counts are closest.
    sizes = [len(v) for v in vectors]
    best, cut = None, 0
    for c in range(len(keys) + 1):
        larger = max(_product(sizes[:c]), _product(sizes[c:]))
        if best is None or larger < best:
            best, cut = larger, c
    try:
        left = _combos(vectors[:cut], base)
        right = _combos(vectors[cut:], tuple(0 for _ in base))
    except OverflowError:
        return None
    groups: dict[tuple[bool, ...], list[tuple[Vector, tuple[int, ...]]]] = {}
    for vec, idx in right:
        groups.setdefault(tuple(x is None for x in vec), []).append((vec, idx))
    tables: dict[tuple[tuple[bool, ...], tuple[int, ...]], dict[Vector, list[tuple[int, ...]]]] = {}
    used: list[set[int]] = [set() for _ in keys]
    matched: set[int] = set()  # ids of the right-hand buckets already counted
    for vec, idx in left:
        lmask = [x is None for x in vec]
        for rmask, members in groups.items():
            active = tuple(p for p in range(len(vec)) if not (lmask[p] or rmask[p]))
            table = tables.get((rmask, active))
            if table is None:
                table = {}
                for rvec, ridx in members:
                    table.setdefault(tuple(rvec[p] for p in active), []).append(ridx)
                tables[(rmask, active)] = table
            bucket = table.get(tuple(-vec[p] for p in active))  # type: ignore[operator]
            if not bucket:
                continue
            for k, i in enumerate(idx):
                used[k].add(i)
            if id(bucket) not in matched:
                matched.add(id(bucket))
                for ridx in bucket:
                    for k, i in enumerate(ridx, start=cut):
                        used[k].add(i)
    return dict(zip(keys, used, strict=True))


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for s in sizes:
        total *= s
    return total
