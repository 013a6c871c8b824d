"""A job's page: its progress while it runs (the page asks again every few seconds), then
its result or why it failed."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from gongkai.backoffice.access import staff_view

from .access import load_job


def _status(job) -> dict:
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "progress": job.progress,
        "message": job.message,
        "error": job.error,
        "finished": job.finished,
        "result_url": job.result_url,
    }


@never_cache
@staff_view()
def job_page(request, code):
    job = load_job(request, code)
    return render(request, "jobs/job.html", {"job": job, "status": _status(job)})


@never_cache
@staff_view()
def job_status(request, code):
    return JsonResponse(_status(load_job(request, code)))
