"""The late indicators at their edges, on the working-day calendar: a record closed or
published on its due date is on time and the day after is late (across National Day);
an item made long before the year and published in it is late; a clock's own due date
wins over the 20 working days; an application not received in law never counts."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.states import Status
from gongkai.publishing.deadlines import add_working_days, publication_due
from gongkai.publishing.models import Item
from gongkai.scoring import measures
from tests.support.records import application

YEAR = 2025
MADE = date(2025, 9, 19)  # its 20 working days run across National Day


def publish(world, title: str, made_on: date, published_on: date) -> Item:
    item = world.item("published", title=title)
    Item.objects.filter(pk=item.pk).update(made_on=made_on, published_on=published_on)
    return item


def test_items_published_late_on_and_after_the_due_date(world):
    due = publication_due(MADE)
    assert due == date(2025, 10, 23)  # 34 days: the holiday and two make-up days
    publish(world, "当日公开", MADE, due)
    publish(world, "次日公开", MADE, due + timedelta(days=1))
    publish(world, "早年形成", date(2022, 5, 6), date(2025, 1, 6))
    publish(world, "次年公开", MADE, date(2026, 1, 5))  # late, but not in the year
    scope = Agency.objects.filter(pk=world.agency_a.pk)
    found = measures.items_published_late(scope, YEAR, {})[world.agency_a.pk]
    assert [c.label for c in found] == ["早年形成", "次日公开"]
    assert found[1].detail == "形成于2025-09-19，应于2025-10-23前公开，2025-10-24公开"


def test_applications_answered_late_on_and_after_the_due_date(world):
    a = world.agency_a
    due = add_working_days(MADE, 20)
    application(a, MADE, due, "三.一")  # on the day: on time
    late = application(a, MADE, due + timedelta(days=1), "三.一")
    discarded = application(a, MADE, due + timedelta(days=9), "三.一")
    Application.objects.filter(pk=discarded.pk).update(status=Status.DISCARDED)
    clocked = application(a, date(2025, 3, 3), date(2025, 3, 20), "三.一")
    # its clock (a correction restarted it) gave it until 19 March: late, though within
    # 20 working days of receipt
    Application.objects.filter(pk=clocked.pk).update(due_on=date(2025, 3, 19))
    scope = Agency.objects.filter(pk=a.pk)
    found = measures.applications_answered_late(scope, YEAR, {})[a.pk]
    assert [c.label for c in found] == [f"申请 {clocked.code}", f"申请 {late.code}"]
    assert "答复期限2025-03-19，2025-03-20办结，逾期1天" in found[0].detail
    assert found[1].detail.endswith(
        f"期限{due.isoformat()}，{due + timedelta(days=1)}办结，逾期1天"
    )
