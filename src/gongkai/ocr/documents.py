"""Scanned files to OCR pages: PDF pages rendered with PDFium, image files with Pillow."""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, UnidentifiedImageError

from .engine import DEFAULT_TIMEOUT
from .errors import OcrError
from .page import MIN_CONFIDENCE, OcrPage, read_page

DPI = 300
MAX_PAGES = 200
MAX_PIXELS = 60_000_000  # one page; 300 dpi A3 is 17.4 million

WORKERS = min(2, os.cpu_count() or 1)  # pages read at a time

IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"BM",  # BMP
)


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC)


def scanned_pages(data: bytes, source: str | None = None) -> list[int]:
    """The pages of a PDF (1-based) that are scans: no text layer, and an image covering
    at least a quarter of the page. A page of vector drawing without text is not one."""
    pdf = _open_pdf(data, source)
    try:
        out = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                has_text = textpage.count_chars() > 0
                textpage.close()
                if not has_text and _image_share(page) >= 0.25:
                    out.append(index + 1)
            finally:
                page.close()
        return out
    finally:
        pdf.close()


def _image_share(page: pdfium.PdfPage) -> float:
    """The share of the page that its largest image covers."""
    width, height = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, (right - left) * (top - bottom) / max(width * height, 1.0))
    return best


def _open_pdf(data: bytes, source: str | None) -> pdfium.PdfDocument:
    from ..filelimits import LimitError, check_pdf

    try:
        check_pdf(data)  # pages, objects, what its streams inflate to
    except LimitError as exc:
        raise OcrError(str(exc), source=source) from None
    try:
        return pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PDFium's errors become ours
        raise OcrError(
            f"PDF 文件已损坏、已加密或不是 PDF，无法识别：{exc} (cannot open PDF)", source=source
        ) from None


def _scan_dpi(page: pdfium.PdfPage) -> float | None:
    """The resolution of the largest image on a page, as placed on it: a scan's own."""
    best: tuple[int, float] | None = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        assert isinstance(obj, pdfium.PdfImage)
        width_px, _ = obj.get_px_size()
        left, _, right, _ = obj.get_bounds()
        if right - left > 36 and (best is None or width_px > best[0]):
            best = (width_px, width_px / ((right - left) / 72))
    return best[1] if best else None


def render_pdf(
    data: bytes, *, dpi: int = DPI, pages: Sequence[int] | None = None, source: str | None = None
) -> Iterator[tuple[int, Image.Image, int]]:
    """(page number, grayscale image, dpi) for the pages asked (1-based; all by
    default), rendered at `dpi`, or at the scan's own resolution when that is finer
    (up to 400 dpi): enlarging a coarse scan helps tesseract, blurring a fine one does not."""
    pdf = _open_pdf(data, source)
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise OcrError(
                f"PDF 有{count}页，超过识别上限{MAX_PAGES}页 (too many pages to OCR)", source=source
            )
        for number in pages or range(1, count + 1):
            page = pdf[number - 1]
            try:
                w, h = page.get_size()
                if w * h * (dpi / 72) ** 2 > MAX_PIXELS:
                    raise OcrError(
                        "页面过大，无法识别 (page too large to OCR)",
                        source=source,
                        where=f"第{number}页",
                    )
                own = _scan_dpi(page)
                use = dpi if own is None else int(min(max(own, dpi), 400))
                bitmap = page.render(scale=use / 72, grayscale=True)
                image = bitmap.to_pil().convert("L")
                bitmap.close()
            finally:
                page.close()
            yield number, image, use
    finally:
        pdf.close()


def image_frames(data: bytes, source: str | None = None) -> Iterator[tuple[int, Image.Image, int]]:
    """(page number, grayscale image, dpi) of each frame of an image file (TIFF may
    have several)."""
    try:
        image = Image.open(BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise OcrError(f"无法打开图片：{exc} (cannot open image)", source=source) from None
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_PAGES:
        raise OcrError(f"图片有{frames}帧，超过上限 (too many frames)", source=source)
    for index in range(frames):
        image.seek(index)
        if image.width * image.height > MAX_PIXELS:
            raise OcrError("图片过大，无法识别 (image too large)", source=source)
        raw = image.info.get("dpi", (DPI, DPI))[0]
        dpi = int(raw) if raw and 72 <= raw <= 1200 else DPI
        try:
            frame = image.convert("L")
        except OSError as exc:
            raise OcrError(
                f"图片已损坏：{exc} (corrupt image)", source=source, where=f"第{index + 1}页"
            ) from None
        yield index + 1, frame, dpi


def read_pdf(
    data: bytes,
    *,
    pages: Sequence[int] | None = None,
    dpi: int = DPI,
    min_confidence: float = MIN_CONFIDENCE,
    timeout: float | None = DEFAULT_TIMEOUT,
    source: str | None = None,
    workers: int = WORKERS,
) -> list[OcrPage]:
    """OCR the pages of a scanned PDF, `workers` pages at a time. `timeout` bounds the
    whole file, in seconds."""
    frames = render_pdf(data, dpi=dpi, pages=pages, source=source)
    return _read_all(frames, min_confidence, timeout, source, workers)


def read_image(
    data: bytes,
    *,
    min_confidence: float = MIN_CONFIDENCE,
    timeout: float | None = DEFAULT_TIMEOUT,
    source: str | None = None,
    workers: int = WORKERS,
) -> list[OcrPage]:
    """OCR an image file (PNG, JPEG, TIFF, BMP), a page per frame."""
    frames = ((n, image, dpi) for n, image, dpi in image_frames(data, source))
    return _read_all(frames, min_confidence, timeout, source, workers)


def _read_all(
    frames: Iterable[tuple[int, Image.Image, int]],
    min_confidence: float,
    timeout: float | None,
    source: str | None,
    workers: int,
) -> list[OcrPage]:
    """Pages read `workers` at a time (each tesseract run uses one core), rendering
    the next page while others are read; no more pages in memory than that."""
    deadline = _Deadline(timeout)
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    running: deque[Future[OcrPage]] = deque()
    done: list[OcrPage] = []
    try:
        for number, image, dpi in frames:
            if len(running) >= max(1, workers):
                done.append(running.popleft().result())
            running.append(
                pool.submit(
                    read_page,
                    image,
                    dpi=dpi,
                    number=number,
                    min_confidence=min_confidence,
                    timeout=deadline.left(source),
                    source=source,
                )
            )
        while running:
            done.append(running.popleft().result())
        return done
    finally:
        # on an error (or a time limit) do not wait for the pages still being read
        pool.shutdown(wait=False, cancel_futures=True)


class _Deadline:
    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def left(self, source: str | None) -> float | None:
        if self.end is None:
            return None
        left = self.end - time.monotonic()
        if left <= 0:
            raise OcrError(
                f"文字识别超过{self.seconds:g}秒，已放弃 (OCR gave up after {self.seconds:g} s)",
                source=source,
            )
        return left
