"""Running the rules over segments, with the caller's options."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .model import Finding, Location, Segment, Severity
from .rules import AGENCY_WORD, ATTRIBUTE, Context, Rule, rules_for

# The disclosure attributes of a document (公开属性) and what publishing it means.
NOT_DISCLOSED = "不予公开"
ON_REQUEST = "依申请公开"
PROACTIVE = "主动公开"
ATTRIBUTES = (PROACTIVE, ON_REQUEST, NOT_DISCLOSED)


@dataclass(frozen=True)
class Options:
    """What to screen for, and the limits.

    `rules`: the pattern rule ids to run (all by default). `words`: the agency's word
    list, each a word or (word, "error"|"warning"). `attribute`: the document's
    disclosure attribute (主动公开, 依申请公开, 不予公开), checked against `publishing`.
    `ocr`: read scanned pages and images through OCR. `timeout`: seconds for one file's
    OCR. `max_bytes`: larger files are refused. `today`: for dates of birth.
    """

    rules: tuple[str, ...] | None = None
    words: tuple[str | tuple[str, str], ...] = ()
    attribute: str | None = None
    publishing: bool = True
    ocr: bool = True
    timeout: float = 300.0
    max_bytes: int = 64 * 1024 * 1024
    today: date | None = None


DEFAULT = Options()


def screen_segments(segments: Iterable[Segment], options: Options = DEFAULT) -> list[Finding]:
    """The findings in these segments, in reading order, each match reported once (the
    first rule that claims a span wins, rules in their listed order)."""
    rules = rules_for(options.rules)
    words = _word_list(options.words)
    today = options.today or date.today()
    out: list[Finding] = []
    for segment in segments:
        ctx = Context(segment.location.in_list, today)
        taken: list[tuple[int, int]] = []
        present = set(segment.text)
        for rule in rules:
            if rule.needs and present.isdisjoint(rule.needs):
                continue
            for start, end, masked in rule.detect(segment.text, ctx):
                if any(start < b and a < end for a, b in taken):
                    continue
                taken.append((start, end))
                out.append(_finding(rule, segment, start, end, masked))
        for word, severity in words:
            at = segment.text.find(word)
            while at >= 0:
                out.append(
                    Finding(
                        AGENCY_WORD.id,
                        severity,
                        f"出现本机关敏感词表中的“{word}” [{AGENCY_WORD.id}]",
                        segment.location,
                        at,
                        at + len(word),
                        word,
                        "*" * len(word),
                    )
                )
                at = segment.text.find(word, at + len(word))
    return out


def _finding(rule: Rule, segment: Segment, start: int, end: int, masked: str | None) -> Finding:
    shown = f"“{masked}”" if masked is not None else f"“{segment.text[start:end]}”"
    note = "（文字识别结果，请对照原件核对）" if segment.uncertain else ""
    return Finding(
        rule.id,
        rule.severity,
        f"{rule.zh}：{shown}{note} [{rule.id}]",
        segment.location,
        start,
        end,
        segment.text[start:end],
        masked,
    )


def _word_list(words: Sequence[str | tuple[str, str]]) -> list[tuple[str, Severity]]:
    out = []
    for entry in words:
        word, level = (entry, "warning") if isinstance(entry, str) else entry
        word = word.strip()
        if word:
            out.append((word, Severity(level)))
    return out


def attribute_findings(source: str, options: Options) -> list[Finding]:
    """The contradiction between the document's disclosure attribute and publishing it."""
    attribute = (options.attribute or "").strip()
    if not options.publishing or not attribute or attribute == PROACTIVE:
        return []
    where = Location(source)
    if attribute == NOT_DISCLOSED:
        return [
            Finding(
                ATTRIBUTE.id,
                Severity.ERROR,
                f"该文件的公开属性为“{NOT_DISCLOSED}”，不能主动公开发布 [{ATTRIBUTE.id}]",
                where,
            )
        ]
    if attribute == ON_REQUEST:
        return [
            Finding(
                ATTRIBUTE.id,
                Severity.WARNING,
                f"该文件的公开属性为“{ON_REQUEST}”，主动公开发布前请确认已变更属性 [{ATTRIBUTE.id}]",
                where,
            )
        ]
    return [
        Finding(
            ATTRIBUTE.id,
            Severity.WARNING,
            f"未知的公开属性“{attribute}”（应为{'、'.join(ATTRIBUTES)}之一） [{ATTRIBUTE.id}]",
            where,
        )
    ]
