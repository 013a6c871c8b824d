"""Copied reports (雷同): narrative sections compared across agencies and years, with the
agency's own name and the numbers ignored; `gongkai check DIR --corpus`."""

from __future__ import annotations

import json

import pytest

from gongkai import annualreport as ar
from gongkai.annualreport import similarity
from gongkai.cli import main

from .expected import DATA

CORPUS = DATA / "corpus"
PINGTAN_2022 = DATA / "samples" / "2022_pingtan.txt"
FIVE = (
    "一是对政府信息公开工作重要性的认识还不够，组织制度、落实制度及监督考核制度还有待进一步完善。"
    "二是主动公开力度还需进一步增强，未能主动公开应公开的信息并予以及时更新。"
    "三是政策解读形式单一，缺少图解、音视频等多种形式的解读。"
)


def report(agency: str, year: int, five: str, **sections: str) -> ar.Report:
    return ar.Report(
        format=ar.format_for_year(year),
        agency=agency,
        year=year,
        narrative={"五": five, **sections},
        source=f"{agency}-{year}",
    )


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_cli_finds_the_copied_pair_with_its_passages(capsys) -> None:
    code, out = run(capsys, "check", str(CORPUS / "copied"), "--corpus")
    assert code == 0  # a copy is a warning to read, not an error of the report
    assert "4份报告，1对正文雷同" in out
    (line,) = [x for x in out.splitlines() if "[雷同]" in x]
    assert "西工区文化旅游局2020年度与平潭综合实验区2022年度" in line and "第五部分" in line
    assert "共同段落：「政策解读形式单一，缺少多个角度多种形式的解读" in out
    # What the copy changed (its name, its years) is inside the passages as it printed them.
    assert "2021年，我局将采取以下措施加以改进" in out


def test_cli_finds_no_pair_among_independent_reports(capsys) -> None:
    code, out = run(capsys, "check", str(CORPUS / "independent"), "--corpus")
    assert "5份报告，0对正文雷同" in out and "[雷同]" not in out


def test_cli_json_lines_carry_the_pair(capsys) -> None:
    _, out = run(capsys, "check", str(CORPUS / "copied"), "--corpus", "--format", "json")
    pairs = [json.loads(x)["corpus_pair"] for x in out.splitlines() if "corpus_pair" in x]
    assert len(pairs) == 1
    (section,) = pairs[0]["sections"]
    assert section["section"] == "五" and section["score"] > 0.9
    assert {pairs[0]["first"]["agency"], pairs[0]["second"]["agency"]} == {
        "西工区文化旅游局",
        "平潭综合实验区",
    }


def test_cli_refuses_a_threshold_outside_0_1(capsys) -> None:
    assert main(["check", str(CORPUS / "copied"), "--corpus", "--threshold", "2"]) == 2


def test_name_self_reference_and_figures_changed_still_match() -> None:
    a = report("红山乡人民政府", 2024, "2024年，红山乡" + FIVE + "我乡共收到申请12件。")
    b = report("西工区教育局", 2024, "2024年，西工区教育局" + FIVE + "我局共收到申请3件。")
    (pair,) = similarity.compare([a, b])
    (match,) = pair.sections
    assert match.key == "五" and match.score == 1.0
    assert match.passages and "重要性的认识还不够" in match.passages[0]


def test_copied_from_last_year_is_found_two_forms_of_one_report_are_not() -> None:
    this = report("西工区教育局", 2025, FIVE)
    last = report("西工区教育局", 2024, FIVE)
    again = report("西工区教育局", 2025, FIVE)  # the same report read from another file
    pairs = similarity.compare([this, last, again])
    assert {(p.first, p.second) for p in pairs} == {(0, 1), (1, 2)}


def test_below_the_threshold_or_too_short_is_no_pair() -> None:
    half = FIVE[: len(FIVE) // 3]
    a = report(
        "甲局",
        2025,
        half
        + "四是加强队伍建设，定期组织业务培训，提高工作人员的业务能力和服务水平，确保工作质量。"
        * 2,
    )
    b = report(
        "乙局",
        2025,
        half
        + "四是完善考核机制，把政务公开纳入绩效考核，对工作落实不力的单位予以通报批评并督促整改到位。"
        * 2,
    )
    assert similarity.compare([a, b]) == []
    assert similarity.compare([a, b], threshold=0.2)
    short = [report("甲局", 2025, "无。", 六="本年度无收取信息处理费情况。") for _ in range(2)]
    assert (
        similarity.compare(
            [short[0], report("乙局", 2025, "无。", 六="本年度无收取信息处理费情况。")]
        )
        == []
    )


def test_boilerplate_shared_by_many_reports_of_a_large_corpus_does_not_count() -> None:
    stock = "按照上级部门的统一部署，认真贯彻落实政府信息公开条例，进一步规范公开工作流程，提升公开质量和实效。"
    reports = [
        report(f"第{i}局", 2025, stock + "".join(chr(0x4E00 + 40 * i + k) for k in range(40)))
        for i in range(25)
    ]
    reports.append(report("抄袭局", 2025, reports[3].narrative["五"].replace("第3局", "抄袭局")))
    pairs = similarity.compare(reports)
    assert [(p.first, p.second) for p in pairs] == [(3, 25)]


@pytest.mark.parametrize("name", ["西工区人民政府", "上海市人民政府办公厅"])
def test_own_names_include_the_core_of_a_government(name: str) -> None:
    names = similarity.own_names(report(name, 2025, FIVE))
    assert names[0] == name and len(names) == 2
