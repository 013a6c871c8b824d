"""Ruled tables found in page images, merged cells included; and a clear error without
tesseract. Pure geometry: no OCR engine needed."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from gongkai import ocr
from gongkai.ocr.grid import find_grids, ink_of, skew_angle


def _table_image() -> Image.Image:
    """At 300 dpi: a 4-column table of 4 rows under a line of text; column 1 of rows
    2-4 is one merged cell (its borders between those rows are missing)."""
    image = Image.new("L", (2000, 1400), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 80, 900, 130), fill=0)  # a heading: thick, short, not a rule
    xs, ys = [200, 700, 1100, 1500, 1900], [300, 420, 540, 660, 780]
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=3)
    for k, y in enumerate(ys):
        # the merged cell: no border across column 1 between rows 2-4
        start = xs[1] if k in (2, 3) else xs[0]
        draw.line((start, y, xs[-1], y), fill=0, width=3)
    draw.text((800, 470), "42", fill=0)
    return image


def test_a_ruled_table_gives_its_cells_and_its_merged_cell() -> None:
    ink = ink_of(np.asarray(_table_image()))
    (grid,) = find_grids(ink, 300)
    assert len(grid.bands) == 4
    by_row: dict[int, list[tuple[int, int]]] = {}
    for cell in grid.cells:
        by_row.setdefault(cell.row, []).append((cell.column, cell.rows))
    assert by_row[0] == [(0, 1), (1, 1), (2, 1), (3, 1)]
    assert by_row[1] == [(0, 3), (1, 1), (2, 1), (3, 1)]  # the merged cell spans 3 rows
    assert by_row[2] == [(1, 1), (2, 1), (3, 1)] and by_row[3] == [(1, 1), (2, 1), (3, 1)]
    merged = next(c for c in grid.cells if c.rows == 3)
    assert 420 < merged.box.y0 < 430 and 770 < merged.box.y1 < 780  # inside its borders


def test_a_page_of_text_has_no_table() -> None:
    image = Image.new("L", (2000, 1000), 255)
    draw = ImageDraw.Draw(image)
    for y in range(100, 900, 60):
        draw.rectangle((100, y, 1800, y + 30), fill=0)  # blocks of "text", no rules
    assert find_grids(ink_of(np.asarray(image)), 300) == []


def test_without_tesseract_ocr_names_the_debian_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_TESSERACT", str(tmp_path / "none"))
    assert not ocr.available()
    out = BytesIO()
    _table_image().save(out, format="PNG")
    with pytest.raises(ocr.EngineMissingError, match="tesseract-ocr tesseract-ocr-chi-sim"):
        ocr.read_image(out.getvalue(), source="scan.png")


@pytest.mark.parametrize("turn", [0.0, 0.7, -1.2])
def test_a_skewed_scan_is_levelled_before_its_lines_are_found(turn: float) -> None:
    image = _table_image().rotate(turn, resample=Image.Resampling.BICUBIC, fillcolor=255)
    angle = skew_angle(image)
    assert abs(angle + turn) <= 0.1
    if abs(angle) >= 0.15:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    (grid,) = find_grids(ink_of(np.asarray(image)), 300)
    assert len(grid.bands) == 4 and len(grid.cells) == 14
