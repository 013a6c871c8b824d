from datetime import date

from gongkai.publishing.deadlines import add_working_days, publication_due
from tests.support.clock import today_is


def test_twenty_working_days_skip_weekends(db):
    assert publication_due(date(2024, 3, 1)) == date(2024, 3, 29)  # Friday -> Friday
    assert publication_due(date(2024, 3, 2)) == date(2024, 3, 29)  # Saturday
    assert add_working_days(date(2024, 3, 8), 1) == date(2024, 3, 11)  # Friday -> Monday
    assert add_working_days(date(2024, 3, 8), 0) == date(2024, 3, 8)


def test_holidays_and_make_up_days_count(db):
    # 国庆 2025: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
    assert add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 10)
    # 20 working days from 2025-09-26: 09-28, 09-29, 09-30, 10-09..10-11, then 14 more.
    assert publication_due(date(2025, 9, 26)) == date(2025, 10, 30)


def test_late_is_judged_against_today(world, monkeypatch):
    from django.utils import timezone

    item = world.item("draft", made_on=date(2024, 3, 1))  # due 2024-03-29
    monkeypatch.setattr(timezone, "localdate", today_is(date(2024, 3, 29)))
    assert item.publication_late() is False
    monkeypatch.setattr(timezone, "localdate", today_is(date(2024, 4, 1)))
    assert item.publication_late() is True
