"""Title, agency, year and publication date; the narrative sections."""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

from ..formats import Format
from ..labels import halfwidth, norm

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


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=\s*年)")


def arabic_years(text: str) -> str:
    """二〇二一年 -> 2021年 (titles of some reports spell the year in Chinese)."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def find_title(candidates: list[str]) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) from the first candidate text that holds a report title.

    When that title names no agency (the agency set on a line of its own above it), a
    later candidate of the same year whose agency looks like an agency's name (the
    lines joined) gives it."""
    first: tuple[str | None, str | None, int | None] | None = None
    joined: tuple[str | None, str | None, int | None] | None = None
    for text in candidates:
        if "报告" not in text or "公开" not in text:
            continue  # most candidates: no title here, and no need for the regex
        text = arabic_years(halfwidth(text))
        m = _TITLE.search(text)
        while m and (
            text[m.start() - 1 : m.start()] in ("《", "<", "〈")
            or text[m.end() : m.end() + 1] in ("》", ">", "〉")
        ):
            m = _TITLE.search(text, m.end())  # a document the sentence cites, not a title
        if not m:
            continue
        before = _JUNK_BEFORE.sub("", m["before"]).strip()
        after = m["after"].strip().removeprefix("的")
        agency = re.sub(r"\s+", "", before or after) or None
        title = re.sub(r"\s+", "", before + text[m.start("year") : m.end()])
        found = (title, agency, int(m["year"]))
        if first is None:
            if agency is not None:
                return found
            first = found
        elif (
            agency is not None
            and found[2] == first[2]
            and AGENCY_NAME.match(agency)
            and (joined is None or len(agency) > len(joined[1] or ""))
        ):
            joined = found  # the longest name the lines above the title make
    if joined is not None:
        return joined
    return first if first is not None else (None, None, None)


def title_candidates(lines: list[str], limit: int = 40) -> list[str]:
    """Early lines, each alone, then each joined with the next (titles break across
    lines); alone first, so a breadcrumb above the title is not taken into it."""
    texts = [t.strip() for t in lines[:limit] if t.strip()]
    singles = [t[:300] for t in texts]
    pairs = [t + texts[i + 1][:60] for i, t in enumerate(texts[:-1]) if len(t) < 60]
    # an agency's name set over two short lines above the title
    triples = [
        t + texts[i + 1] + texts[i + 2][:60]
        for i, t in enumerate(texts[:-2])
        if len(t) < 20 and len(texts[i + 1]) < 20
    ]
    return singles + pairs + triples


def find_published(text: str) -> date | None:
    m = _DATE.search(halfwidth(text))
    if not m:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


_SIGNATURE_DATE = re.compile(r"^\s*(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


def find_signature_date(lines: list[str], year: int | None) -> date | None:
    """The date under the signature at the end ("2022年2月8日" on a line of its own),
    if it falls after the report year."""
    for text in reversed(lines[-20:]):
        if "日" not in text:
            continue  # no date (halfwidth leaves 日 as it is): no need to convert the line
        m = _SIGNATURE_DATE.match(halfwidth(text))
        if m:
            try:
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
            return d if year is None or d.year > year else None
    return None


AGENCY_NAME = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,40}(?:人民政府|办公室|办公厅|委员会|局|委|厅|办|中心|院|署|镇|乡|街道办事处|街道|管委会|实验区|新区)$"
)


def find_signature_agency(lines: list[str]) -> str | None:
    """The agency signed above the date at the end of a report, if there is one."""
    tail = [t.strip() for t in lines[-20:] if t.strip()]
    for i in range(len(tail) - 1, 0, -1):
        if "日" in tail[i] and _SIGNATURE_DATE.match(halfwidth(tail[i])):
            name = re.sub(r"\s+", "", tail[i - 1])
            return name if AGENCY_NAME.match(name) else None
    return None


# Portal chrome around a report copied or saved from a web page.
_CHROME_HEAD = re.compile(
    r"当前位置|首页|来源[:：]|时间[:：]|发布(?:日期|时间)[:：]|微信|微博|QQ空间|全真版|文字版|"
    r"文件下载|相关链接|字号|打印本页|关闭窗口|分享到|浏览次数|访问量|-->"
)
_CHROME_TAIL = re.compile(
    r"版权所有|ICP备|网站标识码|主办单位|承办单位|网站地图|联系我们|扫一扫|友情链接|附件下载|"
    r"公安备案|政府网站找错|适老化|无障碍"
)
_OPENING = re.compile(r"(?:根据|按照|依据|依照|本报告根据)《")


def trim_chrome(sections: dict[str, str]) -> dict[str, str]:
    """Drop a portal's breadcrumb and share buttons before the report and its footer
    after it, when they were read as part of the narrative."""
    out = dict(sections)
    first = next(iter(out), None)
    if first is not None:
        text = out[first]
        m = _OPENING.search(text, 0, 800)
        if m and _CHROME_HEAD.search(text, 0, m.start()):
            out[first] = text[m.start() :]
        elif _CHROME_HEAD.search(text.split("\n", 1)[0][:200] or ""):
            lines = text.split("\n")
            while lines and _CHROME_HEAD.search(lines[0][:200]) and len(lines[0]) < 120:
                lines.pop(0)
            out[first] = "\n".join(lines)
    if out:
        last = list(out)[-1]
        m = _CHROME_TAIL.search(out[last])
        if m:
            out[last] = out[last][: m.start()].rstrip()
    return {k: v for k, v in out.items() if v.strip()}


