"""Title, agency, year and date as reports write them."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.interpret.meta import find_title, title_candidates

from .expected import DATA


@pytest.mark.parametrize(
    ("lines", "agency", "year"),
    [
        (["西工区文化旅游局2020年政府信息公开工作年度报告"], "西工区文化旅游局", 2020),
        (["2019年上海市人民政府办公厅政府信息公开工作年度报告"], "上海市人民政府办公厅", 2019),
        (["2024 年上海市科委政府信息公开工作", "年度报告"], "上海市科委", 2024),
        (["某某县教育局二〇二一年政府信息公开工作年度报告"], "某某县教育局", 2021),
        (
            ["政府信息公开年报", "平潭综合实验区2021年度政府信息公开工作年度报告"],
            "平潭综合实验区",
            2021,
        ),
        (["关于某某镇人民政府2022年度政府信息公开工作报告"], "某某镇人民政府", 2022),
    ],
)
def test_titles(lines: list[str], agency: str, year: int) -> None:
    _, found_agency, found_year = find_title(title_candidates(lines))
    assert (found_agency, found_year) == (agency, year)


def test_agency_and_date_from_the_signature() -> None:
    text = (DATA / "crafted" / "spaced-text-signed.txt").read_text("utf-8")
    report = ar.read_bytes(text.encode(), "signed.txt")
    assert report.agency == "龙华区住房和城乡建设局"
    assert report.published == date(2026, 1, 20)
    assert "龙华区住房和城乡建设局" not in report.narrative.get("六", "")
