"""Title, agency, year and publication date; the narrative sections."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from ..formats import Format
from ..labels import halfwidth

_TITLE = re.compile(
    r"(?P<before>[^\s，。；,;:：《》“”\"]{0,40}?)\s*(?P<year>20\d{2}|19\d{2})\s*年\s*度?\s*"
    r"(?P<after>[^，。；,;:：]{0,40}?)\s*政府信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:年度)?\s*报告"
)
_DATE = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|时间|日期|PubDate)\s*[:：=\"]?\s*"
    r"(?P<y>20\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
)
_PERIOD = re.compile(r"(?P<y>20\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-)")
_JUNK_BEFORE = re.compile(r"^(?:关于|正文|标题|附件\d*)")


def find_title(candidates: list[str]) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) from the first candidate text that holds a report title."""
    for text in candidates:
        text = halfwidth(text)
        m = _TITLE.search(text)
        if not m:
            continue
        before = _JUNK_BEFORE.sub("", m["before"]).strip()
        after = m["after"].strip().removeprefix("的")
        agency = re.sub(r"\s+", "", before or after) or None
        title = re.sub(r"\s+", "", before + text[m.start("year") : m.end()])
        return title, agency, int(m["year"])
    return None, None, None


def title_candidates(lines: list[str], limit: int = 40) -> list[str]:
    """Early lines, each alone and joined with the next (titles break across lines)."""
    out = []
    texts = [t.strip() for t in lines[:limit] if t.strip()]
    for i, t in enumerate(texts):
        out.append(t[:300])
        if i + 1 < len(texts) and len(t) < 60:
            out.append(t + texts[i + 1][:60])
    return out


def find_published(text: str) -> date | None:
    m = _DATE.search(halfwidth(text))
    if not m:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def find_period_year(text: str) -> int | None:
    m = _PERIOD.search(halfwidth(text))
    return int(m["y"]) if m else None


def _heading_pattern(title: str) -> str:
    chars = [re.escape(ch) for ch in title if not ch.isspace() and ch not in "、，,"]
    return r"[\s、，,]*".join(chars)


@cache
def _section_patterns(fmt: Format) -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    out = []
    for sec in fmt.sections:
        alts = "|".join(_heading_pattern(t) for t in sec.titles)
        numbered = re.compile(
            r"[一二三四五六七八九十]{1,3}\s*[、.．]\s*(?:" + alts + r")(?:[:：])?"
        )
        at_start = re.compile(
            r"(?:(?<=^)|(?<=\n)|(?<=[。；！？\s]))\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]\s*)?"
            r"(?:" + alts + r")(?:[:：])?"
        )
        out.append((sec.key, numbered, at_start))
    return out


def split_sections(before: str, after: str, fmt: Format) -> dict[str, str]:
    """The prose by section (一 … 六), with "序" for what precedes section 一.

    Headings are found by their titles (with the variants in the layout) after a
    numeral such as 一、 or at the start of a line; prose after the tables that comes
    before any later heading belongs to section 五.
    """
    sections: dict[str, list[str]] = {}

    def collect(text: str, default: str) -> None:
        found: list[tuple[int, int, str]] = []
        for key, numbered, at_start in _section_patterns(fmt):
            m = numbered.search(text) or at_start.search(text)
            if m:
                found.append((m.start(), m.end(), key))
        found.sort()
        pos = 0
        current = default
        for start, end, key in found:
            if start < pos:
                continue
            chunk = text[pos:start].strip()
            if chunk:
                sections.setdefault(current, []).append(chunk)
            current = key
            pos = end
        chunk = text[pos:].strip()
        if chunk:
            sections.setdefault(current, []).append(chunk)

    collect(before, "序")
    collect(after, "五")
    order = ["序"] + [s.key for s in fmt.sections]
    return {k: "\n".join(sections[k]) for k in order if k in sections}
