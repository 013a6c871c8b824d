"""Title, agency, year and date as reports write them."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import annualreport as ar
from gongkai.annualreport.interpret.meta import find_title, title_candidates
from gongkai.annualreport.interpret.names import opening_agency

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


@pytest.mark.parametrize(
    ("lines", "agency", "year"),
    [
        # the agency on a line of its own above the year and title
        (["上海市人民政府办公厅", "2019年政府信息公开工作年度报告"], "上海市人民政府办公厅", 2019),
        (["某某县", "教育局", "2021年度政府信息公开工作年度报告"], "某某县教育局", 2021),
        # a breadcrumb above the title is not an agency
        (["政府信息公开年报", "2021年度政府信息公开工作年度报告"], None, 2021),
        # a document the opening sentence cites is not the title
        (
            [
                "根据《福建省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》要求"
            ],
            None,
            None,
        ),
    ],
)
def test_titles_broken_over_lines(lines: list[str], agency: str | None, year: int | None) -> None:
    _, found_agency, found_year = find_title(title_candidates(lines))
    assert (found_agency, found_year) == (agency, year)


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("本报告由上海市科学技术委员会根据《条例》要求编制。", "上海市科学技术委员会"),
        ("根据《上海市政府信息公开规定》的要求，市科委编制了 2024 年度政务公开工作报告", "市科委"),
        ("现将西工区文化旅游局2020年政府信息公开工作情况报告如下", "西工区文化旅游局"),
        ("我区编制完成了本报告。", None),
        ("根据《条例》要求编制本报告。", None),
    ],
)
def test_the_opening_sentence(text: str, agency: str | None) -> None:
    assert opening_agency(text) == agency


def test_a_pdf_with_the_agency_above_its_title_reads_with_the_agency() -> None:
    report = ar.read(DATA / "pdf" / "2019_shanghai-general-office_agency-above-title.pdf")
    assert (report.agency, report.year) == ("上海市人民政府办公厅", 2019)


def test_places_that_disagree_give_one_note_saying_which_was_taken() -> None:
    text = (DATA / "samples" / "2020_xigong-culture-tourism-bureau.txt").read_text("utf-8")
    signed = text.rstrip() + "\n\n西工区教育局\n2021年1月20日\n"
    report = ar.read_bytes(signed.encode(), "signed.txt")
    assert report.agency == "西工区文化旅游局"  # the title's
    (note,) = [f for f in report.read_findings if f.rule == "READ-META"]
    assert "标题为“西工区文化旅游局”" in note.message and "落款为“西工区教育局”" in note.message
    assert "取标题中的“西工区文化旅游局”" in note.message
    # an abbreviation of the same name is no disagreement
    science = ar.read(DATA / "samples" / "2024_shanghai-science-commission.md")
    assert science.agency == "上海市科委"
    assert not [f for f in science.read_findings if f.rule == "READ-META"]


def test_without_a_title_the_signature_or_the_opening_sentence_names_the_agency() -> None:
    text = (DATA / "samples" / "2020_xigong-culture-tourism-bureau.txt").read_text("utf-8")
    untitled = text.replace("西工区文化旅游局2020年政府信息公开工作年度报告", "")
    opening = untitled.replace("特向社会公布", "西工区文化旅游局编制了本报告，特向社会公布")
    report = ar.read_bytes(opening.encode(), "opening.txt")
    assert (report.agency, report.year) == ("西工区文化旅游局", 2020)


def test_a_pdf_s_own_title_names_the_agency(tmp_path) -> None:
    pytest.importorskip("weasyprint")
    from weasyprint import HTML

    from gongkai.annualreport.writers.pdf import installed_chinese_fonts
    from tests.support.tools import require

    require(bool(installed_chinese_fonts().strip()), "fonts-noto-cjk (a Chinese font)")
    page = (DATA / "samples" / "2019_shanghai-general-office.html").read_text("utf-8")
    page = page.replace(
        "2019年上海市人民政府办公厅政府信息公开工作年度报告", "2019年政府信息公开工作年度报告"
    )
    html = (
        "<html><head><title>上海市人民政府办公厅2019年政府信息公开工作年度报告</title>"
        '<style>body{font-family:"Noto Sans CJK SC"}</style></head><body>' + page + "</body></html>"
    )
    data = HTML(string=html).write_pdf()
    report = ar.read_bytes(data, "titled.pdf")
    assert (report.agency, report.year) == ("上海市人民政府办公厅", 2019)
