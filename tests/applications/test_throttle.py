"""Limits on anonymous online applications (security audit, item 7): per client address
and per identity number within an hour, attachment bytes per address, each agency's
storage quota with its alert; racing submissions do not pass a limit."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.applications.models import ApplicantFile, Application
from tests.applications.test_public import FORM
from tests.support import challenge


def _apply(ip="203.0.113.9", slug="agency-a", **changes):
    client = Client(REMOTE_ADDR=ip)
    page = client.get(f"/a/{slug}/apply/").content.decode()
    data = {**FORM, **challenge.answered(page), **changes}
    return client.post(f"/a/{slug}/apply/", data)


def _pdf(size=20):
    return SimpleUploadedFile("证明.pdf", b"%PDF-1.4 " + b"x" * (size - 9), "application/pdf")


def _error(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_submissions_per_address(world, settings, today):
    today(date(2026, 3, 9))
    settings.APPLICATION_SUBMISSIONS_PER_ADDRESS = 2
    ids = ["410303199003071238", "11010519491231002X", "440524188001010014"]
    assert _apply(id_number=ids[0]).status_code == 302
    assert _apply(id_number=ids[1]).status_code == 302
    assert "同一网络地址一小时内提交的申请过多" in _error(_apply(id_number=ids[2]))
    assert _apply(ip="198.51.100.7", id_number=ids[2]).status_code == 302
    assert Application.objects.count() == 3


def test_submissions_per_identity_number(world, settings, today):
    today(date(2026, 3, 9))
    settings.APPLICATION_SUBMISSIONS_PER_ID = 2
    for n in range(2):
        assert _apply(ip=f"198.51.100.{n + 1}").status_code == 302
    assert "同一证件号码一小时内提交的申请过多" in _error(_apply(ip="198.51.100.9"))
    assert Application.objects.count() == 2


def test_attachment_bytes_per_address(world, settings, today):
    today(date(2026, 3, 9))
    settings.APPLICATION_UPLOAD_BYTES_PER_ADDRESS = 30
    assert _apply(attachments=[_pdf(20)]).status_code == 302
    page = _error(_apply(id_number="11010519491231002X", attachments=[_pdf(20)]))
    assert "一小时内上传的附件过多" in page
    assert Application.objects.count() == 1 and ApplicantFile.objects.count() == 1
    # without attachments the application still goes in
    assert _apply(id_number="11010519491231002X").status_code == 302
    # the same person from another address: the bytes count by identity number too
    page = _error(_apply(ip="198.51.100.8", attachments=[_pdf(20)]))
    assert "同一证件号码一小时内上传的附件过多" in page


def test_storage_quota_and_its_alert(world, settings, today, client_for):
    today(date(2026, 3, 9))
    settings.APPLICATION_STORAGE_QUOTA_BYTES = 50
    settings.APPLICATION_STORAGE_ALERT_PERCENT = 80
    assert _apply(attachments=[_pdf(20)]).status_code == 302
    assert "申请材料存储已用" not in client_for("officer").get("/staff/").content.decode()
    assert _apply(ip="198.51.100.1", attachments=[_pdf(20)]).status_code == 302
    dashboard = client_for("officer").get("/staff/").content.decode()
    assert "西工区文化旅游局申请材料存储已用80%" in dashboard
    page = _error(_apply(ip="198.51.100.2", attachments=[_pdf(20)]))
    assert "存储空间已满，暂时不能接收附件" in page
    assert ApplicantFile.objects.count() == 2
    # the other agency's quota is its own
    assert _apply(ip="198.51.100.3", slug="agency-b", attachments=[_pdf(20)]).status_code == 302


@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="SQLite serialises writers by itself; this is about PostgreSQL's concurrency",
)
@pytest.mark.django_db(transaction=True)
def test_racing_submissions_do_not_pass_the_limit(settings):
    from gongkai.applications import intake
    from tests.applications.test_concurrency import FIELDS, _race
    from tests.support.personas import build_world

    world = build_world()
    settings.APPLICATION_SUBMISSIONS_PER_ADDRESS = 5
    ids = [f"1101051949123100{n:02d}" for n in range(12)]
    errors = _race(
        12,
        lambda n: intake.submit_online(
            world.agency_a,
            token=uuid.uuid4(),
            ip="203.0.113.50",
            **{**FIELDS, "id_type": "other", "id_number": ids[n]},
        ),
    )
    assert Application.objects.count() == 5
    assert len(errors) == 7 and all("提交的申请过多" in str(e) for e in errors)
