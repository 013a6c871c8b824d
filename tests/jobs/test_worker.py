"""The real worker on PostgreSQL: `gongkai worker` runs a queued job; killed in the middle
of it, the job goes back to the queue when its lease runs out and the next worker
completes it, once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from gongkai.jobs import runner
from gongkai.jobs.models import Job

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="a worker process shares the database: the SQLite test database lives in memory",
)
LEASE = 2


def _worker(tmp_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.site.settings",
        "DB": "postgres",
        "PGDATABASE": connection.settings_dict["NAME"],
        "GONGKAI_DATA_DIR": str(tmp_path),
        "GONGKAI_SECRET_KEY": "worker-test-" + "x" * 40,
        "GONGKAI_INSECURE_HTTP": "1",
        "GONGKAI_JOB_LEASE_SECONDS": str(LEASE),
    }
    command = [sys.executable, "-m", "django", "worker", "--interval", "0.2", "--reap-every", "1"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(job: Job, until, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if until(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job stuck: {job.state} {job.progress}% {job.message} {job.error}")


def test_a_killed_worker_leaves_the_job_to_the_next_one(transactional_db, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOB_LEASE_SECONDS = LEASE
    job = runner.start("jobs.probe", label="自检", params={"steps": 30, "pause": 0.2})
    assert job.state == "queued"

    first = _worker(tmp_path)
    try:
        _wait(job, lambda j: j.state == "running" and 10 <= j.progress < 60)
        first.send_signal(signal.SIGKILL)  # mid-job, no chance to tidy up
        first.wait(10)
    finally:
        first.kill()
    killed_at = job.progress
    assert job.state == "running" and job.attempts == 1

    second = _worker(tmp_path)
    try:
        done = _wait(job, lambda j: j.finished)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
    assert done.state == "done", done.error
    assert done.attempts == 2 and done.result == {"steps": 30, "attempt": 2}
    assert 0 < killed_at < 100
