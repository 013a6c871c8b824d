"""The screening of a scanned attachment on the real worker (PostgreSQL): the item's page
shows the job's progress, then the result; a worker killed during the OCR leaves the
job to the next one, which completes it once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gongkai.jobs.models import Job
from gongkai.publishing import actions
from gongkai.publishing.models import Finding, Screening
from tests.scans import needs_tesseract
from tests.screening.documents import scanned_list_pdf

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="a worker process shares the database: the SQLite test database lives in memory",
)
LEASE = 2


def _worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.site.settings",
        "DB": "postgres",
        "PGDATABASE": connection.settings_dict["NAME"],
        "GONGKAI_DATA_DIR": str(settings.DATA_DIR),  # the same uploads as this process
        "GONGKAI_SECRET_KEY": "worker-test-" + "x" * 40,
        "GONGKAI_INSECURE_HTTP": "1",
        "GONGKAI_JOB_LEASE_SECONDS": str(LEASE),
    }
    command = [sys.executable, "-m", "django", "worker", "--interval", "0.2", "--reap-every", "1"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(job: Job, until, seconds: float = 180) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if until(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job stuck: {job.state} {job.progress}% {job.message} {job.error}")


@needs_tesseract
def test_killed_during_ocr_the_screening_completes_once_and_the_page_shows_it(
    transactional_db, tmp_path, settings, client_for, world
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOB_LEASE_SECONDS = LEASE
    item = world.item("draft")
    scan = SimpleUploadedFile("志愿者名单.pdf", scanned_list_pdf(tmp_path), "application/pdf")
    actions.add_attachment(item, scan, acting_user=world.officer)
    item = actions.submit_item(item, acting_user=world.officer)
    job = Screening.objects.get(item=item).job
    assert job.state == "queued"
    page = client_for("reviewer").get(item.get_staff_url()).content.decode()
    assert f'data-status-url="/staff/jobs/{job.code}/status/"' in page and "排队中" in page

    first = _worker()
    try:
        _wait(job, lambda j: j.state == "running" and "正在检查附件" in j.message)
        page = client_for("reviewer").get(item.get_staff_url()).content.decode()
        assert "进行中" in page and "正在检查附件“志愿者名单.pdf”" in page
        first.send_signal(signal.SIGKILL)  # in the middle of the OCR
        first.wait(10)
    finally:
        first.kill()
    job.refresh_from_db()
    assert job.state == "running" and job.attempts == 1
    assert not Finding.objects.filter(item=item).exists()

    second = _worker()
    try:
        done = _wait(job, lambda j: j.finished)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
    assert done.state == "done", done.error
    assert done.attempts == 2 and done.result["warnings"] == 1
    assert list(Finding.objects.filter(item=item).values_list("rule", flat=True)) == ["PII-MOBILE"]
    assert Screening.objects.get(item=item).state == "done"
    status = client_for("reviewer").get(f"/staff/jobs/{job.code}/status/").json()
    assert status["state"] == "done" and status["result_url"] == item.get_staff_url()
    page = client_for("reviewer").get(item.get_staff_url()).content.decode()
    assert "检查完成于" in page and "志愿者名单.pdf 第1页" in page
