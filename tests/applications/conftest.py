"""The personas world, with the role that handles applications, and a few helpers.

`officer` is agency A's officer for applications too (依申请公开办理), `reviewer`
approves extensions, `other_officer` handles agency B's, `supervisor` oversees both.
Dates are those of the real State Council calendar; `today` freezes the clock.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from gongkai.agencies.models import Membership, Role
from gongkai.applications import actions
from tests.support.personas import PERSON


@pytest.fixture
def world(world):
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    Membership.objects.create(user=world.other_officer, agency=world.agency_b, role=Role.OFFICER)
    return world


@pytest.fixture
def today(monkeypatch):
    """Freeze "now" at noon of a given day: `today(date(2026, 3, 2))`."""

    def freeze(day: date):
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return day

    return freeze


@pytest.fixture
def register(world):
    """An application of agency A handed over at the counter on `received`."""

    def make(received: date, agency=None, **fields):
        agency = agency or world.agency_a
        user = world.officer if agency == world.agency_a else world.other_officer
        return actions.register(
            agency,
            acting_user=user,
            channel="counter",
            handed_over_on=received,
            **{**PERSON, **fields},
        )

    return make
