"""Marking abusive online submissions in bulk on the desk (security audit, item 7): they
were never received in law, so they leave the desk and count in no table; 三.五.4 stays
an answer to a received application."""

from __future__ import annotations

import uuid
from datetime import date

from gongkai.applications import actions
from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent
from gongkai.reports import compute
from tests.support.personas import PERSON


def _flood(agency, n):
    return [
        actions.submit_online(
            agency, token=uuid.uuid4(), **{**PERSON, "description": f"垃圾内容{i}"}
        )[0]
        for i in range(n)
    ]


def test_officer_marks_a_flood_in_bulk(world, client_for, today):
    today(date(2026, 3, 9))
    junk = _flood(world.agency_a, 3)
    genuine = _flood(world.agency_a, 1)[0]
    desk = client_for("officer").get("/staff/applications/?queue=unconfirmed").content.decode()
    assert "批量标记为滥用提交" in desk and f'value="{junk[0].code}"' in desk
    response = client_for("officer").post(
        "/staff/applications/discard/",
        {"code": [a.code for a in junk[:2]], "reason": "同一地址短时间内提交无意义内容"},
        follow=True,
    )
    assert "已将2件网上提交标记为滥用提交" in response.content.decode()
    statuses = dict(Application.objects.values_list("code", "status"))
    assert [statuses[a.code] for a in junk] == ["discarded", "discarded", "unconfirmed"]
    assert statuses[genuine.code] == "unconfirmed"
    events = AuditEvent.objects.filter(action="application.discard")
    assert events.count() == 2 and {e.comment for e in events} == {"同一地址短时间内提交无意义内容"}
    # never received: not in the annual report's table 三, whatever the year's records
    actions.confirm(genuine, acting_user=world.officer, on=date(2026, 3, 9))
    assert Application.objects.received().count() == 1
    report = compute.build(world.agency_a, 2026, {})
    assert report.value("t3/一/总计") == 1


def test_bulk_marking_is_for_the_agencys_officers_and_unconfirmed_only(
    world, client_for, today, register
):
    today(date(2026, 3, 9))
    theirs = _flood(world.agency_b, 1)[0]
    mine = _flood(world.agency_a, 1)[0]
    received = register(date(2026, 3, 2))
    officer = client_for("officer")
    for codes in ([theirs.code], [mine.code, theirs.code], [received.code]):
        officer.post("/staff/applications/discard/", {"code": codes, "reason": "滥用"})
    assert (
        client_for("reviewer")
        .post("/staff/applications/discard/", {"code": [mine.code], "reason": "滥用"})
        .status_code
        == 403
    )
    officer.post("/staff/applications/discard/", {"code": [mine.code], "reason": ""})
    assert not Application.objects.filter(status="discarded").exists()


def test_the_applicant_sees_it_was_not_accepted(world, client_for, today):
    from tests.applications.test_public import _post

    today(date(2026, 3, 9))
    client = client_for("anonymous")
    assert _post(client).status_code == 302
    application = Application.objects.get()
    actions.discard(application, acting_user=world.officer, reason="无意义提交")
    page = client.get(f"/apply/status/?code={application.code}").content.decode()
    assert "未受理" in page
