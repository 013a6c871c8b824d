"""The demo's applications: a year across outcomes, open ones in every situation, and a
second run that changes nothing."""

from __future__ import annotations

from gongkai.agencies import demo as agencies_demo
from gongkai.applications import demo
from gongkai.applications.models import Application, Letter
from gongkai.audit.models import AuditEvent


def test_demo_applications(db, monkeypatch):
    monkeypatch.setattr(demo, "PER_AGENCY", {"xigong-culture-tourism": 40})
    monkeypatch.setattr(demo, "DEFAULT_PER_AGENCY", 6)
    agencies_demo.seed()
    demo.seed()
    counts = (Application.objects.count(), Letter.objects.count(), AuditEvent.objects.count())
    demo.seed()
    assert (
        Application.objects.count(),
        Letter.objects.count(),
        AuditEvent.objects.count(),
    ) == counts

    culture = Application.objects.filter(agency__slug="xigong-culture-tourism")
    statuses = set(culture.values_list("status", flat=True))
    assert statuses >= {
        "answered",
        "processing",
        "consulting",
        "awaiting_correction",
        "awaiting_fee",
        "unconfirmed",
    }
    outcomes = set(Application.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert len(outcomes) >= 8 and "三.二" in outcomes
    from django.utils import timezone

    today = timezone.localdate()
    assert culture.open().filter(due_on__lt=today).exists()  # overdue
    assert culture.filter(extensions__decision="pending").exists()
    received = Application.objects.values_list("received_on", flat=True)
    assert (max(received) - min(received)).days >= 300  # about a year
    assert all(a.letters.exists() for a in Application.objects.exclude(outcome=""))
    assert Application.objects.filter(agency__slug="xigong-culture-tourism").count() == 40
