"""The demo's register, library, 解读 and 清理, made through the same actions staff use;
idempotent.

Every published rule and normative document of the demo agencies is registered in the
library; 西工区文化旅游局 shows the rest: a normative document with its 解读 (a 问答 and a
图解), one amended and linked to its original, one lapsed, register entries with each
attribute (one awaiting the office's confirmation, one undecided, one overdue), and the
district's 清理 batch half done. The validity sweep runs as cron would; one document's 有效期至 was
corrected to yesterday after it, so the supervisor's view shows it until the next run.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai import demo_data as data
from gongkai.agencies.models import Agency, Role
from gongkai.publishing import actions as publishing
from gongkai.publishing.catalog import CatalogCategory
from gongkai.publishing.checklist import KEYS
from gongkai.publishing.models import Item

from . import actions, cleanup, validity
from .models import CleanupEntry, Document

CULTURE = "xigong-culture-tourism"
TOPICS = ("文化市场", "旅游", "文物保护", "公共文化服务", "体育", "广播电视")
CONFIRMED = dict.fromkeys(KEYS, True)


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(users) -> int:
    """Returns how many register entries were made now (0 when already seeded)."""
    culture = Agency.objects.filter(slug=CULTURE).first()
    if culture is None or Document.objects.filter(agency=culture).exists():
        return 0
    today = timezone.localdate()
    before = Document.objects.count()
    _backfill(users)
    people = {role: users[(CULTURE, role)] for role in (Role.EDITOR, Role.REVIEWER, Role.PUBLISHER)}
    category = CatalogCategory.objects.get(agency=culture, name="行政规范性文件")
    explained = CatalogCategory.objects.get(agency=culture, name="政策解读")
    _with_interpretations(culture, people, category, explained, today)
    _amended(culture, people, category, today)
    _lapsing(culture, people, category)
    _register_entries(culture, people[Role.EDITOR], today)
    validity.sweep(today)
    _half_done_cleanup(users, today)
    late = (
        Document.objects.in_force()
        .filter(agency=culture, valid_until__gt=today)
        .order_by("made_on")
        .first()
    )
    if late is not None:
        actions.update(late, acting_user=people[Role.EDITOR], valid_until=today - timedelta(days=1))
    return Document.objects.count() - before


def _backfill(users) -> None:
    for agency in Agency.objects.filter(slug__in=data.USER_PREFIX).order_by("path"):
        editor = users[(agency.slug, Role.EDITOR)]
        documents = Item.objects.public().filter(
            agency=agency, doc_kind__in=[Item.DocKind.RULE, Item.DocKind.NORMATIVE]
        )
        for n, item in enumerate(documents.order_by("issued_on", "pk"), start=1):
            issued = item.issued_on or item.made_on
            fields = {
                "registration_number": f"XGQR-{issued.year}-{agency.pk:02d}{n:03d}",
                "effective_on": issued + timedelta(days=30),
                "topic": TOPICS[(agency.pk + n) % len(TOPICS)],
                "keywords": TOPICS[(agency.pk + n) % len(TOPICS)] + "、管理",
                "summary": f"规定了{item.title[:20]}的适用范围、职责分工和工作要求。",
            }
            if item.expired_on:
                fields["valid_until"] = item.expired_on - timedelta(days=1)
            actions.register_published(item, acting_user=editor, at=_aware(issued, 17), **fields)


def _submit(document: Document, people, category, body: str, made: date, **fields) -> Item:
    """The register entry's draft filled in and submitted (its 解读 follows)."""
    editor = people[Role.EDITOR]
    item = publishing.update_item(
        document.item, acting_user=editor, category=category, body=body, **fields
    )
    return publishing.submit_item(item, acting_user=editor, at=_aware(made, 15))


def _interpretation(document: Item, people, category, made: date, form: str, title: str, body: str):
    item = publishing.create_item(
        document.agency,
        acting_user=people[Role.EDITOR],
        at=_aware(made, 10),
        title=title,
        category=category,
        issued_on=made,
        made_on=made,
        doc_kind=Item.DocKind.INTERPRETATION,
        interprets=document,
        interpretation_form=form,
        interpreter="区文化旅游局政策法规科",
        body=body,
    )
    item = publishing.submit_item(item, acting_user=people[Role.EDITOR], at=_aware(made, 15, 5))
    return publishing.approve_item(
        item, acting_user=people[Role.REVIEWER], answers=CONFIRMED, at=_aware(made, 16)
    )


