"""年报批量检查: reports uploaded as files or a zip are read and checked in a job, each
listed with the agency and year read and its findings; an unreadable file is listed with
its reason; a zip that escapes its folder or holds too many files is refused whole; the
results are the agency's (another agency's officer gets 404) and download as JSON Lines
and Excel."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.audit.models import AuditEvent
from gongkai.jobs.models import Job

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "annualreport" / "samples"
XIGONG = "2020_xigong-culture-tourism-bureau.txt"
NEW_REQUESTS = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
PLANTED = "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5"


def _samples() -> dict[str, bytes]:
    names = (XIGONG, "2021_pingtan.txt", "2019_shanghai-general-office.html")
    return {name: (SAMPLES / name).read_bytes() for name in names}


def _zip(members: dict[str, bytes]) -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return SimpleUploadedFile("reports.zip", out.getvalue(), "application/zip")


def _post(client, world, *uploads, agency=None):
    agency = agency or world.agency_a
    return client.post("/staff/reports/checks/", {"files": list(uploads), "agency": agency.pk})


def test_a_zip_of_reports_is_checked_file_by_file(world, client_for):
    samples = _samples()
    planted = samples[XIGONG].decode().replace(NEW_REQUESTS, PLANTED)
    assert planted != samples[XIGONG].decode()
    members = {
        "年报/" + XIGONG: planted.encode(),
        "年报/2021_pingtan.txt": samples["2021_pingtan.txt"],
        "年报/2019_shanghai-general-office.html": samples["2019_shanghai-general-office.html"],
        "年报/说明.txt": "这不是年度报告。".encode(),
        "年报/照片.jpg": b"\xff\xd8\xff",
        "__MACOSX/._x.txt": b"junk",
    }
    response = _post(client_for("officer"), world, _zip(members))
    assert response.status_code == 302
    job = Job.objects.get(kind="reports.bulk_check")
    assert response["Location"] == f"/staff/jobs/{job.code}/"
    assert job.state == "done" and job.agency == world.agency_a, job.error
    assert job.result["files"]["xlsx"] and job.result["url"] == f"/staff/reports/checks/{job.code}/"
    assert (job.result["total"], job.result["read"], job.result["unreadable"]) == (5, 3, 2)

    page = client_for("supervisor").get(f"/staff/reports/checks/{job.code}/").content.decode()
    assert "reports.zip/年报/2020_xigong-culture-tourism-bureau.txt" in page
    assert "西工区文化旅游局 · 2020年度 · 错误 2 条" in page
    assert "表三“自然人”列：一+二 = 5，而 三（七）+四 = 0" in page
    assert "平潭综合实验区 · 2021年度 · 错误 0 条" in page
    assert "上海市人民政府办公厅 · 2019年度" in page
    assert "reports.zip/年报/说明.txt" in page and "无法读取" in page
    assert "不支持的文件类型“.jpg”" in page and "__MACOSX" not in page

    lines = b"".join(
        client_for("reviewer").get(f"/staff/jobs/{job.code}/files/jsonl/").streaming_content
    )
    results = {r["source"]: r for r in map(json.loads, lines.decode().splitlines())}
    xigong = results["reports.zip/年报/" + XIGONG]
    assert (xigong["agency"], xigong["year"], xigong["errors"]) == ("西工区文化旅游局", 2020, 2)
    assert {f["rule"] for f in xigong["findings"] if f["severity"] == "error"} == {"T3-BALANCE"}
    assert results["reports.zip/年报/说明.txt"]["status"] == "error"

    book = b"".join(
        client_for("officer").get(f"/staff/jobs/{job.code}/files/xlsx/").streaming_content
    )
    wb = load_workbook(io.BytesIO(book))
    reports = [list(r) for r in wb["报告"].iter_rows(values_only=True)]
    assert reports[0][:3] == ["文件", "机关", "年度"] and len(reports) == 6
    assert reports[1][:3] == ["reports.zip/年报/" + XIGONG, "西工区文化旅游局", 2020]
    problems = [list(r) for r in wb["问题"].iter_rows(values_only=True)]
    assert any(r[3] == "错误" and r[4] == "T3-BALANCE" for r in problems)
    assert AuditEvent.objects.filter(action="report.bulk_check", actor=world.officer).exists()
    assert AuditEvent.objects.filter(action="job.download").count() == 2


def test_the_results_are_the_agencys(world, client_for):
    response = _post(client_for("officer"), world, SimpleUploadedFile("a.txt", "不是报告".encode()))
    job = Job.objects.get(kind="reports.bulk_check")
    assert response.status_code == 302 and job.result["unreadable"] == 1
    for url in (f"/staff/reports/checks/{job.code}/", f"/staff/jobs/{job.code}/files/xlsx/"):
        assert client_for("other_officer").get(url).status_code == 404, url
        anonymous = client_for("anonymous").get(url)
        assert anonymous.status_code == 302 and "/staff/login/" in anonymous["Location"]
    assert client_for("supervisor").get(f"/staff/reports/checks/{job.code}/").status_code == 200


def test_single_files_are_checked_too(world, client_for):
    samples = _samples()
    uploads = [SimpleUploadedFile(name, data) for name, data in list(samples.items())[:2]]
    _post(client_for("supervisor"), world, *uploads, agency=world.government)
    job = Job.objects.get(kind="reports.bulk_check")
    assert (job.result["read"], job.result["errors"], job.agency) == (2, 0, world.government)
    # the supervisor's agency's results: not agency A's staff's
    assert client_for("officer").get(f"/staff/reports/checks/{job.code}/").status_code == 404


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../../etc/cron.d/x.txt": b"x"}, "路径不安全"),
        ({"/abs/report.txt": b"x"}, "路径不安全"),
        ({f"r{i}.txt": b"x" for i in range(6)}, "超过每次5个的上限"),
    ],
)
def test_a_bad_zip_is_refused_with_the_reason(world, client_for, settings, members, message):
    settings.REPORT_CHECK_MAX_FILES = 5
    response = _post(client_for("officer"), world, _zip(members))
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "reports.zip" in page
    assert not Job.objects.filter(kind="reports.bulk_check").exists()


def test_a_zip_that_unpacks_past_the_limit_is_refused(world, client_for, settings):
    settings.REPORT_CHECK_MAX_UNPACKED_MB = 1
    members = {"big.txt": b" " * (2 * 1024 * 1024)}
    page = _post(client_for("officer"), world, _zip(members)).content.decode()
    assert "解压后超过1 MB" in page


def test_not_a_zip_and_wrong_types_are_refused(world, client_for):
    fake = SimpleUploadedFile("reports.zip", b"PK\x03\x04 not really")
    assert "不是有效的压缩包" in _post(client_for("officer"), world, fake).content.decode()
    exe = SimpleUploadedFile("report.exe", b"MZ")
    assert "不被接受" in _post(client_for("officer"), world, exe).content.decode()
    page = client_for("officer").get("/staff/reports/checks/").content.decode()
    assert '<label for="id_files">' in page and 'name="files"' in page and "multiple" in page
