"""Verifiable redaction of PDFs for 部分公开 (partial disclosure). Pure, no Django.

    from gongkai import redaction
    marks = redaction.find_marks(data, terms=["张三"], rules=["PII-ID"], basis=redaction.Basis.ART15)
    result = redaction.redact(data, marks, source="答复附件.pdf")
    result.data            # the redacted PDF
    result.bases()         # [(Basis.ART15, 3)]: what the 部分公开 letter lists (第三十七条)
    result.input_sha256, result.output_sha256, result.checks

Marks are boxes on pages (points from the page's top-left corner, as shown), each with
its legal basis (第十四条, 第十五条, 第十六条); an officer's regions are made with
`Mark(page, Box(...), Basis.ART16, reason)`. The pages with marks are burnt into
images with the boxes painted black; other pages are copied; annotations, actions,
embedded files, scripts, forms, outlines and metadata are dropped. The result is
verified before it is given back (`verify`): text re-extracted, no marked string left,
no character under a box, the pixels under every box changed to black, nothing
embedded: VerificationError otherwise. Errors: RedactionError (with `source`, `where`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import (
    DPI,
    Basis,
    Box,
    Mark,
    Redaction,
    RedactionError,
    VerificationError,
    basis_of,
)

if TYPE_CHECKING:
    from .apply import redact
    from .locate import find_marks
    from .verifier import verify


def __getattr__(name: str) -> object:
    """The PDF, image and array libraries load on first use, not with the `gongkai`
    command that lists this package's command."""
    if name == "redact":
        from .apply import redact

        return redact
    if name == "find_marks":
        from .locate import find_marks

        return find_marks
    if name == "verify":
        from .verifier import verify

        return verify
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DPI",
    "Basis",
    "Box",
    "Mark",
    "Redaction",
    "RedactionError",
    "VerificationError",
    "basis_of",
    "find_marks",
    "redact",
    "verify",
]
