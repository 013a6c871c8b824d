"""A job's page is for the members of its agency (any role), or for the one who started
it when it belongs to no agency; others get 404."""

from __future__ import annotations

from django.http import Http404

from gongkai.agencies.access import require_roles

from .models import Job


def load_job(request, code: str) -> Job:
    job = Job.objects.select_related("agency").filter(code=code).first()
    if job is None:
        raise Http404("没有找到该任务。")
    if job.agency is not None:
        require_roles(request.user, job.agency, request.required_roles)
    elif job.created_by_id != request.user.pk:
        raise Http404("没有找到该任务。")
    return job
