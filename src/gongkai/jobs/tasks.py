"""The one task every job runs as (Django's tasks API); the work itself is the handler
registered for the job's kind (`runner.register`)."""

from __future__ import annotations

from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> None:
    runner.run(job_id)
