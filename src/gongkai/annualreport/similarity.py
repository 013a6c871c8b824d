"""Copied reports (雷同): narrative sections shared between reports of different agencies,
or between an agency's report and another year's.

Each narrative section is normalised (the agency's own name, its self-references such as
我局 or 本区, numbers, whitespace and punctuation removed, so a copy with its name and
figures changed still matches), cut into overlapping runs of `SHINGLE` characters, and
compared with the same section of every other report: a section is copied when the
share of its runs found in the other report's section (of the shorter of the two) is at
least the threshold. Boilerplate that many reports of a large corpus share is ignored.
Each pair above the threshold is reported with the shared passages as the first report
printed them.

Pure: reports in, pairs out; `gongkai check DIR --corpus` and the web app both call
`compare()`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Report

SHINGLE = 10  # characters per run: a short clause in Chinese
THRESHOLD = 0.5  # share of a section's runs found in the other's
MIN_CHARS = 40  # shorter sections (六 is often one stock sentence) are not compared
SKIPPED = ("序",)  # the preface is the national template's own wording
MIN_PASSAGE = 15  # shorter shared stretches are not shown
# In a corpus of at least COMMON_FROM reports, a run found in more than COMMON_SHARE of
# them is boilerplate (the template's own sentences) and does not count.
COMMON_FROM = 20
COMMON_SHARE = 0.1
COMMON_MIN = 5  # never fewer: a few agencies copying one text are still found

_SELF = re.compile(
    r"(?:我|本)(?:镇|乡|街道|苏木|局|委|厅|办|院|署|中心|区|县|市|省|州|旗|盟|单位|机关|部门|公司)"
)
_DROP = re.compile(
    r"[\s\d０-９.,，。、；;：:!！?？“”\"'‘’（）()《》〈〉【】\[\]{}<>%％·—\-－_/／…~～]+"
)
_GOVERNMENT = re.compile(r"(人民政府办公厅|人民政府办公室|人民政府|办事处)$")


@dataclass(frozen=True)
class SectionMatch:
    key: str
    score: float  # share of the shorter section's runs found in the other
    passages: tuple[str, ...]  # the shared text, as the first report printed it


@dataclass(frozen=True)
class Pair:
    first: int  # indexes into the reports given to compare()
    second: int
    sections: tuple[SectionMatch, ...] = field(default_factory=tuple)

    @property
    def score(self) -> float:
        return max(s.score for s in self.sections)


def own_names(report: Report) -> list[str]:
    """The names a report may call its agency by: the full name and its core (without
    人民政府, 办公厅 …), longest first."""
    name = re.sub(r"\s+", "", report.agency or "")
    if not name:
        return []
    names = {name, _GOVERNMENT.sub("", name)}
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def normalise(text: str, names: Sequence[str] = ()) -> tuple[str, list[int]]:
    """The text without the agency's names, self-references, numbers, whitespace and
    punctuation; and, for each character kept, its position in `text`."""
    dropped = [False] * len(text)
    for pattern in [re.escape(n) for n in names] + [_SELF.pattern]:
        for m in re.finditer(pattern, text):
            for i in range(m.start(), m.end()):
                dropped[i] = True
    for m in _DROP.finditer(text):
        for i in range(m.start(), m.end()):
            dropped[i] = True
    kept = [i for i, gone in enumerate(dropped) if not gone]
    return "".join(text[i] for i in kept), kept


@dataclass
class _Section:
    text: str  # as printed
    norm: str
    where: list[int]
    runs: set[int]


def _sections(report: Report) -> dict[str, _Section]:
    names = own_names(report)
    out = {}
    for key, text in report.narrative.items():
        if not text or key in SKIPPED:
            continue
        norm, where = normalise(text, names)
        if len(norm) < MIN_CHARS:
            continue
        runs = {hash(norm[i : i + SHINGLE]) for i in range(len(norm) - SHINGLE + 1)}
        out[key] = _Section(text, norm, where, runs)
    return out


def _identity(report: Report, index: int) -> tuple[object, ...]:
    """Two forms of one report (its page and its text copy) are not a pair."""
    if report.agency and report.year:
        return (re.sub(r"\s+", "", report.agency), report.year)
    return ("#", index)


def _passages(mine: _Section, theirs: _Section) -> tuple[str, ...]:
    """The stretches of `mine` covered by runs `theirs` also has, as printed."""
    covered = [False] * len(mine.norm)
    for i in range(len(mine.norm) - SHINGLE + 1):
        if hash(mine.norm[i : i + SHINGLE]) in theirs.runs:
            for j in range(i, i + SHINGLE):
                covered[j] = True
    out = []
    i = 0
    while i < len(covered):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j < len(covered) and covered[j]:
            j += 1
        if j - i >= MIN_PASSAGE:
            start, end = mine.where[i], mine.where[j - 1] + 1
            out.append(" ".join(mine.text[start:end].split()))
        i = j
    return tuple(out)


def compare(reports: Sequence[Report], threshold: float = THRESHOLD) -> list[Pair]:
    """Every pair of reports (of different agencies, or of one agency in different years)
    with a narrative section copied from one to the other, the most similar first."""
    sections = [_sections(r) for r in reports]
    ids = [_identity(r, i) for i, r in enumerate(reports)]
    found: dict[tuple[int, int], list[SectionMatch]] = defaultdict(list)
    keys = sorted({k for s in sections for k in s})
    for key in keys:
        holders = [i for i, s in enumerate(sections) if key in s]
        index: dict[int, list[int]] = defaultdict(list)
        for i in holders:
            for run in sections[i][key].runs:
                index[run].append(i)
        common = (
            max(COMMON_MIN, int(COMMON_SHARE * len(holders)))
            if len(holders) >= COMMON_FROM
            else len(holders)
        )
        shared: dict[tuple[int, int], int] = defaultdict(int)
        for owners in index.values():
            if len(owners) < 2 or len(owners) > common:
                continue
            for a_pos, a in enumerate(owners):
                for b in owners[a_pos + 1 :]:
                    if ids[a] != ids[b]:
                        shared[(a, b)] += 1
        for (a, b), count in shared.items():
            sa, sb = sections[a][key], sections[b][key]
            score = count / min(len(sa.runs), len(sb.runs))
            if score >= threshold:
                found[(a, b)].append(SectionMatch(key, round(score, 3), _passages(sa, sb)))
    pairs = [Pair(a, b, tuple(matches)) for (a, b), matches in found.items()]
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second))


def describe(pair: Pair, reports: Sequence[Report]) -> str:
    """One line in Chinese: who, which sections, how much."""

    def name(r: Report) -> str:
        return f"{r.agency or r.source or '（未识别机关）'}{f'{r.year}年度' if r.year else ''}"

    a, b = reports[pair.first], reports[pair.second]
    parts = "、".join(f"第{m.key}部分（{m.score:.0%}）" for m in pair.sections)
    return f"{name(a)}与{name(b)}的报告正文雷同：{parts}"
