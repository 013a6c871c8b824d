"""政策解读 with its document: approved and published together, linked both ways."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from gongkai.publishing import actions, interpretation
from gongkai.workflow import ActionError
from tests.support.personas import ALL_CONFIRMED

NORMATIVE = {
    "title": "西工区文化市场经营场所管理办法",
    "doc_kind": "normative",
    "document_number": "西文旅规〔2026〕1号",
    "body": "第一条 为规范文化市场经营场所管理，制定本办法。",
}


def review(client, item, decision="approve"):
    data = {"decision": decision, "comment": "", **{f"check_{k}": "on" for k in ALL_CONFIRMED}}
    return client.post(f"/staff/items/{item.code}/review/", data)


def test_approving_a_normative_document_without_its_interpretation_is_refused(world, client_for):
    doc = world.item("submitted", category=world.normative_a, interpreted=False, **NORMATIVE)
    response = review(client_for("reviewer"), doc)
    page = response.content.decode()
    assert response.status_code == 200
    assert "行政规范性文件须与政策解读同步起草、同步审核" in page
    doc.refresh_from_db()
    assert doc.status == "submitted"

    world.interpretation(doc, status="draft")
    assert review(client_for("reviewer"), doc).status_code == 302
    doc.refresh_from_db()
    assert doc.status == "approved"


def test_the_document_waits_for_its_interpretation_then_both_go_out_together(world):
    doc = world.item("submitted", category=world.normative_a, interpreted=False, **NORMATIVE)
    qa = world.interpretation(doc, status="submitted", interpretation_form="qa")
    doc = actions.approve_item(doc, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    with pytest.raises(ActionError, match="解读材料尚未审核通过"):
        actions.publish_item(doc, acting_user=world.publisher)
    qa = actions.approve_item(qa, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    with pytest.raises(ActionError, match="同步发布"):
        actions.publish_item(qa, acting_user=world.publisher)
    actions.publish_item(doc, acting_user=world.publisher)
    doc.refresh_from_db()
    qa.refresh_from_db()
    assert doc.status == qa.status == "published"
    assert doc.published_at == qa.published_at


def test_each_page_links_to_the_other_and_the_interpretation_is_found(world, client_for):
    doc = world.item("published", category=world.normative_a, **NORMATIVE)
    text = doc.interpretations.get()
    graphic = world.interpretation(
        doc, status="draft", title="图解：文化市场经营场所管理办法", interpretation_form="graphic"
    )
    graphic = actions.submit_item(graphic, acting_user=world.officer)
    graphic = actions.approve_item(graphic, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    actions.publish_item(graphic, acting_user=world.publisher)  # after its document: allowed

    anonymous = client_for("anonymous")
    page = anonymous.get(doc.get_absolute_url()).content.decode()
    assert text.get_absolute_url() in page and graphic.get_absolute_url() in page
    assert "（图解）" in page
    page = anonymous.get(graphic.get_absolute_url()).content.decode()
    assert doc.get_absolute_url() in page and "的解读（图解" in page
    found = anonymous.get("/search/", {"q": "图解"}).content.decode()
    assert graphic.get_absolute_url() in found


def test_a_question_and_answer_block_shows_on_the_document_page(world, client_for):
    doc = world.item("submitted", category=world.normative_a, interpreted=False, **NORMATIVE)
    world.interpretation(
        doc,
        interpretation_form="qa",
        title="办法问答",
        body="<p>问：适用于哪些场所？答：歌舞娱乐场所。</p>",
    )
    doc = actions.approve_item(doc, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    actions.publish_item(doc, acting_user=world.publisher)
    page = client_for("anonymous").get(doc.get_absolute_url()).content.decode()
    assert "问答：办法问答" in page and "答：歌舞娱乐场所。" in page


def test_another_policy_document_needs_an_interpretation_or_a_reason(world):
    fields = {"title": "关于促进夜间文旅消费的若干措施", "doc_kind": "policy"}
    doc = world.item("submitted", **fields)
    with pytest.raises(ActionError, match="不需解读的理由"):
        actions.approve_item(doc, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    doc = world.item("published", no_interpretation_reason="仅对原措施作文字调整", **fields)
    assert doc.status == "published"


def test_an_interpretation_names_its_document_and_only_of_the_same_agency(world):
    other = world.item("draft", agency=world.agency_b, doc_kind="normative", title="乙局办法")
    with pytest.raises(ActionError, match="本机关"):
        actions.create_item(
            world.agency_a,
            acting_user=world.officer,
            title="解读",
            doc_kind="interpretation",
            interprets=other,
        )
    orphan = world.item("draft", doc_kind="interpretation", title="没有文件的解读")
    with pytest.raises(ActionError, match="所解读的文件、解读形式、解读人"):
        actions.submit_item(orphan, acting_user=world.officer)


def test_a_concern_is_answered_within_its_time_limit(world, settings, client_for):
    settings.CONCERN_RESPONSE_HOURS = 48
    arose = timezone.make_aware(datetime(2026, 5, 1, 9, 0))
    item = world.item(
        "published",
        doc_kind="concern",
        title="关于景区门票调整的回应",
        concern="网民关注景区门票价格调整",
        concern_arose_at=arose,
    )
    assert interpretation.concern_due(arose) == timezone.make_aware(datetime(2026, 5, 3, 9, 0))
    assert interpretation.concern_late(item) is True  # published today, long after
    item.published_at = timezone.make_aware(datetime(2026, 5, 2, 9, 0))
    assert interpretation.concern_late(item) is False
    assert date(2026, 5, 1) == item.concern_arose_at.date()
    item.refresh_from_db()
    assert item.concern_due == timezone.make_aware(datetime(2026, 5, 3, 9, 0))
    page = client_for("officer").get(item.get_staff_url()).content.decode()
    assert "回应时限 " in page and "逾期回应" in page
    page = client_for("anonymous").get(item.get_absolute_url()).content.decode()
    assert "回应关切：网民关注景区门票价格调整（关切发生于2026年5月1日 09:00" in page


def test_the_agency_has_a_column_of_its_interpretations(world, client_for):
    doc = world.item("published", category=world.normative_a, **NORMATIVE)
    world.interpretation(
        world.item("submitted", agency=world.agency_b, doc_kind="normative", interpreted=False),
        status="draft",
    )
    page = client_for("anonymous").get(f"/a/{world.agency_a.slug}/interpretations/")
    text = page.content.decode()
    assert page.status_code == 200
    assert doc.interpretations.get().get_absolute_url() in text and doc.get_absolute_url() in text
    assert "文字解读" in text


def test_withdrawing_a_document_withdraws_its_interpretations(world, client_for):
    doc = world.item("published", category=world.normative_a, **NORMATIVE)
    text = doc.interpretations.get()
    page = client_for("reviewer").get(f"/staff/items/{doc.code}/").content.decode()
    assert text.get_staff_url() in page
    actions.withdraw_item(doc, acting_user=world.publisher, comment="文件有误")
    text.refresh_from_db()
    assert text.status == "withdrawn"
    assert text.withdrawn_reason == "随《西工区文化市场经营场所管理办法》撤回：文件有误"
    assert client_for("anonymous").get(text.get_absolute_url()).status_code == 410
