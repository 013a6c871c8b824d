"""Marks to redact, their legal basis, and what a redaction gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

DPI = 200  # resolution of the pages burnt into images


class Basis(StrEnum):
    """Why a part is withheld (政府信息公开条例, 2019). The 部分公开 letter lists each
    box's basis (第三十七条)."""

    ART14 = "第十四条"
    ART15 = "第十五条"
    ART16 = "第十六条"

    @property
    def statement(self) -> str:
        return _STATEMENTS[self]

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The table 三 outcome rows (三.三.N) this basis answers to, for the letter and
        the annual report."""
        return _OUTCOMES[self]


_STATEMENTS = {
    Basis.ART14: "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，"
    "以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。",
    Basis.ART15: "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。",
    Basis.ART16: "行政机关的内部事务信息，以及讨论记录、过程稿、磋商信函、请示报告等过程性信息"
    "和行政执法案卷信息，可以不予公开。",
}
_OUTCOMES = {
    Basis.ART14: ("三.三.1", "三.三.2", "三.三.3"),
    Basis.ART15: ("三.三.4",),
    Basis.ART16: ("三.三.5", "三.三.6", "三.三.7"),
}


def basis_of(text: str) -> Basis:
    """第十五条, 十五, 15 or ART15 to the basis; RedactionError for anything else."""
    t = text.strip().upper().removeprefix("ART").removeprefix("第").removesuffix("条")
    for basis, keys in (
        (Basis.ART14, ("十四", "14")),
        (Basis.ART15, ("十五", "15")),
        (Basis.ART16, ("十六", "16")),
    ):
        if t in keys:
            return basis
    raise RedactionError(
        f"法律依据应为第十四条、第十五条或第十六条，而不是“{text}” (unknown basis)"
    )


class RedactionError(Exception):
    """A redaction could not be made. `source` names the file, `where` the page."""

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None):
        self.source = source
        self.where = where
        self.reason = message
        prefix = ":".join(p for p in (source, where) if p)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class VerificationError(RedactionError):
    """The redacted file failed verification; `problems` says every way it failed. No
    output is given: the verifier fails closed."""

    def __init__(self, problems: list[str], *, source: str | None = None):
        self.problems = problems
        super().__init__("遮盖结果未通过验证：" + "；".join(problems), source=source)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page as it is shown, in points, from its top-left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def as_list(self) -> list[float]:
        return [round(v, 2) for v in (self.x0, self.y0, self.x1, self.y1)]


@dataclass(frozen=True, slots=True)
class Mark:
    """A region to burn out of a page (1-based), with its legal basis. `found` is the
    text it was found by (a searched term, or what a screening rule matched), which the
    verifier checks is gone; `reason` says why in words (a rule id, an officer's note)."""

    page: int
    box: Box
    basis: Basis
    reason: str = ""
    found: str = field(default="", repr=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "page": self.page,
            "box": self.box.as_list(),
            "basis": str(self.basis),
            "basis_text": self.basis.statement,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Redaction:
    """A verified redaction: the new file, its marks, and the hashes of both files."""

    data: bytes
    marks: tuple[Mark, ...]
    pages: int
    rasterised: tuple[int, ...]  # the pages burnt into images
    input_sha256: str
    output_sha256: str
    checks: tuple[str, ...]  # what the verifier checked, in words

    def bases(self) -> list[tuple[Basis, int]]:
        """Each basis used with its number of boxes, in the statute's order: what the
        部分公开 letter lists."""
        return [(b, n) for b in Basis if (n := sum(1 for m in self.marks if m.basis is b))]

    def as_dict(self) -> dict[str, object]:
        return {
            "pages": self.pages,
            "rasterised": list(self.rasterised),
            "input_sha256": self.input_sha256,
            "output_sha256": self.output_sha256,
            "marks": [m.as_dict() for m in self.marks],
            "bases": [{"basis": str(b), "boxes": n, "text": b.statement} for b, n in self.bases()],
            "checks": list(self.checks),
        }
