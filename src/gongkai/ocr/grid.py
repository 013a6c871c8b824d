"""Ruled tables in a page image: its ruling lines, then its cells, merged cells included.

Tesseract over a whole page reads the digits of table cells as Chinese characters and
loses which cell a number was in. So the table's lines are found first: runs of dark
pixels longer than a fifth of an inch, horizontally and vertically, joined across the
few pixels of a line's thickness. A table is a group of vertical lines that overlap
top to bottom; its rows are the bands between the horizontal lines that cross its last
column (every row of a statistics table has a cell of its own there); a cell is the
space between two vertical lines that cross the whole band, and a cell whose bottom
line is missing continues into the band below (a label spanning several rows).

Pure geometry on a boolean array (True = ink), y growing downwards, so it is tested
without tesseract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from .engine import Box

Ink = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line: at `pos` (y if horizontal, x if vertical), from `lo` to `hi`."""

    pos: float
    lo: int
    hi: int


@dataclass(frozen=True, slots=True)
class GridCell:
    row: int  # the band it starts in, top to bottom
    column: int  # its place among the cells of that band, left to right
    rows: int  # how many bands it spans
    box: Box  # inside its borders


@dataclass(frozen=True, slots=True)
class Grid:
    box: Box
    bands: tuple[tuple[int, int], ...]  # (top, bottom) of each row band
    cells: tuple[GridCell, ...]
    line_width: int


def ink_of(gray: npt.NDArray[np.uint8]) -> Ink:
    """Dark pixels, with the threshold between paper and ink found by Otsu's method
    (kept within sane bounds, so a blank page stays blank)."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return np.zeros(gray.shape, dtype=np.bool_)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mass[-1] * weight / total - mass) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between)
    threshold = int(np.clip(np.argmax(between), 100, 200))
    result: Ink = gray < threshold
    return result


def skew_angle(gray: Image.Image, limit: float = 2.0) -> float:
    """The angle (degrees, anticlockwise) to turn a scanned page by so its lines are
    level: the one whose rows of ink are sharpest (the variance of the ink per row is
    highest when text lines and ruling lines are horizontal). Steps of 0.2 degrees on
    a quarter-size copy, then of 0.05 around the best on a half-size one."""
    pixels = np.asarray(gray.convert("L"))
    if not (pixels < 160).any():
        return 0.0
    page = Image.fromarray(np.where(pixels < 160, 255, 0).astype(np.uint8))

    def scorer(factor: int) -> Callable[[float], tuple[float, float]]:
        mask = page.reduce(factor) if min(page.size) >= 300 * factor else page

        def score(angle: float) -> tuple[float, float]:
            turned = mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
            rows = np.asarray(turned).sum(axis=1, dtype=np.float64)
            return float(np.var(rows)), -abs(angle)  # ties go to the smaller turn

        return score

    coarse = [k * 0.2 for k in range(-round(limit / 0.2), round(limit / 0.2) + 1)]
    best: float = max(coarse, key=scorer(4))
    level: float = max((best + k * 0.05 for k in range(-4, 5)), key=scorer(2))
    return round(level, 2)


def _runs(ink: Ink, min_length: int) -> tuple[npt.NDArray[np.intp], ...]:
    """(row, start, end) of the horizontal runs of ink at least `min_length` long."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    keep = (ends - starts) >= min_length
    return rows[keep], starts[keep], ends[keep]


def segments(ink: Ink, min_length: int, max_width: int) -> list[Segment]:
    """The horizontal lines of `ink` (pass `ink.T` for the vertical ones): runs on
    neighbouring rows that overlap are one line, kept when no thicker than `max_width`."""
    rows, starts, ends = _runs(ink, min_length)
    open_: list[list[int]] = []  # [first row, last row, lo, hi]
    done: list[list[int]] = []
    for y, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist()):
        for g in open_:
            if y - g[1] <= 2 and a < g[3] and b > g[2]:
                g[1], g[2], g[3] = y, min(g[2], a), max(g[3], b)
                break
        else:
            open_.append([y, y, a, b])
        # lines more than two rows above cannot grow any more
        still = [g for g in open_ if y - g[1] <= 2]
        done += [g for g in open_ if y - g[1] > 2]
        open_ = still
    done += open_
    return [Segment((g[0] + g[1]) / 2, g[2], g[3]) for g in done if g[1] - g[0] + 1 <= max_width]


