"""The ledger (台账): Excel out, masked for those who do not handle; Excel in, all or nothing."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gongkai.applications.ledger import HEADERS
from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent


def _sheet(response):
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_export_in_full_for_officers_masked_for_others(world, register, client_for, today):
    today(date(2026, 3, 20))
    register(date(2026, 3, 2))
    register(date(2026, 3, 3), agency=world.agency_b, applicant_name="李秀英")
    header, rows = _sheet(client_for("officer").get("/staff/applications/export/"))
    assert list(header) == HEADERS and len(rows) == 1  # only agency A's
    row = dict(zip(header, rows[0]))
    assert row["证件号码"] == "410303199003071238" and row["联系电话"] == "13812345678"
    assert row["收到申请日期"].date() == date(2026, 3, 2) and row["答复期限"].date() == date(
        2026, 3, 30
    )
    event = AuditEvent.objects.get(action="application.export")
    assert event.actor == world.officer and event.data["full_personal_data"] is True
    header, rows = _sheet(client_for("supervisor").get("/staff/applications/export/"))
    assert len(rows) == 2
    for values in rows:
        row = dict(zip(header, values))
        assert row["联系电话"] == "138********" and "*" in row["证件号码"]
        assert row["申请人"] in ("张**", "李**") and "纱厂南路" not in (row["通信地址"] or "")
    assert AuditEvent.objects.filter(action="application.export").count() == 1


def _workbook(rows, headers=None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(
        headers
        or [
            "收到申请日期",
            "申请人类型",
            "申请人",
            "证件类型",
            "证件号码",
            "联系电话",
            "所需信息",
            "办理结果",
            "办结日期",
        ]
    )
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("台账.xlsx", out.getvalue())


GOOD = [
    [
        date(2025, 3, 3),
        "自然人",
        "王建华",
        "居民身份证",
        "410303199003071238",
        "13812345678",
        "2024年部门决算",
        "予以公开",
        date(2025, 3, 20),
    ],
    [
        "2025-04-01",
        "商业企业",
        "洛阳某公司",
        "",
        "91350100M000100Y43",
        "0379-63210000",
        "行政许可结果",
        "部分公开",
        "2025-04-25",
    ],
    [date(2026, 3, 2), "社会组织", "某协会", "", "", "", "补助资金发放情况", "", ""],
]


def test_import_stores_every_row_or_none(world, client_for, today):
    today(date(2026, 3, 20))
    client = client_for("officer")
    bad = GOOD + [
        ["2025-13-01", "自然人", "赵某", "", "", "", "x", "", ""],
        [
            date(2025, 5, 6),
            "个体户",
            "钱某",
            "居民身份证",
            "410303199003071237",
            "123",
            "y",
            "予以公开",
            "",
        ],
        [date(2025, 5, 6), "自然人", "孙某", "", "", "", "z", "", date(2025, 5, 1)],
    ]
    page = client.post("/staff/applications/a/agency-a/import/", {"file": _workbook(bad)})
    text = page.content.decode()
    assert page.status_code == 200 and "未导入任何数据" in text
    for expected in (
        "第5行 A列（收到申请日期）：“2025-13-01”不是日期",
        "第6行 B列（申请人类型）：“个体户”不是表三的申请人类型",
        "第6行 E列（证件号码）：居民身份证号码校验位不正确",
        "第6行 F列（联系电话）",
        "第6行 I列（办结日期）：有办理结果的申请请填写办结日期",
        "第7行 I列（办结日期）：办结日期早于收到申请日期2025-05-06",
        "第7行 H列（办理结果）：已办结的申请请填写办理结果",
    ):
        assert expected in text, expected
    assert not Application.objects.exists()

    response = client.post("/staff/applications/a/agency-a/import/", {"file": _workbook(GOOD)})
    assert response.status_code == 302
    found = {a.applicant_name: a for a in Application.objects.all()}
    assert found["王建华"].outcome == "三.一" and found["王建华"].status == "answered"
    assert found["洛阳某公司"].outcome == "三.二" and found["洛阳某公司"].id_type == "credit_code"
    assert found["某协会"].applicant_type == "public_interest" and found["某协会"].is_open
    assert found["某协会"].due_on == date(2026, 3, 30)
    assert AuditEvent.objects.filter(action="application.import").count() == 3


def test_import_refuses_missing_columns_and_other_agencies(world, client_for, today):
    today(date(2026, 3, 20))
    client = client_for("officer")
    page = client.post(
        "/staff/applications/a/agency-a/import/",
        {"file": _workbook([["x"]], headers=["申请人", "备注"])},
    ).content.decode()
    assert "缺少必填的列：收到申请日期、申请人类型、所需信息" in page
    rows = [["西工区教育局", date(2025, 3, 3), "自然人", "王某", "信息"]]
    page = client.post(
        "/staff/applications/a/agency-a/import/",
        {
            "file": _workbook(
                rows, headers=["受理机关", "收到申请日期", "申请人类型", "申请人", "所需信息"]
            )
        },
    ).content.decode()
    assert "第2行 A列（受理机关）：“西工区教育局”不是西工区文化旅游局" in page
    assert (
        client_for("other_officer").get("/staff/applications/a/agency-a/import/").status_code == 404
    )
    assert not Application.objects.exists()


def test_an_exported_ledger_imports_into_another_install(world, register, client_for, today):
    today(date(2026, 3, 20))
    register(date(2026, 3, 2))
    exported = client_for("officer").get("/staff/applications/export/").content
    Application.objects.all().delete()
    wb = load_workbook(io.BytesIO(exported))
    wb.active["A2"] = None  # a new install gives its own tracking codes
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("export.xlsx", out.getvalue())
    response = client_for("officer").post(
        "/staff/applications/a/agency-a/import/", {"file": upload}
    )
    assert response.status_code == 302
    again = Application.objects.get()
    assert again.id_number == "410303199003071238" and again.received_on == date(2026, 3, 2)


def test_import_checks_lengths_against_the_records_limits(world, client_for, today):
    """Security audit, item 11: a 250-character name was a 500 on PostgreSQL and stored
    silently on SQLite; now the row and column say what is too long, and nothing is stored."""
    today(date(2026, 3, 20))
    long_name = "某" * 250
    rows = [
        GOOD[0],
        [date(2025, 3, 4), "自然人", long_name, "", "", "", "预算", "", ""],
        [date(2025, 3, 5), "商业企业", "某公司", "其他有效身份证件", "9" * 60, "", "决算", "", ""],
    ]
    page = client_for("officer").post(
        "/staff/applications/a/agency-a/import/", {"file": _workbook(rows)}
    )
    text = page.content.decode()
    assert page.status_code == 200 and "未导入任何数据" in text
    assert "第3行 C列（申请人）：最多200个字符，这里有250个" in text
    assert "第4行 E列（证件号码）：最多40个字符，这里有60个" in text
    assert not Application.objects.exists()


def test_import_does_not_tell_whether_another_agencys_code_exists(
    world, register, client_for, today
):
    """The same class as security audit item 16: a code in the file is refused only when
    it is one of this agency's applications (imports only add)."""
    today(date(2026, 3, 20))
    theirs = register(date(2026, 3, 2), agency=world.agency_b)
    mine = register(date(2026, 3, 3))
    headers = ["查询码", "收到申请日期", "申请人类型", "申请人", "所需信息"]
    row = [date(2025, 3, 3), "自然人", "王建华", "2024年部门决算"]
    page = client_for("officer").post(
        "/staff/applications/a/agency-a/import/",
        {"file": _workbook([[mine.code, *row]], headers)},
    )
    assert f"查询码{mine.code}已存在" in page.content.decode()
    page = client_for("officer").post(
        "/staff/applications/a/agency-a/import/",
        {"file": _workbook([[theirs.code, *row]], headers)},
    )
    assert page.status_code == 302
    assert Application.objects.filter(agency=world.agency_a).count() == 2


def test_crafted_workbooks_are_refused_with_a_clear_error(world, client_for, today):
    from tests.support import bombs

    today(date(2026, 3, 20))
    client = client_for("officer")
    for data, reason in (
        (bombs.xlsx_shared_strings_bomb(), "sharedStrings.xml 解压后超过 32 MB"),
        (bombs.xlsx_long_string(), "sharedStrings.xml 解压后超过 32 MB"),
        (bombs.xlsx_many_strings_under_the_size_cap(), "共享字符串超过"),
    ):
        upload = SimpleUploadedFile("台账.xlsx", data)
        page = client.post("/staff/applications/a/agency-a/import/", {"file": upload})
        text = page.content.decode()
        assert page.status_code == 200 and "未导入任何数据" in text and reason in text
    assert not Application.objects.exists()
