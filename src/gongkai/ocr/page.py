"""Reading one page image: its ruled tables cell by cell, and its running text.

Each table cell is cut out along its ruling lines and read on its own, in batches (one
tesseract run per kind of reading and page):

1. every cell with ink, digits only, as one line, twice: as cut out and at 60 % of
   the size (tesseract sometimes misses a clean number at one size and not the
   other). A number cell reads with high confidence, a Chinese label as debris;
2. the cells that read as no number at either size, in Chinese: the labels.

A number cell is trusted only when both looks agree and both are confident; anything
else is kept with its reading and a note saying why it is not trusted, so a caller can
report it instead of using it. Running text outside the tables is read in Chinese, and
with the tables blanked out (inside table cells Chinese OCR turns 6 into 0 and 64 into
604 with high confidence; in running text, away from the ruling lines, it reads digits
well).
"""

from __future__ import annotations

import math
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .engine import DEFAULT_TIMEOUT, Box, Word, recognise
from .grid import Grid, GridCell, Ink, find_grids, ink_of, skew_angle

DIGITS = "0123456789.,-/X"  # X: the check character of ID numbers
MIN_CONFIDENCE = 80.0  # below this a number is not trusted
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_MARK = re.compile(r"/|-{1,2}")
_NUMBERED = re.compile(r"^[(（]?\d{1,2}[)）.．、]\s*[\u3400-\u9fff]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# What Chinese OCR makes of the marks in empty-looking cells: a dash, or our writers' "?".
_MARKS = {"一": "—", "一一": "——", "—": "—", "——": "——", "_": "—", "?": "?", "？": "?"}


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    box: Box
    confidence: float  # the lowest of its words'
    paragraph: tuple[int, int]  # (block, paragraph) as tesseract grouped them


@dataclass(frozen=True, slots=True)
class TableCell:
    row: int  # the band its text belongs to (the middle band of a merged cell)
    column: int  # its place among the cells of that band, left to right
    box: Box
    text: str
    kind: str  # "number", "mark" (/ or -), "text" or "blank"
    confidence: float
    note: str = ""  # why the reading is not trusted; empty when it is

    @property
    def trusted(self) -> bool:
        return not self.note


@dataclass(frozen=True, slots=True)
class Table:
    box: Box
    rows: tuple[tuple[TableCell, ...], ...]


@dataclass(frozen=True, slots=True)
class OcrPage:
    number: int  # 1-based
    width: int
    height: int
    dpi: int
    lines: tuple[TextLine, ...]
    tables: tuple[Table, ...]
    seconds: float
    # Degrees the scan was turned (anticlockwise) to level it before reading: boxes are
    # in the levelled image; `unskew` gives them back on the image as given.
    skew: float = 0.0

    def unskew(self, box: Box) -> Box:
        """The smallest box on the page image as given that holds `box`."""
        if not self.skew:
            return box
        t = math.radians(self.skew)
        cx, cy = self.width / 2, self.height / 2
        xs, ys = [], []
        for x, y in ((box.x0, box.y0), (box.x1, box.y0), (box.x0, box.y1), (box.x1, box.y1)):
            dx, dy = x - cx, y - cy
            xs.append(cx + dx * math.cos(t) - dy * math.sin(t))
            ys.append(cy + dx * math.sin(t) + dy * math.cos(t))
        return Box(math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys)))

    def blocks(self) -> list[TextLine | tuple[TableCell, ...]]:
        """Text lines and table rows, top to bottom."""
        items: list[tuple[float, int, TextLine | tuple[TableCell, ...]]] = [
            (line.box.y0, 0, line) for line in self.lines
        ]
        for table in self.tables:
            for k, row in enumerate(table.rows):
                items.append((table.box.y0 + k * 1e-3, 1, row))
        items.sort(key=lambda item: (item[0], item[1]))
        return [item[2] for item in items]

    @property
    def text(self) -> str:
        """The page as text: a line per text line, a table row's cells joined by tabs."""
        out = []
        for block in self.blocks():
            if isinstance(block, TextLine):
                out.append(block.text)
            else:
                out.append("\t".join(c.text for c in block))
        return "\n".join(out)


