"""The narrative: a first draft that states the year's figures in words, and the check
for text copied unchanged from last year's report.

The draft's sentences are written so that the engine's narrative rules (NARR-T2,
NARR-T3, NARR-T4) read them: a draft made from a report's tables gives no narrative
finding against those tables (tests/web/test_report_narrative.py checks this over
random tables). Sections 五 and 六 cannot be known from the records: they start from
last year's text when there is one (and are then flagged as copied), otherwise from a
prompt in 【】 that blocks submission until it is replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai import annualreport as ar
from gongkai.annualreport.model import format_number

from . import compute, layout

SECTIONS = ("一", "二", "三", "四", "五", "六")
PROMPT = re.compile(r"【请[^】]*】")
PROMPTS = {
    "五": "【请填写本机关政府信息公开工作存在的主要问题及改进情况。】",
    "六": "【请填写其他需要报告的事项，包括收取信息处理费的情况；没有的写“无”。】",
}


def _n(report: ar.Report, cell_id: str) -> str:
    return format_number(report.value(cell_id) or 0)


def _sum(report: ar.Report, cell_ids: list[str]) -> str:
    return format_number(sum((report.value(c) or 0) for c in cell_ids))


# How the narrative names each computed column of table 二's documents block, by role.
DOCUMENT_VERBS = {
    "made": "新制作",
    "published": "新公开",
    "published_total": "对外公开",
    "issued": "制发",
    "repealed": "废止",
    "in_force": "现行有效",
}


def _t2_sentence(report: ar.Report) -> str:
    fmt = report.format
    block = layout.document_block(fmt, compute.DOCUMENT_KINDS)
    rule_row = layout.document_row(block, "rule")
    doc_row = layout.document_row(block, "normative")
    parts_docs = []
    for col in block.columns:
        if col.role not in DOCUMENT_VERBS:
            continue
        base = f"t2/{block.key}/"
        rule = _n(report, f"{base}{rule_row}/{col.key}")
        doc = _n(report, f"{base}{doc_row}/{col.key}")
        parts_docs.append(f"{DOCUMENT_VERBS[col.role]}：规章{rule}件、{doc_row}{doc}件")
    decisions = []
    fees = []
    for b in fmt.t2:
        for col in b.columns:
            for row in b.rows:
                cid = f"t2/{b.key}/{row.key}/{col.key}"
                value = report.value(cid)
                if value is None:
                    continue
                if col.role == "decisions":
                    decisions.append(f"{row.key}处理决定{format_number(value)}件")
                elif col.role == "fees":
                    unit = report.cell(cid).unit or col.unit or "万元"
                    fees.append(f"{row.key}{format_number(value)}{unit}")
    text = "其中，" + "；".join(parts_docs)
    if decisions:
        text += "；" + "，".join(decisions)
    if fees:
        text += "，" + "，".join(fees)
    return text + "。"


def _t3_sentences(report: ar.Report) -> str:
    fmt = report.format
    total = next(c.key for c in fmt.t3_columns if c.role == "total")

    def row(role: str) -> str:
        (r,) = fmt.t3_rows_with(role)
        return _n(report, f"t3/{r.key}/{total}")

    keys = [r.key for r in fmt.t3_rows]

    def outcome(prefix: str) -> str:
        return _sum(
            report,
            [f"t3/{k}/{total}" for k in keys if k == prefix or k.startswith(prefix + ".")],
        )

    return (
        f"本年度新收政府信息公开申请{row('new')}件，上年结转政府信息公开申请{row('carried_in')}件。"
        f"本年度办结{row('total')}件，其中予以公开{outcome('三.一')}件，部分公开{outcome('三.二')}件，"
        f"不予公开{outcome('三.三')}件，无法提供{outcome('三.四')}件，不予处理{outcome('三.五')}件，"
        f"其他处理{outcome('三.六')}件；结转下年度继续办理{row('carried_out')}件。"
    )


def _t4_sentence(report: ar.Report) -> str:
    fmt = report.format
    total = layout.t4_total_column(fmt)
    reconsideration = _n(report, f"t4/{layout.t4_group(fmt, 'reconsideration')}/{total}")
    litigation = _sum(
        report,
        [
            f"t4/{layout.t4_group(fmt, kind)}/{total}"
            for kind in ("litigation_direct", "litigation_after")
        ],
    )
    return (
        f"本年度因政府信息公开工作被申请行政复议{reconsideration}件，被提起行政诉讼{litigation}件。"
    )


def draft(
    report: ar.Report, *, items_published: int, previous: ar.Report | None = None
) -> dict[str, str]:
    """Sections 一 to 六 for `report` (its tables filled), in the report's own words."""
    year = report.year
    one = "\n".join(
        [
            f"{year}年，{report.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
            f"不公开为例外，依法做好主动公开、依申请公开等各项工作。现将本机关{year}年度政府信息公开工作情况"
            f"报告如下。本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
            *figures_paragraphs(report, items_published=items_published).values(),
        ]
    )
    out = {"一": one, "二": "", "三": "", "四": ""}
    for key in ("五", "六"):
        earlier = (previous.narrative.get(key) or "").strip() if previous else ""
        out[key] = earlier or PROMPTS[key]
    return out


def figures_paragraphs(report: ar.Report, *, items_published: int) -> dict[str, str]:
    """The paragraphs of section 一 that state figures, keyed by how they start."""
    return {
        "（一）主动公开。": f"（一）主动公开。{report.year}年，本机关主动公开政府信息{items_published}条。"
        + _t2_sentence(report),
        "（二）依申请公开。": "（二）依申请公开。" + _t3_sentences(report),
        "（三）行政复议和行政诉讼。": "（三）行政复议和行政诉讼。" + _t4_sentence(report),
    }


def refresh_figures(text: str, report: ar.Report, *, items_published: int) -> str:
    """Section 一 with its figure paragraphs (as the draft starts them) replaced by
    today's figures; other paragraphs are kept, missing ones are added at the end."""
    fresh = figures_paragraphs(report, items_published=items_published)
    lines = text.split("\n")
    seen = set()
    for i, line in enumerate(lines):
        for head, paragraph in fresh.items():
            if line.strip().startswith(head):
                lines[i] = paragraph
                seen.add(head)
    missing = [p for h, p in fresh.items() if h not in seen]
    return "\n".join([line for line in lines if line.strip()] + missing)


def prompts_left(narrative: dict[str, str]) -> list[str]:
    """Sections still holding a 【请…】 prompt."""
    return [k for k in SECTIONS if PROMPT.search(narrative.get(k) or "")]


# ---------------------------------------------------------------- copied text

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
MIN_COPIED = 15  # characters; shorter sentences (无。 联系电话…) repeat legitimately


def _normalize(sentence: str) -> str:
    return re.sub(r"\s+", "", sentence)


def sentences(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        for part in _SENTENCE_END.split(line):
            if part.strip():
                out.append(part.strip())
    return out


@dataclass(frozen=True)
class Copied:
    section: str
    sentence: str


def copied_from(narrative: dict[str, str], previous: ar.Report | None) -> list[Copied]:
    """Sentences of this year's text found unchanged in last year's report."""
    if previous is None:
        return []
    before = {_normalize(s) for s in sentences(previous.prose)}
    out = []
    for key in SECTIONS:
        for s in sentences(narrative.get(key) or ""):
            norm = _normalize(s)
            if len(norm) >= MIN_COPIED and norm in before:
                out.append(Copied(key, s))
    return out
