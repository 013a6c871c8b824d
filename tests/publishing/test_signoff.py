"""Sign-off levels as data, scheduled publishing, and withdrawal with its reason."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.publishing import actions, signoff_actions
from gongkai.publishing.models import Item
from gongkai.workflow import ActionError
from tests.support.personas import ALL_CONFIRMED

CHAIN = {
    "title_1": "科室负责人",
    "role_1": "reviewer",
    "checklist_1": "内容准确\n已征求相关科室意见",
    "title_2": "保密审查员",
    "role_2": "admin",
    "checklist_2": "不涉及国家秘密",
    "title_3": "分管领导",
    "role_3": "publisher",
    "checklist_3": "",
}


def test_the_chain_is_signed_in_order_before_approval(world, client_for):
    admin = client_for("admin")
    assert client_for("officer").get(f"/staff/a/{world.agency_a.slug}/signoff/").status_code == 403
    response = admin.post(f"/staff/a/{world.agency_a.slug}/signoff/", CHAIN)
    assert response.status_code == 302
    item = world.item("submitted")

    with pytest.raises(ActionError, match="尚需“科室负责人”签批"):
        actions.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)

    reviewer = client_for("reviewer")
    url = f"/staff/items/{item.code}/sign/"
    page = reviewer.post(url, {"check_1": "on"}, follow=True).content.decode()
    assert "科室负责人签批前须确认：已征求相关科室意见" in page
    reviewer.post(url, {"check_1": "on", "check_2": "on", "comment": "同意"})
    # the next step belongs to the administrator: the publisher cannot sign it
    assert client_for("publisher").post(url, {"check_1": "on"}).status_code == 403
    admin.post(url, {"check_1": "on"})
    client_for("publisher").post(url, {})
    signatures = list(item.signatures.order_by("at"))
    assert [s.step_title for s in signatures] == ["科室负责人", "保密审查员", "分管领导"]
    assert [s.signer for s in signatures] == [world.reviewer, world.admin, world.publisher]
    assert all(s.at for s in signatures)
    assert AuditEvent.objects.filter(action="item.sign").count() == 3

    item = actions.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    assert item.status == "approved"
    page = client_for("officer").get(item.get_staff_url()).content.decode()
    assert "保密审查员</strong> · " in page

    # returned and submitted again: the chain starts over
    item = actions.revise_item(item, acting_user=world.officer)
    item = actions.submit_item(item, acting_user=world.officer)
    with pytest.raises(ActionError, match="尚需“科室负责人”签批"):
        actions.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)


def test_scheduled_publishing_at_a_set_time(world, client_for, monkeypatch):
    item = world.item("approved")
    soon = timezone.now() + timedelta(hours=2)
    with pytest.raises(ActionError, match="晚于现在"):
        signoff_actions.schedule_item(
            item, acting_user=world.publisher, publish_at=timezone.now() - timedelta(minutes=1)
        )
    local = timezone.localtime(soon).strftime("%Y-%m-%dT%H:%M")
    client_for("publisher").post(f"/staff/items/{item.code}/schedule/", {"publish_at": local})
    item.refresh_from_db()
    assert item.publish_at is not None and item.scheduled_by == world.publisher

    call_command("publish_scheduled", stdout=io.StringIO())
    item.refresh_from_db()
    assert item.status == "approved"

    later = soon + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", stdout=io.StringIO())
    item.refresh_from_db()
    assert item.status == "published" and item.published_by == world.publisher
    assert item.publish_at is None


def test_a_withdrawn_item_says_why_on_the_portal(world, client_for):
    item = world.item("published", title="关于暂停景区开放的公告")
    actions.withdraw_item(item, acting_user=world.publisher, comment="公告内容已失效，另行发布")
    response = client_for("anonymous").get(item.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "撤回原因：公告内容已失效，另行发布" in page and item.index_number in page
    assert "关于暂停景区开放的公告" not in page  # withdrawn for what it said, perhaps
    never = world.item("draft")
    assert client_for("anonymous").get(never.get_absolute_url()).status_code == 404
    assert Item.objects.get(pk=item.pk).withdrawn_reason == "公告内容已失效，另行发布"


def test_a_chain_step_needs_a_role(world):
    with pytest.raises(ActionError, match="须选择签批角色"):
        signoff_actions.set_chain(
            world.agency_a, [{"title": "科长", "role": ""}], acting_user=world.admin
        )