def read_page(
    image: Image.Image,
    *,
    dpi: int = 300,
    number: int = 1,
    min_confidence: float = MIN_CONFIDENCE,
    timeout: float | None = DEFAULT_TIMEOUT,
    source: str | None = None,
) -> OcrPage:
    """OCR one page image (any mode; scanned at about `dpi`)."""
    started = time.monotonic()
    given = image.convert("L")
    skew = skew_angle(given)
    gray = (
        given
        if abs(skew) < 0.15
        else given.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    )
    pixels = np.asarray(gray)
    ink = ink_of(pixels)
    grids = find_grids(ink, dpi)
    where = f"第{number}页"
    rest = gray.copy()
    for g in grids:
        rest.paste(255, (g.box.x0 - 4, g.box.y0 - 4, g.box.x1 + 5, g.box.y1 + 5))
    # The text and the tables are read at the same time: each tesseract run uses one core.
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        text = pool.submit(_read_text, rest, timeout, source, where)
        tables = tuple(
            _read_grid(gray, ink, g, dpi, min_confidence, timeout, source, where) for g in grids
        )
        lines = text.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return OcrPage(
        number,
        gray.width,
        gray.height,
        dpi,
        tuple(lines),
        tables,
        time.monotonic() - started,
        skew if gray is not given else 0.0,
    )


# -- table cells


