"""Which agency and which year: every place a report says them, and which one is taken.

A report names its agency and year in its title (however the title is broken over
lines, the agency often on a line of its own above it), in the document's own
properties (a page's title, a Word or PDF file's title), in its opening sentence
(本报告由……编制, ……编制了本报告), in the statistics period (2021年1月1日至…) and in
the signature at the end. The document's properties are taken first when they hold a
report title (a portal's ArticleTitle, a Word file's title), then the title in the text,
the publishing agency of a crawler's header, the signature and the opening sentence. Abbreviations
of one name (上海市科委 and 市科委) agree; when the places really differ, a READ-META
note says what each place says, which was taken and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..labels import halfwidth, norm
from ..model import Finding, Severity
from .meta import (
    AGENCY_NAME,
    find_period_year,
    find_signature_agency,
    find_signature_date,
    find_title,
    title_candidates,
)

META = "READ-META"

_OPENING = (
    re.compile(
        r"本(?:年度)?报告(?:是)?由(?P<a>[\u4e00-\u9fff（）()]{2,40}?)(?:根据|依据|按照|依照|编制|编写|制作)"
    ),
    re.compile(
        r"(?P<a>[\u4e00-\u9fff（）()]{2,40}?)(?:编制|编写)(?:完成)?了?\s*(?:本|该|此)?\s*(?:\d{4}\s*年度?)?\s*"
        r"(?:政府信息公开|政务公开)?(?:工作)?(?:年度)?报告"
    ),
    re.compile(
        r"现将(?P<a>[\u4e00-\u9fff（）()]{2,40}?)\s*(?:\d{4}\s*年度?)?\s*政府信息公开工作(?:情况)?(?:年度)?报告如下"
    ),
)
_LEAD = re.compile(r"^.*(?:要求|规定|精神|通知|部署|意见|由|现将|特|的)")


@dataclass(frozen=True)
class Said:
    place: str  # 标题, 文档属性, 发布机构, 落款, 开头, 统计期限
    agency: str | None = None
    year: int | None = None


def opening_agency(text: str) -> str | None:
    """The agency the opening sentence says made the report, if it names one."""
    if "编" not in text and "报告如下" not in text:
        return None
    # Look only around the words the sentences turn on, not at every character.
    spots = [i for w in ("编制", "编写", "报告如下") for i in _finds(text, w)]
    for pattern in _OPENING:
        for m in (
            m for i in sorted(spots) for m in pattern.finditer(text, max(0, i - 160), i + 60)
        ):
            name = _LEAD.sub("", m["a"]).strip()
            if 2 <= len(name) <= 30 and name[0] not in "我本该其" and AGENCY_NAME.match(name):
                return name
    return None


def _finds(text: str, word: str) -> list[int]:
    out: list[int] = []
    i = text.find(word)
    while i >= 0 and len(out) < 20:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def _agree(a: str, b: str) -> bool:
    x, y = norm(a), norm(b)
    return x == y or x in y or y in x


@dataclass
class Names:
    title: str | None
    agency: str | None
    year: int | None
    note: Finding | None


def names(doc: Document, lines: list[str], head: str, forced_year: int | None) -> Names:
    """Title, agency and year from every place that states them (see the module doc)."""
    said: list[Said] = []
    title = None
    if doc.title:
        t, a, y = find_title([doc.title])
        if t:
            title = t
            said.append(Said("文档属性", a, y))
    t, a, y = find_title(title_candidates(lines))
    if t:
        title = title or t
        said.append(Said("标题", a, y))
    published_by = (doc.meta.get("发布机构") or "").strip()
    if published_by:
        said.append(Said("发布机构", published_by))
    signed = find_signature_agency(lines)
    period = find_period_year(head)
    if period:
        said.append(Said("统计期限", year=period))
    signed_on = find_signature_date(lines, None)
    if signed or signed_on:
        said.append(Said("落款", signed, signed_on.year - 1 if signed_on else None))
    opening = opening_agency(halfwidth(head[:4000]))
    if opening:
        said.append(Said("开头", opening))
    agency = next((s for s in said if s.agency), None)
    year = next((s for s in said if s.year), None)
    if forced_year is not None:
        year = Said("命令行", year=forced_year)
    notes = []
    if agency is not None:
        other = [s for s in said if s.agency and not _agree(s.agency, agency.agency or "")]
        if other:
            notes.append(
                "机关名称各处不一："
                + "，".join(f"{s.place}为“{s.agency}”" for s in said if s.agency)
                + f"；取{agency.place}中的“{agency.agency}”"
                + _why(agency.place)
            )
    if year is not None and year.place != "命令行":
        other = [s for s in said if s.year and s.year != year.year and s.place != "落款"]
        if other:
            notes.append(
                "年度各处不一："
                + "，".join(f"{s.place}为{s.year}年" for s in said if s.year and s.place != "落款")
                + f"；取{year.place}中的{year.year}年"
                + _why(year.place)
            )
    note = Finding(META, Severity.INFO, "；".join(notes) + f" [{META}]") if notes else None
    return Names(title, agency.agency if agency else None, year.year if year else None, note)


def _why(place: str) -> str:
    return {
        "文档属性": "（网页或文件属性中的标题是发布者对报告的称呼）",
        "标题": "（标题是报告对自己的称呼）",
        "发布机构": "（标题未写明，取网页的发布机构）",
        "落款": "（标题未写明，取文末落款）",
        "开头": "（标题和落款均未写明，取开头的说明）",
        "统计期限": "（标题未写明年度，取统计期限）",
    }.get(place, "")
