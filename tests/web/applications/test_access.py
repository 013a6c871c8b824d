"""Every URL of the applications and holidays back office, walked from the URL patterns:
the login page for anonymous visitors, 404 for another agency's officer on agency A's
objects, 403 for a member of A without the view's role (as tests/web/test_access.py does
for the platform's pages)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai import uploads
from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Membership, Role
from gongkai.applications import actions, files
from gongkai.holidays import actions as holiday_actions

from ..test_access import MEMBERS_OF_A, is_post_only

NAMESPACES = {"applications", "holidays"}
SCHEDULE = (
    Path(__file__).resolve().parents[2] / "data/workdays/schedules/2027-crafted.txt"
).read_text(encoding="utf-8")


def patterns():
    found = []

    def walk(items, namespace, prefix):
        for p in items:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and namespace in NAMESPACES:
                found.append((f"{namespace}:{p.name}", prefix + str(p.pattern), p.callback))

    walk(get_resolver().url_patterns, None, "/")
    return found


PATTERNS = patterns()


@pytest.fixture
def setup(world, register):
    application = register(date(2026, 11, 2))
    actions.request_correction(
        application, acting_user=world.officer, on=date(2026, 11, 3), items="请写明年度"
    )
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4", "application/pdf")
    stored = uploads.action(files.store_upload)(application, upload, acting_user=world.officer)
    holiday_actions.load(SCHEDULE, acting_user=world.supervisor)
    return {
        "<str:code>": application.code,
        "<slug:slug>": world.agency_a.slug,
        "<str:letter>": application.letters.get().code,
        "<str:attachment>": stored.code,
        "<str:kind>": "correction",
        "<int:year>": "2027",
    }


def test_every_pattern_is_walked():
    assert len(PATTERNS) >= 30
    for name, _route, view in PATTERNS:
        assert hasattr(view, "required_roles"), f"{name} is not wrapped in staff_view()"


@pytest.mark.parametrize(("name", "route", "view"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_access(setup, world, client_for, name, route, view):
    url = route
    for key, value in setup.items():
        url = url.replace(key, value)
    assert "<" not in url, f"the walker does not know an argument of {route}"
    method = "post" if is_post_only(view) else "get"
    required = set(view.required_roles) or set(Role.values)  # staff_view(): any role

    response = getattr(client_for("anonymous"), method)(url)
    assert response.status_code == 302 and "/staff/login/" in response["Location"], name

    of_agency = "<str:code>" in route or "<slug:slug>" in route
    if of_agency:
        response = getattr(client_for("other_officer"), method)(url)
        assert response.status_code == 404, f"{name}: another agency's officer must get 404"

    for persona in MEMBERS_OF_A:
        user = world.people[persona]
        if of_agency:
            roles = roles_in(user, world.agency_a)
        else:
            roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        response = getattr(client_for(persona), method)(url)
        if roles & required:
            assert response.status_code not in (403, 404), f"{name} as {persona}"
        else:
            assert response.status_code == 403, f"{name} as {persona} must get 403"
