"""The demo's catalogs, guides and a few hundred items over several years, with their
review and publication history, made through the same actions staff use; idempotent."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai import demo_data as data
from gongkai.agencies.models import Agency, Role

from . import actions, catalog_actions
from .catalog import CatalogCategory, GuideVersion
from .checklist import KEYS
from .models import Item

FIRST_YEAR = data.FIRST_YEAR
ITEMS_PER_AGENCY = 44
# The columns every demo catalog has besides data.CATALOG: a news-type column and the
# part 政府信息公开制度 (国办公开办函〔2019〕61号).
COLUMNS = (
    ("工作动态", 15, CatalogCategory.Kind.NEWS),
    ("政府信息公开制度", 15, CatalogCategory.Kind.RULES),
)
RULES = (
    "{a}政府信息主动公开工作制度",
    "{a}依申请公开政府信息工作规程",
    "{a}政府信息公开保密审查制度",
)
NEWS = (
    "{a}召开{y}年{t}工作推进会",
    "{a}开展{t}专题调研",
    "{s}组织{t}业务培训",
    "{a}部署{t}重点工作",
)
# What `gongkai manage sitecheck` finds on the demo: one agency neglects its column (its
# news column is a month old and one column was never filled); every other is complete.
NEGLECTED = "hongshan"
EMPTIED = "重大建设项目"
NEGLECTED_NEWS_AGE = 35


def seed(users) -> int:
    """Catalog, guide and items of every demo agency; returns how many items were made."""
    created = 0
    for agency in Agency.objects.filter(slug__in=data.USER_PREFIX).order_by("path"):
        # one transaction per agency: a seed killed midway leaves each agency with all
        # of its part or none, and the next run makes what is missing
        with transaction.atomic():
            _catalog(agency, users)
            _guide(agency, users)
            if not Item.objects.filter(agency=agency).exists():
                created += _items(agency, users)
                created += _columns(agency, users)
    return created


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
    for order, (name, number, kind) in enumerate(COLUMNS, start=len(data.CATALOG)):
        catalog_actions.save_category(
            agency, acting_user=admin, name=name, article20=number, kind=kind, sort_order=order * 10
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
    if agency.slug == NEGLECTED:
        names.remove(EMPTIED)
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
            topic=_topic_for(agency),
        )
        count += 1
        if stage == "draft":
            continue
        actions.submit_item(item, acting_user=editor, at=_aware(made, 15))
        companion = _interpretation(item, editor, made) if normative else None
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
        if companion is not None:
            actions.approve_item(
                companion,
                acting_user=reviewer,
                answers=dict.fromkeys(KEYS, True),
                at=_aware(published, 9, 50),
            )
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


def _columns(agency: Agency, users) -> int:
    """The disclosure rules, the news column and one item in every column still empty
    (except the neglected agency's emptied column), so that a demo agency is complete."""
    rng = random.Random("columns-" + agency.slug)
    today = timezone.localdate()
    spec = next(a for a in data.AGENCIES if a[0] == agency.slug)
    values = {"a": agency.name, "s": agency.short_name, "y": today.year, "t": ""}
    leaves = CatalogCategory.objects.filter(agency=agency, children__isnull=True)
    by_kind = {c.kind: c for c in leaves if c.kind}
    count = 0
    for n, pattern in enumerate(RULES):
        day = date(FIRST_YEAR, 3, 2) + timedelta(days=n * 7)
        title = pattern.format(**values)
        subject = title.removeprefix(agency.name).removesuffix("制度").removesuffix("规程")
        body = "\n".join(
            (
                f"第一条 为规范本机关{subject}，根据《中华人民共和国政府信息公开条例》等规定，制定本制度。",
                f"第二条 {agency.name}政府信息公开工作机构负责本制度的组织实施。",
                "第三条 本制度自印发之日起施行。",
            )
        )
        _publish(agency, users, by_kind[CatalogCategory.Kind.RULES], title, day, "政务公开", body)
        count += 1
    newest = NEGLECTED_NEWS_AGE if agency.slug == NEGLECTED else rng.randint(1, 6)
    for n in range(4):
        values["t"] = rng.choice(spec[8])
        day = today - timedelta(days=newest + n * rng.randint(9, 20))
        title = rng.choice(NEWS).format(**values)
        _publish(agency, users, by_kind[CatalogCategory.Kind.NEWS], title, day, values["t"])
        count += 1
    filled = set(Item.objects.public().filter(agency=agency).values_list("category_id", flat=True))
    for category in leaves.exclude(pk__in=filled).order_by("sort_order", "pk"):
        if agency.slug == NEGLECTED and category.name == EMPTIED:
            continue
        values["t"] = rng.choice(spec[8])
        values["tm"] = values["t"] + "管理"
        values.update(py=today.year - 1, m=rng.randint(1, 12), q=rng.randint(1, 4), self=spec[7])
        values.update(n=rng.randint(0, 9999), k=rng.randint(12, 480))
        patterns = data.TITLES.get(category.name) or ("{a}" + category.name + "信息",)
        day = today - timedelta(days=rng.randint(20, 300))
        _publish(agency, users, category, rng.choice(patterns).format(**values), day, values["t"])
        count += 1
    return count


def _publish(
    agency: Agency, users, category, title: str, day: date, topic: str, body: str = ""
) -> Item:
    """One item through the whole workflow, made the day before `day`."""
    made = day - timedelta(days=1)
    body = body or "\n".join(
        p.format(a=agency.name, t=topic, y=day.year, self=agency.short_name)
        for p in data.PARAGRAPHS[:2]
    )
    item = actions.create_item(
        agency,
        acting_user=users[(agency.slug, Role.EDITOR)],
        at=_aware(made, 9),
        title=title,
        category=category,
        issued_on=made,
        made_on=made,
        body=body,
    )
    actions.submit_item(item, acting_user=users[(agency.slug, Role.EDITOR)], at=_aware(made, 15))
    actions.approve_item(
        item,
        acting_user=users[(agency.slug, Role.REVIEWER)],
        answers=dict.fromkeys(KEYS, True),
        at=_aware(day, 10),
    )
    return actions.publish_item(
        item, acting_user=users[(agency.slug, Role.PUBLISHER)], at=_aware(day, 11)
    )


def _interpretation(document: Item, editor, made: date) -> Item:
    """The 解读 drafted with a normative document (三同步), submitted with it; it is
    approved before the document and published with it."""
    item = actions.create_item(
        document.agency,
        acting_user=editor,
        at=_aware(made, 10),
        title=f"《{document.title}》政策解读",
        category=CatalogCategory.objects.filter(agency=document.agency, name="政策解读").first()
        or document.category,
        issued_on=made,
        made_on=made,
        doc_kind=Item.DocKind.INTERPRETATION,
        interprets=document,
        interpretation_form=Item.InterpretationForm.TEXT,
        interpreter=f"{document.agency.short_name or document.agency.name}政策法规科",
        body=data.INTERPRETATION.format(title=document.title),
    )
    return actions.submit_item(item, acting_user=editor, at=_aware(made, 15, 5))


def _final_stage(remaining: int) -> str:
    """The newest few items of each agency wait somewhere in the workflow."""
    return {1: "draft", 2: "returned", 3: "submitted", 4: "approved"}.get(remaining, "published")


# 主题分类 by the agency's field of work (a word of its name), else 综合政务.
_TOPIC_WORDS = (
    ("文化", "11"),
    ("旅游", "07"),
    ("教育", "10"),
    ("卫生", "12"),
    ("健康", "12"),
    ("人力资源", "14"),
    ("社会保障", "14"),
    ("财政", "03"),
    ("住房", "09"),
    ("城乡建设", "09"),
    ("生态环境", "09"),
    ("市场监督", "08"),
    ("公安", "15"),
    ("司法", "15"),
    ("民政", "16"),
)


def _topic_for(agency) -> str:
    return next((code for word, code in _TOPIC_WORDS if word in agency.name), "01")
