"""Public pages: agencies, guide, catalog, item pages with their metadata, attachments."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing import actions, catalog_actions


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_lists_agencies_as_a_tree(world, client_for):
    page = text(client_for("anonymous").get("/"))
    assert page.index("西工区人民政府") < page.index("西工区文化旅游局")
    assert 'href="/a/agency-a/"' in page and 'href="#main"' in page  # skip link


def test_agency_page_shows_contacts_and_latest_items(world, client_for):
    item = world.item("published")
    world.item("draft", title="不应出现的草稿")
    page = text(client_for("anonymous").get("/a/agency-a/"))
    assert "0379-63210000" in page and item.title in page and "不应出现的草稿" not in page


def test_guide_shows_the_newest_version(world, client_for):
    anonymous = client_for("anonymous")
    assert "尚未发布公开指南" in text(anonymous.get("/a/agency-a/guide/"))
    fields = dict(
        overview="概述一",
        proactive="主动公开说明",
        applications="依申请公开说明",
        office="受理机构",
        hours="工作日",
        contacts="电话",
        remedies="救济",
    )
    catalog_actions.publish_guide(world.agency_a, acting_user=world.admin, **fields)
    catalog_actions.publish_guide(
        world.agency_a, acting_user=world.admin, **{**fields, "overview": "概述二"}
    )
    page = text(anonymous.get("/a/agency-a/guide/"))
    assert "第2版" in page and "概述二" in page and "概述一" not in page


def test_catalog_counts_public_items_by_category(world, client_for):
    world.item("published")
    world.item("published", category=world.normative_a, doc_kind="normative")
    world.item("draft")
    page = text(client_for("anonymous").get("/a/agency-a/catalog/"))
    assert "第二十条" in page
    category_page = text(
        client_for("anonymous").get(f"/a/agency-a/catalog/{world.category_a.code}/")
    )
    assert "共 1 条" in category_page


def test_item_page_has_the_catalog_metadata(world, client_for):
    item = world.item("published", document_number="西文旅〔2024〕7号")
    page = text(client_for("anonymous").get(f"/i/{item.code}/"))
    for label in ("索引号", "分类", "发布机构", "发文日期", "文号", "有效性"):
        assert f'<th scope="row">{label}</th>' in page
    assert item.index_number in page and "西文旅〔2024〕7号" in page and "2024年3月1日" in page
    assert "@media print" not in page and "site.css" in page  # print rules live in the CSS


def test_unpublished_and_unknown_items_are_404(world, client_for):
    anonymous = client_for("anonymous")
    for state in ("draft", "submitted", "approved"):
        assert anonymous.get(f"/i/{world.item(state).code}/").status_code == 404
    # a withdrawn item says so (410), without its text
    withdrawn = world.item("withdrawn", body="不应再公开的内容")
    response = anonymous.get(f"/i/{withdrawn.code}/")
    assert response.status_code == 410 and "不应再公开的内容" not in response.content.decode()
    assert anonymous.get("/i/nosuchcode/").status_code == 404
    item = world.item("published")
    assert anonymous.get(f"/i/{item.pk}/").status_code == 404  # never by primary key


def test_attachments_follow_the_item(world, client_for):
    item = world.item("draft")
    pdf = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test", "application/pdf")
    attachment = actions.add_attachment(item, pdf, acting_user=world.officer)
    url = f"/i/{item.code}/files/{attachment.code}/"
    assert client_for("anonymous").get(url).status_code == 404
    item = actions.submit_item(item, acting_user=world.officer)
    from gongkai.publishing import screening_actions
    from tests.support.personas import ALL_CONFIRMED

    # Not a readable PDF: screening leaves it to the reviewer, who checked it by hand.
    unreadable = item.findings.get(rule="SCREEN-UNREADABLE")
    screening_actions.acknowledge(unreadable, acting_user=world.reviewer, reason="已人工审查")
    actions.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    actions.publish_item(item, acting_user=world.publisher)
    response = client_for("anonymous").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in response["Content-Disposition"]


def test_rich_text_is_sanitised(world, client_for):
    item = world.item(
        "published",
        body='<p onclick="x()">正文<script>alert(1)</script><a href="javascript:evil()">链接</a></p>',
    )
    page = text(client_for("anonymous").get(f"/i/{item.code}/"))
    assert "<script>" not in page and "onclick" not in page and "javascript:" not in page
    assert "正文" in page


def test_reports_page_is_in_place(world, client_for):
    assert "年度报告" in text(client_for("anonymous").get("/a/agency-a/reports/"))


def test_healthz(client_for, db):
    response = client_for("anonymous").get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_inactive_agency_disappears(world, client_for):
    item = world.item("published")
    world.agency_a.is_active = False
    world.agency_a.save()
    anonymous = client_for("anonymous")
    assert anonymous.get("/a/agency-a/").status_code == 404
    assert anonymous.get(f"/i/{item.code}/").status_code == 404
