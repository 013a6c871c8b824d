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


_CLAUSE_END = re.compile(r"[，。；;：:！!？?、\n]+")
MIN_CLAUSE = 8  # normalised characters: a clause shared this long makes two reports candidates


# What _DROP takes out but the clause ends, so a whole section is cleaned in one pass.
_INNER = re.compile(
    _SELF.pattern
    + r"|[ \t\r\f\v\u00a0\u3000\d０-９.,\"'‘’“”（）()《》〈〉【】\[\]{}<>%％·—\-－_/／…~～]+"
)


class _Section:
    """One section of one report: its normalised text and clauses at once; its runs and
    the positions of its characters only when a candidate pair needs them."""

    def __init__(self, text: str, names: Sequence[str]) -> None:
        self.text = text
        self.names = names
        bare = text
        for name in names:  # longest first; a name holds no clause punctuation
            bare = bare.replace(name, "")
        self.clauses = _CLAUSE_END.split(_INNER.sub("", bare))
        self.norm = "".join(self.clauses)
        self._runs: set[str] | None = None

    @property
    def runs(self) -> set[str]:
        if self._runs is None:
            self._runs = self.runs_without(frozenset())
        return self._runs

    def runs_without(self, boiler: frozenset[str] | set[str]) -> set[str]:
        """The runs of the text, the boilerplate clauses taken out (no run spans one)."""
        out: set[str] = set()
        segment: list[str] = []
        for clause in [*self.clauses, None]:
            if clause is not None and clause not in boiler:
                segment.append(clause)
                continue
            n = "".join(segment)
            out.update(n[i : i + SHINGLE] for i in range(len(n) - SHINGLE + 1))
            segment = []
        return out


def _sections(report: Report) -> dict[str, _Section]:
    names = own_names(report)
    out = {}
    for key, text in report.narrative.items():
        if not text or key in SKIPPED:
            continue
        section = _Section(text, names)
        if len(section.norm) >= MIN_CHARS:
            out[key] = section
    return out


def _identity(report: Report, index: int) -> tuple[object, ...]:
    """Two forms of one report (its page and its text copy) are not a pair."""
    if report.agency and report.year:
        return (re.sub(r"\s+", "", report.agency), report.year)
    return ("#", index)


def _passages(mine: _Section, theirs: _Section) -> tuple[str, ...]:
    """The stretches of `mine` covered by runs `theirs` also has, as printed."""
    norm, where = normalise(mine.text, mine.names)
    covered = [False] * len(norm)
    for i in range(len(norm) - SHINGLE + 1):
        if norm[i : i + SHINGLE] in theirs.runs:
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
            start, end = where[i], where[j - 1] + 1
            out.append(" ".join(mine.text[start:end].split()))
        i = j
    return tuple(out)


def compare(reports: Sequence[Report], threshold: float = THRESHOLD) -> list[Pair]:
    """Every pair of reports (of different agencies, or of one agency in different years)
    with a narrative section copied from one to the other, the most similar first.

    Candidates first: two sections that share a clause of at least MIN_CLAUSE normalised
    characters (one a large corpus does not hold as boilerplate); then, for those only,
    the share of runs of SHINGLE characters, which decides."""
    sections = [_sections(r) for r in reports]
    ids = [_identity(r, i) for i, r in enumerate(reports)]
    found: dict[tuple[int, int], list[SectionMatch]] = defaultdict(list)
    keys = sorted({k for s in sections for k in s})
    for key in keys:
        holders = [i for i, s in enumerate(sections) if key in s]
        common = (
            max(COMMON_MIN, int(COMMON_SHARE * len(holders)))
            if len(holders) >= COMMON_FROM
            else len(holders)
        )
        clause_owners: dict[str, list[int]] = defaultdict(list)
        for i in holders:
            for clause in set(sections[i][key].clauses):
                if clause:
                    clause_owners[clause].append(i)
        # Boilerplate: clauses more than `common` reports of the corpus share.
        boiler = {c for c, owners in clause_owners.items() if len(owners) > common}
        candidates: set[tuple[int, int]] = set()
        for clause, owners in clause_owners.items():
            if len(owners) < 2 or len(owners) > common or len(clause) < MIN_CLAUSE:
                continue
            for a_pos, a in enumerate(owners):
                for b in owners[a_pos + 1 :]:
                    if ids[a] != ids[b]:
                        candidates.add((a, b))
        if not candidates:
            continue
        for a, b in sorted(candidates):
            sa, sb = sections[a][key], sections[b][key]
            ra = sa.runs_without(boiler) if boiler else sa.runs
            rb = sb.runs_without(boiler) if boiler else sb.runs
            if not ra or not rb:
                continue
            score = len(ra & rb) / min(len(ra), len(rb))
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
