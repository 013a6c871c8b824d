"""Large exports run as jobs: above `EXPORT_INLINE_ROWS` the view starts one and sends
to its page, which then offers the file; the file opens with the rows; only those who
may see the job download it (audited); a run that lost its job leaves no file; old files
are cleaned up."""

from __future__ import annotations

import io
import os
import time
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from gongkai.audit.models import AuditEvent
from gongkai.documents import actions as document_actions
from gongkai.jobs import exports, files, runner
from gongkai.jobs.models import Job


def _document(world, title: str):
    return document_actions.register(
        world.agency_a,
        acting_user=world.officer,
        kind="notice",
        title=title,
        made_on=date(2026, 3, 1),
        issuers="西工区文化旅游局",
        attribute="public",
    )


def _job_of(response) -> Job:
    assert response.status_code == 302, response
    code = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert response["Location"] == f"/staff/jobs/{code}/"
    return Job.objects.get(code=code)


def _rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.fixture
def documents(world):
    world.editor = world.officer
    return [_document(world, title) for title in ("=SUM(A1)", "关于值班的通知", "关于节日的通知")]


def test_above_the_threshold_the_export_is_a_job_whose_file_the_agency_downloads(
    world, client_for, settings, documents
):
    settings.EXPORT_INLINE_ROWS = 2
    response = client_for("officer").get(f"/staff/a/{world.agency_a.slug}/documents/register.xlsx")
    job = _job_of(response)
    assert (job.state, job.agency, job.result["rows"]) == ("done", world.agency_a, 3)
    page = client_for("reviewer").get(f"/staff/jobs/{job.code}/").content.decode()
    url = f"/staff/jobs/{job.code}/files/file/"
    assert f'href="{url}">下载文件</a>' in page
    download = client_for("supervisor").get(url)
    assert download.status_code == 200
    assert "filename*=UTF-8''register-" in download["Content-Disposition"]
    rows = _rows(download)
    assert rows[0][:2] == ["文种", "文号"] and len(rows) == 4
    # a text that looks like a formula is data
    assert "=SUM(A1)" in "".join(str(r[4]) for r in rows[1:])
    event = AuditEvent.objects.get(action="job.download")
    assert event.actor == world.supervisor and event.data["file"] == "file"
    assert client_for("other_officer").get(url).status_code == 404
    assert client_for("other_officer").get(f"/staff/jobs/{job.code}/").status_code == 404
    anonymous = client_for("anonymous").get(url)
    assert anonymous.status_code == 302 and "/staff/login/" in anonymous["Location"]


def test_below_the_threshold_the_file_comes_at_once(world, client_for, documents):
    response = client_for("officer").get(f"/staff/a/{world.agency_a.slug}/documents/register.xlsx")
    assert response.status_code == 200 and not Job.objects.filter(kind=exports.KIND).exists()
    assert len(load_workbook(io.BytesIO(response.content)).active["A"]) == 4


def test_the_ledger_with_personal_data_is_the_starters_alone(world, client_for, settings):
    from gongkai.agencies.models import Membership, Role
    from gongkai.applications import actions
    from tests.support.personas import PERSON

    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    settings.EXPORT_INLINE_ROWS = 1
    for day in (2, 3):
        actions.register(
            world.agency_a,
            acting_user=world.officer,
            channel="counter",
            handed_over_on=date(2026, 3, day),
            **PERSON,
        )
    job = _job_of(client_for("officer").get("/staff/applications/export/?year=2026"))
    assert job.agency is None and job.state == "done"
    url = f"/staff/jobs/{job.code}/files/file/"
    rows = _rows(client_for("officer").get(url))
    assert len(rows) == 3 and PERSON["id_number"] in [str(v) for v in rows[1]]
    for persona in ("reviewer", "supervisor", "other_officer"):
        assert client_for(persona).get(url).status_code == 404, persona
    event = AuditEvent.objects.get(action="application.export")
    assert event.actor == world.officer and event.data["job"] == job.code


def test_the_supervisors_exports_run_as_jobs(world, client_for, settings):
    settings.EXPORT_INLINE_ROWS = 1
    year = date.today().year - 1
    supervisor = client_for("supervisor")
    for url in (f"/staff/reports/board/export/?year={year}", f"/staff/scoring/export/?year={year}"):
        job = _job_of(supervisor.get(url))
        assert job.state == "done", job.error
        rows = _rows(supervisor.get(f"/staff/jobs/{job.code}/files/file/"))
        names = {r[0] for r in rows[1:]} | {r[1] for r in rows[1:]}
        assert {"西工区文化旅游局", "西工区教育局"} <= names, url
        assert client_for("officer").get(f"/staff/jobs/{job.code}/").status_code == 404


def test_a_run_that_lost_its_job_leaves_no_file(world, monkeypatch, documents):
    def lost(job):
        raise runner.Superseded(job.pk)

    monkeypatch.setattr(runner, "hold", lost)
    before = set(files.root().iterdir())
    job = exports.start(
        "documents.register",
        label="导出",
        params={"agency": world.agency_a.pk},
        agency=world.agency_a,
    )
    assert job.state == "running" and not job.result
    assert set(files.root().iterdir()) == before


def test_old_files_are_cleaned_up(world, client_for, settings, documents):
    settings.EXPORT_INLINE_ROWS = 1
    job = exports.start(
        "documents.register",
        label="导出",
        params={"agency": world.agency_a.pk},
        agency=world.agency_a,
        user=world.officer,
    )
    path = files.path_of(job, "file")
    assert path is not None and path.name == f"{job.code}-file.xlsx"
    call_command("clean_job_files", stdout=io.StringIO())
    assert path.exists()
    week_ago = time.time() - 8 * 86400
    os.utime(path, (week_ago, week_ago))
    call_command("clean_job_files", stdout=io.StringIO())
    assert not path.exists()
    assert AuditEvent.objects.filter(action="job.files_cleaned", target_id=str(job.pk)).exists()
    response = client_for("officer").get(f"/staff/jobs/{job.code}/files/file/")
    assert response.status_code == 404 and "重新导出" in response.content.decode()
