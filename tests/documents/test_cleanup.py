"""清理 batches: opened by the disclosure office, marked by each agency, finished and
published with every document and its decision."""

from __future__ import annotations

from datetime import date

from gongkai.audit.models import AuditEvent
from gongkai.documents.models import CleanupBatch, Document
from tests.documents.test_library import publish_normative


def test_a_batch_is_marked_by_each_agency_then_finished_and_published(world, client_for):
    one = publish_normative(world, "西工区文化市场管理办法", date(2023, 3, 1))
    two = publish_normative(
        world, "西工区导游管理规定", date(2024, 5, 1), number="西文旅规〔2024〕3号"
    )
    supervisor, officer = client_for("supervisor"), client_for("officer")
    assert officer.get("/staff/cleanups/new/").status_code == 403
    response = supervisor.post(
        "/staff/cleanups/new/",
        {
            "agency": world.government.pk,
            "title": "2026年度行政规范性文件清理",
            "due_on": "2026-12-31",
        },
    )
    batch = CleanupBatch.objects.get()
    assert response.status_code == 302 and batch.entries.count() == 2
    assert (
        client_for("other_officer").get(batch.get_staff_url()).status_code == 200
    )  # B is in scope

    entries = {e.document_id: e for e in batch.entries.all()}
    url = f"/staff/cleanups/{batch.code}/decide/"
    officer.post(url, {"entry": entries[one.pk].pk, "decision": "continue"})
    refused = officer.post(url, {"entry": entries[two.pk].pk, "decision": "repeal"}, follow=True)
    assert "拟修改或废止的，请写明理由。" in refused.content.decode()

    # Half done: the office cannot finish yet, and nothing is public.
    response = supervisor.post("/staff/cleanups/finish/", {"batch": batch.code}, follow=True)
    assert "尚有1件文件未作出清理结论" in response.content.decode()
    assert client_for("anonymous").get(f"/cleanups/{batch.code}/").status_code == 404

    officer.post(url, {"entry": entries[two.pk].pk, "decision": "repeal", "note": "上位法已修改"})
    assert client_for("reviewer").post(url, {"entry": entries[two.pk].pk}).status_code == 403
    supervisor.post("/staff/cleanups/finish/", {"batch": batch.code})
    batch.refresh_from_db()
    assert batch.status == "finished"
    event = AuditEvent.objects.get(action="cleanup.finish")
    assert event.from_state == "open" and event.data == {"continue": 1, "amend": 0, "repeal": 1}
    assert AuditEvent.objects.filter(action="cleanup.decide").count() == 2

    page = client_for("anonymous").get(f"/cleanups/{batch.code}/").content.decode()
    for doc in Document.objects.in_force():
        assert page.count(doc.item.get_absolute_url()) == 1
    assert "继续有效" in page and "废止" in page and "上位法已修改" in page
    response = officer.post(url, {"entry": entries[one.pk].pk, "decision": "amend", "note": "x"})
    entries[one.pk].refresh_from_db()
    assert entries[one.pk].decision == "continue"  # a finished batch stays as published


def test_the_todo_page_shows_what_waits_for_each_person(world, client_for):
    from gongkai.documents import actions, cleanup
    from gongkai.publishing import signoff_actions

    publish_normative(world, "西工区文化市场管理办法", date(2023, 3, 1))
    signoff_actions.set_chain(
        world.agency_a,
        [{"title": "保密审查员", "role": "admin", "checklist": []}],
        acting_user=world.admin,
    )
    item = world.item("submitted", title="关于景区限流的公告")
    actions.register(
        world.agency_a,
        acting_user=world.officer,
        kind="opinion",
        title="关于文旅融合的内部意见",
        made_on=date(2026, 9, 1),
        issuers="西工区文化旅游局",
        attribute="withheld",
        reason="过程性信息",
        basis="条例第十六条",
    )
    cleanup.open_batch(
        world.agency_a, acting_user=world.supervisor, title="清理", due_on=date(2026, 12, 31)
    )
    admin = client_for("admin").get("/staff/").content.decode()
    assert "待我签批（1）" in admin and item.get_staff_url() in admin
    assert "不予公开待确认（1）" in admin and "清理待作结论（1）" in admin
    officer = client_for("officer").get("/staff/").content.decode()
    assert "待我签批" not in officer and "清理待作结论（1）" in officer
    assert "公文与政策文件" not in client_for("reviewer").get("/staff/").content.decode()
