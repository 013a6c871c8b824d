"""A job that works a long time without reporting progress (an OCR of many pages) keeps
its lease: a heartbeat renews it, so no other worker takes the job over meanwhile."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.utils import timezone

from gongkai.jobs import runner
from gongkai.jobs.models import Job

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the heartbeat writes from its own thread: the SQLite test database is one connection's",
)
SEEN: list = []


def quiet(job, progress):
    started = timezone.now()
    time.sleep(1.5)  # longer than the lease, no progress reported
    SEEN.append(Job.objects.get(pk=job.pk).lease_until - started)
    return {}


def test_a_quiet_long_job_keeps_its_lease(transactional_db, settings):
    settings.JOB_LEASE_SECONDS = 0.6
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    runner.register("test.quiet", quiet)
    job = runner.start("test.quiet", label="长时间无进展的任务")
    runner.run(job.pk)  # as a worker does: outside any transaction
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 1
    # Renewed during the sleep: the lease reaches past the first one's end.
    assert SEEN[0].total_seconds() > 1.0
    assert runner.requeue_stale() == 0