def _finish(item: Item, people, day: date) -> Item:
    item = publishing.approve_item(
        item, acting_user=people[Role.REVIEWER], answers=CONFIRMED, at=_aware(day, 10)
    )
    return publishing.publish_item(item, acting_user=people[Role.PUBLISHER], at=_aware(day, 11))


def _with_interpretations(culture, people, category, explained, today) -> None:
    made = today - timedelta(days=24)
    document = actions.register(
        culture,
        acting_user=people[Role.EDITOR],
        at=_aware(made, 9),
        kind="normative",
        title="西工区A级旅游景区管理办法",
        number=f"西文旅规〔{made.year}〕3号",
        made_on=made,
        issuers="西工区文化旅游局、西工区市场监督管理局",
        attribute="public",
        registration_number=f"XGQR-{made.year}-99001",
        effective_on=made + timedelta(days=30),
        topic="旅游",
        keywords="A级旅游景区、服务质量、安全管理",
        summary="规定了A级旅游景区的创建、服务质量、安全管理和动态复核。",
    )
    body = (
        "第一条 为规范A级旅游景区管理，提升服务质量，制定本办法。\n"
        "第二条 本办法适用于本区行政区域内的A级旅游景区。\n"
        "第三条 景区应当建立游客流量控制和安全应急制度。\n"
        "第四条 本办法自印发之日起30日后施行，有效期五年。"
    )
    item = _submit(document, people, category, body, made)
    _interpretation(
        item,
        people,
        explained,
        made,
        Item.InterpretationForm.QA,
        "《西工区A级旅游景区管理办法》问答",
        "问：办法适用于哪些景区？\n答：本区行政区域内已评定的A级旅游景区。\n"
        "问：景区超过最大承载量怎么办？\n答：应当立即采取限流措施，并向区文化旅游局报告。",
    )
    _interpretation(
        item,
        people,
        explained,
        made,
        Item.InterpretationForm.GRAPHIC,
        "图解：西工区A级旅游景区管理办法",
        "一图读懂：创建申报—服务质量—安全管理—动态复核四个环节。",
    )
    _finish(item, people, made + timedelta(days=6))


def _amended(culture, people, category, today) -> None:
    first = date(2022, 4, 1)
    original = actions.register(
        culture,
        acting_user=people[Role.EDITOR],
        at=_aware(first, 9),
        kind="normative",
        title="西工区文化市场经营场所管理办法",
        number="西文旅规〔2022〕1号",
        made_on=first,
        issuers="西工区文化旅游局",
        attribute="public",
        registration_number="XGQR-2022-99002",
        effective_on=date(2022, 5, 1),
        topic="文化市场",
        keywords="经营场所、文化市场",
        summary="规定了歌舞娱乐、游艺娱乐等文化市场经营场所的管理要求。",
    )
    body = "第一条 为规范文化市场经营场所管理，制定本办法。\n第二条 经营场所应当依法取得许可。"
    item = _submit(original, people, category, body, first)
    _interpretation(
        item,
        people,
        category,
        first,
        Item.InterpretationForm.TEXT,
        "《西工区文化市场经营场所管理办法》政策解读",
        data.INTERPRETATION.format(title="本办法"),
    )
    old = _finish(item, people, first + timedelta(days=10))
    made = today - timedelta(days=40)
    revised = actions.register(
        culture,
        acting_user=people[Role.EDITOR],
        at=_aware(made, 9),
        kind="normative",
        title="西工区文化市场经营场所管理办法（2026年修订）",
        number=f"西文旅规〔{made.year}〕2号",
        made_on=made,
        issuers="西工区文化旅游局",
        attribute="public",
        registration_number=f"XGQR-{made.year}-99003",
        effective_on=made + timedelta(days=20),
        topic="文化市场",
        keywords="经营场所、文化市场、修订",
        summary="根据上位法修改，调整了经营场所的许可和监管要求。",
    )
    item = _submit(
        revised,
        people,
        category,
        body + "\n第三条 经营场所应当落实未成年人保护措施。",
        made,
        amends=old,
    )
    _interpretation(
        item,
        people,
        category,
        made,
        Item.InterpretationForm.TEXT,
        "关于《西工区文化市场经营场所管理办法（2026年修订）》的解读",
        "一、修订背景：上位法作出修改。\n二、主要修改：增加未成年人保护措施。",
    )
    new = _finish(item, people, made + timedelta(days=7))
    publishing.repeal_item(
        old,
        acting_user=people[Role.PUBLISHER],
        repealed_on=made + timedelta(days=20),
        replaced_by=new.index_number,
        at=_aware(made + timedelta(days=7), 14),
        comment="已被修订后的办法替代。",
    )


