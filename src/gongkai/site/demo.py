"""`gongkai demo`: a demo that looks real, seeded through the same actions staff use.

西工区人民政府 with its departments and two townships, staff for every role, catalogs
mapped to the 第二十条 categories, guides, and a few hundred items over several years,
with their review and publication history. Running it again changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import demo as applications_demo
from gongkai.publishing import actions, catalog_actions
from gongkai.publishing.catalog import CatalogCategory, GuideVersion
from gongkai.publishing.checklist import KEYS
from gongkai.publishing.models import Item
from gongkai.reports import demo as reports_demo

from . import demo_data as data

USER_PREFIX = {
    "xigong": "quzhengfu", "xigong-office": "zhengfuban", "xigong-culture-tourism": "wenlv",
    "xigong-education": "jiaoyu", "xigong-finance": "caizheng", "xigong-health": "weijian",
    "xigong-market": "shichang", "xigong-hrss": "renshe", "hongshan": "hongshan",
    "wangchenglu": "wangchenglu",
}  # fmt: skip
ROLE_SUFFIX = {
    Role.EDITOR: "editor", Role.REVIEWER: "reviewer", Role.PUBLISHER: "publisher",
    Role.ADMIN: "admin",
}  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ("建华", "秀英", "志强", "丽娟", "海燕", "国庆", "晓明", "红梅", "伟", "静", "磊", "敏",
         "军", "燕", "鹏", "婷", "浩然", "雪梅", "振东", "佳怡")  # fmt: skip
SUPERVISOR = "zwgk"
FIRST_YEAR = 2020
ITEMS_PER_AGENCY = 44


def seed() -> str:
    agencies = _agencies()
    users = _staff(agencies)
    created = 0
    for agency in agencies.values():
        _catalog(agency, users)
        _guide(agency, users)
        if not Item.objects.filter(agency=agency).exists():
            created += _items(agency, users)
    applications = applications_demo.seed()
    reports_demo.seed()
    return (
        f"Demo ready: {Agency.objects.count()} agencies, "
        f"{Item.objects.public().count()} public items ({created} created now), "
        f"{applications}, {get_user_model().objects.count()} users. "
        f"Password for every demo login: {data.PASSWORD}"
    )


def print_logins(base_url: str) -> None:
    User = get_user_model()
    names = set(User.objects.values_list("username", flat=True))
    if f"{SUPERVISOR}-supervisor" not in names:
        print("(no demo logins: run `gongkai demo` to seed the demo)")
        return
    print(
        f"Demo staff logins (password for all: {data.PASSWORD}), back office at {base_url}/staff/"
    )
    wenlv = USER_PREFIX["xigong-culture-tourism"]
    rows = [
        (f"{wenlv}-editor", "西工区文化旅游局 编辑（起草、修改、提交）"),
        (f"{wenlv}-reviewer", "西工区文化旅游局 审核（含保密审查）"),
        (f"{wenlv}-publisher", "西工区文化旅游局 发布"),
        (f"{wenlv}-admin", "西工区文化旅游局 机关管理员（目录、指南、人员）"),
        (f"{wenlv}-officer", "西工区文化旅游局 依申请公开办理（登记、补正、答复）"),
        (f"{SUPERVISOR}-supervisor", "西工区政务公开办 监督（全区）"),
        ("sysadmin", "系统管理员（/sysadmin/ Django admin）"),
    ]
    for username, what in rows:
        print(f"  {username:<22} {what}")
    print(
        "  Every other agency has <prefix>-editor, -reviewer, -publisher, -admin, -officer; prefixes: "
        + ", ".join(p for s, p in USER_PREFIX.items() if p != wenlv)
    )


@transaction.atomic
def _agencies() -> dict[str, Agency]:
    found: dict[str, Agency] = {}
    for order, (slug, name, short, kind, parent, code, _p, _s, topics) in enumerate(data.AGENCIES):
        rng = random.Random(slug)
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            agency = Agency(
                slug=slug,
                name=name,
                short_name=short,
                kind=kind,
                org_code=code,
                parent=found.get(parent),
                sort_order=order * 10,
                head=rng.choice(SURNAMES) + rng.choice(GIVEN),
                address=data.ADDRESSES.get(slug, f"河南省洛阳市西工区中州中路{20 + order * 7}号"),
                postcode="471000",
                office_hours="工作日 上午8:30-12:00，下午14:30-17:30（夏季下午15:00-18:00）",
                phone=f"0379-6321{1000 + order * 17:04d}",
                fax=f"0379-6321{2000 + order * 17:04d}",
                email=f"{USER_PREFIX[slug]}@xigong.gov.cn",
                functions=(
                    f"贯彻执行国家和省、市关于{'、'.join(topics[:3])}等方面的法律法规和方针政策；"
                    f"拟订本区{topics[0]}发展规划并组织实施；"
                    f"负责{'、'.join(topics[1:4])}的监督管理和公共服务；"
                    "承办区委、区政府交办的其他事项。"
                ),
            )
            agency.save()
        found[slug] = agency
    return found


def _user(username: str, full_name: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, password=data.PASSWORD, full_name=full_name
        )
    return user


@transaction.atomic
def _staff(agencies: dict[str, Agency]) -> dict[tuple[str, str], object]:
    users: dict[tuple[str, str], object] = {}
    for slug, agency in agencies.items():
        rng = random.Random("staff-" + slug)
        for role, suffix in ROLE_SUFFIX.items():
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            user = _user(f"{USER_PREFIX[slug]}-{suffix}", name)
            Membership.objects.get_or_create(user=user, agency=agency, role=role)
            users[(slug, role)] = user
    supervisor = _user(f"{SUPERVISOR}-supervisor", "钱卫东")
    Membership.objects.get_or_create(
        user=supervisor, agency=agencies["xigong"], role=Role.SUPERVISOR
    )
    User = get_user_model()
    if not User.objects.filter(username="sysadmin").exists():
        User.objects.create_superuser(
            "sysadmin", "sysadmin@xigong.gov.cn", data.PASSWORD, full_name="系统管理员"
        )
    return users


def _catalog(agency: Agency, users) -> None:
    if CatalogCategory.objects.filter(agency=agency).exists():
        return
    admin = users[(agency.slug, Role.ADMIN)]
    for order, (name, number, children) in enumerate(data.CATALOG):
        parent = catalog_actions.save_category(
            agency, acting_user=admin, name=name, article20=number, sort_order=order * 10
        )
        for child_order, (child, child_number) in enumerate(children):
            catalog_actions.save_category(
                agency,
                acting_user=admin,
                name=child,
                article20=child_number,
                parent=parent,
                sort_order=child_order * 10,
            )


def _guide(agency: Agency, users) -> None:
    if GuideVersion.objects.filter(agency=agency).exists():
        return
    catalog_actions.publish_guide(
        agency,
        acting_user=users[(agency.slug, Role.ADMIN)],
        at=_aware(date(FIRST_YEAR, 1, 6), 10),
        overview=(
            f"为了更好地为公民、法人和其他组织获取{agency.name}政府信息提供服务，根据《中华人民共和国"
            "政府信息公开条例》，编制本指南。本指南每年更新。"
        ),
        proactive=(
            "公开范围：本机关按照条例第十九条、第二十条的规定，主动公开机构职能、政策文件、规划计划、"
            "行政许可和处罚、财政预决算等政府信息，具体见本机关政府信息公开目录。\n"
            "公开方式：通过本平台、政务新媒体、公告栏等公开。\n"
            "公开时限：信息形成或者变更之日起20个工作日内予以公开。"
        ),
        applications=(
            "公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用书面形式，"
            "可通过本平台在线提交、信函邮寄或当面提交；采用书面形式确有困难的，可以口头提出，"
            "由受理机构代为填写申请。\n本机关能够当场答复的当场答复；不能当场答复的，"
            "自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经负责人同意并告知申请人，"
            "延长的期限最长不超过20个工作日。"
        ),
        office=f"{agency.name}政府信息公开工作机构\n地址：{agency.address}\n邮政编码：{agency.postcode}",
        hours=agency.office_hours,
        contacts=f"电话：{agency.phone}\n传真：{agency.fax}\n电子邮箱：{agency.email}",
        fees="提供政府信息不收取费用。申请数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》收取信息处理费。",
        remedies=(
            "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向西工区人民政府"
            "办公室（政务公开办）投诉、举报，也可以依法申请行政复议或者提起行政诉讼。"
        ),
        note="首次发布",
    )


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _items(agency: Agency, users) -> int:
    spec = next(a for a in data.AGENCIES if a[0] == agency.slug)
    prefix, self_ref, topics = spec[6], spec[7], spec[8]
    rng = random.Random("items-" + agency.slug)
    today = timezone.localdate()
    editor = users[(agency.slug, Role.EDITOR)]
    reviewer = users[(agency.slug, Role.REVIEWER)]
    publisher = users[(agency.slug, Role.PUBLISHER)]
    categories = {
        c.name: c for c in CatalogCategory.objects.filter(agency=agency, children__isnull=True)
    }
    names = [n for n in data.TITLES if n in categories]
    span = (today - date(FIRST_YEAR, 1, 2)).days
    plans = sorted(rng.randrange(0, span - 5) for _ in range(ITEMS_PER_AGENCY))
    serial_by_year: dict[int, int] = {}
    count = 0
    for index, offset in enumerate(plans):
        published = date(FIRST_YEAR, 1, 2) + timedelta(days=offset)
        if published.weekday() >= 5:
            published += timedelta(days=7 - published.weekday())
        if published >= today:
            published = today - timedelta(days=1)
        # About one item in eight is a normative document (table 二 of the annual report).
        name = "行政规范性文件" if rng.random() < 0.12 else rng.choice(names)
        category = categories[name]
        y = published.year
        topic = rng.choice(topics)
        values = {
            "a": agency.name,
            "s": agency.short_name,
            "t": topic,
            "y": y,
            "tm": topic if topic.endswith("管理") else topic + "管理",
            "py": y - 1,
            "m": rng.randint(1, 12),
            "q": rng.randint(1, 4),
            "self": self_ref,
            "n": rng.randint(0, 9999),
            "k": rng.randint(12, 480),
        }
        title = rng.choice(data.TITLES[name]).format(**values)
        picked = sorted(rng.sample(range(1, len(data.PARAGRAPHS)), 3))
        paragraphs = [data.PARAGRAPHS[0], *(data.PARAGRAPHS[i] for i in picked)]
        body = "\n".join(p.format(**values) for p in paragraphs)
        stage = _final_stage(len(plans) - index)
        late = rng.random() < 0.08
        made = published - timedelta(days=rng.randint(32, 45) if late else rng.randint(1, 20))
        if stage != "published":
            # What waits in the back office arrived in the last days.
            made = today - timedelta(days=rng.randint(2, 9))
            published = made + timedelta(days=1)
        normative = name == "行政规范性文件"
        numbered = normative or (name == "其他文件" and rng.random() < 0.7)
        number = ""
        if numbered:
            serial_by_year[y] = serial_by_year.get(y, 0) + rng.randint(1, 3)
            number = f"{prefix}{'办' if not normative and not prefix.endswith('办') else ''}〔{y}〕{serial_by_year[y]}号"
        item = actions.create_item(
            agency,
            acting_user=editor,
            at=_aware(made, 9, 30),
            title=title,
            category=category,
            document_number=number,
            issued_on=made,
            made_on=made,
            doc_kind=Item.DocKind.NORMATIVE if normative else Item.DocKind.OTHER,
            body=body,
        )
        count += 1
        if stage == "draft":
            continue
        actions.submit_item(item, acting_user=editor, at=_aware(made, 15))
        if stage == "returned":
            actions.return_item(
                item,
                acting_user=reviewer,
                at=_aware(made, 16),
                comment="请补充政策依据，并核对联系电话。",
            )
            continue
        if stage == "submitted":
            continue
        actions.approve_item(
            item, acting_user=reviewer, answers=dict.fromkeys(KEYS, True), at=_aware(published, 10)
        )
        if stage == "approved":
            continue
        item = actions.publish_item(item, acting_user=publisher, at=_aware(published, 11))
        if normative and rng.random() < 0.4:
            repealed = published + timedelta(days=rng.randint(200, 900))
            if repealed < today:
                actions.repeal_item(
                    item,
                    acting_user=publisher,
                    repealed_on=repealed,
                    at=_aware(repealed, 9),
                    comment="已被新文件替代。",
                )
        elif normative and rng.random() < 0.15:
            # Some documents lapse at the end of their term without being repealed.
            expired = published + timedelta(days=rng.randint(365, 1100))
            if expired < today:
                actions.expire_item(
                    item,
                    acting_user=publisher,
                    expired_on=expired,
                    at=_aware(expired, 9),
                    comment="有效期届满。",
                )
        elif not normative and rng.random() < 0.015:
            actions.withdraw_item(
                item,
                acting_user=publisher,
                at=_aware(published, 16),
                comment="内容有误，更正后重新发布。",
            )
    return count


def _final_stage(remaining: int) -> str:
    """The newest few items of each agency wait somewhere in the workflow."""
    return {1: "draft", 2: "returned", 3: "submitted", 4: "approved"}.get(remaining, "published")
