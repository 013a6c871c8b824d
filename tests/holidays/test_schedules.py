"""Loading the holiday schedule of a year the package lacks, through the back office."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEvent
from gongkai.holidays import calendar
from gongkai.holidays.models import HolidaySchedule
from gongkai.publishing.deadlines import publication_due

CRAFTED = (
    Path(__file__).resolve().parents[1] / "data" / "workdays" / "schedules" / "2027-crafted.txt"
).read_text(encoding="utf-8")


def test_supervisor_loads_a_year_and_deadlines_follow(world, client_for):
    # Before: 2027 has no schedule, so a date in it is provisional.
    assert calendar.add_working_days(date(2027, 1, 28), 5).provisional
    before = publication_due(date(2027, 1, 28))
    response = client_for("supervisor").post(
        "/staff/calendar/", {"text": CRAFTED, "source": "国办发明电〔2026〕1号"}
    )
    assert response.status_code == 302
    row = HolidaySchedule.objects.get(year=2027)
    assert row.source == "国办发明电〔2026〕1号"
    deadline = calendar.add_working_days(date(2027, 1, 28), 5)
    assert not deadline.provisional
    # The crafted notice gives 春节 2027-02-06..02-14 off: the target moves later.
    assert publication_due(date(2027, 1, 28)) > before
    event = AuditEvent.objects.get(action="holidays.load")
    assert event.actor == world.supervisor and event.data["year"] == 2027
    page = client_for("supervisor").get("/staff/calendar/")
    assert "2027" in page.content.decode()


def test_file_upload_and_errors_by_line(world, client_for):
    client = client_for("supervisor")
    bad = "year 2027\nholiday 2027-02-30\n"
    response = client.post(
        "/staff/calendar/",
        {"file": SimpleUploadedFile("2027.txt", bad.encode(), "text/plain"), "text": ""},
    )
    assert response.status_code == 200
    assert "第2行：2027-02-30不是有效日期" in response.content.decode()
    assert not HolidaySchedule.objects.exists()
    good = SimpleUploadedFile("2027.txt", CRAFTED.encode("utf-8"), "text/plain")
    assert client.post("/staff/calendar/", {"file": good}).status_code == 302
    assert HolidaySchedule.objects.get(year=2027).source == "2027.txt"
    text = client.get("/staff/calendar/2027/")
    assert text.status_code == 200 and text.content.decode().startswith("year 2027")


def test_only_the_top_supervising_office_loads(world, client_for):
    admin = client_for("admin")  # agency A's administrator may look, not load
    assert admin.get("/staff/calendar/").status_code == 200
    assert admin.post("/staff/calendar/", {"text": CRAFTED}).status_code == 403
    assert client_for("officer").get("/staff/calendar/").status_code == 403  # an editor
    assert not HolidaySchedule.objects.exists()


def test_delete_returns_to_provisional(world, client_for):
    client = client_for("supervisor")
    client.post("/staff/calendar/", {"text": CRAFTED})
    assert client.post("/staff/calendar/2027/delete/").status_code == 302
    assert not HolidaySchedule.objects.exists()
    assert calendar.add_working_days(date(2027, 1, 28), 5).provisional
    assert AuditEvent.objects.filter(action="holidays.delete").count() == 1
