"""The demo's annual reports: a complete past year, built from records through the same
actions staff use, and a report history.

For the last complete year every agency below 西工区人民政府 gets that year's
applications (when it has none), table 二's figures and a report; most are submitted on
time and published, one is submitted late, one returned by the supervising office, one
not submitted at all, and 西工区卫生健康委员会 uploads a report published on its own
site with a planted error (三（七）总计 one more than its rows) that the checks find.
The government's own report is published in March. 西工区文化旅游局's 2020 report, as
published (the seed sample), is imported as its history. Running it again changes
nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from gongkai import annualreport as ar
from gongkai import demo_data
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.annualreport.writers import render
from gongkai.appeals import demo as appeals_demo
from gongkai.applications.classification import ApplicantType, Outcome
from gongkai.applications.intake import recorded
from gongkai.applications.models import Application

from . import actions, compute, narrative
from .models import AnnualReport

SAMPLE_2020 = "2020_xigong-culture-tourism-bureau.txt"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ("建国", "秀兰", "志刚", "丽萍", "海涛", "桂英", "晓东", "红霞", "伟", "静", "磊", "敏")
COMPANIES = ("洛阳市某某商贸有限公司", "河南某某建设工程有限公司", "洛阳某某文化传媒有限公司")
REQUESTS = (
    "{y}年度{t}项目的资金使用情况",
    "{t}相关行政许可的审批依据和结果",
    "本人房屋所在片区{t}的规划和补偿方案",
    "{y}年{t}专项检查的通报",
    "{t}有关的会议纪要",
    "某企业{t}行政处罚决定书",
)
TOPICS = (
    "文化市场",
    "老旧小区改造",
    "校外培训",
    "政府采购",
    "公共卫生",
    "食品安全",
    "社会保险",
    "道路改造",
)
# (outcome, weight): most are disclosed; every kind of answer occurs somewhere.
OUTCOMES = (
    (Outcome.DISCLOSED, 40),
    (Outcome.PARTLY_DISCLOSED, 14),
    (Outcome.REFUSED_THIRD_PARTY, 3),
    (Outcome.REFUSED_PROCESS, 3),
    (Outcome.REFUSED_STATE_SECRET, 1),
    (Outcome.UNABLE_NOT_HELD, 15),
    (Outcome.UNABLE_NEEDS_CREATION, 3),
    (Outcome.UNABLE_UNCLEAR, 2),
    (Outcome.NOT_PROCESSED_PETITION, 3),
    (Outcome.NOT_PROCESSED_REPEATED, 4),
    (Outcome.OTHER_NOT_CORRECTED, 5),
    (Outcome.OTHER_FEE_UNPAID, 1),
    (Outcome.OTHER, 6),
)
TYPES = (
    (ApplicantType.NATURAL_PERSON, 78),
    (ApplicantType.COMMERCIAL, 12),
    (ApplicantType.RESEARCH, 2),
    (ApplicantType.PUBLIC_INTEREST, 2),
    (ApplicantType.LEGAL_SERVICE, 4),
    (ApplicantType.OTHER_ORGANISATION, 2),
)
# slug -> (applications in the year, what happens to the report: plan, first date)
PLANS = {
    "xigong-office": (38, "published", (1, 16)),
    "xigong-culture-tourism": (14, "returned-then-published", (1, 20)),
    "xigong-education": (22, "published", (1, 28)),
    "xigong-finance": (9, "published", (1, 23)),
    "xigong-health": (17, "imported-with-error", (1, 30)),
    "xigong-market": (26, "submitted", (1, 30)),
    "xigong-hrss": (31, "late", (2, 6)),
    "hongshan": (4, "draft", (1, 12)),
    "wangchenglu": (6, "returned", (1, 27)),
    "xigong": (5, "government", (3, 20)),
}


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic  # an agency's applications all, or none
def _applications(agency: Agency, year: int, count: int) -> int:
    """The year's applications (and a few carried in from the year before), for the part
    of the year the applications demo (the last twelve months) does not cover."""
    first = Application.objects.filter(agency=agency, received_on__year=year).aggregate(
        first=Min("received_on")
    )["first"]
    earlier = Application.objects.filter(
        agency=agency, received_on__range=(date(year - 1, 12, 1), date(year, 10, 31))
    )
    if earlier.exists():
        return 0  # seeded already (the applications demo covers only the last twelve months)
    rng = random.Random(f"applications-{agency.slug}-{year}")
    today = timezone.localdate()
    made = 0
    plans = [date(year - 1, 12, rng.randint(10, 28)) for _ in range(rng.randint(0, 2))]
    plans += sorted(date(year, 1, 4) + timedelta(days=rng.randrange(0, 360)) for _ in range(count))
    if first is not None:
        plans = [d for d in plans if d < first - timedelta(days=3)]
    for received in plans:
        if received.weekday() >= 5:
            received -= timedelta(days=received.weekday() - 4)
        kind = _pick(rng, TYPES)
        closed = received + timedelta(days=rng.choice([1, 3, 6, 10, 14, 18, 21, 25, 27, 33, 45]))
        if closed > today:
            continue
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if kind != ApplicantType.NATURAL_PERSON:
            name = rng.choice(COMPANIES)
        recorded(
            agency,
            applicant_type=kind,
            applicant_name=name,
            received_on=received,
            description="申请公开"
            + rng.choice(REQUESTS).format(y=received.year, t=rng.choice(TOPICS)),
            outcome=_pick(rng, OUTCOMES),
            closed_on=closed,
        )
        made += 1
    return made


def _figure_values(agency: Agency, year: int) -> dict[str, tuple[Decimal, str]]:
    rng = random.Random(f"figures-{agency.slug}-{year}")
    fmt = ar.format_for_year(year)
    sources = {
        "第二十条第（五）项": "区政务服务中心审批系统年度统计",
        "第二十条第（六）项": "区综合行政执法平台年度统计",
        "第二十条第（八）项": "区财政局非税收入管理系统",
        "第二十条第（九）项": "区政府采购管理系统",
    }
    values = {}
    for cid in compute.entered_t2_cells(fmt):
        block = cid.split("/")[1]
        column = fmt.column_of(cid)
        if column.kind == "money":
            value = Decimal(rng.randint(0, 4000)) / 100 if rng.random() < 0.4 else Decimal(0)
        elif column.kind == "signed":
            value = Decimal(rng.randint(-3, 5))
        else:
            value = Decimal(rng.choice([0, 0, 2, 7, 15, 36, 120, 486]))
        values[cid] = (value, sources.get(block, "本机关统计"))
    return values


def _closing_text(agency: Agency, self_ref: str) -> dict[str, str]:
    who = self_ref if self_ref.startswith("我") else "本机关"
    return {
        "五": (
            f"一是政府信息公开工作人员多为兼职，业务培训还不够系统；二是政策解读形式比较单一，"
            f"图表、音视频解读较少。下一步，{who}将加强业务培训，规范依申请公开答复文书，"
            "丰富政策解读形式，及时回应社会关切。"
        ),
        "六": "本年度未收取信息处理费。无其他需要报告的事项。",
    }


def _build(agency: Agency, year: int, editor, self_ref: str, when: date) -> AnnualReport:
    report = actions.start_report(
        agency, year, acting_user=editor, at=_at(when - timedelta(days=6), 9)
    )
    text = dict(report.narrative)
    text.update(_closing_text(agency, self_ref))
    return actions.save_narrative(
        report, acting_user=editor, sections=text, at=_at(when - timedelta(days=5))
    )


def _imported_with_error(
    agency: Agency, year: int, editor, publisher, self_ref: str, when: date
) -> None:
    """The agency published its report on its own site, with 三（七）总计 one too many."""
    entered = {
        cid: compute.Figure(value, source)
        for cid, (value, source) in _figure_values(agency, year).items()
    }
    report = compute.build(agency, year, entered=entered)
    text = narrative.draft(report, items_published=compute.items_published(agency, year))
    text.update(_closing_text(agency, self_ref))
    total = report.value("t3/三.七/总计") or 0
    planted = report.with_cells(**{"t3/三.七/总计": ar.Cell.number(total + 1)})
    planted = planted.replace(narrative=text, published=when)
    data = render(planted, "html")
    actions.import_report(
        agency,
        year,
        acting_user=editor,
        data=data,
        filename=f"{agency.name}{year}年政府信息公开工作年度报告.html",
        at=_at(when, 16),
    )
    if publisher is not None:
        report = AnnualReport.objects.get(agency=agency, year=year)
        actions.publish_report(report, acting_user=publisher, at=_at(when, 17))


def _history(agency: Agency, editor, publisher) -> None:
    """The 2020 report of 西工区文化旅游局 as it was published: imported."""
    if AnnualReport.objects.filter(agency=agency, year=2020).exists():
        return
    data = resources.files("gongkai.reports.data").joinpath(SAMPLE_2020).read_bytes()
    actions.import_report(
        agency,
        2020,
        acting_user=editor,
        data=data,
        filename=SAMPLE_2020,
        at=_at(date(2021, 1, 28), 15),
    )
    if publisher is not None:
        report = AnnualReport.objects.get(agency=agency, year=2020)
        actions.publish_report(report, acting_user=publisher, at=_at(date(2021, 1, 28), 16))


def seed() -> str:
    User = get_user_model()
    today = timezone.localdate()
    year = today.year - 1
    self_refs = {a[0]: a[7] for a in demo_data.AGENCIES}
    people = {}
    for m in Membership.objects.filter(agency__slug__in=PLANS).select_related("agency", "user"):
        people[(m.agency.slug, m.role)] = m.user
    supervisor = User.objects.filter(username="zwgk-supervisor").first()
    editors = {slug: people.get((slug, Role.EDITOR)) for slug in PLANS}
    made = 0
    for slug, (count, _, _) in PLANS.items():
        agency = Agency.objects.filter(slug=slug).first()
        if agency is not None and editors[slug] is not None:
            made += _applications(agency, year, count)
    cases = appeals_demo.seed(year, editors)
    reports = 0
    for slug, (_, plan, (month, day)) in PLANS.items():
        agency = Agency.objects.filter(slug=slug).first()
        editor, publisher = editors[slug], people.get((slug, Role.PUBLISHER))
        when = date(year + 1, month, day)
        if agency is None or editor is None or when > today:
            continue
        if AnnualReport.objects.filter(agency=agency, year=year).exists():
            continue
        reports += 1
        _report(agency, year, plan, editor, publisher, supervisor, self_refs[slug], when, today)
    culture = Agency.objects.filter(slug="xigong-culture-tourism").first()
    if culture is not None and editors.get("xigong-culture-tourism") is not None:
        _history(
            culture,
            editors["xigong-culture-tourism"],
            people.get(("xigong-culture-tourism", Role.PUBLISHER)),
        )
    return f"{year}年度：{made}件申请、{cases}件复议诉讼案件、{reports}份年度报告"


@transaction.atomic  # an agency's report all, or none (a seed killed midway resumes)
def _report(agency, year, plan, editor, publisher, supervisor, self_ref, when, today) -> None:
    if plan == "imported-with-error":
        _imported_with_error(agency, year, editor, publisher, self_ref, when)
        return
    actions.save_figures(
        agency,
        year,
        acting_user=editor,
        values=_figure_values(agency, year),
        at=_at(when - timedelta(days=7)),
    )
    report = _build(agency, year, editor, self_ref, when)
    if plan == "draft":
        return
    actions.submit_report(report, acting_user=editor, at=_at(when, 15))
    if plan in ("returned", "returned-then-published") and supervisor is not None:
        comment = (
            "请在第五部分写明本年度存在的具体问题，不要照搬往年表述；"
            "另请核对表二行政许可处理决定数量。"
        )
        actions.return_report(
            report,
            acting_user=supervisor,
            comment=comment,
            at=_at(when + timedelta(days=2), 11),
        )
        if plan == "returned" or when + timedelta(days=6) > today:
            return
        report.refresh_from_db()
        text = dict(report.narrative)
        text["五"] = text["五"].replace("一是", "一是本年度依申请公开数量增加，", 1)
        actions.save_narrative(
            report, acting_user=editor, sections=text, at=_at(when + timedelta(days=5), 9)
        )
        actions.submit_report(
            report,
            acting_user=editor,
            note="按政务公开办意见修改第五部分。",
            at=_at(when + timedelta(days=5), 16),
        )
    if plan != "submitted" and publisher is not None and when + timedelta(days=6) <= today:
        actions.publish_report(
            report,
            acting_user=publisher,
            at=_at(when + timedelta(days=1 if plan != "returned-then-published" else 6), 9),
        )
