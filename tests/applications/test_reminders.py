"""The daily reminder command: the right people, once a day."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command

from gongkai.applications import actions
from gongkai.notify.models import Message


def _run(*args) -> str:
    out = StringIO()
    call_command("remind_applications", *args, stdout=out)
    return out.getvalue()


def test_reminders_go_to_the_people_concerned_once(
    world, register, today, django_capture_on_commit_callbacks
):
    for name, person in world.people.items():
        person.email = f"{name}@xigong.gov.cn"
        person.save()
    today(date(2026, 4, 2))
    overdue = register(date(2026, 3, 2))
    soon = register(date(2026, 3, 9), applicant_name="李秀英")
    register(date(2026, 3, 30), applicant_name="王志强")  # nothing to say yet
    register(date(2026, 3, 2), agency=world.agency_b)
    actions.request_extension(soon, acting_user=world.officer, days=5, reason="需调档")

    with django_capture_on_commit_callbacks(execute=True):
        assert "sent 4 reminder(s)" in _run("--date", "2026-04-02")
    assert Message.objects.filter(kind="reminder", status="sent").count() == 4  # kept, sent
    by_user = {m.to[0]: m for m in mail.outbox}
    assert set(by_user) == {
        "officer@xigong.gov.cn",
        "other_officer@xigong.gov.cn",
        "reviewer@xigong.gov.cn",
        "supervisor@xigong.gov.cn",
    }
    officer = by_user["officer@xigong.gov.cn"].body
    assert "【已逾期】1件" in officer and overdue.code in officer and "逾期3个工作日" in officer
    assert "【3个工作日内到期】1件" in officer and soon.code in officer
    assert "王志强" not in officer and "13812345678" not in officer
    assert "延长5个工作日" in by_user["reviewer@xigong.gov.cn"].body
    supervisor = by_user["supervisor@xigong.gov.cn"].body
    assert (
        "西工区文化旅游局：逾期未答复1件" in supervisor
        and "西工区教育局：逾期未答复1件" in supervisor
    )

    # Cron runs again (or on a second host): nobody gets it twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert "sent 0 reminder(s), skipped 4" in _run("--date", "2026-04-02")
    assert len(mail.outbox) == 4
    assert "would send 4" in _run("--date", "2026-04-02", "--dry-run")
    assert len(mail.outbox) == 4
