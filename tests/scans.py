"""Scanned test documents, made as a scanner would: print to PDF, rasterise, put back.

`needs_tesseract` marks tests that run tesseract: they are skipped on a developer's
machine without it, and fail in CI (CI=true), which installs it, so they never go
missing silently there.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import ParamSpec, TypeVar

import img2pdf
from PIL import Image

from gongkai import ocr
from tests.support.tools import require

P = ParamSpec("P")
R = TypeVar("R")


def _tesseract_or_skip() -> None:
    require(ocr.available(), "tesseract-ocr / tesseract-ocr-chi-sim")


def needs_tesseract(test: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        _tesseract_or_skip()
        return test(*args, **kwargs)

    return run


def rasterise(pdf: Path, dpi: int = 200) -> list[Image.Image]:
    """The pages of a PDF as grey images, by poppler's pdftoppm (as a scanner sees them)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", str(dpi), str(pdf), f"{tmp}/page"], check=True
        )
        return [Image.open(p).copy() for p in sorted(Path(tmp).glob("page-*.png"))]


def images_to_pdf(pages: Sequence[Image.Image], dpi: int = 200, quality: int = 70) -> bytes:
    """Page images as a PDF with no text layer: JPEG pages, as scanners store them."""
    jpegs = []
    for page in pages:
        out = BytesIO()
        page.convert("L").save(out, format="JPEG", quality=quality, dpi=(dpi, dpi))
        jpegs.append(out.getvalue())
    data = img2pdf.convert(jpegs)
    assert isinstance(data, bytes)
    return data


def scan(pdf: Path, dpi: int = 200) -> bytes:
    return images_to_pdf(rasterise(pdf, dpi), dpi)
