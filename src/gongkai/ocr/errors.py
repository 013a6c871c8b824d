"""The OCR library's one error family: the message says where (file, page) and why."""

from __future__ import annotations


class OcrError(Exception):
    """An image or scanned page could not be read. `source` names the file, `where`
    the page; the message says why."""

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.source = source
        self.where = where
        self.reason = message
        prefix = ":".join(p for p in (source, where) if p)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class EngineMissingError(OcrError):
    """Tesseract, or its Chinese language data, is not installed; the message names the
    Debian packages to install."""
