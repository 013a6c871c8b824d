"""The document register: attributes decided at drafting, drafts with their deadline,
the disclosure office's confirmation, Excel import and export."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gongkai.audit.models import AuditEvent
from gongkai.documents import actions
from gongkai.documents.models import Document
from gongkai.workflow import ActionError

BASE = {
    "number": "西文旅〔2026〕3号",
    "made_on": date(2026, 9, 28),
    "issuers": "西工区文化旅游局",
}


def register(world, **fields):
    return actions.register(world.agency_a, acting_user=world.officer, **(BASE | fields))


def test_a_request_registered_withheld_without_a_reason_is_refused(world):
    with pytest.raises(ActionError) as e:
        register(world, kind="request", title="关于申请文化专项资金的请示", attribute="withheld")
    assert e.value.field == "reason"
    assert "须写明理由" in e.value.message
    assert not Document.objects.exists()

    doc = register(
        world,
        kind="request",
        title="关于申请文化专项资金的请示",
        attribute="withheld",
        reason="内部请示，属过程性信息",
        basis="《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
    )
    assert doc.item is None
    assert not doc.needs_confirmation  # a 请示 is not a policy document
    event = AuditEvent.objects.get(action="document.register")
    assert event.actor == world.officer and event.data["attribute"] == "withheld"


def test_a_normative_document_is_always_public_and_cannot_be_registered_otherwise(world):
    with pytest.raises(ActionError) as e:
        register(
            world,
            kind="normative",
            title="西工区文化市场管理办法",
            attribute="on_request",
            reason="x",
            basis="y",
        )
    assert "一律主动公开" in e.value.message


def test_a_public_entry_opens_a_draft_due_as_gongkai_deadline_says(world):
    doc = register(world, kind="normative", title="西工区文化市场管理办法", attribute="")
    assert doc.attribute == "public"  # locked suggestion filled in
    item = doc.item
    assert item.status == "draft" and item.doc_kind == "normative"
    assert item.made_on == date(2026, 9, 28) and item.document_number == "西文旅〔2026〕3号"
    out = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "deadline", "2026-09-28", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    import json

    assert item.publication_due().isoformat() == json.loads(out)["due"]
    # Five years by default from the date it is made (no 施行日期 given).
    assert doc.valid_until == date(2031, 9, 27)


def test_a_forward_inherits_and_policy_withholding_waits_for_the_office(world, client_for):
    plan = register(
        world,
        kind="opinion",
        title="关于文旅融合发展的内部意见",
        attribute="withheld",
        reason="涉及尚在研究的事项",
        basis="《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
    )
    assert plan.needs_confirmation
    response = client_for("officer").post(f"/staff/documents/{plan.code}/confirm/")
    assert response.status_code == 403
    response = client_for("other_officer").post(f"/staff/documents/{plan.code}/confirm/")
    assert response.status_code == 404
    response = client_for("supervisor").post(f"/staff/documents/{plan.code}/confirm/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.confirmed_by == world.supervisor and not plan.needs_confirmation
    assert AuditEvent.objects.filter(action="document.confirm").count() == 1

    page = client_for("officer").get(f"/staff/a/{world.agency_a.slug}/documents/new/")
    assert "转发：与所转发的文件相同" in page.content.decode()


def test_officers_search_on_request_entries(world, client_for):
    register(
        world,
        kind="report",
        title="关于文物普查情况的报告",
        attribute="on_request",
        reason="涉及第三方",
        basis="《中华人民共和国政府信息公开条例》第二十七条（依申请公开）",
    )
    register(world, kind="notice", title="关于开展文化惠民活动的通知", attribute="public")
    page = client_for("officer").get("/staff/documents/?attribute=on_request").content.decode()
    assert "关于文物普查情况的报告" in page and "文化惠民活动" not in page
    assert (
        client_for("other_officer")
        .get("/staff/documents/")
        .content.decode()
        .count("关于文物普查情况的报告")
        == 0
    )


def _sheet(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["文种", "文号", "成文日期", "发文机关", "标题", "公开属性", "理由", "法律依据"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("register.xlsx", out.getvalue())


def test_excel_import_takes_every_row_or_none_and_export_round_trips(world, client_for):
    bad = _sheet(
        [
            [
                "通知",
                "西文旅〔2026〕5号",
                "2026-10-09",
                "西工区文化旅游局",
                "关于节日值班的通知",
                "主动公开",
                "",
                "",
            ],
            [
                "请示",
                "",
                "2026/10/10",
                "西工区文化旅游局",
                "关于增加编制的请示",
                "不予公开",
                "",
                "",
            ],
            ["公告", "", "明天", "西工区文化旅游局", "公告", "", "", ""],
        ]
    )
    client = client_for("officer")
    response = client.post(f"/staff/a/{world.agency_a.slug}/documents/import/", {"file": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert "第3行：登记为“不予公开”须写明理由。" in page
    assert "第4行 C列：“明天”不是日期" in page
    assert not Document.objects.exists()

    good = _sheet(
        [
            [
                "通知",
                "西文旅〔2026〕5号",
                "2026-10-09",
                "西工区文化旅游局、西工区公安分局",
                "-2026年度文化惠民工程安排",
                "主动公开",
                "",
                "",
            ],
            [
                "请示",
                "",
                "2026年10月10日",
                "西工区文化旅游局",
                "关于增加编制的请示",
                "不予公开",
                "内部请示",
                "条例第十六条",
            ],
        ]
    )
    response = client.post(f"/staff/a/{world.agency_a.slug}/documents/import/", {"file": good})
    assert response.status_code == 302
    assert Document.objects.count() == 2
    joint = Document.objects.get(number="西文旅〔2026〕5号")
    assert joint.issuer_list == ["西工区文化旅游局", "西工区公安分局"] and joint.item is not None

    data = client.get(f"/staff/a/{world.agency_a.slug}/documents/register.xlsx").content
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("文种", "文号", "成文日期", "发文机关", "标题")
    titles = [r[4] for r in rows[1:]]
    assert "'-2026年度文化惠民工程安排" in titles  # written as text, never a formula
    assert any(r[5] == "不予公开" and r[6] == "内部请示" for r in rows[1:])


def test_registering_and_editing_through_the_pages(world, client_for):
    officer = client_for("officer")
    url = f"/staff/a/{world.agency_a.slug}/documents/new/"
    form = {
        "kind": "normative",
        "title": "西工区非遗工坊认定管理办法（试行）",
        "number": "西文旅规〔2026〕4号",
        "made_on": "2026-10-12",
        "issuers": "西工区文化旅游局",
        "attribute": "withheld",
        "reason": "x",
        "basis": "y",
    }
    page = officer.post(url, form).content.decode()
    assert "行政规范性文件一律主动公开" in page
    assert client_for("reviewer").post(url, form).status_code == 403
    response = officer.post(url, form | {"attribute": "public", "reason": "", "basis": ""})
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == doc.get_staff_url()
    assert doc.valid_until == date(2028, 10, 11)  # 试行: two years
    detail = officer.get(doc.get_staff_url()).content.decode()
    assert "公开时限" in detail and doc.item.get_staff_url() in detail

    edit = officer.post(
        f"/staff/documents/{doc.code}/edit/",
        form | {"attribute": "public", "reason": "", "basis": "", "topic": "非遗保护"},
    )
    assert edit.status_code == 302
    event = AuditEvent.objects.get(action="document.update")
    assert event.data["fields"] == ["topic"]
    assert client_for("other_officer").get(doc.get_staff_url()).status_code == 404


def test_drafting_the_interpretation_from_the_document(world, client_for):
    doc = register(world, kind="normative", title="西工区文化市场管理办法", attribute="public")
    officer = client_for("officer")
    item_url = doc.item.get_staff_url()
    assert "尚无解读材料" in officer.get(item_url).content.decode()
    new = f"/staff/a/{world.agency_a.slug}/items/new/?interprets={doc.item.code}"
    page = officer.get(new).content.decode()
    assert "《西工区文化市场管理办法》政策解读" in page
    response = officer.post(
        new,
        {
            "title": "《西工区文化市场管理办法》政策解读",
            "made_on": "2026-09-28",
            "doc_kind": "interpretation",
            "interprets": doc.item.pk,
            "interpretation_form": "qa",
            "interpreter": "文化市场管理科",
            "body": "问：适用范围？答：全区。",
        },
    )
    assert response.status_code == 302
    assert doc.item.interpretations.get().interpretation_form == "qa"
    assert "问答" in officer.get(item_url).content.decode()


def test_the_register_is_read_only_in_the_admin(world):
    from django.contrib.auth import get_user_model
    from django.test import Client

    doc = register(world, kind="notice", title="关于开展文化惠民活动的通知", attribute="public")
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client = Client()
    client.force_login(root)
    page = client.get(f"/sysadmin/documents/document/{doc.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/sysadmin/documents/document/add/").status_code == 403


def test_a_draft_whose_entry_turns_withheld_is_stopped_by_the_screening_at_review(world):
    from gongkai.publishing import actions as publishing
    from gongkai.publishing import screening_jobs
    from gongkai.publishing.models import Item

    doc = register(world, kind="notice", title="关于开展文化惠民活动的通知", attribute="public")
    actions.update(
        doc,
        acting_user=world.officer,
        attribute="withheld",
        reason="涉及正在研究的事项，属过程性信息",
        basis="《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
    )
    item = Item.objects.get(pk=doc.item_id)
    assert screening_jobs.disclosure_attribute(item) == "不予公开"
    item = publishing.update_item(
        item,
        acting_user=world.officer,
        category=world.category_a,
        body="为丰富群众文化生活，现将有关事项通知如下。",
    )
    item = publishing.submit_item(item, acting_user=world.officer)
    finding = item.findings.get(rule="ATTRIBUTE")
    assert finding.is_error and "不予公开" in finding.message
    assert "必须处理" in screening_jobs.blocking(item)
    # An item no register entry names has no attribute to contradict.
    assert screening_jobs.disclosure_attribute(world.item("draft")) is None
