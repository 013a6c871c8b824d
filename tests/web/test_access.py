"""Every back-office URL, walked from the URL patterns: 404 for another agency's officer,
403 for a member without the role, the login page for anonymous visitors.

A new back-office view is covered without touching this file; a view whose URL takes an
argument the walker does not know fails `test_every_pattern_is_walked`.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Membership, Role

BACKOFFICE_NAMESPACES = {"backoffice", "publishing", "agencies", "appeals", "reports"}
MEMBERS_OF_A = ("officer", "reviewer", "publisher", "admin", "supervisor")


def backoffice_patterns():
    """(name, route, view) for every pattern in the back-office namespaces."""
    found = []

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and namespace in BACKOFFICE_NAMESPACES:
                found.append((f"{namespace}:{p.name}", prefix + str(p.pattern), p.callback))

    walk(get_resolver().url_patterns, None, "/")
    return found


PATTERNS = backoffice_patterns()


def fill(route: str, world, item, attachment, case=None) -> str:
    """The route with agency A's objects in place of its arguments."""
    values = {
        "<slug:slug>": world.agency_a.slug,
        "<str:attachment>": attachment.code,
        "<str:case>": case.code if case else "",
        "<int:year>": "2025",
        "<str:filetype>": "json",
        "<int:pk>": str(Membership.objects.filter(agency=world.agency_a).first().pk),
    }
    if "catalog/<str:code>" in route:
        values["<str:code>"] = world.category_a.code
    else:
        values["<str:code>"] = item.code
    url = route
    for key, value in values.items():
        url = url.replace(key, value)
    assert "<" not in url, f"the access walker does not know an argument of {route}"
    return url


def is_post_only(view) -> bool:
    # require_POST wraps the view; its closure holds the allowed methods.
    return any(
        cell.cell_contents == ["POST"]
        for cell in (getattr(view, "__closure__", None) or ())
        if isinstance(cell.cell_contents, list)
    )


@pytest.fixture
def setup(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing import actions

    item = world.item("draft")
    attachment = actions.add_attachment(
        item, SimpleUploadedFile("a.txt", b"hello", "text/plain"), acting_user=world.officer
    )
    from datetime import date

    from gongkai.appeals.actions import create_case

    case = create_case(
        world.agency_a, acting_user=world.officer, kind="reconsideration", filed_on=date(2025, 3, 1)
    )
    return world, item, attachment, case


def test_every_pattern_is_walked():
    assert len(PATTERNS) >= 20
    for name, _route, view in PATTERNS:
        assert hasattr(view, "required_roles"), f"{name} is not wrapped in staff_view()"


@pytest.mark.parametrize(("name", "route", "view"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_access(setup, client_for, name, route, view):
    world, item, attachment, case = setup
    url = fill(route, world, item, attachment, case)
    method = "post" if is_post_only(view) else "get"
    required = set(view.required_roles) or set(Role.values)  # staff_view(): any role

    response = getattr(client_for("anonymous"), method)(url)
    assert response.status_code == 302 and "/staff/login/" in response["Location"], name

    takes_object = "<" in route
    if takes_object:
        response = getattr(client_for("other_officer"), method)(url)
        assert response.status_code == 404, f"{name}: another agency's officer must get 404"

    for persona in MEMBERS_OF_A:
        user = world.people[persona]
        roles = roles_in(user, world.agency_a)
        if not takes_object:
            roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        response = getattr(client_for(persona), method)(url)
        if roles & required:
            assert response.status_code not in (403, 404), f"{name} as {persona}"
        else:
            assert response.status_code == 403, f"{name} as {persona} must get 403"


def test_supervisor_reaches_the_subtree_only(world, client_for):
    from gongkai.agencies.models import Agency

    outside = Agency.objects.create(
        name="另一区人民政府", kind=Agency.Kind.GOVERNMENT, org_code="X1", slug="elsewhere"
    )
    assert Role.SUPERVISOR in roles_in(world.supervisor, world.agency_b)
    assert roles_in(world.supervisor, outside) == set()
    item = world.item("published")
    client = client_for("supervisor")
    assert client.get(f"/staff/items/{item.code}/").status_code == 200
    assert client.get("/staff/a/elsewhere/audit/").status_code == 404
    assert client.post(f"/staff/items/{item.code}/withdraw/", {"comment": "x"}).status_code == 403
