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
