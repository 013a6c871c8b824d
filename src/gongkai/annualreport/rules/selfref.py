"""Self-references that contradict the agency's kind: a bureau writing 我镇 ("our
town") has copied a township's sentence (BRIEF §4.6)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding, Severity
from .base import Context, rule

TOWNSHIP_WORDS = ("镇", "乡", "街道", "苏木")
DEPARTMENT_WORDS = ("局", "委", "厅", "办", "院", "署", "中心")
_SELF = re.compile(r"(?:我|本)(镇|乡|街道|苏木|局|委|厅|办|院|署|中心)(?![长级域内外])")


def agency_kind(name: str) -> tuple[str, str | None]:
    """(kind, noun): kind is township, department, government or unknown; noun is the
    word the agency would use for itself (局, 委, 镇 …)."""
    name = re.sub(r"\s+", "", name)
    core = name.removesuffix("人民政府").removesuffix("办事处")
    for word in TOWNSHIP_WORDS:
        if core.endswith(word):
            return "township", word
    for suffix, noun in (
        ("办公厅", "厅"),
        ("办公室", "办"),
        ("委员会", "委"),
        ("管委会", "委"),
        ("局", "局"),
        ("委", "委"),
        ("厅", "厅"),
        ("办", "办"),
        ("中心", "中心"),
        ("院", "院"),
        ("署", "署"),
    ):
        if name.endswith(suffix):
            return "department", noun
    if name.endswith("人民政府") or re.search(r"(省|市|区|县|旗|州|盟|新区|实验区|开发区)$", name):
        return "government", None
    return "unknown", None


@rule(
    "SELF-REFERENCE",
    Severity.WARNING,
    "正文的自称（我镇、我局等）与机关类别一致，不出现照抄其他机关报告的字句",
    "Self-references in the text (我镇, 我局 …) fit the agency's kind",
)
def self_reference(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    if not report.agency:
        return
    kind, noun = agency_kind(report.agency)
    if kind == "unknown":
        return
    text = report.prose
    seen: dict[str, list[str]] = {}
    for m in _SELF.finditer(text):
        word = m.group(1)
        if kind == "township" and word in TOWNSHIP_WORDS:
            continue
        if kind == "department" and (word == noun or word not in DEPARTMENT_WORDS + TOWNSHIP_WORDS):
            continue
        if kind == "government" and word not in TOWNSHIP_WORDS + ("局", "委", "厅"):
            continue
        if word == "办" and kind == "department":
            continue  # an office inside any department may call itself 我办
        snippet = re.sub(r"\s+", "", text[max(0, m.start() - 12) : m.end() + 12])
        seen.setdefault(m.group(0), []).append(snippet)
    kinds = {"township": "乡镇（街道）", "department": "部门", "government": "政府"}
    for word, snippets in seen.items():
        yield Finding(
            "SELF-REFERENCE",
            Severity.WARNING,
            f"{report.agency}是{kinds[kind]}，正文却自称“{word}”（{len(snippets)}处，如“…{snippets[0]}…”），"
            "可能照抄了其他机关的报告 [SELF-REFERENCE]",
            actual=word,
        )
