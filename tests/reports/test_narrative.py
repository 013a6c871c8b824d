"""The first draft states the year's figures so that the engine's narrative rules read
them: over random tables in both layouts, the draft gives no narrative finding, and any
figure changed in it is found. Copied text and unfilled prompts are flagged."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import annualreport as ar
from gongkai.reports import narrative

AGENCIES = ("西工区文化旅游局", "红山乡人民政府", "西工区人民政府", "西工区卫生健康委员会")


@st.composite
def reports(draw):
    year = draw(st.sampled_from([2019, 2020, 2021, 2024, 2025]))
    fmt = ar.format_for_year(year)
    cells = {}
    for cid in fmt.cell_ids():
        kind = fmt.column_of(cid).kind
        if kind == "money":
            value = Decimal(draw(st.integers(0, 99999))) / 100
            cells[cid] = ar.Cell.number(value, unit="万元")
        elif kind == "signed":
            cells[cid] = ar.Cell.number(draw(st.integers(-50, 50)))
        else:
            cells[cid] = ar.Cell.number(draw(st.integers(0, 3000)))
    agency = draw(st.sampled_from(AGENCIES))
    return ar.Report(format=fmt, year=year, agency=agency, cells=cells)


def narrative_findings(report):
    return [f for f in ar.check(report) if f.rule.startswith(("NARR", "SELF"))]


@settings(max_examples=150, deadline=None)
@given(report=reports(), items=st.integers(0, 5000))
def test_the_draft_matches_its_tables(report, items):
    text = narrative.draft(report, items_published=items)
    assert narrative_findings(report.replace(narrative=text)) == []


@settings(max_examples=60, deadline=None)
@given(report=reports(), pick=st.integers(0, 10_000))
def test_every_figure_of_the_draft_is_checked(report, pick):
    text = narrative.draft(report, items_published=7)
    numbers = list(re.finditer(r"\d+(?=件)", text["一"]))
    m = numbers[pick % len(numbers)]
    changed = text["一"][: m.start()] + "98765" + text["一"][m.end() :]
    assert narrative_findings(report.replace(narrative=dict(text, 一=changed)))


def test_prompts_block_until_replaced_and_last_years_text_is_reused():
    fmt = ar.format_for_year(2025)
    report = ar.Report(
        format=fmt,
        year=2025,
        agency="西工区文化旅游局",
        cells={c: ar.Cell.number(0) for c in fmt.cell_ids()},
    )
    fresh = narrative.draft(report, items_published=0)
    assert narrative.prompts_left(fresh) == ["五", "六"]
    last = report.replace(year=2024, narrative={"五": "一是人员不足。二是培训不够。", "六": "无。"})
    reused = narrative.draft(report, items_published=0, previous=last)
    assert reused["五"] == "一是人员不足。二是培训不够。" and narrative.prompts_left(reused) == []


def test_sentences_copied_unchanged_from_last_year_are_flagged():
    fmt = ar.format_for_year(2025)
    last = ar.Report(
        format=fmt,
        year=2024,
        narrative={
            "一": "我局高度重视政府信息公开工作，成立了以局长为组长的领导小组。本年收到申请3件。",
            "五": "存在的主要问题是公开内容不够全面，解读不够深入。",
        },
    )
    this = {
        "一": "我局高度重视政府信息公开工作，成立了以局长为组长的领导小组。本年收到申请5件。",
        "五": "存在的主要问题是公开内容不够全面，解读不够深入。\n无。",
        "六": "无。",
    }
    copied = narrative.copied_from(this, last)
    assert [(c.section, c.sentence) for c in copied] == [
        ("一", "我局高度重视政府信息公开工作，成立了以局长为组长的领导小组。"),
        ("五", "存在的主要问题是公开内容不够全面，解读不够深入。"),
    ]
    assert narrative.copied_from(this, None) == []


def test_refreshing_the_figures_keeps_the_officers_own_paragraphs():
    fmt = ar.format_for_year(2025)
    cells = {c: ar.Cell.number(0) for c in fmt.cell_ids()}
    report = ar.Report(format=fmt, year=2025, agency="西工区文化旅游局", cells=cells)
    text = narrative.draft(report, items_published=3)["一"]
    text += "\n（四）平台建设。本机关依托门户网站公开信息。"
    cells["t3/一/总计"] = ar.Cell.number(9)
    refreshed = narrative.refresh_figures(text, report.replace(cells=cells), items_published=4)
    assert "新收政府信息公开申请9件" in refreshed and "主动公开政府信息4条" in refreshed
    assert refreshed.endswith("（四）平台建设。本机关依托门户网站公开信息。")
    assert refreshed.count("（二）依申请公开。") == 1