def _cell_image(gray: Image.Image, ink: Ink, box: Box, dpi: int) -> Image.Image | None:
    """The cell's writing on white with a margin, or None when the cell is empty. Rows
    and columns that are nearly all ink are what is left of the borders: not writing.
    The grey pixels are kept as scanned (tesseract reads them better than a mask)."""
    sub = ink[box.y0 : box.y1, box.x0 : box.x1].copy()
    if sub.size == 0:
        return None
    sub[sub.mean(axis=1) > 0.7, :] = False
    sub[:, sub.mean(axis=0) > 0.7] = False
    if int(sub.sum()) < max(6, round(30 * (dpi / 300) ** 2)):
        return None
    ys, xs = np.nonzero(sub)
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    edge = 2
    piece = gray.crop(
        (
            box.x0 + max(0, x0 - edge),
            box.y0 + max(0, y0 - edge),
            box.x0 + min(box.width, x1 + edge),
            box.y0 + min(box.height, y1 + edge),
        )
    )
    margin = max(8, dpi // 20)
    out = Image.new("L", (piece.width + 2 * margin, piece.height + 2 * margin), 255)
    out.paste(piece, (margin, margin))
    return out


def _joined(words: list[Word]) -> tuple[str, float]:
    if not words:
        return "", 0.0
    return _join(words), min(w.confidence for w in words)


def _join(words: list[Word]) -> str:
    """Words of one line as text: no space between Chinese characters."""
    text = words[0].text
    for prev, w in zip(words, words[1:]):
        gap = w.box.x0 - prev.box.x1
        if gap > 0.3 * max(w.box.height, 1) and not (
            _CJK.search(prev.text[-1:]) or _CJK.search(w.text[:1])
        ):
            text += " "
        text += w.text
    return text


def _read_grid(
    gray: Image.Image,
    ink: Ink,
    grid: Grid,
    dpi: int,
    min_confidence: float,
    timeout: float | None,
    source: str | None,
    where: str,
) -> Table:
    images: dict[int, Image.Image] = {}
    for i, cell in enumerate(grid.cells):
        image = _cell_image(gray, ink, cell.box, dpi)
        if image is not None:
            images[i] = image
    filled = list(images)
    # Two looks at every cell, digits only: as cut out, and at 60 % of the size.
    looks = [
        recognise(
            [im if scale == 1 else _smaller(im) for im in (images[i] for i in filled)],
            lang="eng",
            psm=7,
            whitelist=DIGITS,
            timeout=timeout,
            source=source,
            where=where,
        )
        for scale in (1, 0.6)
    ]
    readings: dict[int, Reading] = {}
    labels: list[int] = []
    for i, first, second in zip(filled, *looks):
        reading = _number(_digits(first), _digits(second), min_confidence)
        if reading is None:
            labels.append(i)
        else:
            readings[i] = reading
    texts = recognise(
        [images[i] for i in labels],
        lang="chi_sim",
        psm=6,
        timeout=timeout,
        source=source,
        where=where,
    )
    for i, words in zip(labels, texts):
        text, conf = _joined(words)
        if not text:
            readings[i] = ("number", "", 0.0, "有字迹但未能识别 (ink but no reading)")
        elif text in _MARKS:
            readings[i] = ("mark", _MARKS[text], conf, "")
        elif _is_words(text, conf):
            readings[i] = ("text", text, conf, "")
        else:
            # a stray character or two read with little confidence (a number OCR
            # could not read at all comes out so), or digits without confidence
            readings[i] = (
                "number",
                text,
                conf,
                f"识别置信度低（{conf:.0f}%），读作“{text}” (low OCR confidence)",
            )
    return Table(grid.box, _rows(grid, readings))


Reading = tuple[str, str, float, str]  # kind, text, confidence, why it is not trusted


def _is_words(text: str, confidence: float) -> bool:
    """Whether a Chinese reading is a label rather than a number OCR garbled: it has
    Chinese characters (or Latin words), is not a stray character or two read with
    little confidence, and is not a digit beside a character or two ("6和@" is a
    smudged 64) unless it numbers an item ("3.其他", "（六）其他" are labels)."""
    cjk = len(_CJK.findall(text))
    if not cjk and not re.search(r"[A-Za-z]{2}", text):
        return False
    if len(text) <= 2 and confidence < 50:
        return False
    if _NUMBERED.match(text):
        return True  # "3.其他": an item's number and its label
    return not (re.search(r"\d", text) and cjk <= 2 and len(text) <= 5)


def _digits(words: list[Word]) -> tuple[str, float]:
    text, conf = _joined(words)
    return text.replace(" ", ""), conf


def _number(a: tuple[str, float], b: tuple[str, float], min_confidence: float) -> Reading | None:
    """A number or a mark from the two digit-only looks at a cell; None when neither
    look found one (a label, for the Chinese reading). A number is trusted when both
    looks read the same with confidence."""
    numbers = [r for r in (a, b) if _NUMBER.fullmatch(r[0]) and r[1] >= 50]
    if not numbers:
        marks = [r for r in (a, b) if _MARK.fullmatch(r[0]) and r[1] >= min_confidence]
        return ("mark", marks[0][0], marks[0][1], "") if marks else None
    text, conf = max(numbers, key=lambda r: r[1])
    if a[0] != b[0]:
        note = f"两次识别结果不一致（“{a[0]}”与“{b[0]}”） (two OCR readings disagree)"
    elif min(a[1], b[1]) < min_confidence:
        note = f"识别置信度低（{min(a[1], b[1]):.0f}%），读作“{text}” (low OCR confidence)"
    else:
        note = ""
    return ("number", text, min(a[1], b[1]), note)


def _smaller(image: Image.Image) -> Image.Image:
    """The cell at 60 %: a second, independent look at the same digits."""
    size = (max(1, image.width * 3 // 5), max(1, image.height * 3 // 5))
    return image.resize(size, Image.Resampling.LANCZOS)


def _rows(grid: Grid, readings: dict[int, Reading]) -> tuple[tuple[TableCell, ...], ...]:
    """Cells grouped by band, a merged cell in the band at its middle (where its text
    sits), each band's cells left to right."""
    placed: dict[int, list[tuple[GridCell, int]]] = {}
    for i, cell in enumerate(grid.cells):
        middle = cell.row
        for k in range(cell.row, cell.row + cell.rows):
            top, bottom = grid.bands[k]
            if top <= cell.box.cy <= bottom:
                middle = k
                break
        placed.setdefault(middle, []).append((cell, i))
    rows = []
    for band in sorted(placed):
        cells = sorted(placed[band], key=lambda ci: ci[0].box.x0)
        row = []
        for column, (cell, i) in enumerate(cells):
            kind, text, conf, note = readings.get(i, ("blank", "", 100.0, ""))
            row.append(TableCell(band, column, cell.box, text, kind, conf, note))
        rows.append(tuple(row))
    return tuple(rows)


# -- running text


def _read_text(
    page: Image.Image,
    timeout: float | None,
    source: str | None,
    where: str,
) -> list[TextLine]:
    if not np.any(np.asarray(page) < 128):
        return []
    (words,) = recognise([page], lang="chi_sim", psm=3, timeout=timeout, source=source, where=where)
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    out: list[TextLine] = []
    for key, ws in lines.items():
        ws.sort(key=lambda w: w.box.x0)
        box = Box(
            min(w.box.x0 for w in ws),
            min(w.box.y0 for w in ws),
            max(w.box.x1 for w in ws),
            max(w.box.y1 for w in ws),
        )
        text = _join(ws).strip()
        if text:
            out.append(TextLine(text, box, min(w.confidence for w in ws), key[:2]))
    out.sort(key=lambda line: (line.box.y0, line.box.x0))
    return out
