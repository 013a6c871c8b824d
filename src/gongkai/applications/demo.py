"""The demo's applications: a year of them for every demo agency, through the real actions.

Most are answered, across table 三's outcomes; some were corrected, consulted on,
extended or charged a fee; a few were withdrawn or abandoned. Those still open today
include overdue ones, ones due within days, paused ones, ones waiting for the applicant,
an extension waiting for the reviewer and online submissions to confirm. Each agency
gets an officer login, `<prefix>-officer`. Running it again changes nothing.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai import demo_data as data
from gongkai import identity
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.holidays import calendar as holidays
from gongkai.workflow import ActionError

from . import actions, after_actions, fee_actions
from .classification import ApplicantType, Outcome
from .models import Application

PER_AGENCY = {"xigong": 24, "xigong-office": 30, "xigong-culture-tourism": 40}
DEFAULT_PER_AGENCY = 14
OUTCOMES = (  # (outcome, weight)
    (Outcome.DISCLOSED, 34),
    (Outcome.PARTLY_DISCLOSED, 10),
    (Outcome.UNABLE_NOT_HELD, 16),
    (Outcome.UNABLE_NEEDS_CREATION, 4),
    (Outcome.REFUSED_THIRD_PARTY, 4),
    (Outcome.REFUSED_PROCESS, 4),
    (Outcome.REFUSED_INTERNAL, 2),
    (Outcome.REFUSED_LAW, 1),
    (Outcome.NOT_PROCESSED_PETITION, 5),
    (Outcome.NOT_PROCESSED_REPEATED, 3),
    (Outcome.NOT_PROCESSED_PUBLICATION, 2),
    (Outcome.REFUSED_QUERY, 2),
)
REQUESTS = (
    "{y}年度{t}专项资金的分配和使用情况",
    "{y}年{t}相关行政处罚决定书",
    "关于{t}工作的会议纪要（{y}年）",
    "{t}项目的立项批复和验收材料",
    "{y}年{t}检查的结果和整改情况",
    "{t}相关的规范性文件及其制定依据",
    "{y}年{t}工作的统计数据",
    "{t}服务项目的政府采购合同",
)
REPLIES = {
    Outcome.DISCLOSED: "现将所申请的信息以电子文件形式提供给您（见附件）。",
    Outcome.PARTLY_DISCLOSED: "其中涉及第三方个人信息的内容已作区分处理，不予公开；其余内容见附件。",
    Outcome.UNABLE_NOT_HELD: "",
    Outcome.REFUSED_QUERY: "您可以凭本人有效身份证件到区政务服务中心相关窗口查询。",
    Outcome.NOT_PROCESSED_PUBLICATION: "该内容已刊载于《西工区年鉴》，可在区图书馆查阅。",
}
ORGANISATIONS = {
    ApplicantType.COMMERCIAL: (
        "洛阳{n}文化传媒有限公司",
        "洛阳{n}建设工程有限公司",
        "河南{n}旅游开发有限公司",
    ),
    ApplicantType.RESEARCH: ("洛阳{n}规划设计研究院", "河南科技大学{n}研究中心"),
    ApplicantType.PUBLIC_INTEREST: ("洛阳市{n}公益服务中心", "西工区{n}志愿者协会"),
    ApplicantType.LEGAL_SERVICE: ("河南{n}律师事务所", "洛阳{n}法律服务所"),
    ApplicantType.OTHER_ORGANISATION: ("{n}社区居民委员会", "{n}业主委员会"),
}
PLACES = ("瀛洲", "凯旋", "王城", "洛北", "金谷园", "红山", "唐宫", "道北", "汉屯", "西苑")
STREETS = ("中州中路", "凯旋东路", "纱厂南路", "七一路", "唐宫中路", "王城大道", "道南路")


def seed() -> str:
    today = timezone.localdate()
    officers = _officers()
    created = 0
    for agency in Agency.objects.filter(slug__in=data.USER_PREFIX).order_by("path"):
        # one transaction per agency: a seed killed midway leaves each agency with all
        # of its applications or none, and the next run makes what is missing
        with transaction.atomic():
            if Application.objects.filter(agency=agency).exists():
                continue
            created += _applications(agency, officers, today)
    return f"{Application.objects.count()} applications ({created} created now)"


def _officers() -> dict[str, object]:
    """Each demo agency's officer (made with the agencies' demo)."""
    return {
        m.agency.slug: m.user
        for m in Membership.objects.filter(
            agency__slug__in=data.USER_PREFIX,
            role=Role.OFFICER,
            user__username__endswith="-officer",
        ).select_related("agency", "user")
    }


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _resident_id(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    first = f"410303{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first + identity.resident_id_check_char(first)


def _credit_code(rng: random.Random) -> str:
    body = "91410303" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + identity.uscc_check_char(body)


def _applicant(rng: random.Random) -> dict:
    SURNAMES, GIVEN = data.SURNAMES, data.GIVEN
    kind = rng.choices(list(ApplicantType), weights=(70, 12, 4, 4, 6, 4))[0]
    phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    address = f"河南省洛阳市西工区{rng.choice(STREETS)}{rng.randint(1, 300)}号"
    if kind == ApplicantType.NATURAL_PERSON:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        return {
            "applicant_type": kind,
            "applicant_name": name,
            "id_type": "resident_id",
            "id_number": _resident_id(rng),
            "phone": phone,
            "address": address,
            "postcode": "471000",
        }
    name = rng.choice(ORGANISATIONS[kind]).format(n=rng.choice(PLACES))
    return {
        "applicant_type": kind,
        "applicant_name": name,
        "id_type": "credit_code",
        "id_number": _credit_code(rng),
        "phone": phone,
        "address": address,
        "postcode": "471000",
        "contact_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
    }


def _workday_between(rng, first: date, last: date) -> date:
    calendar = holidays.current()
    day = first + timedelta(days=rng.randrange(max(1, (last - first).days + 1)))
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _applications(agency: Agency, officers, today: date) -> int:
    spec = next(a for a in data.AGENCIES if a[0] == agency.slug)
    topics = spec[8]
    rng = random.Random("applications-" + agency.slug)
    officer = officers[agency.slug]
    reviewer = Membership.objects.filter(agency=agency, role=Role.REVIEWER).first()
    reviewer = reviewer.user if reviewer else officer
    count = PER_AGENCY.get(agency.slug, DEFAULT_PER_AGENCY)
    start = today - timedelta(days=365)
    # Some are still open. 西工区文化旅游局 (the demo's main login) has one in every
    # situation; the others a random few.
    every = [
        "overdue",
        "soon",
        "consulting",
        "extended",
        "correction",
        "unconfirmed",
        "extension",
        "fee",
        "running",
    ]
    if agency.slug == "xigong-culture-tourism":
        open_plans = every + ["overdue", "soon", "running"]
    else:
        pool = every + ["overdue", "soon", "running", "running", "consulting"]
        open_plans = rng.sample(pool, rng.randint(2, max(3, count // 4)))
    n_open = len(open_plans)
    plans = ["closed"] * (count - n_open) + open_plans
    # In order of receipt, so that letter numbers follow the calendar.
    dated = sorted((_received_for(plan, rng, start, today), plan) for plan in plans)
    made = 0
    for index, (received, plan) in enumerate(dated):
        fields = {
            **_applicant(rng),
            "description": rng.choice(REQUESTS).format(
                y=received.year - rng.randint(0, 2), t=rng.choice(topics)
            ),
            "form_wanted": rng.choice(["paper", "electronic", "electronic"]),
            "delivery": rng.choice(["post", "email", "collect", "online"]),
        }
        if fields["delivery"] == "email":
            fields["email"] = f"user{rng.randrange(10**6)}@example.com"
        try:
            _one(agency, officer, reviewer, rng, plan, received, today, fields)
        except ActionError as e:  # a generated date the law refuses: skip that one
            raise RuntimeError(f"demo application {agency.slug} #{index}: {e.message}") from e
        made += 1
    if agency.slug == "xigong-culture-tourism":
        _after_the_answer(agency, officer, reviewer, today)
    return made


def _after_the_answer(agency, officer, reviewer, today: date) -> None:
    """送达 of the earlier answers, and one answer corrected by the reviewer: the annual
    report counts it once, under the corrected outcome."""
    answered = Application.objects.filter(
        agency=agency, status="answered", closed_on__lte=today - timedelta(days=20)
    ).order_by("closed_on", "pk")
    for a in answered[:12]:
        letter = a.letters.filter(kind=a.outcome).first()
        if letter is None:
            continue
        method = {"post": "post", "email": "email", "collect": "in_person"}.get(
            a.delivery, "online"
        )
        on = min(letter.dated + timedelta(days=3 if method == "post" else 0), today)
        after_actions.record_service(
            letter,
            acting_user=officer,
            on=on,
            method=method,
            tracking_number=f"EMS98{a.pk:08d}" if method == "post" else "",
            at=_aware(on, 17),
        )
    wrong = answered.filter(outcome=Outcome.PARTLY_DISCLOSED).last()
    if wrong is not None and reviewer != officer:
        on = min(wrong.closed_on + timedelta(days=7), today)
        after_actions.correct_answer(
            wrong,
            acting_user=reviewer,
            on=on,
            at=_aware(on, 15),
            outcome=Outcome.DISCLOSED,
            reason="经复核，原不予公开部分不涉及商业秘密，应当全部公开。",
        )


def _received_for(plan: str, rng, start: date, today: date) -> date:
    calendar = holidays.current()
    # Calendar days back from today that put an open application in its situation.
    back = {
        "overdue": (36, 70),
        "soon": (25, 27),
        "consulting": (8, 20),
        "correction": (1, 5),
        "unconfirmed": (0, 2),
        "extension": (14, 18),
        "extended": (18, 24),
        "fee": (5, 12),
        "running": (3, 14),
    }
    if plan == "closed":
        # Early enough that a correction, a consultation and an extension all fit before today.
        return _workday_between(rng, start, today - timedelta(days=90))
    day = today - timedelta(days=rng.randint(*back[plan]))
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _one(agency, officer, reviewer, rng, plan, received, today, fields) -> Application:
    calendar = holidays.current()

    def wd(day: date, n: int) -> date:
        return calendar.add_working_days(day, n).due

    online = plan == "unconfirmed" or rng.random() < 0.35
    if online:
        application, _ = actions.submit_online(
            agency, token=uuid.uuid4(), at=_aware(received, rng.randint(8, 21)), **fields
        )
        if plan == "unconfirmed":
            return application
        application = actions.confirm(
            application, acting_user=officer, on=received, at=_aware(received, 17)
        )
    else:
        channel = rng.choice(["counter", "counter", "registered_mail", "ordinary_mail", "fax"])
        dates = {
            {"counter": "handed_over_on", "registered_mail": "signed_for_on"}.get(
                channel, "confirmed_on"
            ): received
        }
        application = actions.register(
            agency, acting_user=officer, channel=channel, at=_aware(received, 9), **dates, **fields
        )
    a = application
    if plan == "overdue":
        return a
    if plan == "correction" or (plan == "closed" and rng.random() < 0.12):
        asked = wd(received, rng.randint(1, 4))
        a = actions.request_correction(
            a,
            acting_user=officer,
            on=asked,
            at=_aware(asked),
            items="请明确所需信息的具体名称、文号或形成时间。",
        )
        if plan == "correction":
            return a
        if rng.random() < 0.2:
            lapsed = wd(a.correction_due, 1)
            return actions.abandon_uncorrected(a, acting_user=officer, on=lapsed, at=_aware(lapsed))
        back = wd(asked, rng.randint(2, 8))
        a = actions.receive_correction(
            a, acting_user=officer, on=back, at=_aware(back), note="申请人补充了信息名称和年度。"
        )
    if plan == "consulting" or (plan == "closed" and rng.random() < 0.12):
        asked = wd(a.events.last().on if a.events.exists() else received, rng.randint(2, 5))
        kind = rng.choice(["third_party", "agency"])
        party = "洛阳某文化传媒有限公司" if kind == "third_party" else "西工区财政局"
        a = actions.start_consultation(
            a, acting_user=officer, on=asked, at=_aware(asked), party_kind=kind, party_name=party
        )
        if plan == "consulting":
            return a
        answered = wd(asked, rng.randint(4, 15))
        a = actions.end_consultation(
            a,
            acting_user=officer,
            consultation=a.consultations.get(),
            on=answered,
            at=_aware(answered),
            result=rng.choice(["agreed", "objected", "no_reply"]),
        )
    if plan in ("extension", "extended", "closed") and (plan != "closed" or rng.random() < 0.1):
        asked = wd(_last(a), 1)
        if asked <= a.due_on and asked <= today:
            a = actions.request_extension(
                a,
                acting_user=officer,
                days=20,
                at=_aware(asked),
                reason="所申请信息数量较多，需要调取档案核查",
            )
            if plan == "extension":
                return a
            approved = min(wd(asked, 1), a.due_on)
            a = actions.approve_extension(a, acting_user=reviewer, on=approved, at=_aware(approved))
    if plan == "fee" or (plan == "closed" and rng.random() < 0.04):
        noticed = wd(_last(a), 2)
        a = fee_actions.notify_fee(
            a,
            acting_user=officer,
            on=noticed,
            at=_aware(noticed),
            method="per_volume",
            pages=rng.randint(60, 260),
        )
        if plan == "fee":
            return a
        if rng.random() < 0.4:
            lapsed = wd(a.payment_due, 1)
            return fee_actions.abandon_unpaid(a, acting_user=officer, on=lapsed, at=_aware(lapsed))
        paid = wd(noticed, rng.randint(2, 10))
        a = fee_actions.record_payment(a, acting_user=officer, on=paid, at=_aware(paid))
    if plan in ("soon", "running", "extended"):
        return a
    if rng.random() < 0.04:
        day = max(wd(a.received_on, rng.randint(1, 5)), _last(a))
        return actions.withdraw(
            a, acting_user=officer, on=day, at=_aware(day), note="申请人电话告知不再需要该信息。"
        )
    outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
    due = a.due_on
    late = rng.random() < 0.06
    last = _last(a)
    on = wd(due, rng.randint(1, 6)) if late else _workday_between(rng, last, due)
    on = min(max(on, last), today)
    referred = "西工区财政局" if outcome == Outcome.UNABLE_NOT_HELD and rng.random() < 0.5 else ""
    return actions.answer(
        a,
        acting_user=officer,
        on=on,
        at=_aware(on, 16),
        outcome=outcome,
        reply=REPLIES.get(outcome, ""),
        referred_to=referred,
    )


def _last(a: Application) -> date:
    event = a.events.order_by("-on", "-id").first()
    return event.on if event else a.received_on
