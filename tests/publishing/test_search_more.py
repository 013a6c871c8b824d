"""Search finds everything public: the query syntax, attachment names, 索引号 and 文号,
guides, catalogs and annual reports, advanced filters, and a useful page when nothing
is found."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing import actions, catalog_actions, search
from tests.support import files
from tests.support.personas import ALL_CONFIRMED


def found(query: str, **filters) -> set[int]:
    results = search.SearchResults(search.parse(query), search.Filters(**filters))
    return {i.pk for i in results[0 : results.count()]}


@pytest.fixture
def items(world):
    return {
        "culture": world.item("published", title="文化市场综合执法检查通报", body="检查了网吧。"),
        "tourism": world.item("published", title="旅游景区安全提示", body="节假日出行安全。"),
        "both": world.item("published", title="文化和旅游融合发展规划", body="文化 旅游"),
        "split": world.item(
            "published", title="市场监管工作总结", body="文化产业发展良好，商品市场繁荣。"
        ),
        "hiring": world.item("published", title="文化馆招聘公告", body="招聘讲解员。"),
    }


def test_or_gives_the_union(items):
    union = found("文化 OR 旅游")
    assert {items[k].pk for k in ("culture", "tourism", "both", "hiring", "split")} <= union
    assert found("文化 | 旅游") == union
    assert found("文化 旅游") == {items["both"].pk}


def test_a_quoted_phrase_must_appear_as_written(items):
    # "split" has both words, apart: the plain words find it, the phrase does not.
    assert items["split"].pk in found("文化 市场")
    assert found('"文化市场"') == {items["culture"].pk}


def test_minus_excludes(items):
    result = found("文化 -招聘")
    assert items["hiring"].pk not in result and items["culture"].pk in result
    assert items["culture"].pk not in found('文化 -"综合执法"')


def test_a_word_only_in_an_attachment_name_finds_the_item(world):
    item = world.item("draft", title="关于印发实施方案的通知", body="见附件。")
    pdf = SimpleUploadedFile("非遗传承人补助资金分配表.pdf", files.pdf(), "application/pdf")
    actions.add_attachment(item, pdf, acting_user=world.officer)
    assert not found("补助资金")  # a draft is not in the index
    item = actions.submit_item(item, acting_user=world.officer)
    item = actions.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    actions.publish_item(item, acting_user=world.publisher)
    assert found("补助资金") == {item.pk}
    assert found('"资金分配表"') == {item.pk}


def test_a_further_text_of_attachments_can_be_indexed(world, monkeypatch):
    monkeypatch.setattr(search, "_ATTACHMENT_TEXTS", [])
    search.register_attachment_text(lambda attachment: "扫描件中的独有词语鹦鹉螺")
    item = world.item("draft", title="通知", body="见附件。")
    pdf = SimpleUploadedFile("扫描件.pdf", files.pdf(), "application/pdf")
    actions.add_attachment(item, pdf, acting_user=world.officer)
    item = actions.submit_item(item, acting_user=world.officer)
    item = actions.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    actions.publish_item(item, acting_user=world.publisher)
    assert found("鹦鹉螺") == {item.pk}


def test_index_number_and_document_number_go_straight_to_the_document(world, client_for):
    world.item("published", title="另一份通知", document_number="西文旅〔2024〕8号")
    item = world.item(
        "published", title="关于开展文物普查的通知", document_number="西文旅〔2024〕3号"
    )
    anonymous = client_for("anonymous")
    for query in (item.index_number, "西文旅〔2024〕3号", "西文旅[2024]3号", "西文旅（2024）3号"):
        response = anonymous.get("/search/", {"q": query})
        assert response.status_code == 302, query
        assert response["Location"] == item.get_absolute_url()
    # Listed first wherever results are listed (the API, a second page).
    results = search.SearchResults(
        search.parse(item.index_number), search.Filters(), text=item.index_number
    )
    assert results[0:1][0].pk == item.pk


def test_advanced_filters(world, client_for):
    old = world.item("published", title="文物安全检查", issued_on=date(2019, 5, 1), topic="11")
    old.published_on = date(2019, 5, 10)
    old.save()
    search.sync_item(old)
    new = world.item("published", title="文物修缮公告", issued_on=date(2024, 3, 1))
    assert found("文物", topic="11") == {old.pk}
    assert found("文物", published_from=date(2020, 1, 1)) == {new.pk}
    assert found("文物", published_to=date(2019, 12, 31)) == {old.pk}
    assert found("文物", issued_from=date(2019, 1, 1), issued_to=date(2019, 12, 31)) == {old.pk}
    page = client_for("anonymous").get(
        "/search/", {"q": "文物", "issued_from": "2024-01-01", "topic": "", "order": "date"}
    )
    assert "共找到 <strong>1</strong> 条" in page.content.decode()
    browse = client_for("anonymous").get("/search/", {"topic": "11"}).content.decode()
    assert "文物安全检查" in browse and "文物修缮公告" not in browse


def test_guides_and_catalogs_are_found(world, client_for):
    catalog_actions.publish_guide(
        world.agency_a,
        acting_user=world.admin,
        overview="本指南说明如何获取西工区文化旅游局的政府信息。",
        proactive="主动公开的信息通过门户网站发布。",
        applications="可以通过网络、信函或当面提交申请。",
        office="政务服务中心三楼",
        hours="工作日上午9时至12时",
        contacts="电话 0379-00000000",
        remedies="可以依法申请行政复议或者提起行政诉讼。",
    )
    page = client_for("anonymous").get("/search/", {"q": "行政复议"}).content.decode()
    assert "西工区文化旅游局政府信息公开指南" in page and "公开指南" in page
    catalog_actions.save_category(
        world.agency_a, acting_user=world.admin, name="非遗保护专栏", article20=15
    )
    page = client_for("anonymous").get("/search/", {"q": "非遗保护专栏"}).content.decode()
    assert "西工区文化旅游局政府信息公开目录" in page


def test_nothing_found_offers_ways_forward(items, client_for, world):
    page = client_for("anonymous").get("/search/", {"q": "文化节庆xyzzy"}).content.decode()
    assert "共找到 <strong>0</strong> 条" in page and "没有找到相关信息" in page
    assert "试试这些词" in page and "?q=%E6%96%87%E5%8C%96" in page  # 文化
    assert "申请政府信息公开" in page
    page = (
        client_for("anonymous")
        .get("/search/", {"q": "qwxzv", "agency": world.agency_a.slug})
        .content.decode()
    )
    assert "没有找到相关信息" in page
    assert (
        f"/a/{world.agency_a.slug}/catalog/" in page and f"/a/{world.agency_a.slug}/apply/" in page
    )
    page = (
        client_for("anonymous")
        .get("/search/", {"q": "旅游景区", "agency": world.agency_b.slug})
        .content.decode()
    )
    assert "取消筛选条件" in page


def test_the_help_line_explains_the_syntax(client_for):
    page = client_for("anonymous").get("/search/").content.decode()
    assert "OR" in page and "-招聘" in page and "索引号" in page


def test_a_date_range_is_covered_by_the_fewest_facets():
    assert search.range_facets(date(2023, 1, 1), date(2023, 12, 31)) == ["j2023"]
    facets = search.range_facets(date(2023, 12, 30), date(2025, 2, 1))
    assert facets == ["d20231230", "d20231231", "j2024", "k202501", "d20250201"]
    assert search.range_facets(date(2024, 3, 1), date(2024, 2, 1)) == []


def test_issued_range_edges(world):
    on = {
        d: world.item("published", title="文物通告", issued_on=d)
        for d in (date(2023, 12, 31), date(2024, 1, 1), date(2024, 2, 29), date(2024, 3, 1))
    }
    assert found("文物", issued_from=date(2024, 1, 1), issued_to=date(2024, 2, 29)) == {
        on[date(2024, 1, 1)].pk,
        on[date(2024, 2, 29)].pk,
    }
    assert found("文物", issued_from=date(2024, 3, 1)) == {on[date(2024, 3, 1)].pk}
    assert found("文物", issued_to=date(2023, 12, 31)) == {on[date(2023, 12, 31)].pk}


def test_very_common_words_are_estimated_on_postgres_and_every_match_still_listed(
    world, monkeypatch
):
    from django.db import connection

    monkeypatch.setattr(search, "POSTGRES_WALK_ABOVE", 0)
    made = {world.item("published", title=f"第{n}期文物简报").pk for n in range(3)}
    made |= {world.item("published", title="工作简报", body="涉及文物").pk for _ in range(2)}
    results = search.SearchResults(search.parse("文物"), search.Filters())
    # PostgreSQL estimates a word this common rather than counting it; SQLite counts.
    assert results.estimated == (connection.vendor == "postgresql")
    if not results.estimated:
        assert results.count() == len(made)
    assert {i.pk for i in results[0 : results.count()]} == made  # never falls short
