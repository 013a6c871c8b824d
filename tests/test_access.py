"""Every back-office URL of every app, walked from the URL patterns: the login page for
anonymous visitors, 404 for another agency's officer on agency A's objects, 403 for a
member of A without the view's role.

The namespaces walked are those the apps register as back-office pages
(`backoffice.nav.BACKOFFICE_NAMESPACES`), so a new app's pages are covered without
touching this file; a view whose URL takes an argument the walker does not know fails
`test_every_pattern_is_walked`.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai import uploads
from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Membership, Role
from gongkai.appeals.actions import create_case
from gongkai.applications import actions as application_actions
from gongkai.applications import files
from gongkai.applications.models import Redaction
from gongkai.backoffice.nav import BACKOFFICE_NAMESPACES
from gongkai.documents import actions as document_actions
from gongkai.documents import cleanup
from gongkai.holidays import actions as holiday_actions
from gongkai.jobs import exports
from gongkai.notify.models import Message
from gongkai.publishing import actions as item_actions
from gongkai.reports import bulk_check, notice_actions
from gongkai.scoring import actions as scoring_actions
from tests.support.personas import PERSON

MEMBERS_OF_A = ("officer", "reviewer", "publisher", "admin", "supervisor")
# The walked application's applicant: values found nowhere else in the world, searched in
# every response (pages, exports, files) of everyone but agency A's officers.
APPLICANT = {
    **PERSON,
    "applicant_name": "欧阳明远",
    "id_number": "11010519491231002X",
    "phone": "13987654321",
    "address": "河南省洛阳市涧西区建设路77号",
}
PERSONAL = ("欧阳明远", "11010519491231002X", "13987654321", "建设路77号")
# URL arguments that name something of one agency: another agency's staff get 404.
OF_AN_AGENCY = ("<slug:slug>", "<str:code>", "<str:case>")
SCHEDULE = (Path(__file__).resolve().parent / "data/workdays/schedules/2027-crafted.txt").read_text(
    encoding="utf-8"
)


def backoffice_patterns():
    """(name, route, view) for every pattern in the back-office namespaces but the
    accounts' (login, logout, password)."""
    walked = BACKOFFICE_NAMESPACES - {"accounts"}
    found = []

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and namespace in walked:
                found.append((f"{namespace}:{p.name}", prefix + str(p.pattern), p.callback))

    walk(get_resolver().url_patterns, None, "/")
    return found


PATTERNS = backoffice_patterns()


def is_post_only(view) -> bool:
    # require_POST wraps the view; its closure holds the allowed methods.
    return any(
        cell.cell_contents == ["POST"]
        for cell in (getattr(view, "__closure__", None) or ())
        if isinstance(cell.cell_contents, list)
    )


