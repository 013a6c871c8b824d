"""Errors planted in copies of the real samples: one changed cell each, in every table
and rule family. Each must be found by the right rule naming the right cells, and no
error may name a cell that was not changed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gongkai import annualreport as ar

from .expected import DATA

SEED = "2020_xigong-culture-tourism-bureau.txt"
SHANGHAI = "2019_shanghai-general-office.html"
PINGTAN_PAGE = "2021_pingtan_page.html"
PINGTAN_TEXT = "2021_pingtan.txt"
SCIENCE = "2024_shanghai-science-commission.md"


@dataclass(frozen=True)
class Plant:
    name: str
    sample: str
    old: str  # a unique stretch of the sample
    new: str  # the same stretch with one cell changed
    changed: str  # the id of the changed cell
    rules: tuple[tuple[str, str], ...]  # (rule, severity) that must name the changed cell
    nth: int = 0  # when `old` occurs several times: which occurrence (1-based) to change


ROW1 = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
PLANTS = [
    # table 三, text copy of a web page (2019 layout)
    Plant(
        "t3-row-natural",
        SEED,
        ROW1,
        ROW1.replace("\t\t0", "\t\t3", 1),
        "t3/一/自然人",
        (("T3-ROW-SUM", "error"), ("T3-BALANCE", "error")),
    ),
    Plant(
        "t3-total-column",
        SEED,
        "\t(七) 总计\t0\t0\t0\t0\t0\t0\t0",
        "\t(七) 总计\t0\t0\t0\t0\t0\t0\t2",
        "t3/三.七/总计",
        (("T3-ROW-SUM", "error"), ("T3-RESULT-SUM", "error"), ("T3-BALANCE", "error")),
    ),
    Plant(
        "t3-result-row",
        SEED,
        "\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0".replace("\t\t", "\t(五) 不予处理\t", 1),
        "\t(五) 不予处理\t2.重复申请\t0\t0\t0\t0\t0\t0\t0".replace(
            "0\t0\t0\t0\t0\t0\t0", "0\t0\t0\t0\t0\t0\t1"
        ),
        "t3/三.五.2/总计",
        (("T3-ROW-SUM", "error"), ("T3-RESULT-SUM", "error")),
    ),
    Plant(
        "t3-carried-out",
        SEED,
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0",
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t5\t0",
        "t3/四/其他",
        (("T3-ROW-SUM", "error"), ("T3-BALANCE", "error")),
    ),
    # table 四
    Plant(
        "t4-group",
        SEED,
        "\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
        "\n0\t0\t0\t0\t0\t0\t4\t0\t0\t0\t0\t0\t0\t0\t0",
        "t4/未经复议直接起诉/结果纠正",
        (("T4-GROUP-SUM", "error"),),
    ),
    # table 二: a count that cannot be negative, a narrative figure that no longer matches
    Plant(
        "t2-negative-count",
        SEED,
        "行政许可\t5\t6\t20",
        "行政许可\t5\t6\t-20",
        "t2/第二十条第（五）项/行政许可/处理决定数量",
        (("VALUE-KIND", "error"),),
    ),
    Plant(
        "t2-narrative",
        SEED,
        "其他对外管理服务事项\t54\t10\t0",
        "其他对外管理服务事项\t55\t10\t0",
        "t2/第二十条第（五）项/其他对外管理服务事项/上一年项目数量",
        (("NARR-T2", "warning"),),
    ),
    # HTML, tables with rowspan and colspan
    # (blank cells leave this row's own sum uncheckable: the column rules must find it)
    Plant(
        "html-t3-total",
        SHANGHAI,
        '<p align="center">859</p>',
        '<p align="center">860</p>',
        "t3/一/总计",
        (("T3-BALANCE", "error"), ("NARR-T3", "warning"), ("T3-ROW-SUM", "uncheckable")),
    ),
    Plant(
        "html-t3-carried-in",
        SHANGHAI,
        '<p>二、上年结转政府信息公开申请数量</p></td><td nowrap="nowrap" style="width:38px;"><p align="center">18</p>',
        '<p>二、上年结转政府信息公开申请数量</p></td><td nowrap="nowrap" style="width:38px;"><p align="center">19</p>',
        "t3/二/自然人",
        (("T3-BALANCE", "error"),),
    ),
    Plant(
        "html-t4-upheld",
        PINGTAN_PAGE,
        ">12<",
        ">13<",
        "t4/未经复议直接起诉/结果维持",
        (("T4-GROUP-SUM", "error"),),
        nth=1,
    ),
    Plant(
        "html-t3-row",
        PINGTAN_PAGE,
        ">22<",
        ">21<",
        "t3/三.四.1/自然人",
        (("T3-ROW-SUM", "error"), ("T3-RESULT-SUM", "error")),
    ),
    Plant(
        "html-t2-fraction",
        SHANGHAI,
        '<p align="center">524</p>',
        '<p align="center">52.4</p>',
        "t2/第二十条第（一）项/规章/对外公开总数量",
        (("VALUE-KIND", "error"),),
    ),
    # narrative against the tables
    Plant(
        "narrative-received",
        PINGTAN_TEXT,
        "本年度全区共收到70件申请",
        "本年度全区共收到71件申请",
        "t3/一/总计",
        (("NARR-T3", "warning"),),
    ),
    Plant(
        "narrative-handled",
        PINGTAN_TEXT,
        "办结69件",
        "办结68件",
        "t3/三.七/总计",
        (("NARR-T3", "warning"),),
    ),
    Plant(
        "narrative-carried",
        PINGTAN_TEXT,
        "1件结转下年度",
        "2件结转下年度",
        "t3/四/总计",
        (("NARR-T3", "warning"),),
    ),
    Plant(
        "narrative-reconsideration",
        SCIENCE,
        "有 1 件涉及政府信息公开工作的行政复",
        "有 2 件涉及政府信息公开工作的行政复",
        "t4/行政复议/总计",
        (("NARR-T4", "warning"),),
    ),
    Plant(
        "narrative-litigation",
        SCIENCE,
        "涉及的行政诉讼数为\n0 件",
        "涉及的行政诉讼数为\n3 件",
        "t4/未经复议直接起诉/总计",
        (("NARR-T4", "warning"),),
    ),
    Plant(
        "narrative-outcome",
        SCIENCE,
        "无法提供的 10 件",
        "无法提供的 11 件",
        "t3/三.四.1/总计",
        (("NARR-T3", "warning"),),
    ),
]


def _planted(plant: Plant) -> ar.Report:
    data = (DATA / "samples" / plant.sample).read_bytes()
    old, new = plant.old.encode(), plant.new.encode()
    if plant.nth:
        at = -1
        for _ in range(plant.nth):
            at = data.index(old, at + 1)
        data = data[:at] + new + data[at + len(old) :]
    else:
        assert data.count(old) == 1, (
            f"{plant.name}: the planted stretch must occur once in {plant.sample}"
        )
        data = data.replace(old, new)
    return ar.read_bytes(data, f"planted-{plant.name}-{plant.sample}")


@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: p.name)
def test_planted_error_is_found_by_the_right_rule(plant: Plant) -> None:
    findings = ar.check(_planted(plant))
    for rule, severity in plant.rules:
        hits = [
            f
            for f in findings
            if f.rule == rule and str(f.severity) == severity and plant.changed in f.cells
        ]
        assert hits, (
            f"{rule} ({severity}) did not name {plant.changed}: {[f.message for f in findings]}"
        )
        assert any(c in hits[0].message for c in ("应", "而", "不相符", "为")), hits[0].message
    stray = [
        f for f in findings if f.severity is ar.Severity.ERROR and plant.changed not in f.cells
    ]
    assert not stray, [f.message for f in stray]


def test_unchanged_samples_have_no_error_findings() -> None:
    for sample in (SEED, SHANGHAI, PINGTAN_PAGE, PINGTAN_TEXT, SCIENCE):
        findings = ar.check(ar.read(DATA / "samples" / sample))
        assert not [f.message for f in findings if f.severity is ar.Severity.ERROR], sample


def test_a_message_names_expected_and_actual_values() -> None:
    plant = PLANTS[0]
    balance = [
        f
        for f in ar.check(_planted(plant))
        if f.rule == "T3-BALANCE" and f.severity is ar.Severity.ERROR
    ]
    assert len(balance) == 1
    f = balance[0]
    assert f.message == "表三“自然人”列：一+二 = 3，而 三（七）+四 = 0，两者应相等 [T3-BALANCE]"
    assert (f.expected, f.actual) == ("3", "0")
    assert f.cells == ("t3/一/自然人", "t3/二/自然人", "t3/三.七/自然人", "t3/四/自然人")
