"""One database's half of bench_portal: build the data once, then time the pages.

Run as `python -m bench.portal_worker sqlite|postgres`; prints one JSON line.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from bench import django_env

ITEMS = 200_000
AGENCIES = 300
REQUESTS = 300
OUT = Path(__file__).parent / "out"

TOPICS = (
    "文化市场",
    "旅游景区",
    "非物质文化遗产",
    "义务教育",
    "学前教育",
    "预算管理",
    "政府采购",
    "食品安全",
    "特种设备",
    "就业创业",
    "社会保险",
    "老旧小区改造",
    "乡村振兴",
    "高标准农田",
    "安全生产",
    "生态环境",
    "医疗卫生",
    "养老服务",
    "公共文化服务",
    "知识产权",
    "价格监督",
    "人居环境整治",
    "森林防火",
    "营商环境",
    "城市更新",
    "交通运输",
    "水利工程",
    "住房保障",
)
TITLES = (
    "关于进一步加强{t}工作的通知",
    "{y}年{t}工作要点",
    "关于印发《{t}管理办法》的通知",
    "{y}年第{q}季度{t}统计数据",
    "{y}年{m}月{t}行政许可办理结果公示",
    "{y}年{m}月{t}行政处罚决定公示",
    "{y}年部门预算公开（{t}）",
    "{t}服务项目中标结果公告",
    "{y}年{t}“双随机、一公开”抽查结果",
    "关于做好{y}年{t}工作的通知",
    "{t}突发事件应急预案",
    "{y}年{t}补助资金发放情况公示",
    "{t}政策解读",
    "{y}年{t}公开招聘公告",
)
SENTENCES = (
    "为深入贯彻落实上级关于{t}工作的决策部署，结合本地实际，现就有关事项通知如下。",
    "到{y}年底，{t}工作机制进一步健全，服务质量明显提升，群众满意度持续提高。",
    "各有关单位要围绕{t}重点环节，建立问题清单、任务清单和责任清单，逐项抓好落实。",
    "加强组织领导，落实工作责任，强化督促检查，定期通报{t}工作进展情况。",
    "本信息按照主动公开要求发布，接受社会监督，联系电话0379-63210000。",
    "全年共办理{t}相关事项，办结率百分之百，未发生行政复议和行政诉讼案件。",
    "请各单位高度重视，认真组织实施，工作中遇到的问题及时反映。",
    "{t}资金严格按照预算执行，专款专用，确保资金安全和使用效益。",
)
SEARCHES = (
    {"q": "预算"},
    {"q": "文化"},
    {"q": "旅游景区"},
    {"q": "非物质文化遗产"},
    {"q": "行政处罚"},
    {"q": "食品安全 抽查"},
    {"q": "乡村振兴"},
    {"q": "招聘"},
    {"q": "通知"},
    {"q": "养老服务"},
    {"q": "应急预案"},
    {"q": "知识产权"},
    {"q": "预算", "year": 2023},
    {"q": "通知", "article20": 1},
    {"q": "文化", "order": "date"},
    {"q": "安全生产", "page": 3},
    {"q": "住房保障", "validity": "in_force"},
    {"q": "文化 OR 旅游"},
    {"q": '"食品安全"'},
    {"q": "预算 -决算"},
    {"q": "B017/2024-00012", "page": 1},
    {"q": "养老服务", "topic": "16", "published_from": "2022-01-01"},
    {"q": "招聘", "issued_from": "2023-01-01", "issued_to": "2023-12-31"},
    {"q": "高速磁悬浮列车"},
)


def configure(engine: str) -> None:
    django_env.configure(engine, OUT / "data", "gongkai_bench")


def build() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.publishing import search
    from gongkai.publishing.models import CatalogCategory, Item, new_code

    # Built by an older index layout (no 主题分类, no marked title words): build again.
    if Item.objects.count() >= ITEMS and Item.objects.exclude(topic="").exists():
        return
    Item.objects.all().delete()
    CatalogCategory.objects.all().delete()
    Agency.objects.all().delete()
    rng = random.Random(20240601)
    User = get_user_model()
    user = User.objects.filter(username="bench").first() or User.objects.create_user("bench")
    root = Agency.objects.create(name="某市人民政府", kind="government", org_code="B000", slug="b0")
    agencies = [root]
    districts = [
        Agency.objects.create(
            name=f"某市第{i}区人民政府",
            kind="government",
            parent=root,
            org_code=f"B{i:03d}",
            slug=f"b{i}",
        )
        for i in range(1, 21)
    ]
    agencies += districts
    n = len(agencies)
    while len(agencies) < AGENCIES:
        parent = districts[(len(agencies) - n) % len(districts)]
        agencies.append(
            Agency.objects.create(
                name=f"{parent.name[:-4]}第{len(agencies)}局",
                kind="department",
                parent=parent,
                org_code=f"B{len(agencies):03d}",
                slug=f"b{len(agencies)}",
            )
        )
    categories = {}
    for agency in agencies:
        categories[agency.pk] = CatalogCategory.objects.bulk_create(
            [CatalogCategory(agency=agency, name=f"类目{k}", article20=k) for k in range(1, 16)]
        )
    cut_cache: dict[str, list[str]] = {}

    def words(sentence: str) -> list[str]:
        if sentence not in cut_cache:
            cut_cache[sentence] = search.index_terms(sentence)
        return cut_cache[sentence]

    serials: dict[tuple[int, int], int] = {}
    start = date(2018, 1, 1)
    span = (date(2026, 6, 30) - start).days
    batch, docs = [], []

    def flush():
        with transaction.atomic():
            Item.objects.bulk_create(batch)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.executemany(
                        "INSERT INTO publishing_item_search (item_id, published_on, document) "
                        f"VALUES (%s, %s, {search.POSTGRES_DOCUMENT})",
                        [
                            (
                                item.pk,
                                item.published_on,
                                *doc,
                                ["~" + f for f in search.facets_of(item)]
                                + [search.TITLE_MARK + w for w in dict.fromkeys(doc[0].split())],
                            )
                            for item, doc in zip(batch, docs)
                        ],
                    )
                else:
                    cursor.executemany(
                        "INSERT INTO publishing_item_fts (rowid, title, body, facets) "
                        "VALUES (%s, %s, %s, %s)",
                        [
                            (search.sort_key(item), *doc, " ".join(search.facets_of(item)))
                            for item, doc in zip(batch, docs)
                        ],
                    )
        batch.clear()
        docs.clear()

    for _ in range(ITEMS):
        agency = agencies[rng.randrange(len(agencies))]
        day = start + timedelta(days=rng.randrange(span))
        t = rng.choice(TOPICS)
        values = {"t": t, "y": day.year, "q": rng.randint(1, 4), "m": rng.randint(1, 12)}
        title = rng.choice(TITLES).format(**values)
        sentences = [s.format(**values) for s in rng.sample(SENTENCES, rng.randint(3, 6))]
        body_text = "\n".join(sentences)
        key = (agency.pk, day.year)
        serials[key] = serials.get(key, 0) + 1
        at = timezone.make_aware(datetime.combine(day, dtime(10)))
        category = categories[agency.pk][rng.randrange(15)]
        batch.append(
            Item(
                code=new_code(),
                agency=agency,
                category=category,
                title=title,
                issued_on=day,
                made_on=day,
                body="".join(f"<p>{s}</p>" for s in sentences),
                body_text=body_text,
                status="published",
                index_year=day.year,
                index_serial=serials[key],
                index_number=f"{agency.org_code}/{day.year}-{serials[key]:05d}",
                created_by=user,
                approved_by=user,
                approved_at=at,
                published_by=user,
                published_at=at,
                published_on=day,
                created_at=at,
                updated_at=at,
                validity="repealed" if rng.random() < 0.02 else "in_force",
                topic=f"{rng.randint(1, 21):02d}",
            )
        )
        title_words = " ".join(words(title) + words(batch[-1].index_number))
        body_words = []
        for s in sentences:
            body_words += words(s)
        docs.append((title_words, " ".join(dict.fromkeys(body_words))))
        if len(batch) >= 5000:
            flush()
    flush()
    django_env.analyse()


def timed(client, urls: list[str]) -> dict:
    return django_env.timed_pages(client, urls, warm=20)


def measure() -> dict:
    from urllib.parse import urlencode

    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, path

    from gongkai.agencies.models import Agency
    from gongkai.publishing.models import CatalogCategory, Item
    from gongkai.site import urls as site_urls

    site_urls.urlpatterns.append(path("bench-bare", lambda request: HttpResponse("ok")))
    clear_url_caches()
    rng = random.Random(7)
    client = Client()
    codes = list(Item.objects.values_list("code", flat=True).order_by("?")[:REQUESTS])
    agencies = list(Agency.objects.values_list("slug", flat=True))
    cats = list(CatalogCategory.objects.select_related("agency").order_by("?")[:REQUESTS])
    pages = {
        "bare": timed(client, ["/bench-bare"] * REQUESTS),
        "item page": timed(client, [f"/i/{c}/" for c in codes]),
        "agency page": timed(client, [f"/a/{rng.choice(agencies)}/" for _ in range(REQUESTS)]),
        "catalog page": timed(
            client, [f"/a/{rng.choice(agencies)}/catalog/" for _ in range(REQUESTS)]
        ),
        "category list": timed(client, [f"/a/{c.agency.slug}/catalog/{c.code}/" for c in cats]),
        "browse list (no query)": timed(
            client, [f"/search/?page={rng.randint(1, 50)}" for _ in range(REQUESTS)]
        ),
        "search": timed(
            client,
            [f"/search/?{urlencode(SEARCHES[i % len(SEARCHES)])}" for i in range(REQUESTS)],
        ),
    }
    return {
        "bare": pages.pop("bare"),
        "pages": pages,
        "items": Item.objects.public().count(),
        "agencies": Agency.objects.count(),
    }


if __name__ == "__main__":
    django_env.worker(configure, build, measure)
