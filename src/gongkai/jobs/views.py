"""A job's page: its progress while it runs (the page asks again every few seconds), then
its result (with the files it made, to download) or why it failed."""

from __future__ import annotations

from urllib.parse import quote

from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from gongkai.audit.log import record
from gongkai.backoffice.access import staff_view

from . import files
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
        "result_label": str(job.result.get("link_label") or "查看结果")
        if isinstance(job.result, dict)
        else "查看结果",
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


@never_cache
@staff_view()
def job_file(request, code, key):
    """A file the job made (an export, a bulk check's results), for those who may see
    the job's page; every download is audited."""
    job = load_job(request, code)
    path = files.path_of(job, key) if job.state == job.State.DONE else None
    if path is None:
        raise Http404("没有找到该文件（导出的文件保存一段时间后会自动清理，请重新导出）。")
    entry = files.entry(job, key) or {}
    filename = str(entry.get("filename") or path.name)
    with transaction.atomic():
        record(
            "job.download",
            target=job,
            agency=job.agency,
            acting_user=request.user,
            data={"kind": job.kind, "file": key, "filename": filename},
        )
    response = FileResponse(
        path.open("rb"), content_type=str(entry.get("content_type") or "application/octet-stream")
    )
    ascii_name = f"{job.code}-{key}.{path.suffix.lstrip('.')}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
