"""Tesseract, run as a program: many small images in one run, words with confidences.

Debian's `tesseract-ocr` (5.x) with `tesseract-ocr-chi-sim` is the engine. Starting it
costs about a tenth of a second (loading the language model), so every call here takes
a list of images and runs the program once: tesseract reads a text file naming image
files as one document of many pages, and its TSV output says which page each word is
on. Cells of a table are thus read one by one, each with its own confidence, for the
price of one start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image

from .errors import EngineMissingError, OcrError

DEBIAN_PACKAGES = ("tesseract-ocr", "tesseract-ocr-chi-sim")
INSTALL_HINT = "apt-get install " + " ".join(DEBIAN_PACKAGES)
DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in pixels of the image it was found in, y growing downwards."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def shifted(self, dx: int, dy: int) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)


@dataclass(frozen=True, slots=True)
class Word:
    """One word as tesseract read it. `confidence` is tesseract's, 0-100; `line` is
    (block, paragraph, line) within its image, to put words back into lines."""

    text: str
    box: Box
    confidence: float
    line: tuple[int, int, int] = (0, 0, 0)


def _command() -> str:
    """The tesseract program: $GONGKAI_TESSERACT, or `tesseract` on the PATH."""
    found = os.environ.get("GONGKAI_TESSERACT") or shutil.which("tesseract")
    if not found or not os.access(found, os.X_OK):
        raise EngineMissingError(
            f"未找到文字识别程序 tesseract，请安装 Debian 软件包 {' '.join(DEBIAN_PACKAGES)}"
            f"（{INSTALL_HINT}） (OCR engine missing: install {' '.join(DEBIAN_PACKAGES)})"
        )
    return found


@cache
def _languages(command: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [command, "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineMissingError(
            f"文字识别程序 tesseract 无法运行：{exc} (tesseract does not run)"
        ) from None
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def require(languages: Sequence[str] = ("chi_sim", "eng")) -> str:
    """The tesseract command, once it is known to have `languages`; EngineMissingError
    (naming the Debian packages) otherwise."""
    command = _command()
    missing = [lang for lang in languages if lang not in _languages(command)]
    if missing:
        raise EngineMissingError(
            f"文字识别程序 tesseract 缺少语言包 {', '.join(missing)}，请安装 Debian 软件包"
            f" {' '.join(DEBIAN_PACKAGES)}（{INSTALL_HINT}）"
            f" (tesseract lacks {', '.join(missing)}: install {' '.join(DEBIAN_PACKAGES)})"
        )
    return command


def available() -> bool:
    """Whether OCR can run here (tesseract with Chinese and English)."""
    try:
        require()
    except OcrError:
        return False
    return True


def recognise(
    images: Sequence[Image.Image],
    *,
    lang: str = "chi_sim",
    psm: int = 6,
    whitelist: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    source: str | None = None,
    where: str | None = None,
) -> list[list[Word]]:
    """The words of each image, in the order given (one tesseract run for them all).

    `psm` is tesseract's page segmentation mode (6: a block of text, 7: one line);
    `whitelist` limits the characters it may read (digits for number cells). Raises
    EngineMissingError without tesseract, OcrError when it fails or runs past `timeout`.
    """
    if not images:
        return []
    command = require((lang,))
    out: list[list[Word]] = [[] for _ in images]
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as tmp:
        names = []
        for i, image in enumerate(images):
            name = Path(tmp) / f"{i:05d}.png"
            image.save(name, format="PNG")
            names.append(str(name))
        listing = Path(tmp) / "images.txt"
        listing.write_text("\n".join(names) + "\n", encoding="utf-8")
        args = [command, str(listing), "stdout", "-l", lang, "--psm", str(psm)]
        if whitelist:
            args += ["-c", f"tessedit_char_whitelist={whitelist}"]
        args.append("tsv")
        # Tesseract's own threads fight over the two cores with other work; one is faster.
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        try:
            done = subprocess.run(args, capture_output=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise OcrError(
                f"文字识别超过{timeout:g}秒，已放弃 (OCR gave up after {timeout:g} s)",
                source=source,
                where=where,
            ) from None
        except OSError as exc:
            raise EngineMissingError(
                f"文字识别程序 tesseract 无法运行：{exc} (tesseract does not run)",
                source=source,
                where=where,
            ) from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise OcrError(
            f"文字识别失败：{' '.join(tail) or done.returncode} (tesseract failed)",
            source=source,
            where=where,
        )
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        f = row.split("\t")
        if len(f) != 12 or f[0] != "5" or not f[11].strip():
            continue
        page = int(f[1]) - 1
        if not 0 <= page < len(out):
            continue
        left, top, width, height = (int(v) for v in f[6:10])
        out[page].append(
            Word(
                f[11].strip(),
                Box(left, top, left + width, top + height),
                max(0.0, float(f[10])),
                (int(f[2]), int(f[3]), int(f[4])),
            )
        )
    return out
