"""`gongkai demo` seeds a realistic demo, and running it again changes nothing."""

from __future__ import annotations

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.audit.models import AuditEvent
from gongkai.publishing import demo as publishing_demo
from gongkai.publishing.models import Item
from gongkai.site import demo
from gongkai.sitecheck.models import SiteCheck


def test_demo_is_complete_and_idempotent(db, monkeypatch, settings):
    # as `gongkai demo` runs: with the site's database queue, not the tests' immediate one
    # (the demo must approve items whose screening job it queued itself)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(publishing_demo, "ITEMS_PER_AGENCY", 12)
    demo.seed()
    counts = (Agency.objects.count(), Item.objects.count(), AuditEvent.objects.count())
    demo.seed()
    assert (Agency.objects.count(), Item.objects.count(), AuditEvent.objects.count()) == counts

    culture = Agency.objects.get(name="西工区文化旅游局")
    assert culture.parent.name == "西工区人民政府"
    assert Agency.objects.filter(kind=Agency.Kind.TOWNSHIP).exists()
    for role in (Role.EDITOR, Role.REVIEWER, Role.PUBLISHER, Role.ADMIN):
        assert Membership.objects.filter(agency=culture, role=role).exists()
    assert Membership.objects.filter(role=Role.SUPERVISOR, agency__kind="government").exists()
    assert Item.objects.public().filter(agency=culture).count() >= 5
    years = {d.year for d in Item.objects.public().dates("published_on", "year")}
    assert len(years) >= 4
    assert set(Item.objects.values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "returned",
        "approved",
        "published",
    }
    every_public_has_history = all(
        AuditEvent.objects.for_object(i).filter(action="item.publish").exists()
        for i in Item.objects.public()[:20]
    )
    assert every_public_has_history
    assert culture.catalog_categories.values("article20").distinct().count() == 15
    assert culture.guides.count() == 1

    # The website inspection ran with the demo: one agency neglects its column on purpose.
    checks = {c.agency.slug: c for c in SiteCheck.objects.select_related("agency")}
    assert checks["xigong-office"].findings == []  # a complete agency
    neglected = {
        (f["indicator"], f["subject"].split(" / ")[-1]) for f in checks["hongshan"].findings
    }
    assert ("F4.2", publishing_demo.EMPTIED) in neglected  # the emptied column
    assert ("F4.1", "工作动态") in neglected and checks["hongshan"].failing  # the outdated one
    assert SiteCheck.objects.count() == Agency.objects.count()  # seeding again adds none


def test_a_demo_killed_midway_is_completed_by_the_next_run(db, monkeypatch):
    import pytest

    from gongkai import demo_data
    from gongkai.applications import demo as applications_demo
    from gongkai.applications.models import Application

    monkeypatch.setattr(publishing_demo, "ITEMS_PER_AGENCY", 12)
    original = applications_demo._one
    calls = []

    def killed_on_the_tenth(*args, **kwargs):
        calls.append(1)
        if len(calls) == 10:  # in the middle of the first agency's applications
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(applications_demo, "_one", killed_on_the_tenth)
    with pytest.raises(KeyboardInterrupt):
        demo.seed()
    first = Agency.objects.filter(slug__in=demo_data.USER_PREFIX).order_by("path").first()
    assert not Application.objects.filter(agency=first).exists()  # all of it or none

    monkeypatch.setattr(applications_demo, "_one", original)
    assert demo.seed().startswith("Demo ready")
    for agency in Agency.objects.filter(slug__in=demo_data.USER_PREFIX):
        planned = applications_demo.PER_AGENCY.get(
            agency.slug, applications_demo.DEFAULT_PER_AGENCY
        )
        assert Application.objects.filter(agency=agency).count() >= planned, agency.slug
