"""Back-office pages: queues per role, catalog and guide administration, members, uploads."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from gongkai.agencies.models import Membership
from gongkai.audit.models import AuditEvent
from gongkai.publishing.catalog import CatalogCategory, GuideVersion


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_dashboard_shows_what_waits_for_each_role(world, client_for):
    world.item("returned", title="被退回的信息")
    world.item("submitted", title="等待审核的信息")
    world.item("approved", title="等待发布的信息")
    world.item("submitted", agency=world.agency_b, title="乙局待审核")
    officer = page(client_for("officer").get("/staff/"))
    assert "被退回的信息" in officer and "等待审核的信息" not in officer
    reviewer = page(client_for("reviewer").get("/staff/"))
    assert "等待审核的信息" in reviewer and "乙局待审核" not in reviewer
    assert "被退回的信息" not in reviewer
    publisher = page(client_for("publisher").get("/staff/"))
    assert "等待发布的信息" in publisher and "等待审核的信息" not in publisher


def test_navigation_depends_on_roles(world, client_for):
    assert "机关管理" not in page(client_for("officer").get("/staff/"))
    assert "机关管理" in page(client_for("admin").get("/staff/"))
    assert "监督" in page(client_for("supervisor").get("/staff/"))


def test_item_list_shows_only_visible_agencies(world, client_for):
    world.item("draft", title="甲局草稿")
    world.item("draft", agency=world.agency_b, title="乙局草稿")
    listing = page(client_for("officer").get("/staff/items/"))
    assert "甲局草稿" in listing and "乙局草稿" not in listing
    supervised = page(client_for("supervisor").get("/staff/items/"))
    assert "甲局草稿" in supervised and "乙局草稿" in supervised


def test_item_shows_the_publication_target(world, client_for):
    item = world.item("draft")  # made on 2024-03-01, a Friday
    detail = page(client_for("officer").get(f"/staff/items/{item.code}/"))
    assert "2024-03-29" in detail and "已逾期" in detail


def test_admin_edits_the_catalog(world, client_for):
    admin = client_for("admin")
    response = admin.post(
        "/staff/a/agency-a/catalog/",
        {"name": "财政预决算", "article20": 7, "sort_order": 10, "is_active": "on"},
    )
    assert response.status_code == 302
    category = CatalogCategory.objects.get(agency=world.agency_a, name="财政预决算")
    assert category.article20 == 7
    admin.post(
        "/staff/a/agency-a/catalog/",
        {
            "name": "部门预算",
            "article20": 7,
            "parent": category.pk,
            "sort_order": 1,
            "is_active": "on",
        },
    )
    child = CatalogCategory.objects.get(name="部门预算")
    assert child.parent == category
    # Used categories are deactivated, not deleted.
    world.item("draft")
    admin.post(f"/staff/a/agency-a/catalog/{world.category_a.code}/delete/")
    world.category_a.refresh_from_db()
    assert world.category_a.is_active is False
    admin.post(f"/staff/a/agency-a/catalog/{child.code}/delete/")
    assert not CatalogCategory.objects.filter(pk=child.pk).exists()
    actions = list(
        AuditEvent.objects.filter(agency=world.agency_a, action__startswith="catalog.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["catalog.create", "catalog.create", "catalog.deactivate", "catalog.delete"]


def test_parent_category_must_belong_to_the_agency(world, client_for):
    response = client_for("admin").post(
        "/staff/a/agency-a/catalog/",
        {"name": "越权", "article20": 1, "parent": world.category_b.pk, "sort_order": 1},
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()


def test_guide_versions(world, client_for):
    admin = client_for("admin")
    data = {
        "overview": "概述",
        "proactive": "主动",
        "applications": "申请",
        "office": "机构",
        "hours": "工作日",
        "contacts": "电话",
        "fees": "",
        "remedies": "救济",
        "note": "首版",
    }
    admin.post("/staff/a/agency-a/guide/", data)
    admin.post("/staff/a/agency-a/guide/", {**data, "hours": "周一至周五", "note": "改时间"})
    versions = list(GuideVersion.objects.filter(agency=world.agency_a).order_by("number"))
    assert [v.number for v in versions] == [1, 2] and versions[1].hours == "周一至周五"
    form = page(admin.get("/staff/a/agency-a/guide/"))
    assert "周一至周五" in form and "第2版" in form


def test_admin_grants_and_revokes_roles(world, client_for):
    admin = client_for("admin")
    admin.post(
        "/staff/a/agency-a/members/",
        {
            "username": "newcomer",
            "role": "reviewer",
            "full_name": "新同事",
            "password": "a-long-password-1",
        },
    )
    membership = Membership.objects.get(user__username="newcomer", agency=world.agency_a)
    assert membership.role == "reviewer"
    response = admin.post(
        "/staff/a/agency-a/members/", {"username": "newcomer", "role": "reviewer"}
    )
    assert "已经拥有这个角色" in response.content.decode()
    response = admin.post("/staff/a/agency-a/members/", {"username": "x", "role": "supervisor"})
    assert response.status_code == 200  # not a grantable role: the form refuses it
    assert not Membership.objects.filter(user__username="x").exists()
    admin.post(f"/staff/a/agency-a/members/{membership.pk}/revoke/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.revoke").count() == 1


def test_admin_edits_the_profile(world, client_for):
    client_for("admin").post(
        "/staff/a/agency-a/",
        {"short_name": "文旅局", "address": "新地址", "office_hours": "工作日", "phone": "123"},
    )
    world.agency_a.refresh_from_db()
    assert world.agency_a.address == "新地址"
    assert AuditEvent.objects.get(action="agency.update").data["changed"]["address"][1] == "新地址"


def test_upload_limits(world, client_for):
    item = world.item("draft")
    officer = client_for("officer")
    url = f"/staff/items/{item.code}/attachments/"
    bad_type = officer.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True)
    assert "不支持的附件类型" in bad_type.content.decode()
    fake_pdf = officer.post(url, {"file": SimpleUploadedFile("x.pdf", b"hello")}, follow=True)
    assert "文件内容与扩展名" in fake_pdf.content.decode()
    with override_settings(ATTACHMENT_MAX_BYTES=10):
        big = officer.post(url, {"file": SimpleUploadedFile("x.txt", b"x" * 11)}, follow=True)
    assert "大小限制" in big.content.decode()
    ok = officer.post(url, {"file": SimpleUploadedFile("说明.txt", "内容".encode())}, follow=True)
    assert "附件已上传" in ok.content.decode()
    assert item.attachments.get().name == "说明.txt"


def test_supervision_overview(world, client_for):
    world.item("published")
    world.item("submitted", agency=world.agency_b)
    overview = page(client_for("supervisor").get("/staff/supervision/"))
    assert "西工区文化旅游局" in overview and "西工区教育局" in overview


def test_audit_pages(world, client_for):
    world.item("published", title="审计可见的信息")
    world.item("published", agency=world.agency_b, title="乙局的审计")
    own = page(client_for("officer").get("/staff/audit/"))
    assert "审计可见的信息" in own and "乙局的审计" not in own
    assert "乙局的审计" in page(client_for("supervisor").get("/staff/a/agency-b/audit/"))


def test_system_administrators_use_the_django_admin(world):
    from django.contrib.auth import get_user_model
    from django.test import Client

    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client = Client()
    client.force_login(root)
    assert client.get("/sysadmin/agencies/agency/").status_code == 200
    item = world.item("draft")
    # Publishing records are read-only there: changes go through the actions.
    page = client.get(f"/sysadmin/publishing/item/{item.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/sysadmin/").status_code == 200
    assert Client().get("/sysadmin/").status_code == 302


def test_new_accounts_pass_the_password_validators(world, client_for):
    """Security audit, item 14: an account created in the back office gets a password
    the site's validators accept (length, common, numeric, like the username)."""
    from django.contrib.auth import get_user_model

    admin = client_for("admin")
    for password, message in (
        ("123", "密码太短，至少需要8个字符"),
        ("12345678901", "密码只包含数字"),
        ("password123", "这个密码太常见了"),
        ("newcomer1", "密码跟 用户名 太相似了"),
    ):
        response = admin.post(
            "/staff/a/agency-a/members/",
            {"username": "newcomer", "role": "reviewer", "password": password},
        )
        assert response.status_code == 200 and message in response.content.decode(), password
    response = admin.post(
        "/staff/a/agency-a/members/",
        {"username": "bad name!", "role": "reviewer", "password": "a-long-password-1"},
    )
    assert response.status_code == 200 and "请输入合法的用户名" in response.content.decode()
    assert not get_user_model().objects.filter(username__in=["newcomer", "bad name!"]).exists()
