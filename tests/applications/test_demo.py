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

    # After the answer: last year's answers served, one corrected by the reviewer.
    from gongkai.applications.models import AnswerCorrection, Service

    assert Service.objects.filter(application__agency__slug="xigong-culture-tourism").exists()
    corrected = AnswerCorrection.objects.get()
    assert (corrected.old_outcome, corrected.new_outcome) == ("三.二", "三.一")
    assert corrected.application.outcome == "三.一" and corrected.old_letter.superseded_at
    from gongkai.reports import compute

    year = corrected.application.closed_on.year
    cells = compute.computed_cells(corrected.application.agency, year)
    counted = Application.objects.filter(
        agency=corrected.application.agency, closed_on__year=year, outcome="三.一"
    ).count()
    assert cells["t3/三.一/总计"] == counted  # the corrected one in its corrected row, once
