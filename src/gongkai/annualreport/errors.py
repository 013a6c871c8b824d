"""The library's one error family. Every message says where (file, line, cell) and why."""

from __future__ import annotations


class AnnualReportError(Exception):
    """Base class of every error the annual-report library raises on purpose."""


class FormatError(AnnualReportError):
    """A layout definition or a requested layout is wrong or unknown."""


class ReadError(AnnualReportError):
    """A file could not be read as an annual report.

    `source` names the file; `where` (optional) the line or cell; the message says why.
    """

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.source = source
        self.where = where
        self.reason = message
        prefix = ":".join(p for p in (source, where) if p)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class NotAnnualReportError(ReadError):
    """The file is readable but is not a 政府信息公开工作年度报告 in a supported layout."""


class UnsupportedLayoutError(NotAnnualReportError):
    """An annual report in a layout the library does not read (for example before 2019)."""


class WriteError(AnnualReportError):
    """A report could not be written in the requested form (a missing font, a bad path)."""


def reason_of(exc: AnnualReportError) -> str:
    """The error without the file name, for output that names the file already."""
    if isinstance(exc, ReadError):
        return f"{exc.where}: {exc.reason}" if exc.where else exc.reason
    return str(exc)
