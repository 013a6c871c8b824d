"""Starting background jobs and running them to completion exactly once.

    from gongkai.jobs import runner
    runner.register("screen_item", screen_item)           # in an AppConfig.ready()
    job = runner.start("screen_item", label="保密审查：…", params={"item": item.pk},
                       agency=item.agency, user=request.user)

    def screen_item(job, progress):                       # the handler
        progress(10, "正在读取附件")
        ...
        return {"url": item.get_staff_url(), "findings": 3}

`start()` writes the job row and enqueues its task in the caller's transaction: the
worker sees both or neither. A run claims the job with a token and a lease
(`JOB_LEASE_SECONDS`) that every progress report renews, and a heartbeat every third of
it while the handler works. A worker killed mid-job stops renewing it: `requeue_stale()`
(run by `gongkai worker` every few seconds) puts the job back in the queue once its
lease has run out, and the next run starts it again; the old run, if it ever wakes up,
finds its token gone and its writes refused, so each job ends once. A handler therefore
makes its results visible only at its end, in one
transaction (files written under a temporary name and renamed), never half, and calls
`hold(job)` first in that transaction, so a run that lost its job stores nothing.

A handler's `ActionError` fails the job at once with its message (the input is wrong:
trying again will not help); any other exception is retried up to `max_attempts`
times, and the last failure is shown to the user in Chinese with its reason.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django_tasks import task

from gongkai.audit.log import record
from gongkai.workflow import ActionError

from .models import Job

logger = logging.getLogger("gongkai.jobs")

Handler = Callable[[Job, Callable[[int, str], None]], dict]
_HANDLERS: dict[str, Handler] = {}


class Superseded(Exception):
    """This run lost its job (its lease ran out and another run took it)."""


def register(kind: str, handler: Handler) -> None:
    _HANDLERS[kind] = handler


def lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "JOB_LEASE_SECONDS", 120))


def start(
    kind: str,
    *,
    label: str,
    params: dict[str, Any] | None = None,
    agency=None,
    user=None,
    max_attempts: int = 3,
) -> Job:
    """Queue a job of a registered kind; returns its row (its page shows the progress)."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler registered for job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            label=label[:200],
            params=params or {},
            agency=agency,
            created_by=user if user is not None and user.is_authenticated else None,
            max_attempts=max_attempts,
        )
        record(
            "job.start",
            target=job,
            agency=agency,
            acting_user=user,
            to_state=job.state,
            data={"kind": kind, "label": job.label},
        )
        _enqueue(job)
    return Job.objects.get(pk=job.pk)


@task()
def run_job(job_id: int) -> None:
    """The one task every job runs as (Django's tasks API); the work is the handler
    registered for the job's kind."""
    run(job_id)


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id))


def _claim(job_id: int) -> tuple[Job, str] | None:
    """Take the job for this run, or None when it is finished or another run holds it."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        if job.state == Job.State.RUNNING and job.lease_until and job.lease_until > now:
            return None
        token = secrets.token_hex(8)
        job.state = Job.State.RUNNING
        job.run_token = token
        job.lease_until = now + lease()
        job.attempts += 1
        job.started_at = job.started_at or now
        job.save()
    return job, token


def _update(job: Job, token: str, **fields) -> None:
    """Write to the job if this run still holds it; Superseded otherwise."""
    fields.setdefault("lease_until", timezone.now() + lease())
    with transaction.atomic():
        changed = Job.objects.filter(pk=job.pk, run_token=token).update(**fields)
    if not changed:
        raise Superseded(job.pk)


def run(job_id: int) -> None:
    """Run one job (the task's body)."""
    claimed = _claim(job_id)
    if claimed is None:
        return
    job, token = claimed
    handler = _HANDLERS.get(job.kind)

    def progress(percent: int, message: str = "") -> None:
        _update(job, token, progress=max(0, min(100, int(percent))), message=message[:300])

    beat = _Heartbeat(job, token)
    try:
        if handler is None:
            raise ActionError(f"系统中没有“{job.kind}”类型的任务处理程序。")
        with beat:
            result = handler(job, progress) or {}
    except Superseded:
        logger.warning("job %s: superseded by another run", job.pk)
        return
    except ActionError as error:
        _finish_failed(job, token, error.message)
        return
    except Exception as error:  # a fault: try again, or report it
        logger.exception("job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        if job.attempts < job.max_attempts:
            _update(
                job,
                token,
                state=Job.State.QUEUED,
                run_token="",
                lease_until=None,
                message=f"第{job.attempts}次尝试失败，稍后重试",
            )
            _enqueue(Job.objects.get(pk=job.pk))
        else:
            _finish_failed(job, token, f"处理时出错（已尝试{job.attempts}次）：{error}")
        return
    _update(
        job,
        token,
        state=Job.State.DONE,
        progress=100,
        result=result,
        message="",
        lease_until=None,
        finished_at=timezone.now(),
    )


def hold(job: Job) -> None:
    """Inside the handler's final transaction: lock the job's row and make sure this run
    still holds it (Superseded otherwise), so a run that lost its job never stores its
    results beside the run that took it over."""
    if not Job.objects.select_for_update().filter(pk=job.pk, run_token=job.run_token).exists():
        raise Superseded(job.pk)


class _Heartbeat:
    """Renews the lease of a running job every third of it while its handler works on
    something long (an OCR of many pages) without reporting progress; it dies with the
    worker process, so a killed worker's job still goes back to the queue."""

    def __init__(self, job: Job, token: str):
        self.job, self.token = job, token
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job.pk}-lease", daemon=True)

    def _beat(self) -> None:
        every = lease().total_seconds() / 3
        try:
            while not self.stop.wait(every):
                try:
                    held = Job.objects.filter(pk=self.job.pk, run_token=self.token).update(
                        lease_until=timezone.now() + lease()
                    )
                except DatabaseError:  # the next beat tries again; the lease is long
                    logger.warning("job %s: could not renew its lease", self.job.pk)
                    continue
                if not held:
                    return
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def _finish_failed(job: Job, token: str, reason: str) -> None:
    with contextlib.suppress(Superseded):
        _update(
            job,
            token,
            state=Job.State.FAILED,
            error=reason,
            lease_until=None,
            finished_at=timezone.now(),
        )


def requeue_stale(now=None) -> int:
    """Put back in the queue the running jobs whose lease ran out (their worker died);
    returns how many."""
    now = now or timezone.now()
    count = 0
    for job_id in Job.objects.filter(state=Job.State.RUNNING, lease_until__lt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.state != Job.State.RUNNING or not job.lease_until or job.lease_until >= now:
                continue
            job.run_token, job.lease_until, job.task_id = "", None, ""
            if job.attempts >= job.max_attempts:
                job.state, job.finished_at = Job.State.FAILED, now
                job.error = f"处理过程多次中断（已尝试{job.attempts}次），请联系系统管理员。"
                job.save()
                continue
            job.state, job.message = Job.State.QUEUED, "处理中断，已重新排队"
            job.save()
            _enqueue(job)
            count += 1
    return count