def drop_signature(sections: dict[str, str], agency: str | None) -> dict[str, str]:
    """The agency's name and the date signed under the last section are not prose."""
    if not sections:
        return sections
    last = list(sections)[-1]
    lines = sections[last].rstrip().split("\n")
    while len(lines) > 1 and (
        _SIGNATURE_DATE.match(halfwidth(lines[-1])) or (agency and lines[-1].strip() == agency)
    ):
        lines.pop()
    return {**sections, last: "\n".join(lines)}


def find_period_year(text: str) -> int | None:
    m = _PERIOD.search(halfwidth(text))
    return int(m["y"]) if m else None


@cache
def _section_patterns(
    fmt: Format,
) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str | None]]:
    """(key, needles, titles, gate) of each section: the titles' identifying characters,
    the titles, and a part all the needles share (see `_collect`) when there are several."""
    every = [tuple(norm(t) for t in sec.titles) for sec in fmt.sections]
    out = []
    for sec, needles in zip(fmt.sections, every, strict=True):
        others = [n for other in every if other is not needles for n in other]
        out.append((sec.key, needles, tuple(sec.titles), _common_part(needles, others)))
    return out


def _common_part(needles: tuple[str, ...], others: list[str]) -> str | None:
    """The longest text (two characters at least) all of several needles hold and the
    other sections' titles do not (a report is full of those)."""
    if len(needles) < 2:
        return None
    first = min(needles, key=len)
    for size in range(len(first), 1, -1):
        for i in range(len(first) - size + 1):
            part = first[i : i + size]
            if all(part in n for n in needles) and not any(part in n for n in others):
                return part
    return None


@cache
def _ascii_titles(fmt: Format) -> bool:
    """Whether a section title holds an ASCII letter or digit, which norm(text) may
    make out of a full-width one: then `_spread` does not find all norm finds."""
    return any(
        ch.isascii() for _, needles, _, _ in _section_patterns(fmt) for n in needles for ch in n
    )


_NUMERALS = "一二三四五六七八九十"
_BOUNDARY = "。；！？\n"


@lru_cache(maxsize=256)
def _spread(needle: str) -> re.Pattern[str]:
    """The title with anything but letters, digits and CJK allowed between its characters."""
    return re.compile(r"[\W_]*".join(re.escape(ch) for ch in needle))


def _finds(text: str, needle: str) -> list[int]:
    out = []
    pos = text.find(needle)
    while pos >= 0:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def _heading(text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Of the places (start, end) where a section's title stands, the heading: the first
    one numbered (一、总体情况), else the first at the start of a line or sentence."""
    numbered: tuple[int, int] | None = None
    at_start: tuple[int, int] | None = None
    for start, end in spans:
        if end < len(text) and text[end] in ":：":
            end += 1
        j = start
        while j > 0 and text[j - 1].isspace():
            j -= 1
        head = start
        if j > 0 and text[j - 1] in "、.．":
            k = j - 1
            while k > 0 and text[k - 1].isspace():
                k -= 1
            n = k
            while n > 0 and k - n < 3 and text[n - 1] in _NUMERALS:
                n -= 1
            if n < k:
                if numbered is None or n < numbered[0]:
                    numbered = (n, end)
                head = n
        b = head
        while b > 0 and text[b - 1].isspace() and text[b - 1] != "\n":
            b -= 1
        if (b == 0 or text[b - 1] in _BOUNDARY or text[b - 1].isspace()) and (
            at_start is None or head < at_start[0]
        ):
            at_start = (head, end)
    return numbered or at_start


def split_sections(before: str, after: str, fmt: Format) -> dict[str, str]:
    """The prose by section (一 … 六), with "序" for what precedes section 一.

    Headings are found by their titles (with the variants in the layout) after a
    numeral such as 一、 or at the start of a line; prose after the tables that comes
    before any later heading belongs to section 五.
    """
    sections: dict[str, list[str]] = {}
    _collect(sections, before, "序", fmt)
    _collect(sections, after, "五", fmt)
    order = ["序"] + [s.key for s in fmt.sections]
    return {k: "\n".join(sections[k]) for k in order if k in sections}


def _collect(sections: dict[str, list[str]], text: str, default: str, fmt: Format) -> None:
    """Add the prose of `text` to `sections`, cut at the section headings in it."""
    found: list[tuple[int, int, str]] = []
    # norm(text) costs more than all the rest: `_spread(n)` finds a title just where
    # norm(text) holds it, unless a title holds ASCII (the layouts' titles do not)
    plain = norm(text) if _ascii_titles(fmt) else None
    for key, needles, titles, gate in _section_patterns(fmt):
        # as written first (fast); through the identifying characters when a space or a
        # comma cuts the title
        written = [(p, p + len(t)) for t in titles for p in _finds(text, t)]
        span = _heading(text, written)
        if span is None and plain is None and gate is not None and not _spread(gate).search(text):
            continue  # the part all titles share is nowhere: one search, not one a title
        if span is None:
            spans = [(m.start(), m.end()) for n in needles for m in _spread(n).finditer(text)]
            count = len(spans) if plain is None else sum(plain.count(n) for n in needles)
            if count > len(written):
                span = _heading(text, spans)
        if span:
            found.append((span[0], span[1], key))
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
