"""The fifteen categories of 条例第二十条, as data.

Every catalog category of every agency maps to one of these numbers, so the portal can
filter across agencies and the annual report's table 二 can count by article item.
"""

from __future__ import annotations

from django.db import models

ITEMS: tuple[tuple[int, str, str], ...] = (
    (1, "一", "行政法规、规章和规范性文件"),
    (2, "二", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    (3, "三", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    (4, "四", "国民经济和社会发展统计信息"),
    (5, "五", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (
        6,
        "六",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    (7, "七", "财政预算、决算信息"),
    (8, "八", "行政事业性收费项目及其依据、标准"),
    (9, "九", "政府集中采购项目的目录、标准及实施情况"),
    (10, "十", "重大建设项目的批准和实施情况"),
    (11, "十一", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    (12, "十二", "突发公共事件的应急预案、预警信息及应对情况"),
    (13, "十三", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    (14, "十四", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    (15, "十五", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)

NUMERALS = {number: numeral for number, numeral, _ in ITEMS}
TITLES = {number: title for number, _, title in ITEMS}


def label(number: int) -> str:
    """'第二十条第（一）项 行政法规、规章和规范性文件'."""
    return f"第二十条第（{NUMERALS[number]}）项 {TITLES[number]}"


def short_label(number: int) -> str:
    return f"（{NUMERALS[number]}）{TITLES[number]}"


Article20 = models.IntegerChoices(
    "Article20", [(f"ITEM_{n}", (n, short_label(n))) for n, _, _ in ITEMS]
)
