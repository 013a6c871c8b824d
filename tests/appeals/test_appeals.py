"""Reconsideration and litigation cases: entered and changed through audited actions,
seen only by the agency's staff and its supervisors."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.appeals.models import Case
from gongkai.audit.models import AuditEvent
from gongkai.workflow import ActionError
from tests.support.records import application, case


def test_officer_registers_a_case_linked_to_an_application(world, client_for):
    app = application(world.agency_a, date(2025, 3, 1), date(2025, 3, 20), "三.三.4")
    client = client_for("officer")
    response = client.post(
        "/staff/appeals/a/agency-a/new/",
        {
            "kind": "reconsideration",
            "case_number": "西政复〔2025〕3号",
            "authority": "西工区人民政府",
            "filed_on": "2025-04-02",
            "result": "pending",
            "decided_on": "",
            "summary": "申请人对不予公开答复不服。",
            "application": app.code.lower(),
        },
    )
    created = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/appeals/{created.code}/"
    assert created.application == app and created.agency == world.agency_a
    page = client.get(f"/staff/appeals/{created.code}/").content.decode()
    assert app.code in page and "张三" not in page
    event = AuditEvent.objects.for_object(created).get()
    assert event.action == "case.create" and event.actor == world.officer

    response = client.post(
        f"/staff/appeals/{created.code}/edit/",
        {
            "kind": "reconsideration",
            "filed_on": "2025-04-02",
            "result": "corrected",
            "decided_on": "2025-06-30",
            "application": app.code,
        },
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.result == "corrected" and created.decided_on == date(2025, 6, 30)
    update = AuditEvent.objects.for_object(created).get(action="case.update")
    assert (update.from_state, update.to_state) == ("pending", "corrected")
    assert update.data["changed"]["result"] == ["pending", "corrected"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"result": "upheld", "decided_on": ""}, "decided_on", "请填写结果日期"),
        ({"result": "pending", "decided_on": "2025-05-01"}, "decided_on", "尚未审结"),
        ({"result": "upheld", "decided_on": "2025-01-01"}, "decided_on", "不能早于"),
        ({"application": "NOSUCHCODE"}, "application", "没有查询码"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(world, client_for, fields, field, message):
    data = {"kind": "reconsideration", "filed_on": "2025-04-02", "result": "pending"}
    data.update(fields)
    response = client_for("officer").post("/staff/appeals/a/agency-a/new/", data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Case.objects.exists()


def test_another_agencys_application_cannot_be_linked(world):
    other = application(world.agency_b, date(2025, 3, 1))
    with pytest.raises(ActionError, match="不是本机关"):
        case(world, date(2025, 4, 1), application=other)


def test_visibility_and_roles(world, client_for):
    mine = case(world, date(2025, 4, 1), case_number="A-1")
    theirs = case(world, date(2025, 4, 1), agency=world.agency_b, case_number="B-1")
    listing = client_for("officer").get("/staff/appeals/").content.decode()
    assert "A-1" in listing and "B-1" not in listing
    supervisor = client_for("supervisor").get("/staff/appeals/").content.decode()
    assert "A-1" in supervisor and "B-1" in supervisor
    assert client_for("other_officer").get(f"/staff/appeals/{mine.code}/").status_code == 404
    assert client_for("reviewer").get(f"/staff/appeals/{mine.code}/").status_code == 200
    assert client_for("reviewer").get(f"/staff/appeals/{mine.code}/edit/").status_code == 403
    assert (
        client_for("supervisor").post(f"/staff/appeals/{theirs.code}/edit/", {}).status_code == 403
    )
    assert client_for("anonymous").get("/staff/appeals/").status_code == 302
    assert set(Case.objects.visible_to(world.officer)) == {mine}


def test_delete_needs_a_reason_and_is_audited(world, client_for):
    found = case(world, date(2025, 4, 1), case_number="误登记")
    client = client_for("admin")
    client.post(f"/staff/appeals/{found.code}/delete/", {"reason": ""})
    assert Case.objects.filter(pk=found.pk).exists()
    client.post(f"/staff/appeals/{found.code}/delete/", {"reason": "重复登记"})
    assert not Case.objects.filter(pk=found.pk).exists()
    event = AuditEvent.objects.get(action="case.delete")
    assert event.comment == "重复登记" and event.data["case_number"] == "误登记"


def test_list_by_report_year_shows_the_table_four_cell(world, client_for):
    case(world, date(2024, 6, 1), case_number="OLD-PENDING")
    case(world, date(2023, 6, 1), Case.Result.UPHELD, date(2023, 9, 1), case_number="OLD-DONE")
    page = client_for("officer").get("/staff/appeals/?year=2025").content.decode()
    assert "OLD-PENDING" in page and "行政复议/尚未审结" in page
    assert "OLD-DONE" not in page


def test_the_form_does_not_tell_whether_another_agencys_code_exists(world, client_for):
    """Security audit, item 16: an unknown code and another agency's code get the same
    answer, so an editor cannot probe for other agencies' applications."""
    other = application(world.agency_b, date(2025, 3, 1))
    data = {"kind": "reconsideration", "filed_on": "2025-04-02", "result": "pending"}
    answers = []
    for code in (other.code, "NOSUCHCODE"):
        response = client_for("officer").post(
            "/staff/appeals/a/agency-a/new/", {**data, "application": code}
        )
        assert response.status_code == 200
        answers.append(str(response.context["form"].errors["application"]).replace(code, "?"))
    assert answers[0] == answers[1]
    assert not Case.objects.exists()
