"""The narrative against the tables: numbers stated in the text must match (warnings).

Statements are found by pattern ("收到申请75件", "1件结转下年度", "有 1 件涉及…行政复议"),
most specific first, and each stretch of text is used by one statement only, so
"同意公开答复 9 件" counts as an outcome, not as a number of applications answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ..formats import Block, Format, Row
from ..labels import halfwidth
from ..model import CellState, Finding, Number, Report, Severity, format_number
from .base import Context, rule

_N = r"(\d+)\s*(?:件|个|项|条|宗)"
_GAP = r"[^\d。；;，,]{0,%d}?"  # a short stretch with no number and no clause break
_GAPC = r"[^\d。；;]{0,%d}?"  # may cross a comma


@dataclass(frozen=True, eq=False)
class Scan:
    """A statement's pattern, and the words one of which every match begins with; none
    for a pattern that begins with a count (`_N`). The engine's search for a choice of
    first words tests every character of the text against a set (the cost of a whole
    pattern's search is mostly that); str.find runs through the text many times
    faster, and the pattern is then only tried where a word stands."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]


def _at(words: str, rest: str) -> Scan:
    """A pattern that begins with one of `words` ("a|b|c", literal), then `rest`."""
    return Scan(re.compile("(?:" + words + ")" + rest), _firsts(words.split("|")))


def _firsts(words: list[str]) -> tuple[str, ...]:
    """`words` less those that begin with another one (found where that one is)."""
    return tuple(w for w in words if not any(w != v and w.startswith(v) for v in words))


def _count_then(rest: str) -> Scan:
    """A pattern that begins with a count (`_N`), then `rest`."""
    return Scan(re.compile(_N + rest), ())


# eq=False: compared and hashed as themselves (they are constants), as `statements`'
# cache hashes the thirteen of them at every call
@dataclass(frozen=True, eq=False)
class Metric:
    key: str
    name: str  # how the message names the table figure
    scans: tuple[Scan, ...]
    needs: tuple[str, ...]  # every pattern holds one of these words: without them, skip


# In priority order: outcomes and carry-overs before the general "answered" counts.
T3_METRICS: tuple[Metric, ...] = (
    Metric(
        "open+partial",
        "表三（一）予以公开+（二）部分公开",
        (_at("予以公开|同意公开", r"(?:及|和|、)部分公开" + _GAP % 6 + _N),),
        ("部分公开",),
    ),
    Metric(
        "open",
        "表三（一）予以公开",
        (_at("予以公开|同意公开|全部公开", r"(?!及|和|、)" + _GAP % 6 + _N),),
        ("予以公开", "同意公开", "全部公开"),
    ),
    Metric(
        "partial",
        "表三（二）部分公开",
        (_at("部分公开|区分处理", _GAP % 6 + _N),),
        ("部分公开", "区分处理"),
    ),
    Metric("refused", "表三（三）不予公开", (_at("不予公开", _GAP % 6 + _N),), ("不予公开",)),
    Metric("unable", "表三（四）无法提供", (_at("无法提供", _GAP % 6 + _N),), ("无法提供",)),
    Metric("not-processed", "表三（五）不予处理", (_at("不予处理", _GAP % 6 + _N),), ("不予处理",)),
    Metric("other", "表三（六）其他处理", (_at("其他处理", _GAP % 6 + _N),), ("其他处理",)),
    Metric(
        "carried-in",
        "表三“二、上年结转”总计",
        (
            _at("上", r"(?:一)?年(?:度)?结转" + _GAP % 12 + _N),
            _count_then(_GAP % 6 + r"(?:为|系|属)?上(?:一)?年(?:度)?结转"),
        ),
        ("结转",),
    ),
    Metric(
        "carried-out",
        "表三“四、结转下年度继续办理”总计",
        (
            _at("结转|转入|转|顺延", r"(?:到|至)?下(?:一)?年(?:度)?" + _GAP % 12 + _N),
            _count_then(_GAPC % 14 + r"(?:结转|转入|转|顺延)(?:到|至)?下(?:一)?年(?:度)?"),
        ),
        ("下年", "下一年"),
    ),
    Metric(
        "received",
        "表三“一、本年新收”总计",
        (
            _at("新收|收到|受理|接收|接到", _GAP % 12 + r"申请" + _GAP % 4 + _N),
            _at("新收|收到|受理|接收|接到", _GAP % 8 + _N + _GAP % 8 + r"申请"),
        ),
        ("申请",),
    ),
    Metric(
        "handled",
        "表三“三（七）总计”",
        (_at("办结|答复|办理完毕|办理完成|办理", _GAP % 12 + _N),),
        ("办结", "答复", "办理"),
    ),
)

T4_METRICS: tuple[Metric, ...] = (
    Metric(
        "reconsideration",
        "表四“行政复议”总计",
        (
            _at("行政复议", r"(?:案件|申请|数)?" + _GAP % 6 + _N),
            _count_then(_GAP % 16 + r"行政复议"),
        ),
        ("行政复议",),
    ),
    Metric(
        "litigation",
        "表四“行政诉讼”总计（直接起诉+复议后起诉）",
        (
            _at("行政诉讼|诉讼", r"(?:案件|数)?" + _GAP % 6 + _N),
            _count_then(_GAP % 16 + r"行政诉讼"),
        ),
        ("诉讼",),
    ),
)


def _sum(report: Report, ids: Sequence[str]) -> tuple[Number | None, list[str], bool]:
    """Sum of cells: (value, cells that are not numbers, whether blanks were taken as 0)."""
    total: Number = 0
    bad: list[str] = []
    for cid in ids:
        cell = report.cell(cid)
        if cell.state is CellState.NUMBER and cell.value is not None:
            total += cell.value
        else:
            bad.append(cid)
    return (total if not bad else None), bad, False


def _row_total(report: Report, row_keys: Sequence[str]) -> tuple[Number | None, str]:
    """The 总计 of rows; where a 总计 cell is blank, the sum of its applicant cells,
    blanks counted as 0 (said in the returned note)."""
    fmt = report.format
    total: Number = 0
    notes = []
    for key in row_keys:
        cell = report.cell(f"t3/{key}/总计")
        if cell.state is CellState.NUMBER and cell.value is not None:
            total += cell.value
            continue
        parts = [report.cell(f"t3/{key}/{c.key}") for c in fmt.t3_columns if c.role != "total"]
        if cell.state is CellState.BLANK and all(
            p.state in (CellState.NUMBER, CellState.BLANK) for p in parts
        ):
            total += sum((p.value or 0) for p in parts)
            notes.append(key)
            continue
        return None, ""
    note = "（表中总计栏空白，按各类申请人之和计算，空白按0计）" if notes else ""
    return total, note


def _t3_rows(report: Report, metric: str) -> list[str]:
    fmt = report.format
    keys = [r.key for r in report.t3_rows]
    prefix = {
        "open": ["三.一"],
        "partial": ["三.二"],
        "open+partial": ["三.一", "三.二"],
        "refused": [k for k in keys if k.startswith("三.三.")],
        "unable": [k for k in keys if k.startswith("三.四.")],
        "not-processed": [k for k in keys if k.startswith("三.五.")],
        "other": [k for k in keys if k == "三.六" or k.startswith("三.六.")],
        "carried-in": [r.key for r in fmt.t3_rows_with("carried_in")],
        "carried-out": [r.key for r in fmt.t3_rows_with("carried_out")],
        "received": [r.key for r in fmt.t3_rows_with("new")],
        "handled": [r.key for r in fmt.t3_rows_with("total")],
    }
    return prefix[metric]


@dataclass(frozen=True)
class Statement:
    metric: Metric
    value: int
    quote: str


def _squeeze_spaces(text: str) -> str:
    """The text without its runs of whitespace, except that a run between two digits
    becomes one space. (str.split and str.isdecimal know the same whitespace and
    digits as the regular expressions' \\s and \\d; two patterns over the whole text
    took 15 times as long.)"""
    words = text.split()
    if len(words) < 2:
        return words[0] if words else ""
    out = [words[0]]
    last = words[0][-1]
    for word in words[1:]:
        if last.isdecimal() and word[0].isdecimal():
            out.append(" ")
        out.append(word)
        last = word[-1]
    return "".join(out)


@lru_cache(maxsize=8)
def statements(text: str, metrics: tuple[Metric, ...]) -> list[Statement]:
    """Every (metric, number) the text states, each stretch of text used once."""
    # Line breaks and spaces fall inside words in copies of PDFs; keep only a space
    # between two digits, so "2024 1" does not become one number.
    text = _squeeze_spaces(halfwidth(text))
    taken: list[tuple[int, int]] = []
    out = []
    # where each scan can match, found once a text (two scans may share their words)
    starts: dict[tuple[str, ...], list[int]] = {}
    for metric in metrics:
        if not any(word in text for word in metric.needs):
            continue
        for scan in metric.scans:
            at = starts.get(scan.words)
            if at is None:
                at = starts[scan.words] = (
                    _word_starts(text, scan.words) if scan.words else _count_starts(text)
                )
            for m in _matches_at(scan.pattern, text, at):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if metric.key in _ABOUT_APPLICATIONS and "申请" not in _sentence(
                    text, m.start(), m.end()
                ):
                    continue  # 办理/答复 N 件 about something else (建议、提案、来信)
                taken.append((m.start(), m.end()))
                quote = re.sub(r"\s+", "", text[m.start() : m.end()])
                out.append(Statement(metric, int(m.group(1)), quote))
    return out


def _word_starts(text: str, words: tuple[str, ...]) -> list[int]:
    """Where any of `words` stands in `text`, in order (no word begins with another,
    so no two stand at one place)."""
    out: list[int] = []
    for word in words:
        i = text.find(word)
        while i >= 0:
            out.append(i)
            i = text.find(word, i + 1)
    out.sort()
    return out


_UNITS = ("件", "个", "项", "条", "宗")


def _count_starts(text: str) -> list[int]:
    r"""Where `_N` can match, in order: each digit of the digits before a unit (and
    spaces), as `\d(?=\d*\s*(?:件|个|项|条|宗))` finds them. Found back from each
    unit: the engine would test every character for a digit. (isspace and isdecimal
    are the engine's \s and \d.)"""
    out: list[int] = []
    for unit in _UNITS:
        u = text.find(unit)
        while u >= 0:
            end = u
            while end > 0 and text[end - 1].isspace():
                end -= 1
            first = end
            while first > 0 and text[first - 1].isdecimal():
                first -= 1
            out.extend(range(first, end))
            u = text.find(unit, u + 1)
    out.sort()
    return out


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: list[int], alone: bool = False
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that can only match at `starts` (in order);
    `alone`: not right after an ideograph, as `(?<![\u4e00-\u9fff])` before the pattern
    would say (compiling that class costs more than a report's check of it: the
    compiler sets a bit for each of its 20992 characters)."""
    match = pattern.match
    pos = 0
    for start in starts:
        if start < pos or (alone and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff"):
            continue
        m = match(text, start)
        if m is not None:
            yield m
            pos = m.end()


# Metrics whose words are used of other work too: the sentence (or the one before)
# must be about applications.
_ABOUT_APPLICATIONS = frozenset({"handled"})
_SENTENCE_END = re.compile(r"[。!?！？\n]")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], with the sentence before it ("本年度新收申请
    N件。本年度办结M件" speaks of applications in both)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)]
    before = ends[-2] if len(ends) >= 2 else 0
    after = _SENTENCE_END.search(text, end)
    return text[before : after.start() if after else len(text)]


def _prose(report: Report) -> str:
    # Sections 一 to 四 (and the foreword) describe the year's figures; 五 and 六 do not.
    return "\n".join(v for k, v in report.narrative.items() if k in ("序", "一", "二", "三", "四"))


@rule(
    "NARR-T3",
    Severity.WARNING,
    "正文所述申请数量（新收、结转、办结及各办理结果）与表三一致",
    "Application figures stated in the text match table 3",
)
def narrative_t3(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    for st in statements(_prose(report), T3_METRICS + T4_METRICS):
        if st.metric in T4_METRICS:
            continue
        rows = _t3_rows(report, st.metric.key)
        value, note = _row_total(report, rows)
        cells = tuple(f"t3/{k}/总计" for k in rows)
        yield from _compare(report, "NARR-T3", st, value, note, cells)


@rule(
    "NARR-T4",
    Severity.WARNING,
    "正文所述行政复议、行政诉讼件数与表四一致",
    "Reconsideration and litigation counts stated in the text match table 4",
)
def narrative_t4(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    for st in statements(_prose(report), T3_METRICS + T4_METRICS):
        if st.metric not in T4_METRICS:
            continue
        if st.metric.key == "reconsideration":
            cells: tuple[str, ...] = ("t4/行政复议/总计",)
        else:
            cells = ("t4/未经复议直接起诉/总计", "t4/复议后起诉/总计")
        value, bad, _ = _sum(report, cells)
        if value is None and all(report.cell(c).state is CellState.BLANK for c in bad):
            # litigation with one group blank: the other group alone, said in the note
            known = [c for c in cells if c not in bad]
            value = _sum(report, known)[0] if known else None
            note = "（表中部分总计栏空白，按0计）" if value is not None else ""
        else:
            note = ""
        yield from _compare(report, "NARR-T4", st, value, note, cells)


def _compare(
    report: Report,
    rule_id: str,
    st: Statement,
    value: Number | None,
    note: str,
    cells: tuple[str, ...],
) -> Iterator[Finding]:
    if value is None:
        yield Finding(
            rule_id,
            Severity.UNCHECKABLE,
            f"正文称“{st.quote}”，但{st.metric.name}未能读出数字，无法核对 [{rule_id}]",
            cells,
        )
        return
    if value == st.value:
        return
    extra = ""
    if st.metric.key == "received":
        both, _ = _row_total(report, _t3_rows(report, "received") + _t3_rows(report, "carried-in"))
        if both == st.value:
            extra = f"（正文的数字等于一、本年新收+二、上年结转={format_number(both)}）"
    yield Finding(
        rule_id,
        Severity.WARNING,
        f"正文称“{st.quote}”，而{st.metric.name}为{format_number(value)}{note}{extra} [{rule_id}]",
        cells,
        expected=format_number(value),
        actual=str(st.value),
    )


# ---------------------------------------------------------------- table 二

_PROACTIVE_SENTENCE = re.compile(r"主动公开|发布政府信息|公开政府信息|公开信息")
_SENTENCE_STOP = re.compile(r"[。!?！？]")


def _proactive_text(report: Report) -> str:
    """Sentences about proactive disclosure, and the 其中… sentence after one."""
    return _proactive_sentences(_prose(report))


@lru_cache(maxsize=8)
def _proactive_sentences(prose: str) -> str:
    text = halfwidth(prose)
    out = []
    # the pieces re.split(r"(?<=[。!?！？])", text) gives, without trying that
    # lookbehind at every character
    sentences = []
    pos = 0
    for m in _SENTENCE_STOP.finditer(text):
        sentences.append(text[pos : m.end()])
        pos = m.end()
    sentences.append(text[pos:])
    previous = False
    for s in sentences:
        hit = bool(_PROACTIVE_SENTENCE.search(s))
        if hit or (previous and s.lstrip().startswith("其中")):
            out.append(s)
        previous = hit
    return "\n".join(out)


@rule(
    "NARR-T2",
    Severity.WARNING,
    "正文所述主动公开分项数字（规章、规范性文件、行政许可、行政处罚等）与表二一致",
    "Proactive-disclosure figures stated in the text match table 2",
)
def narrative_t2(ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    text = _proactive_text(report)
    if not text:
        return
    for block, row, scan, alone in _t2_scans(report.format):
        for m in _matches_at(scan.pattern, text, _word_starts(text, scan.words), alone):
            quote = re.sub(r"\s+", "", m.group(0))
            yield from _t2_compare(report, block, row.key, int(m.group(1)), quote)


@cache
def _t2_scans(fmt: Format) -> list[tuple[Block, Row, Scan, bool]]:
    """Per row of table 二: its pattern with the words a match begins with, and whether
    a match must not follow an ideograph (see `_matches_at`)."""
    out = []
    for block in fmt.t2:
        for row in block.rows:
            if row.key in ("规范性文件", "行政规范性文件"):
                pattern = re.compile(r"(?:行政)?规范性文件(?!库)" + r"[^\d。；;，,]{0,4}?" + _N)
                out.append((block, row, Scan(pattern, _firsts(["行政", "规范性文件"])), False))
                continue
            labels = "|".join(re.escape(x) for x in sorted(row.labels, key=len, reverse=True))
            pattern = re.compile(
                r"(?:行政)?(?:" + labels + r")(?!制度|的)" + r"[^\d。；;，,]{0,4}?" + _N
            )
            out.append((block, row, Scan(pattern, _firsts(["行政", *row.labels])), True))
    return out


def _t2_compare(
    report: Report, block: Block, row_key: str, stated: int, quote: str
) -> Iterator[Finding]:
    base = f"t2/{block.key}/{row_key}/"
    cols = {c.role: c.key for c in block.columns}
    options: list[tuple[str, Number | None, tuple[str, ...]]] = []
    for role in (
        "made",
        "published",
        "issued",
        "repealed",
        "in_force",
        "decisions",
        "published_total",
    ):
        if role in cols:
            cid = base + cols[role]
            options.append((cols[role], report.value(cid), (cid,)))
    if "previous" in cols and "change" in cols:
        a, b = base + cols["previous"], base + cols["change"]
        va, vb = report.value(a), report.value(b)
        options.append(
            ("上一年项目数量+本年增/减", None if va is None or vb is None else va + vb, (a, b))
        )
    known = [(name, v, ids) for name, v, ids in options if v is not None]
    cells = tuple(c for _, _, ids in options for c in ids)
    if not known:
        yield Finding(
            "NARR-T2",
            Severity.UNCHECKABLE,
            f"正文称“{quote}”，但表二“{row_key}”未能读出数字，无法核对 [NARR-T2]",
            cells,
        )
        return
    if any(v == stated for _, v, _ in known):
        return
    shown = "，".join(f"{name}为{format_number(v)}" for name, v, _ in known)
    yield Finding(
        "NARR-T2",
        Severity.WARNING,
        f"正文称“{quote}”，而表二“{row_key}”{shown}，均不相符 [NARR-T2]",
        cells,
        actual=str(stated),
    )
