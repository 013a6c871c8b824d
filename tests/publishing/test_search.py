"""Portal search: Chinese words of any length, filters, highlighting, and never a non-public item."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from gongkai.publishing import actions, highlight, search


def titles(response) -> str:
    return response.content.decode()


@pytest.fixture
def items(world):
    return {
        "budget": world.item(
            "published",
            title="西工区文化旅游局2024年部门预算公开",
            body="本部门预算包括一般公共预算收入和支出。",
        ),
        "heritage": world.item(
            "published",
            title="关于开展非物质文化遗产保护工作的通知",
            body="各乡镇要加强非物质文化遗产项目的普查和传承人培养。",
        ),
        "repealed": world.item(
            "repealed",
            title="西工区星级饭店管理办法",
            category=world.normative_a,
            doc_kind="normative",
            body="本办法适用于星级饭店的评定和复核。",
        ),
        "draft": world.item("draft", title="预算调整草稿", body="尚未审核的预算调整。"),
        "submitted": world.item("submitted", title="待审核的预算说明"),
        "withdrawn": world.item("withdrawn", title="已撤回的预算公告", body="预算"),
        "other_draft": world.item("draft", agency=world.agency_b, title="乙局预算草稿"),
        "other_published": world.item(
            "published",
            agency=world.agency_b,
            title="西工区教育局2024年部门预算",
            body="教育经费预算安排。",
        ),
    }


def test_two_character_word_in_title_and_body(items, client_for):
    page = titles(client_for("anonymous").get("/search/", {"q": "预算"}))
    assert "共找到 <strong>2</strong> 条" in page
    assert "部门<mark>预算</mark>公开" in page
    assert "西工区教育局2024年部门<mark>预算</mark>" in page
    for hidden in ("草稿", "待审核的预算说明", "已撤回的预算公告"):
        assert hidden not in page


def test_word_only_in_the_body(items, client_for):
    page = titles(client_for("anonymous").get("/search/", {"q": "传承人"}))
    assert "非物质文化遗产保护工作" in page and "共找到 <strong>1</strong> 条" in page
    assert "<mark>传承人</mark>" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("非物质文化遗产", "heritage"),
        ("文化遗产", "heritage"),
        ("遗产", "heritage"),
        ("星级饭店", "repealed"),
        ("饭店", "repealed"),
        ("店", "repealed"),  # one character
        ("一般公共预算", "budget"),
        ("预算  收入", "budget"),  # several words: all must match
    ],
)
def test_queries_of_any_length(items, query, expected):
    results = search.SearchResults(search.parse(query), search.Filters())
    found = {i.pk for i in results[0:50]}
    assert items[expected].pk in found
    assert not found & {items[k].pk for k in ("draft", "submitted", "withdrawn", "other_draft")}


def test_no_match(items, client_for):
    page = titles(client_for("anonymous").get("/search/", {"q": "高速铁路"}))
    assert "共找到 <strong>0</strong> 条" in page


def test_filters(items, client_for, world):
    anonymous = client_for("anonymous")
    page = titles(anonymous.get("/search/", {"q": "预算", "agency": world.agency_b.slug}))
    assert "教育局2024年部门" in page and "文化旅游局2024年部门" not in page
    page = titles(anonymous.get("/search/", {"validity": "repealed"}))
    assert "星级饭店管理办法" in page and "部门预算公开" not in page
    year = items["budget"].published_on.year
    assert "文化旅游局2024年部门" in titles(anonymous.get("/search/", {"q": "预算", "year": year}))
    assert "共找到 <strong>0</strong> 条" in titles(
        anonymous.get("/search/", {"q": "预算", "year": year - 3})
    )
    assert "文化旅游局2024年部门" in titles(
        anonymous.get("/search/", {"q": "预算", "article20": 1})
    )
    assert "共找到 <strong>0</strong> 条" in titles(
        anonymous.get("/search/", {"q": "预算", "article20": 7})
    )
    page = titles(
        anonymous.get(
            "/search/", {"agency": world.agency_a.slug, "category": world.normative_a.code}
        )
    )
    assert "星级饭店管理办法" in page and "部门预算公开" not in page


def test_pagination(world, client_for):
    for n in range(25):
        world.item("published", title=f"第{n + 1}号文化市场检查通报")
    anonymous = client_for("anonymous")
    first = titles(anonymous.get("/search/", {"q": "文化市场", "order": "date"}))
    assert "共找到 <strong>25</strong> 条" in first and "第 1 / 2 页" in first
    second = titles(anonymous.get("/search/", {"q": "文化市场", "order": "date", "page": 2}))
    assert second.count("检查通报</a>") == 5
    assert "第1号<mark>" in second  # the oldest, last by date


def test_index_follows_withdraw_and_rollback(world):
    item = world.item("published", title="关于旅游景区安全检查的通知")
    terms = search.parse("景区")
    assert search.SearchResults(terms, search.Filters()).count() == 1
    actions.withdraw_item(item, acting_user=world.publisher, comment="撤回")
    assert search.SearchResults(terms, search.Filters()).count() == 0

    approved = world.item("approved", title="关于旅游景区门票价格的公告")
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.publish_item(approved, acting_user=world.publisher)
        raise RuntimeError("the request fails after publishing")
    assert search.SearchResults(terms, search.Filters()).count() == 0


def test_highlight_escapes_html():
    html = highlight.highlight("<b>预算</b> & 预算", ["预算"])
    assert html == "&lt;b&gt;<mark>预算</mark>&lt;/b&gt; &amp; <mark>预算</mark>"


def test_query_terms_drop_common_words():
    assert search.query_terms("文化的发展") == ["文化", "发展"]
    assert search.query_terms("的") == ["的"]


def test_browse_without_query_lists_public_items_newest_first(items, client_for):
    page = titles(client_for("anonymous").get("/search/"))
    # four items and the 解读 published with the repealed normative document
    assert "共找到 <strong>5</strong> 条" in page
    assert "预算调整草稿" not in page


def test_unchanged_dates_sort(world):
    # An item published today sorts before an older one in date order.
    older = world.item("published", title="旅游统计数据")
    older.published_on = date(2020, 1, 2)
    older.save()
    newer = world.item("published", title="旅游统计分析")
    results = search.SearchResults(search.parse("旅游"), search.Filters(), order="date")
    assert [i.pk for i in results[0:2]] == [newer.pk, older.pk]


def test_relevance_covers_every_match_not_only_the_newest(world, monkeypatch):
    # An old item with the word in its title outranks newer ones that have it in the
    # body only, however many of those there are.
    old = world.item("published", title="文物保护管理办法", body="全文")
    old.published_on = date(2015, 3, 1)
    old.save()
    search.sync_item(old)
    for n in range(6):
        world.item("published", title=f"第{n + 1}期工作简报", body="本期涉及文物保护。")
    for rank_all in (search.RANK_ALL, 2):  # ranked by BM25, or a big tier newest first
        monkeypatch.setattr(search, "RANK_ALL", rank_all)
        results = search.SearchResults(search.parse("文物"), search.Filters())
        assert results.count() == 7
        assert results[0:1][0].pk == old.pk
        assert len({i.pk for i in results[0:7]}) == 7
        assert [i.pk for i in results[5:7]] == [i.pk for i in results[0:7]][5:7]


def test_a_parent_category_finds_its_children_items(world, client_for):
    from gongkai.publishing.catalog import CatalogCategory

    parent = CatalogCategory.objects.create(agency=world.agency_a, name="政策文件", article20=1)
    child = CatalogCategory.objects.create(
        agency=world.agency_a, name="规范性文件", article20=1, parent=parent
    )
    world.item("published", title="关于文物保护的规定", category=child)
    for category, expected in ((parent, 1), (child, 1), (world.category_a, 0)):
        page = titles(
            client_for("anonymous").get(
                "/search/", {"q": "文物", "agency": "agency-a", "category": category.code}
            )
        )
        assert f"共找到 <strong>{expected}</strong> 条" in page, category.name


def test_reindex_command(world, capsys):
    from django.core.management import call_command

    world.item("published", title="关于文物保护的规定")
    world.item("draft", title="文物草稿")
    call_command("reindex_search")
    assert "Indexed 1 public items" in capsys.readouterr().out
    assert search.SearchResults(search.parse("文物"), search.Filters()).count() == 1


def test_moving_a_category_moves_its_items_in_the_index(world):
    from gongkai.publishing import catalog_actions

    world.item("published", title="关于文物保护的规定")
    by_article = search.Filters(article20=5)
    assert search.SearchResults(search.parse("文物"), by_article).count() == 0
    catalog_actions.save_category(
        world.agency_a, acting_user=world.admin, category=world.category_a, article20=5
    )
    assert search.SearchResults(search.parse("文物"), by_article).count() == 1
