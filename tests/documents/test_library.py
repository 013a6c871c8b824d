"""The library of rules and normative documents: validity, the sweep, the 现行有效 list,
banners, downloads, and table 二 of the annual report from it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from docx import Document as Word

from gongkai.audit.models import AuditEvent
from gongkai.documents import actions, library
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import Item
from gongkai.reports import compute, drill
from tests.support.clock import today_is
from tests.support.personas import ALL_CONFIRMED

IN_FORCE = "t2/第二十条第（一）项/行政规范性文件/现行有效件数"


def publish_normative(world, title, made_on, **fields):
    """Registered, drafted with its 解读, approved and published through the actions."""
    document = actions.register(
        world.agency_a,
        acting_user=world.officer,
        kind="normative",
        title=title,
        number=fields.pop("number", "西文旅规〔2021〕2号"),
        made_on=made_on,
        issuers="西工区文化旅游局",
        attribute="public",
        **fields,
    )
    item = document.item
    publishing.update_item(
        item,
        acting_user=world.officer,
        category=world.normative_a,
        body="第一条 为加强管理，制定本办法。\n第二条 本办法自发布之日起施行。",
    )
    item = publishing.submit_item(item, acting_user=world.officer)
    world.interpretation(item)
    item = publishing.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    publishing.publish_item(item, acting_user=world.publisher)
    document.refresh_from_db()
    return document


def test_default_validity_periods(settings):
    assert library.default_valid_until(date(2021, 7, 1), "管理办法") == date(2026, 6, 30)
    assert library.default_valid_until(date(2021, 7, 1), "管理办法（试行）") == date(2023, 6, 30)
    settings.DOCUMENT_VALID_YEARS = 3
    assert library.default_valid_until(date(2024, 2, 29), "办法") == date(2027, 2, 27)
    assert library.warning_date(date(2026, 6, 30)) == date(2025, 12, 30)


def test_warned_once_then_lapsed_on_its_date_and_table_two_follows(world, client_for, monkeypatch):
    world.officer.email = "officer@example.com"
    world.officer.save()
    doc = publish_normative(world, "西工区旅游民宿管理办法", date(2021, 7, 1))
    assert doc.valid_until == date(2026, 6, 30)
    before = compute.computed_cells(world.agency_a, 2025)[IN_FORCE]

    monkeypatch.setattr(timezone, "localdate", today_is(date(2025, 12, 29)))
    call_command("sweep_validity", stdout=io.StringIO())
    assert mail.outbox == []

    monkeypatch.setattr(timezone, "localdate", today_is(date(2025, 12, 30)))
    call_command("sweep_validity", stdout=io.StringIO())
    call_command("sweep_validity", stdout=io.StringIO())
    monkeypatch.setattr(timezone, "localdate", today_is(date(2025, 12, 31)))
    call_command("sweep_validity", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # once, not daily
    assert "旅游民宿管理办法" in mail.outbox[0].subject
    assert "2026年7月1日失效" in mail.outbox[0].body
    assert world.officer.email in mail.outbox[0].to
    assert AuditEvent.objects.filter(action="document.expiry_warning").count() == 1

    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 6, 30)))
    call_command("sweep_validity", stdout=io.StringIO())
    doc.item.refresh_from_db()
    assert doc.item.validity == "in_force"

    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 7, 1)))
    call_command("sweep_validity", stdout=io.StringIO())
    item = Item.objects.get(pk=doc.item_id)
    assert item.validity == "expired" and item.expired_on == date(2026, 7, 1)
    event = AuditEvent.objects.get(action="item.expire", target_id=str(item.pk))
    assert event.actor is None and "到期自动失效" in event.comment

    page = client_for("anonymous").get(item.get_absolute_url()).content.decode()
    assert "本文件已于2026年7月1日失效" in page

    # Table 二: in force at the end of 2025, not at the end of 2026, traced to the document.
    assert compute.computed_cells(world.agency_a, 2025)[IN_FORCE] == before
    assert compute.computed_cells(world.agency_a, 2026)[IN_FORCE] == before - 1
    assert item in drill.drill(world.agency_a, 2025, IN_FORCE).records
    assert item not in drill.drill(world.agency_a, 2026, IN_FORCE).records


def test_the_in_force_list_equals_the_library_and_banners_point_to_replacements(world, client_for):
    old = publish_normative(world, "西工区文化市场管理办法", date(2020, 3, 1), topic="文化市场")
    new = publish_normative(
        world,
        "西工区文化市场管理办法（2026年修订）",
        date(2026, 3, 1),
        number="西文旅规〔2026〕1号",
        topic="文化市场",
    )
    other = publish_normative(world, "西工区导游管理规定", date(2024, 5, 1), topic="旅游")
    publishing.repeal_item(
        old.item,
        acting_user=world.publisher,
        repealed_on=date(2026, 3, 1),
        replaced_by=new.item.index_number,
    )
    world.item("draft", doc_kind="normative", title="尚未发布的办法")

    client = client_for("anonymous")
    page = client.get(f"/a/{world.agency_a.slug}/in-force/").content.decode()
    for shown in (new, other):
        assert page.count(shown.item.get_absolute_url()) == 1
    assert old.item.get_absolute_url() not in page and "尚未发布的办法" not in page
    assert "共 2 件" in page
    from gongkai.documents.models import Document

    assert Document.objects.in_force().filter(agency=world.agency_a).count() == 2
    # A normative document published without a register entry still counts in table 二,
    # so it is listed too (without library fields).
    unregistered = world.item(
        "published", doc_kind="normative", category=world.normative_a, title="未登记的办法"
    )
    page = client.get(f"/a/{world.agency_a.slug}/in-force/").content.decode()
    in_force = Item.objects.public().filter(
        agency=world.agency_a, doc_kind__in=["rule", "normative"], validity="in_force"
    )
    assert set(in_force) == {new.item, other.item, unregistered}
    assert "共 3 件" in page
    for shown in in_force:
        assert page.count(shown.get_absolute_url()) == 1

    page = client.get(f"/a/{world.agency_a.slug}/in-force/", {"topic": "旅游"}).content.decode()
    assert "共 1 件" in page and "导游管理规定" in page
    page = client.get(f"/a/{world.agency_a.slug}/in-force/", {"validity": "repealed"})
    assert old.item.get_absolute_url() in page.content.decode()

    page = client.get(old.item.get_absolute_url()).content.decode()
    assert "本文件已于2026年3月1日废止" in page and new.item.get_absolute_url() in page
    page = client.get(new.item.get_absolute_url()).content.decode()
    assert "有效期至</dt><dd>2031年2月28日" in page and f"/library/{new.item.code}.pdf" in page

    word = client.get(f"/library/{new.item.code}.docx")
    assert word.status_code == 200
    paragraphs = [p.text for p in Word(io.BytesIO(word.content)).paragraphs]
    assert "西工区文化市场管理办法（2026年修订）" in paragraphs
    assert "第一条 为加强管理，制定本办法。" in paragraphs
    repealed = Word(io.BytesIO(client.get(f"/library/{old.item.code}.docx").content))
    assert any("已于2026年3月1日废止" in p.text for p in repealed.paragraphs)
    pdf = client.get(f"/library/{new.item.code}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_repeal_names_a_replacement_of_the_same_agency_only(world):
    doc = world.item("published", doc_kind="normative", category=world.normative_a)
    other = world.item("published", agency=world.agency_b, title="乙局文件")
    with pytest.raises(Exception, match="没有索引号"):
        publishing.repeal_item(
            doc,
            acting_user=world.publisher,
            repealed_on=date(2026, 1, 1),
            replaced_by=other.index_number,
        )