@pytest.fixture
def arguments(world):
    """Per namespace, agency A's objects in place of the URL arguments."""
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    Membership.objects.create(user=world.other_officer, agency=world.agency_b, role=Role.OFFICER)
    item = world.item("draft")
    attachment = item_actions.add_attachment(
        item, SimpleUploadedFile("a.txt", b"hello", "text/plain"), acting_user=world.officer
    )
    case = create_case(
        world.agency_a, acting_user=world.officer, kind="reconsideration", filed_on=date(2025, 3, 1)
    )
    application = application_actions.register(
        world.agency_a,
        acting_user=world.officer,
        channel="counter",
        handed_over_on=date(2026, 11, 2),
        note="申请人当面补充说明",
        **APPLICANT,
    )
    application_actions.request_correction(
        application,
        acting_user=world.officer,
        on=date(2026, 11, 3),
        items="请写明年度（欧阳明远来电询问）",  # an officer's comment may name the applicant
    )
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4", "application/pdf")
    stored = uploads.action(files.store_upload)(application, upload, acting_user=world.officer)
    redaction = Redaction.objects.create(
        application=application, name="答复.pdf", created_by=world.officer
    )
    holiday_actions.load(SCHEDULE, acting_user=world.supervisor)
    document = document_actions.register(
        world.agency_a,
        acting_user=world.officer,
        kind="opinion",
        title="关于文旅融合的内部意见",
        made_on=date(2026, 3, 1),
        issuers="西工区文化旅游局",
        attribute="withheld",
        reason="过程性信息",
        basis="条例第十六条",
    )
    batch = cleanup.open_batch(
        world.agency_a, acting_user=world.supervisor, title="清理", due_on=date(2026, 12, 31)
    )
    # an export of agency A, with its file (jobs:file)
    job = exports.start(
        "documents.register",
        label="导出公文登记",
        params={"agency": world.agency_a.pk},
        agency=world.agency_a,
        user=world.officer,
    )
    # a bulk check of agency A (its one file is of a type it lists as unreadable: no parse)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff")
    check = bulk_check.start(
        bulk_check.unpack([SimpleUploadedFile("r.zip", archive.getvalue())]),
        agency=world.agency_a,
        acting_user=world.officer,
    )
    scoring_actions.enter_manual_score(
        world.agency_a,
        2025,
        "column",
        acting_user=world.supervisor,
        score="10",
        note="缺少制度栏目",
        evidence=SimpleUploadedFile("记录.pdf", b"%PDF-1.4", "application/pdf"),
    )
    notice = notice_actions.send_notice(
        world.agency_a, "cleanup", acting_user=world.supervisor, title="清理", comment="请清理。"
    )
    common = {
        "<slug:slug>": world.agency_a.slug,
        "<int:pk>": str(Membership.objects.filter(agency=world.agency_a).first().pk),
    }
    return {
        "publishing": {**common, "<str:code>": item.code, "<str:attachment>": attachment.code},
        "publishing:catalog": {**common, "<str:code>": world.category_a.code},
        "agencies": common,
        "appeals": {**common, "<str:case>": case.code},
        "reports": {
            **common,
            "<int:year>": "2025",
            "<str:filetype>": "json",
            "<str:code>": notice.code,
        },
        "applications": {
            **common,
            "<str:code>": application.code,
            "<str:letter>": application.letters.get().code,
            "<str:attachment>": stored.code,
            "<str:redaction>": redaction.code,
            "<str:kind>": "correction",
            "<int:message>": str(Message.objects.about(application).get().pk),
        },
        "holidays": {**common, "<int:year>": "2027"},
        "scoring": {
            **common,
            "<int:year>": "2025",
            "<str:filetype>": "xlsx",
            "<str:indicator>": "column",
        },
        "jobs": {**common, "<str:code>": job.code, "<str:key>": "file"},
        "reports:checks": {**common, "<str:code>": check.code},
        "documents": {**common, "<str:code>": document.code},
        "documents:cleanup": {**common, "<str:code>": batch.code},
        "backoffice": common,
        "sitecheck": common,
    }


def fill(name: str, route: str, arguments) -> str:
    namespace = name.split(":")[0]
    values = arguments[namespace]
    if namespace == "publishing" and "catalog/<str:code>" in route:
        values = arguments["publishing:catalog"]
    if namespace == "documents" and "cleanups/<str:code>" in route:
        values = arguments["documents:cleanup"]
    if namespace == "reports" and "checks/<str:code>" in route:
        values = arguments["reports:checks"]
    # gongkai.edge's bounded converters take what <int:...> takes
    url = route.replace("<year:", "<int:").replace("<id:", "<int:")
    for key, value in values.items():
        url = url.replace(key, value)
    assert "<" not in url, f"the access walker does not know an argument of {route}"
    return url


def test_every_pattern_is_walked():
    assert len(PATTERNS) >= 70
    walked = {name.split(":")[0] for name, _, _ in PATTERNS}
    apps = {"backoffice", "publishing", "agencies", "appeals", "reports", "applications"}
    assert walked >= apps | {"holidays", "scoring"}
    for name, _route, view in PATTERNS:
        assert hasattr(view, "required_roles"), f"{name} is not wrapped in staff_view()"


@pytest.mark.parametrize(("name", "route", "view"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_access(arguments, world, client_for, name, route, view):
    url = fill(name, route, arguments)
    method = "post" if is_post_only(view) else "get"
    required = set(view.required_roles) or set(Role.values)  # staff_view(): any role

    response = getattr(client_for("anonymous"), method)(url)
    assert response.status_code == 302 and "/staff/login/" in response["Location"], name

    of_agency = any(argument in route for argument in OF_AN_AGENCY)
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
        if Role.OFFICER not in roles_in(user, world.agency_a):
            assert_no_personal_data(response, f"{name} as {persona}")
    if not of_agency and method == "get":
        assert_no_personal_data(client_for("other_officer").get(url), f"{name} as other_officer")


def text_of(response) -> str:
    """Everything a response shows: the page, or a file's text (inside a Word or Excel
    file's XML too)."""
    data = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = b"".join(z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels")))
    return data.decode("utf-8", "replace")


def assert_no_personal_data(response, who: str) -> None:
    shown = text_of(response)
    leaked = [v for v in PERSONAL if v in shown]
    assert not leaked, f"{who} is shown the applicant's {leaked}"


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
