"""Returned work reaches the agency: the returned report and its comments in the
editor's 待办, an email to the agency's staff, "已查看" on the board once the editor has
opened it, and the time of resubmission; notices for deductions and clean-ups."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.reports import actions, notice_actions
from gongkai.reports.models import AnnualReport, Notice
from gongkai.workflow import ActionError
from tests.reports.test_board import YEAR, submit_a, year_done  # noqa: F401

COMMENT = "请补充第五部分存在的主要问题及改进情况。"


@pytest.fixture
def returned(year_done, client_for, django_capture_on_commit_callbacks):  # noqa: F811
    world = year_done
    world.officer.email = "officer@example.com"
    world.officer.save()
    world.admin.email = "admin@example.com"
    world.admin.save()
    submit_a(world, client_for)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("supervisor").post(
            f"/staff/reports/a/agency-a/{YEAR}/return/", {"comment": COMMENT}
        )
    assert response.status_code == 302
    return world


def board_row(client, name="西工区文化旅游局"):
    response = client.get(f"/staff/reports/board/?year={YEAR}")
    return next(r for r in response.context["rows"] if r.agency.name == name), response


def test_returned_report_is_in_the_editors_todo_and_emailed(returned, client_for):
    report = AnnualReport.objects.get(agency=returned.agency_a, year=YEAR)
    assert report.status == "returned"
    # one message per person, through the notification store
    assert sorted(to for m in mail.outbox for to in m.to) == [
        "admin@example.com",
        "officer@example.com",
    ]
    for message in mail.outbox:
        assert COMMENT in message.body and "退回" in message.subject
    notice = Notice.objects.get(report=report)
    assert notice.get_absolute_url() in message.body

    todo = client_for("officer").get("/staff/").content.decode()
    assert COMMENT in todo and "未查看" in todo
    # The other agency's staff neither see it nor get it.
    assert COMMENT not in client_for("other_officer").get("/staff/").content.decode()
    assert client_for("other_officer").get(notice.get_absolute_url()).status_code == 404


def test_board_shows_opened_after_the_editor_opens_it_and_resubmission(returned, client_for):
    supervisor = client_for("supervisor")
    row, response = board_row(supervisor)
    assert row.notice is not None and row.notice.opened_at is None
    assert "未查看" in response.content.decode()
    # The supervisor looking at it does not count as the agency opening it.
    supervisor.get(row.notice.get_absolute_url())
    row, _ = board_row(supervisor)
    assert row.notice.opened_at is None

    client_for("officer").get(f"/staff/reports/a/agency-a/{YEAR}/")
    row, response = board_row(supervisor)
    assert row.notice.opened_by == returned.officer
    assert "已查看" in response.content.decode()
    assert row.notice.resolved_at is None

    report = AnnualReport.objects.get(agency=returned.agency_a, year=YEAR)
    at = timezone.make_aware(datetime(2026, 2, 12, 9, 30))
    actions.submit_report(report, acting_user=returned.officer, at=at)
    row, response = board_row(supervisor)
    assert row.notice.resolved_at == at
    assert "重新报送 02-12 09:30" in response.content.decode()
    # Resolved: no longer in the 待办.
    assert COMMENT not in client_for("officer").get("/staff/").content.decode()


def test_cleanup_notice_is_sent_opened_and_resolved_by_the_agency(
    world, client_for, django_capture_on_commit_callbacks
):
    world.officer.email = "officer@example.com"
    world.officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_actions.send_notice(
            world.agency_a,
            Notice.Kind.CLEANUP,
            acting_user=world.supervisor,
            title="清理已失效仍标注有效的文件",
            comment="请于两周内清理。",
            year=2025,
        )
    assert [m.to for m in mail.outbox] == [["officer@example.com"]]
    with pytest.raises(PermissionDenied):  # only the supervising office sends notices
        notice_actions.send_notice(
            world.agency_b, "cleanup", acting_user=world.officer, title="x", comment="y"
        )
    officer = client_for("officer")
    page = officer.get(notice.get_absolute_url()).content.decode()
    assert "请于两周内清理" in page and "已整改，办结" in page
    officer.post(notice.get_absolute_url() + "resolve/", {"comment": "已清理3件。"})
    notice.refresh_from_db()
    assert notice.opened_by == world.officer and notice.resolved_at is not None
    assert "请于两周内清理" not in officer.get("/staff/").content.decode()


def test_nothing_is_emailed_when_the_return_fails(year_done, client_for):  # noqa: F811
    world = year_done
    world.officer.email = "officer@example.com"
    world.officer.save()
    submit_a(world, client_for)
    report = AnnualReport.objects.get(agency=world.agency_a, year=YEAR)
    mail.outbox.clear()
    with pytest.raises(ActionError):
        actions.return_report(report, acting_user=world.supervisor, comment="  ")
    assert mail.outbox == [] and not Notice.objects.exists()


def test_supervisor_sends_a_cleanup_request_from_the_score_sheet(
    world, client_for, django_capture_on_commit_callbacks
):
    world.admin.email = "admin@example.com"
    world.admin.save()
    supervisor = client_for("supervisor")
    sheet = supervisor.get("/staff/scoring/a/agency-a/2025/").content.decode()
    assert "向该机关发送清理整改通知" in sheet
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor.post(
            "/staff/reports/a/agency-a/notice/",
            {
                "kind": "cleanup",
                "title": "清理失效文件",
                "comment": "请把已失效的3件文件标注为失效。",
                "next": "/staff/scoring/a/agency-a/2025/",
                "year": "2025",
            },
        )
    notice = Notice.objects.get(kind="cleanup")
    assert response["Location"] == notice.get_absolute_url()
    assert notice.year == 2025
    assert "未查看" in supervisor.get("/staff/scoring/a/agency-a/2025/").content.decode()
    client_for("admin").get(notice.get_absolute_url())
    assert "已查看" in supervisor.get("/staff/scoring/a/agency-a/2025/").content.decode()
    assert notice.link == "/staff/scoring/a/agency-a/2025/"
    assert [m.to for m in mail.outbox] == [["admin@example.com"]]
    assert "请把已失效的3件文件标注为失效" in client_for("admin").get("/staff/").content.decode()
    # The agency's own staff cannot send notices; another agency's get 404.
    assert (
        client_for("officer")
        .post("/staff/reports/a/agency-a/notice/", {"comment": "x"})
        .status_code
        == 403
    )
    assert (
        client_for("other_officer")
        .post("/staff/reports/a/agency-a/notice/", {"comment": "x"})
        .status_code
        == 404
    )