def _lapsing(culture, people, category) -> None:
    made = date(2023, 3, 1)
    document = actions.register(
        culture,
        acting_user=people[Role.EDITOR],
        at=_aware(made, 9),
        kind="normative",
        title="西工区乡村旅游扶持资金管理办法（试行）",
        number="西文旅规〔2023〕1号",
        made_on=made,
        issuers="西工区文化旅游局、西工区财政局",
        attribute="public",
        registration_number="XGQR-2023-99004",
        effective_on=made,
        topic="旅游",
        keywords="乡村旅游、扶持资金",
        summary="规定了乡村旅游扶持资金的申报、审核和监督（试行两年）。",
    )
    item = _submit(
        document, people, category, "第一条 为规范乡村旅游扶持资金管理，制定本办法。", made
    )
    _interpretation(
        item,
        people,
        category,
        made,
        Item.InterpretationForm.TEXT,
        "《西工区乡村旅游扶持资金管理办法（试行）》政策解读",
        data.INTERPRETATION.format(title="本办法"),
    )
    _finish(item, people, made + timedelta(days=5))


def _register_entries(culture, editor, today) -> None:
    base = {"acting_user": editor, "issuers": "西工区文化旅游局"}
    for fields in (
        {
            "kind": "request",
            "title": "关于申请2026年度文化惠民工程专项资金的请示",
            "number": f"西文旅〔{today.year}〕21号",
            "made_on": today - timedelta(days=50),
            "attribute": "withheld",
            "reason": "向上级机关请示的内部事项，属过程性信息。",
            "basis": "《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
        },
        {
            "kind": "report",
            "title": "关于全区不可移动文物安全检查情况的报告",
            "number": f"西文旅〔{today.year}〕25号",
            "made_on": today - timedelta(days=35),
            "attribute": "on_request",
            "reason": "涉及文物具体位置等信息，经审查后可依申请提供。",
            "basis": "《中华人民共和国政府信息公开条例》第二十七条（依申请公开）",
        },
        {
            "kind": "opinion",
            "title": "关于推进文旅融合发展的内部工作意见",
            "number": f"西文旅〔{today.year}〕27号",
            "made_on": today - timedelta(days=20),
            "attribute": "withheld",
            "reason": "涉及尚在研究论证的事项。",
            "basis": "《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
        },
        {
            "kind": "letter",
            "title": "关于商请支持举办全区文化旅游节的函",
            "number": f"西文旅函〔{today.year}〕8号",
            "made_on": today - timedelta(days=12),
        },
        {
            "kind": "notice",
            "title": "关于开展2026年冬季旅游安全检查的通知",
            "number": f"西文旅〔{today.year}〕19号",
            "made_on": today - timedelta(days=45),
            "attribute": "public",
        },
    ):
        actions.register(culture, at=_aware(fields["made_on"], 9), **base, **fields)


def _half_done_cleanup(users, today) -> None:
    """The district's 清理 over every agency: the first half of the documents marked by
    their agencies' editors, the rest still to do."""
    supervisor = get_user_model().objects.get(username=f"{data.SUPERVISOR}-supervisor")
    batch = cleanup.open_batch(
        Agency.objects.get(slug="xigong"),
        acting_user=supervisor,
        title=f"{today.year}年度行政规范性文件清理",
        due_on=today + timedelta(days=30),
    )
    entries = list(batch.entries.select_related("agency").order_by("document__made_on", "pk"))
    for n, entry in enumerate(entries[: len(entries) // 2]):
        editor = users.get((entry.agency.slug, Role.EDITOR))
        if editor is None:
            continue
        decision, note = CleanupEntry.Decision.CONTINUE, ""
        if n % 4 == 3:
            decision, note = CleanupEntry.Decision.AMEND, "部分条款与上位法不一致，拟修改。"
        cleanup.decide(entry, acting_user=editor, decision=decision, note=note)