def _distinct(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _covered(lines: list[Segment], at: float, lo: float, hi: float, tol: float) -> bool:
    """Whether horizontal lines at `at` cover most of [lo, hi]."""
    spans = sorted((s.lo, s.hi) for s in lines if abs(s.pos - at) <= tol)
    covered, reach = 0.0, lo
    for a, b in spans:
        start, end = max(float(a), reach), min(float(b), hi)
        if end > start:
            covered += end - start
            reach = end
    return covered >= 0.6 * (hi - lo)


def find_grids(ink: Ink, dpi: int) -> list[Grid]:
    """The ruled tables of a page, top to bottom."""
    min_length = max(12, dpi // 5)
    max_width = max(3, dpi // 25)
    tol = max(3.0, dpi / 60)
    horizontal = segments(ink, min_length, max_width)
    vertical = segments(np.ascontiguousarray(ink.T), min_length, max_width)
    vertical.sort(key=lambda s: s.lo)
    clusters: list[list[Segment]] = []
    reach = -1.0
    for v in vertical:
        if clusters and v.lo <= reach + tol:
            clusters[-1].append(v)
            reach = max(reach, v.hi)
        else:
            clusters.append([v])
            reach = v.hi
    grids: list[Grid] = []
    for cluster in clusters:
        xs = _distinct([v.pos for v in cluster], tol)
        if len(xs) < 2:
            continue
        top, bottom = min(v.lo for v in cluster), max(v.hi for v in cluster)
        mid = (xs[-2] + xs[-1]) / 2
        ys = _distinct(
            [
                h.pos
                for h in horizontal
                if h.lo <= mid <= h.hi and top - tol <= h.pos <= bottom + tol
            ],
            tol,
        )
        if len(ys) < 2:
            continue
        grid = _cells(cluster, horizontal, xs, ys, tol)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.box.y0)
    return grids


def _cells(
    verticals: list[Segment],
    horizontal: list[Segment],
    xs: list[float],
    ys: list[float],
    tol: float,
) -> Grid | None:
    width = max(2, round(tol))
    bands = list(zip(ys, ys[1:]))
    walls_of: list[list[float]] = []
    for top, bottom in bands:
        reach = min(tol, (bottom - top) / 4)
        walls = _distinct(
            [v.pos for v in verticals if v.lo <= top + reach and v.hi >= bottom - reach], tol
        )
        walls_of.append(walls if len(walls) >= 2 else [xs[0], xs[-1]])
    cells: list[GridCell] = []
    # a cell is open while its bottom line is missing and its walls continue below
    open_: dict[tuple[int, int], tuple[int, int, float]] = {}  # walls -> (row, column, top)
    for i, (top, bottom) in enumerate(bands):
        walls = walls_of[i]
        below = walls_of[i + 1] if i + 1 < len(bands) else []
        for j, (left, right) in enumerate(zip(walls, walls[1:])):
            key = (round(left / tol), round(right / tol))
            row, column, cell_top = open_.pop(key, (i, j, top))
            continues = (
                i + 1 < len(bands)
                and any(abs(w - left) <= tol for w in below)
                and any(abs(w - right) <= tol for w in below)
                and not _covered(horizontal, bottom, left, right, tol)
            )
            if continues:
                open_[key] = (row, column, cell_top)
                continue
            box = Box(
                round(left) + width,
                round(cell_top) + width,
                round(right) - width,
                round(bottom) - width,
            )
            if box.width > 2 and box.height > 2:
                cells.append(GridCell(row, column, i - row + 1, box))
    if not cells:
        return None
    cells.sort(key=lambda c: (c.row, c.box.x0))
    return Grid(
        Box(round(xs[0]), round(ys[0]), round(xs[-1]), round(ys[-1])),
        tuple((round(t), round(b)) for t, b in bands),
        tuple(cells),
        width,
    )
