"""Large exports as background jobs: apps register named exporters, one job kind runs
them and keeps the file for download (`jobs:file`).

    from gongkai.jobs import exports
    exports.register("documents.register", register_export)   # in AppConfig.ready()

    def register_export(params, progress) -> exports.Export:
        progress(10, "正在读取登记")
        ...
        return exports.Export("公文登记.xlsx", exports.XLSX, content,
                              audit=lambda job: record(...))

    # in the view
    if exports.too_big(documents.count()):
        job = exports.start("documents.register", label="导出公文登记", params={...},
                            agency=agency, user=request.user)
        return redirect(job)
    ... # below the threshold the view answers with the file as before

`params` must be JSON; an exporter loads what it needs from them (the rights of the
user it names are those at the time it runs). The file is written under a temporary
name, renamed in the job's final transaction after `runner.hold(job)` (with the
exporter's audit rows), and only then named by the job's result: a killed worker leaves
no half-written file to download. `gongkai manage clean_job_files` (run by cron) removes
files older than `JOB_FILE_DAYS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from gongkai.workflow import ActionError

from . import files, runner
from .models import Job

KIND = "jobs.export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    """What an exporter made: the name the browser saves, its type, its bytes, and the
    audit rows to write in the job's final transaction (`audit(job)`), if any."""

    filename: str
    content_type: str
    content: bytes
    rows: int | None = None
    audit: Callable[[Job], Any] | None = None

    @property
    def suffix(self) -> str:
        return self.filename.rsplit(".", 1)[-1] if "." in self.filename else "bin"


Exporter = Callable[[dict, Callable[[int, str], None]], Export]
_EXPORTERS: dict[str, Exporter] = {}


def register(name: str, exporter: Exporter) -> None:
    _EXPORTERS[name] = exporter


def inline_rows() -> int:
    return int(getattr(settings, "EXPORT_INLINE_ROWS", 2000))


def too_big(rows: int) -> bool:
    """Whether an export of `rows` rows runs as a job rather than in the request."""
    return rows > inline_rows()


def start(name: str, *, label: str, params: dict, agency=None, user=None) -> Job:
    """Queue the exporter `name` with `params`; the job's page shows its progress and
    then the download. `agency=None` makes the job (and its file) the starter's alone."""
    if name not in _EXPORTERS:
        raise ValueError(f"no exporter registered as {name!r}")
    return runner.start(
        KIND, label=label, params={"exporter": name, "params": params}, agency=agency, user=user
    )


def run_export(job: Job, progress) -> dict:
    """The handler of the export jobs."""
    exporter = _EXPORTERS.get(str(job.params.get("exporter", "")))
    if exporter is None:
        raise ActionError("系统中没有该导出类型。")
    progress(1, "正在准备导出")
    made = exporter(dict(job.params.get("params") or {}), progress)
    progress(99, "正在保存文件")
    staged = files.stage(job, "file", made.suffix, made.content)
    try:
        with transaction.atomic():
            runner.hold(job)
            if made.audit is not None:
                made.audit(job)
            entry = files.publish(staged, filename=made.filename, content_type=made.content_type)
    finally:
        staged.discard()  # nothing left once published; the temporary file otherwise
    result: dict[str, Any] = {
        "url": download_url(job, "file"),
        "link_label": "下载文件",
        "files": {"file": entry},
    }
    if made.rows is not None:
        result["rows"] = made.rows
    return result


def download_url(job: Job, key: str) -> str:
    return reverse("jobs:file", args=[job.code, key])
