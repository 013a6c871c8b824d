"""The disclosure column's standard structure, its catalog rows, the identification
footer and the display modes (长者模式, high contrast)."""

from __future__ import annotations

from gongkai.publishing import catalog_actions
from gongkai.publishing.catalog import CatalogCategory


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_agency_column_has_the_four_official_parts_in_order(world, client_for):
    page = text(client_for("anonymous").get("/a/agency-a/"))
    nav = page[page.index('class="agency-nav"') :]
    nav = nav[: nav.index("</nav>")]
    parts = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]
    assert [nav.index(p) for p in parts] == sorted(nav.index(p) for p in parts)
    assert 'href="/a/agency-a/rules/"' in nav


def test_rules_part_lists_the_documents_of_the_rules_column(world, client_for):
    rules = catalog_actions.save_category(
        world.agency_a,
        acting_user=world.admin,
        name="政府信息公开制度",
        article20=15,
        kind=CatalogCategory.Kind.RULES,
    )
    doc = world.item("published", category=rules, title="西工区文化旅游局政府信息公开保密审查制度")
    other = world.item("published", title="一般通知")
    world.item("draft", category=rules, title="尚未发布的制度草稿")
    page = text(client_for("anonymous").get("/a/agency-a/rules/"))
    assert doc.title in page and doc.index_number in page
    assert other.title not in page and "尚未发布的制度草稿" not in page
    # The rules column is a part of its own, not a row of 法定主动公开内容.
    catalog = text(client_for("anonymous").get("/a/agency-a/catalog/"))
    assert "法定主动公开内容" in catalog and rules.get_absolute_url() not in catalog


def test_catalog_rows_show_index_name_summary_and_date_made(world, client_for):
    item = world.item(
        "published",
        body="<p>本通知明确了文化市场经营许可的申请条件。其余内容略。</p>" + "<p>细则。</p>" * 40,
    )
    page = text(client_for("anonymous").get(f"/a/agency-a/catalog/{world.category_a.code}/"))
    header = page[page.index("<thead>") : page.index("</thead>")]
    assert [header.index(h) for h in ("索引号", "名称", "内容概述", "生成日期")] == sorted(
        header.index(h) for h in ("索引号", "名称", "内容概述", "生成日期")
    )
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    assert item.index_number in row and item.title in row
    assert "本通知明确了文化市场经营许可的申请条件。" in row and "细则" not in row
    assert "2024-03-01" in row  # made_on


def test_category_kind_and_update_period_are_kept_by_the_admin(world, client_for):
    admin = client_for("admin")
    response = admin.post(
        f"/staff/a/agency-a/catalog/{world.category_a.code}/",
        {
            "name": "工作动态",
            "article20": 15,
            "kind": "news",
            "update_days": "",
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    world.category_a.refresh_from_db()
    assert world.category_a.kind == "news" and world.category_a.required_update_days == 14


def test_footer_comes_from_settings(world, client_for, settings):
    settings.SITE_SPONSOR = "洛阳市西工区人民政府办公室"
    settings.SITE_CONTACT = "0379-63210000"
    settings.SITE_ID_CODE = "4103030001"
    settings.SITE_ICP = "豫ICP备05012345号"
    settings.SITE_PSB = "豫公网安备41030302000123号"
    settings.SITE_CONAC_URL = "https://bszs.conac.cn/sitename?method=show&id=ABC"
    page = text(client_for("anonymous").get("/a/agency-a/guide/"))
    footer = page[page.index("<footer") :]
    for part in (
        "主办单位：洛阳市西工区人民政府办公室",
        "联系方式：0379-63210000",
        "网站标识码：4103030001",
        "豫ICP备05012345号",
        "code=41030302000123",
        'alt="党政机关网站标识"',
        "我为政府网站找错",
        "site_code=4103030001",
    ):
        assert part in footer, part


def test_footer_leaves_out_what_is_not_set(world, client_for, settings):
    settings.SITE_ICP = ""
    settings.SITE_CONAC_URL = ""
    page = text(client_for("anonymous").get("/"))
    footer = page[page.index("<footer") :]
    assert "ICP" not in footer and "党政机关网站标识" not in footer


def test_elder_and_contrast_modes_are_switched_and_remembered(world, client_for):
    client = client_for("anonymous")
    assert 'class="portal"' in text(client.get("/"))
    response = client.get("/display/", {"mode": "elder", "on": "1", "next": "/a/agency-a/"})
    assert response.status_code == 302 and response["Location"] == "/a/agency-a/"
    page = text(client.get("/a/agency-a/"))
    assert 'class="portal elder"' in page and 'aria-pressed="true">长者模式' in page
    assert 'name="next" value="/a/agency-a/"' in page  # the switch comes back here
    client.get("/display/", {"mode": "contrast", "on": "1", "next": "/"})
    assert 'class="portal elder contrast"' in text(client.get("/"))
    client.get("/display/", {"mode": "elder", "on": "0", "next": "/"})
    assert 'class="portal contrast"' in text(client.get("/"))


def test_display_switch_never_redirects_off_site(world, client_for):
    response = client_for("anonymous").get(
        "/display/", {"mode": "elder", "on": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_staff_catalog_shows_each_columns_kind_and_period(world, client_for):
    catalog_actions.save_category(
        world.agency_a, acting_user=world.admin, name="工作动态", article20=15, kind="news"
    )
    page = text(client_for("admin").get("/staff/a/agency-a/catalog/"))
    assert "动态、要闻类栏目（14天内更新）" in page
