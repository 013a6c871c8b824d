"""Several processes share one PostgreSQL database: 50 citizens submitting at the same
moment lose nothing and never share a tracking code, and a double click racing with
itself still makes one application."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.conf import settings
from django.db import connection

from gongkai.agencies.models import Membership, Role
from gongkai.applications import intake, models
from gongkai.applications.models import Application
from tests.support.personas import build_world

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite serialises writers by itself; this is about PostgreSQL's concurrency",
)

FIELDS = {
    "applicant_type": "natural_person",
    "applicant_name": "张建华",
    "id_type": "resident_id",
    "id_number": "410303199003071238",
    "phone": "13812345678",
    "description": "预算",
    "form_wanted": "electronic",
    "delivery": "online",
}


def _race(count: int, work) -> list[Exception]:
    barrier = threading.Barrier(count)
    errors: list[Exception] = []

    def run(n):
        try:
            barrier.wait()
            work(n)
        except Exception as e:  # reported by the caller
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_fifty_parallel_submissions(transactional_db, monkeypatch):
    world = build_world()
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    # Make codes collide: each thread's first draw is the same code, so 49 of the 50 must
    # retry; the unique constraint, not luck, keeps codes distinct.
    real = models.new_tracking_code
    drawn = threading.local()

    def colliding():
        if not getattr(drawn, "once", False):
            drawn.once = True
            return "SAMECODE22"
        return real()

    monkeypatch.setattr(intake, "new_tracking_code", colliding)
    errors = _race(
        50,
        lambda n: intake.submit_online(
            world.agency_a, token=uuid.uuid4(), **{**FIELDS, "applicant_name": f"申请人{n}"}
        ),
    )
    assert errors == []
    names = set(Application.objects.values_list("applicant_name", flat=True))
    assert names == {f"申请人{n}" for n in range(50)}
    codes = list(Application.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 50 and "SAMECODE22" in codes


def test_a_double_click_racing_with_itself(transactional_db):
    world = build_world()
    token = uuid.uuid4()
    results = []

    def submit(n):
        application, new = intake.submit_online(world.agency_a, token=token, **FIELDS)
        results.append((application.pk, new))

    assert _race(2, submit) == []
    assert Application.objects.count() == 1
    assert sorted(new for _, new in results) == [False, True]
    assert len({pk for pk, _ in results}) == 1


def test_a_holiday_load_does_not_overwrite_a_concurrent_moves_clock(transactional_db, monkeypatch):
    from datetime import date, datetime, time
    from pathlib import Path

    from django.utils import timezone

    from gongkai.applications import actions, clock
    from gongkai.holidays import actions as holiday_actions
    from tests.support.personas import PERSON

    world = build_world()
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    moment = timezone.make_aware(datetime.combine(date(2026, 12, 21), time(12)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    application = actions.register(
        world.agency_a,
        acting_user=world.officer,
        channel="counter",
        handed_over_on=date(2026, 12, 18),
        **PERSON,
    )
    assert application.due_provisional and application.due_on == date(2027, 1, 15)
    actions.request_extension(application, acting_user=world.officer, days=10, reason="调档")

    # The extension is approved while the load recomputes the clocks: the approval must
    # either wait for the load or be seen by it, never be overwritten by it.
    original = clock.clock_events
    approval: list[threading.Thread] = []

    def approve():
        try:
            actions.approve_extension(
                Application.objects.get(pk=application.pk),
                acting_user=world.reviewer,
                on=date(2026, 12, 21),
            )
        finally:
            connection.close()

    def events_then_race(rows):
        if not approval:
            approval.append(threading.Thread(target=approve))
            approval[0].start()
            approval[0].join(timeout=1.5)  # done, or waiting for the load's lock
        return original(rows)

    monkeypatch.setattr(clock, "clock_events", events_then_race)
    crafted = Path(__file__).resolve().parents[1] / "data/workdays/schedules/2027-crafted.txt"
    holiday_actions.load(crafted.read_text(encoding="utf-8"), acting_user=world.supervisor)
    approval[0].join()
    monkeypatch.setattr(clock, "clock_events", original)

    application.refresh_from_db()
    assert application.extension_days == 10
    expected = clock.run(application)
    assert (application.due_on, application.due_provisional) == (
        expected.due,
        expected.provisional,
    )
    assert application.due_on > date(2027, 1, 18)  # 2027-01-18 plus the 10 days
