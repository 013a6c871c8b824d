"""Already public, asked before: suggestions while typing, the same applicant's similar
applications on the desk and the application page, 纳入主动公开."""

from __future__ import annotations

import re
import uuid
from datetime import date

from gongkai.applications import actions, after_actions
from gongkai.applications.models import Application
from gongkai.applications.similar import similarity
from gongkai.audit.models import AuditEvent
from gongkai.workflow import ActionError
from tests.applications.test_public import FORM


def test_the_form_suggests_published_items_while_typing(world, client_for):
    item = world.item("published", title="西工区文化旅游局2025年部门预算")
    world.item("published", title="关于开展文明旅游宣传月活动的通知")
    client = client_for("anonymous")
    form = client.get("/a/agency-a/apply/").content.decode()
    assert 'data-url="/a/agency-a/apply/suggest/"' in form and "suggest.js" in form
    found = client.get("/a/agency-a/apply/suggest/", {"q": "申请公开2025年部门预算及说明"}).json()
    assert [i["title"] for i in found["items"]] == [item.title]
    assert found["items"][0]["url"] == item.get_absolute_url()
    assert client.get("/a/agency-a/apply/suggest/", {"q": "x"}).json() == {"items": []}
    draft = world.item("draft", title="2026年部门预算（草稿）")
    found = client.get("/a/agency-a/apply/suggest/", {"q": "2026年部门预算"}).json()
    assert draft.title not in [i["title"] for i in found["items"]]


def test_similarity_of_requests():
    assert similarity("2025年部门预算及其说明", "请公开2025年部门预算及说明") >= 0.5
    assert similarity("2025年部门预算", "道路绿化工程招标文件") < 0.2


def test_the_same_request_in_a_new_form_is_new_and_marked_similar(
    world, client_for, register, today
):
    today(date(2026, 3, 20))
    first = register(date(2026, 3, 2))
    actions.answer(first, acting_user=world.officer, on=date(2026, 3, 10), outcome="三.一")
    client = client_for("anonymous")
    for _ in range(2):
        client.post(
            "/a/agency-a/apply/",
            {**FORM, "token": str(uuid.uuid4()), "description": "2025年西工区文化旅游局部门预算"},
        )
    online = list(Application.objects.filter(channel="online").order_by("pk"))
    assert len(online) == 2  # two forms, two applications
    officer = client_for("officer")
    desk = officer.get("/staff/applications/?queue=unconfirmed").content.decode()
    assert desk.count("相似申请") == 2
    page = officer.get(online[1].get_absolute_url()).content.decode()
    assert "同一申请人的相似申请" in page and first.code in page and online[0].code in page
    assert "予以公开（2026-03-10）" in page
    other = register(date(2026, 3, 3), description="道路绿化工程招标文件")
    page = officer.get(other.get_absolute_url()).content.decode()
    assert "同一申请人的相似申请" not in page
    # The reviewer sees applications masked: no linkage of the applicant's requests.
    assert (
        "同一申请人的相似申请"
        not in client_for("reviewer").get(online[1].get_absolute_url()).content.decode()
    )


def test_publicise_opens_a_draft_and_the_overview_counts_it(world, register, today, client_for):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2), info_title="2025年部门预算")
    actions.answer(application, acting_user=world.officer, on=date(2026, 3, 10), outcome="三.一")
    officer = client_for("officer")
    url = f"/staff/applications/{application.code}/publicise/"
    assert officer.get(url).status_code == 405
    assert client_for("other_officer").post(url).status_code == 404
    response = officer.post(url)
    application.refresh_from_db()
    item = application.publicised_item
    assert item.status == "draft" and item.title == "2025年部门预算"
    assert response["Location"] == item.get_staff_url()
    assert "第四十四条" in item.body and application.code in item.body
    assert AuditEvent.objects.filter(action="application.publicise").count() == 1
    officer.post(url)
    assert AuditEvent.objects.filter(action="application.publicise").count() == 1  # once
    overview = client_for("supervisor").get("/staff/applications/agencies/").content.decode()
    row = re.search(r"西工区文化旅游局</th>(.*?)</tr>", overview).group(1)
    assert "纳入主动公开" in overview and re.findall(r'class="num[^"]*">(\d+)<', row)[-1] == "1"


def test_publicise_needs_the_editor_role_and_a_disclosed_outcome(world, register, today):
    today(date(2026, 3, 20))
    refused = register(date(2026, 3, 2))
    actions.answer(refused, acting_user=world.officer, on=date(2026, 3, 10), outcome="三.四.1")
    try:
        after_actions.publicise(refused, acting_user=world.officer)
    except ActionError as e:
        assert "予以公开或部分公开" in e.message
    else:
        raise AssertionError("a refused application was publicised")
