"""The demo's past year: submitted reports, one imported with a planted error that the
checks find, one returned, one late, one missing; the 2020 sample as history."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.publishing import demo as publishing_demo
from gongkai.reports import board
from gongkai.reports.models import AnnualReport, ReportVersion
from gongkai.site import demo
from tests.support.clock import today_is


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module, in a transaction rolled back at its end (each
    test runs in a savepoint inside it)."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", today_is(date(2026, 11, 27)))
        patch.setattr(publishing_demo, "ITEMS_PER_AGENCY", 8)
        with transaction.atomic():
            demo.seed()
            yield Agency.objects.get(slug="xigong")
            transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def test_the_past_year_is_complete(seeded):
    rows = {r.agency.slug: r for r in board.rows(seeded, 2025)}
    assert len(rows) == 9
    assert rows["xigong-office"].timeliness == "按时报送"
    assert rows["xigong-hrss"].late and rows["xigong-hrss"].timeliness.startswith("逾期")
    assert rows["hongshan"].timeliness.startswith("逾期未报送")
    assert rows["wangchenglu"].report.status == "returned"
    health = rows["xigong-health"]
    assert health.report.origin == "imported" and health.errors >= 1
    rules = {f["rule"] for f in health.findings if f["severity"] == "error"}
    assert "T3-RESULT-SUM" in rules
    culture = rows["xigong-culture-tourism"]
    assert culture.report.status == "published" and culture.version.number == 2
    built = [r for r in rows.values() if r.version and r.report.origin == "built"]
    assert built and all(r.errors == 0 for r in built)
    assert Application.objects.filter(received_on__year=2025).count() > 100


def test_the_2020_report_is_history_on_the_portal(seeded):
    report = AnnualReport.objects.get(agency__slug="xigong-culture-tourism", year=2020)
    version = report.current_version()
    assert version.published_on == date(2021, 1, 28) and version.source_name.endswith(".txt")
    listing = Client().get("/a/xigong-culture-tourism/reports/").content.decode()
    assert (
        "2020年政府信息公开工作年度报告" in listing and "2025年政府信息公开工作年度报告" in listing
    )


def test_seeding_twice_changes_nothing(seeded):
    counts = (Application.objects.count(), ReportVersion.objects.count())
    demo.seed()
    assert (Application.objects.count(), ReportVersion.objects.count()) == counts


def test_the_board_exports_the_demos_past_year_to_excel(seeded):
    """The demo's own report holds decimal figures beside the agencies' sums (a float
    minus a Decimal was a server error)."""
    from io import BytesIO

    from django.contrib.auth import get_user_model
    from openpyxl import load_workbook

    from gongkai.demo_data import SUPERVISOR

    client = Client()
    client.force_login(get_user_model().objects.get(username=f"{SUPERVISOR}-supervisor"))
    response = client.get("/staff/reports/board/export/?year=2025")
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    lines = list(wb["汇总对比"].iter_rows(min_row=2, values_only=True))
    assert len(lines) > 50
    for label, reported, _records, own, diff in lines:
        if own is not None and reported is not None:
            assert diff == pytest.approx(float(own) - float(reported)), label
    assert any(diff for *_, diff in lines if diff is not None)


def test_the_demo_is_searchable(seeded):
    from gongkai.publishing.models import Item

    client = Client()
    item = Item.objects.public().exclude(document_number="").order_by("pk").first()
    for query in (item.index_number, item.document_number):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    page = client.get("/search/", {"q": "年度报告"}).content.decode()
    published = ReportVersion.objects.published().select_related("report")
    assert published.exists()
    for version in published:
        if version == version.report.current_version():
            assert version.get_absolute_url() in page
