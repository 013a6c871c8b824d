"""Background jobs: started in the caller's transaction, run once, their progress and
outcome on their page; a failure the user can read; a wrong input fails at once, a fault
is tried again."""

from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.jobs import runner
from gongkai.workflow import ActionError

CALLS: list[int] = []


def flaky(job, progress):
    CALLS.append(job.attempts)
    progress(50, "半程")
    if job.attempts < 2:
        raise OSError("磁盘暂时不可用")
    return {"url": "/staff/", "attempt": job.attempts}


def refused(job, progress):
    raise ActionError("文件不是有效的PDF。")


def broken(job, progress):
    raise RuntimeError("总是失败")


@pytest.fixture(autouse=True)
def handlers():
    runner.register("test.flaky", flaky)
    runner.register("test.refused", refused)
    runner.register("test.broken", broken)
    CALLS.clear()


def test_a_job_runs_to_its_result(world):
    job = runner.start(
        "jobs.probe", label="自检", params={"steps": 4}, agency=world.agency_a, user=world.officer
    )
    assert (job.state, job.progress, job.result["steps"], job.attempts) == ("done", 100, 4, 1)
    event = AuditEvent.objects.get(action="job.start")
    assert event.actor == world.officer and event.data["kind"] == "jobs.probe"


def test_a_fault_is_tried_again_and_an_input_error_is_not(world):
    job = runner.start("test.flaky", label="会失败一次的任务", agency=world.agency_a)
    assert CALLS == [1, 2] and job.state == "done" and job.result["attempt"] == 2
    job = runner.start("test.refused", label="输入有误", agency=world.agency_a)
    assert (job.state, job.error, job.attempts) == ("failed", "文件不是有效的PDF。", 1)
    job = runner.start("test.broken", label="总是失败", agency=world.agency_a, max_attempts=2)
    assert job.state == "failed" and job.attempts == 2
    assert "已尝试2次" in job.error and "总是失败" in job.error


def test_the_page_shows_progress_and_outcome_to_the_agency_only(world, client_for):
    job = runner.start("jobs.probe", label="自检任务", agency=world.agency_a, user=world.officer)
    page = client_for("reviewer").get(job.get_absolute_url())
    assert page.status_code == 200 and "自检任务" in page.content.decode()
    assert "已完成" in page.content.decode()
    status = client_for("officer").get(f"/staff/jobs/{job.code}/status/").json()
    assert status == {
        "state": "done", "state_label": "已完成", "progress": 100, "message": "",
        "error": "", "finished": True, "result_url": "", "result_label": "查看结果",
    }  # fmt: skip
    assert client_for("other_officer").get(job.get_absolute_url()).status_code == 404
    assert client_for("anonymous").get(job.get_absolute_url()).status_code == 302


def test_a_job_whose_worker_died_goes_back_to_the_queue(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = runner.start("jobs.probe", label="自检", agency=world.agency_a)
    assert job.state == "queued"
    claimed = runner._claim(job.pk)  # a worker takes it, then dies
    assert claimed is not None
    assert runner._claim(job.pk) is None  # held: another run leaves it alone
    assert runner.requeue_stale() == 0  # the lease has not run out yet
    later = timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    assert runner.requeue_stale(now=later) == 1
    job.refresh_from_db()
    assert job.state == "queued" and job.message == "处理中断，已重新排队"
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 2
    # The dead run's writes are refused once it has lost the job.
    with pytest.raises(runner.Superseded):
        runner._update(job, claimed[1], progress=10)
