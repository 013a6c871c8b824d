"""A report already published elsewhere, uploaded and read with the engine's readers:
it becomes the agency's report for that year, is shown on the portal with its history,
and is last year's report for the cross-year checks."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.reports.models import AnnualReport, ReportVersion

SAMPLE = (
    Path(__file__).parents[1] / "data/annualreport/samples/2020_xigong-culture-tourism-bureau.txt"
)


def upload(client, year, data, name="report.txt", reason=""):
    return client.post(
        f"/staff/reports/a/agency-a/{year}/import/",
        {"file": SimpleUploadedFile(name, data, "text/plain"), "reason": reason},
    )


def publish(client_for, year=2020):
    return client_for("publisher").post(f"/staff/reports/a/agency-a/{year}/publish/")


def test_the_2020_sample_is_imported_with_its_findings(world, client_for):
    response = upload(client_for("officer"), 2020, SAMPLE.read_bytes(), SAMPLE.name)
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    version = report.versions.get()
    assert report.origin == "imported" and report.status == "reported"
    assert version.source_name == SAMPLE.name and version.published_on is None
    publish(client_for)
    version.refresh_from_db()
    assert version.published_on is not None
    rules = {f["rule"] for f in version.findings}
    assert {"NARR-T2", "SELF-REFERENCE"} <= rules and version.errors == 0
    assert version.tables["t2"]["第二十条第（五）项"]["行政许可"]["处理决定数量"] == 20

    public = client_for("anonymous")
    page = public.get("/a/agency-a/reports/2020/").content.decode()
    assert "西工区文化旅游局2020年政府信息公开工作年度报告" in page
    assert "我镇充分利用政务宣传栏" in page
    assert "2020" in public.get("/a/agency-a/reports/").content.decode()
    staff = client_for("supervisor").get("/staff/reports/a/agency-a/2020/").content.decode()
    assert "我镇" in staff and "SELF-REFERENCE" in staff


def test_a_wrong_year_or_a_non_report_is_refused_and_nothing_stored(world, client_for):
    officer = client_for("officer")
    response = upload(officer, 2021, SAMPLE.read_bytes())
    assert "该文件是2020年度的报告，不是2021年度" in str(response.context["form"].errors)
    response = upload(officer, 2021, "这是一份会议通知。".encode(), "notice.txt")
    assert "无法读取该文件" in str(response.context["form"].errors)
    assert not AnnualReport.objects.exists() and not ReportVersion.objects.exists()


def test_importing_again_is_a_correction_with_a_reason(world, client_for):
    officer = client_for("officer")
    upload(officer, 2020, SAMPLE.read_bytes())
    publish(client_for)
    response = upload(officer, 2020, SAMPLE.read_bytes())
    assert "需要说明原因" in str(response.context["form"].errors)
    upload(officer, 2020, SAMPLE.read_bytes(), reason="原网页表格错位，重新导入")
    assert ReportVersion.objects.count() == 2
    publish(client_for)
    page = client_for("anonymous").get("/a/agency-a/reports/2020/").content.decode()
    assert "原网页表格错位，重新导入" in page


def test_a_report_built_here_cannot_be_replaced_by_an_upload(world, client_for):
    officer = client_for("officer")
    officer.post("/staff/reports/a/agency-a/2020/start/")
    response = upload(officer, 2020, SAMPLE.read_bytes())
    assert response.status_code == 302
    assert not ReportVersion.objects.exists()


def test_unpublished_and_inactive_are_not_public(world, client_for):
    public = client_for("anonymous")
    assert public.get("/a/agency-a/reports/2024/").status_code == 404
    upload(client_for("officer"), 2020, SAMPLE.read_bytes())
    publish(client_for)
    version = ReportVersion.objects.get()
    assert public.get(f"/reports/v/{version.code}/").status_code == 200
    world.agency_a.is_active = False
    world.agency_a.save()
    assert public.get(f"/reports/v/{version.code}/").status_code == 404
    assert public.get("/a/agency-a/reports/2020/").status_code == 404


VARIANT = Path(__file__).parents[1] / "data/annualreport/variants/2022_pingtan_one-other-row.txt"


def test_a_report_printing_other_handling_as_one_row_is_shown_and_rolled_up(
    world, client_for, monkeypatch
):
    from datetime import date

    from django.utils import timezone

    from gongkai.reports import board
    from tests.support.clock import today_is

    monkeypatch.setattr(timezone, "localdate", today_is(date(2023, 3, 1)))
    response = upload(client_for("officer"), 2022, VARIANT.read_bytes(), VARIANT.name)
    assert response.status_code == 302, response.content.decode()[:500]
    version = ReportVersion.objects.get()
    other = version.tables["t3"]["三.六"]
    assert other["总计"] is not None and version.tables["t3"]["三.六.1"]["总计"] is None

    page = client_for("officer").get("/staff/reports/a/agency-a/2022/").content.decode()
    assert "其他处理" in page and "/staff/reports/a/agency-a/2022/cell/?id=t3%2F" in page
    drill = client_for("officer").get("/staff/reports/a/agency-a/2022/cell/?id=t3%2F三.六%2F总计")
    assert drill.status_code == 200

    rollup = board.rollup(world.government, 2022)
    line = next(x for x in rollup.lines() if x["id"] == "t3/三.六/总计")
    assert line["reported"] == other["总计"] and "（合计）" in line["label"]


def test_an_import_is_published_by_a_publisher_not_by_the_editor(world, client_for):
    """Security audit, item 3: an editor's import is a submitted version; the publish step
    and its role are the same as for any report, and the date the file states is kept
    as such, beside the day it was put online."""
    from datetime import date

    from django.utils import timezone

    from gongkai import annualreport as ar
    from gongkai.annualreport.writers import render

    stated = date(2021, 1, 15)
    data = render(ar.read(SAMPLE).replace(published=stated), "txt")
    officer = client_for("officer")
    assert upload(officer, 2020, data).status_code == 302
    report = AnnualReport.objects.get()
    version = report.versions.get()
    assert report.status == "reported"
    assert version.published_on is None and version.published_by is None
    assert version.stated_published_on == stated
    public = client_for("anonymous")
    assert public.get("/a/agency-a/reports/2020/").status_code == 404
    assert public.get(f"/reports/v/{version.code}/").status_code == 404

    assert officer.post("/staff/reports/a/agency-a/2020/publish/").status_code == 403
    client_for("publisher").post("/staff/reports/a/agency-a/2020/publish/")
    report.refresh_from_db()
    version.refresh_from_db()
    assert report.status == "published"
    assert version.published_by == world.publisher
    assert version.published_on == timezone.localdate()  # put online today, not backdated
    page = public.get("/a/agency-a/reports/2020/").content.decode()
    assert "文件所载发布日期：2021-01-15" in page
    assert f"本网站发布日期：{timezone.localdate():%Y-%m-%d}" in page
    staff = client_for("officer").get("/staff/reports/a/agency-a/2020/").content.decode()
    assert "文件所载发布日期 2021-01-15" in staff


def test_a_supervisor_may_return_an_import(world, client_for):
    officer = client_for("officer")
    upload(officer, 2020, SAMPLE.read_bytes())
    client_for("supervisor").post(
        "/staff/reports/a/agency-a/2020/return/", {"comment": "表格错位，请重新导入"}
    )
    report = AnnualReport.objects.get()
    assert report.status == "returned"
    upload(officer, 2020, SAMPLE.read_bytes(), reason="按意见重新导入")
    report.refresh_from_db()
    assert report.status == "reported" and report.versions.count() == 2


def test_crafted_files_are_refused_with_a_clear_error_and_nothing_stored(world, client_for):
    from tests.support import bombs

    officer = client_for("officer")
    for name, data, reason in (
        ("bomb.pdf", bombs.pdf_stream_bomb(), "数据流解压后超过"),
        ("bomb.docx", bombs.docx_zip_bomb(), "解压后超过 16 MB"),
        ("deep.html", bombs.deep_html(), "嵌套超过"),
    ):
        response = upload(officer, 2024, data, name)
        assert response.status_code == 200, name
        errors = str(response.context["form"].errors)
        assert "无法读取该文件" in errors and reason in errors, errors
    assert not AnnualReport.objects.exists() and not ReportVersion.objects.exists()
