"""The login lockout and the status page's limit hold when requests race: a limit of 5
lets exactly 5 attempts be evaluated, whatever the number of processes."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from gongkai.accounts.models import LoginFailure
from gongkai.applications import lookup
from gongkai.applications.models import StatusLookup
from tests.support.personas import build_world

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="racing threads need a server database; SQLite serialises writers by itself",
)

RACERS = 7


def _race(work) -> list[Exception]:
    barrier = threading.Barrier(RACERS)
    errors: list[Exception] = []

    def run(n):
        try:
            barrier.wait()
            work(n)
        except Exception as e:  # reported by the caller
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _slow(monkeypatch, owner, name):
    """Widen the window between counting and recording, as a busy server would."""
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        answer = original(*args, **kwargs)
        time.sleep(0.2)
        return answer

    monkeypatch.setattr(owner, name, counted)


def test_racing_logins_cannot_pass_the_lockout(transactional_db, monkeypatch):
    build_world()
    monkeypatch.setattr(settings, "LOGIN_FAILURE_LIMIT", 5)
    _slow(monkeypatch, LoginFailure, "is_locked")
    answers = []

    def attempt(n):
        response = Client().post("/staff/login/", {"username": "officer", "password": f"x{n}"})
        answers.append("已暂时锁定" in response.content.decode())

    assert _race(attempt) == []
    assert LoginFailure.objects.filter(username="officer").count() == 5
    assert answers.count(True) == RACERS - 5


def test_racing_status_lookups_cannot_pass_the_limit(transactional_db, monkeypatch):
    build_world()
    monkeypatch.setattr(settings, "STATUS_LOOKUP_CODE_LIMIT", 5)
    _slow(monkeypatch, lookup, "limited")
    results = []

    def attempt(n):
        results.append(lookup.check("ZZZZZZZZZZ", f"{n:04d}", f"10.0.0.{n}")[0])

    assert _race(attempt) == []
    assert StatusLookup.objects.count() == 5
    assert results.count(lookup.Result.LIMITED) == RACERS - 5
