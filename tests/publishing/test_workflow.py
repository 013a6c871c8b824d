"""The journey of an item from draft to the portal, through HTTP, with the audit trail."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from gongkai.audit.models import AppendOnlyError, AuditEvent
from gongkai.publishing.checklist import KEYS
from gongkai.publishing.models import Item, Review

CHECKS = {f"check_{k}": "on" for k in KEYS}


def draft_via_form(world, client):
    response = client.post(
        f"/staff/a/{world.agency_a.slug}/items/new/",
        {
            "title": "关于举办2024年非物质文化遗产展演活动的通知",
            "category": world.category_a.pk,
            "document_number": "西文旅〔2024〕3号",
            "issued_on": "2024-05-06",
            "made_on": "2024-05-06",
            "doc_kind": "other",
            "body": "为传承非物质文化遗产，定于五月举办展演活动。\n欢迎市民参加。",
        },
    )
    assert response.status_code == 302
    return Item.objects.get(title__startswith="关于举办2024年非物质")


def test_draft_return_resubmit_approve_publish(world, client_for):
    officer, reviewer, publisher = (client_for(p) for p in ("officer", "reviewer", "publisher"))
    anonymous = client_for("anonymous")
    item = draft_via_form(world, officer)
    assert item.status == "draft"
    assert item.body == "<p>为传承非物质文化遗产，定于五月举办展演活动。</p><p>欢迎市民参加。</p>"
    assert anonymous.get(f"/i/{item.code}/").status_code == 404

    officer.post(f"/staff/items/{item.code}/submit/")
    item.refresh_from_db()
    assert item.status == "submitted"

    # Returning needs a comment.
    response = reviewer.post(f"/staff/items/{item.code}/review/", {"decision": "return"})
    assert response.status_code == 200
    assert "需要填写意见" in response.content.decode()
    reviewer.post(
        f"/staff/items/{item.code}/review/", {"decision": "return", "comment": "请补充活动地点。"}
    )
    item.refresh_from_db()
    assert item.status == "returned"

    response = officer.post(
        f"/staff/items/{item.code}/edit/",
        {
            "title": item.title,
            "category": world.category_a.pk,
            "document_number": "",
            "issued_on": "2024-05-06",
            "made_on": "2024-05-06",
            "doc_kind": "other",
            "body": "展演活动在西工区文化馆举办。",
        },
    )
    assert response.status_code == 302
    officer.post(f"/staff/items/{item.code}/submit/", {"comment": "已补充地点"})

    # Approving without confirming the whole confidentiality checklist is refused.
    partial = dict(list(CHECKS.items())[:-1])
    response = reviewer.post(
        f"/staff/items/{item.code}/review/", {"decision": "approve", **partial}
    )
    assert "保密审查未全部确认" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "submitted"

    reviewer.post(f"/staff/items/{item.code}/review/", {"decision": "approve", **CHECKS})
    item.refresh_from_db()
    assert item.status == "approved" and item.approved_by == world.reviewer
    assert anonymous.get(f"/i/{item.code}/").status_code == 404

    publisher.post(f"/staff/items/{item.code}/publish/")
    item.refresh_from_db()
    assert item.status == "published"
    assert item.index_number.startswith(f"{world.agency_a.org_code}/")
    page = anonymous.get(f"/i/{item.code}/").content.decode()
    assert "展演活动在西工区文化馆举办" in page and item.index_number in page

    history = list(
        AuditEvent.objects.for_object(item).values_list("action", "from_state", "to_state")
    )
    assert history == [
        ("item.create", "", "draft"),
        ("item.submit", "draft", "submitted"),
        ("item.return", "submitted", "returned"),
        ("item.update", "returned", "returned"),
        ("item.submit", "returned", "submitted"),
        ("item.approve", "submitted", "approved"),
        ("item.publish", "approved", "published"),
    ]
    returned = AuditEvent.objects.for_object(item).get(action="item.return")
    assert returned.actor == world.reviewer and returned.comment == "请补充活动地点。"
    assert [r.decision for r in Review.objects.filter(item=item)] == ["return", "approve"]
    detail = officer.get(f"/staff/items/{item.code}/").content.decode()
    assert "请补充活动地点。" in detail  # the history on the item's page
    assert "退回修改" in detail and "待审核 → 已退回" in detail  # read in Chinese


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_publishing_without_approval_is_refused(world, client_for, state):
    item = world.item(state)
    response = client_for("publisher").post(f"/staff/items/{item.code}/publish/", follow=True)
    assert "不能发布" in response.content.decode()
    item.refresh_from_db()
    assert item.status == state
    assert client_for("anonymous").get(f"/i/{item.code}/").status_code == 404


def test_roles_cannot_stand_in_for_each_other(world, client_for):
    item = world.item("submitted")
    assert (
        client_for("officer")
        .post(f"/staff/items/{item.code}/review/", {"decision": "approve", **CHECKS})
        .status_code
        == 403
    )
    item = world.item("approved")
    assert client_for("reviewer").post(f"/staff/items/{item.code}/publish/").status_code == 403
    assert client_for("officer").post(f"/staff/items/{item.code}/publish/").status_code == 403
    item.refresh_from_db()
    assert item.status == "approved"


def test_the_database_refuses_a_published_item_without_review(world):
    item = world.item("submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(status="published")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(
            status="published", approved_by=world.reviewer, approved_at=item.created_at
        )  # still no index number nor publication date


def test_editing_after_approval_requires_a_new_review(world, client_for):
    item = world.item("approved")
    officer = client_for("officer")
    response = officer.get(f"/staff/items/{item.code}/edit/")
    assert response.status_code == 302  # not editable
    officer.post(f"/staff/items/{item.code}/revise/", {"comment": "改标题"})
    item.refresh_from_db()
    assert item.status == "draft" and item.approved_by is None
    client_for("publisher").post(f"/staff/items/{item.code}/publish/")
    item.refresh_from_db()
    assert item.status == "draft"


def test_withdraw_repeal_and_expire(world, client_for):
    publisher = client_for("publisher")
    item = world.item("published")
    response = publisher.post(f"/staff/items/{item.code}/withdraw/", {"comment": ""}, follow=True)
    assert "需要填写意见" in response.content.decode()
    publisher.post(f"/staff/items/{item.code}/withdraw/", {"comment": "内容有误"})
    item.refresh_from_db()
    assert item.status == "withdrawn"
    gone = client_for("anonymous").get(f"/i/{item.code}/")
    assert gone.status_code == 410 and "撤回原因：内容有误" in gone.content.decode()

    doc = world.item("published", category=world.normative_a, doc_kind="normative")
    publisher.post(f"/staff/items/{doc.code}/repeal/", {"repealed_on": "2025-06-30"})
    doc.refresh_from_db()
    assert (doc.status, doc.validity, str(doc.repealed_on)) == (
        "repealed",
        "repealed",
        "2025-06-30",
    )
    page = client_for("anonymous").get(f"/i/{doc.code}/").content.decode()
    assert "已废止" in page and "2025年6月30日废止" in page

    other = world.item("published", title="关于印发文化市场管理规定的通知")
    publisher.post(f"/staff/items/{other.code}/expire/", {"expired_on": "2025-12-31"})
    other.refresh_from_db()
    assert (other.status, other.validity) == ("published", "expired")
    event = AuditEvent.objects.for_object(other).get(action="item.expire")
    assert event.actor == world.publisher and event.data["expired_on"] == "2025-12-31"


def test_index_numbers_count_per_agency_and_year(world):
    first = world.item("published")
    second = world.item("published", title="第二条")
    other = world.item("published", agency=world.agency_b, title="乙局的信息")
    year = first.published_on.year
    assert first.index_number == f"{world.agency_a.org_code}/{year}-00001"
    assert second.index_number == f"{world.agency_a.org_code}/{year}-00002"
    assert other.index_number == f"{world.agency_b.org_code}/{year}-00001"


def test_audit_log_is_append_only(world):
    world.item("draft")
    event = AuditEvent.objects.first()
    event.comment = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(comment="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET comment = 'x'")


def test_audit_record_outside_a_transaction_is_refused(transactional_db):
    from gongkai.agencies.models import Agency
    from gongkai.audit.log import record

    agency = Agency.objects.create(name="甲", kind="other", org_code="A1", slug="a1")
    with pytest.raises(transaction.TransactionManagementError):
        record("test.ping", target=agency, acting_user=None)
    with transaction.atomic():
        event = record("test.ping", target=agency, acting_user=None, agency=agency)
    assert AuditEvent.objects.get(pk=event.pk).target_id == str(agency.pk)
