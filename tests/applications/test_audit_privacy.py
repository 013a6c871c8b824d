"""The audit log keeps no applicant's personal data and shows the comments on an
application only to those who may open the application (security audit, item 1)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import Client

from gongkai.applications import actions
from gongkai.audit.models import AuditEvent
from tests.support.personas import PERSON

NOTE = "申请人当面补充说明了用途"


def _application(world, register, today):
    today(date(2026, 3, 10))
    application = register(date(2026, 3, 2), note=NOTE)
    actions.start_consultation(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 3),
        party_kind="third_party",
        party_name="王第三",
    )
    return application


def test_audit_rows_hold_the_code_not_the_name(world, register, today):
    application = _application(world, register, today)
    events = AuditEvent.objects.for_object(application)
    assert events.count() == 2
    for event in events:
        assert event.target_repr == application.code
        assert PERSON["applicant_name"] not in str(event.data)
        assert "王第三" not in str(event.data)


def test_audit_pages_show_application_comments_only_to_those_who_see_it(
    world, register, client_for, today
):
    application = _application(world, register, today)
    pages = ["/staff/audit/", "/staff/a/agency-a/audit/"]
    for name in ("admin", "publisher", "officer", "reviewer", "supervisor"):
        client = client_for(name)
        for url in pages:
            response = client.get(url)
            if response.status_code == 403:
                continue
            page = response.content.decode()
            assert PERSON["applicant_name"] not in page, (name, url)
            assert application.code in page, (name, url)
            assert (NOTE in page) == (name in ("officer", "reviewer", "supervisor")), (name, url)


def test_sysadmin_cannot_find_applicants_in_the_admin(world, register, today):
    application = _application(world, register, today)
    root = get_user_model().objects.create_superuser("root", password="x-very-long-pw-1")
    client = Client()
    client.force_login(root)
    found = client.get("/sysadmin/audit/auditevent/", {"q": PERSON["applicant_name"]})
    assert found.status_code == 200
    assert "0 条结果" in found.content.decode()
    listing = client.get("/sysadmin/audit/auditevent/").content.decode()
    assert application.code in listing and PERSON["applicant_name"] not in listing
    event = AuditEvent.objects.for_object(application).first()
    detail = client.get(f"/sysadmin/audit/auditevent/{event.pk}/change/").content.decode()
    assert NOTE not in detail and PERSON["applicant_name"] not in detail


class _Editor:
    """What the migration uses of a schema editor, inside the test's transaction (SQLite
    opens no schema editor inside one)."""

    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql):
        with self.connection.cursor() as cursor:
            cursor.execute(sql)


def test_migration_cleans_old_rows_and_keeps_the_log_append_only(world, register, today):
    application = _application(world, register, today)
    consultation = application.consultations.get()
    old = AuditEvent.objects.create(  # as written before the rule
        action="application.start_consultation",
        agency=world.agency_a,
        target_type="applications.application",
        target_id=str(application.pk),
        target_repr=f"{application.code} {PERSON['applicant_name']}",
        comment=NOTE,
        data={"on": "2026-03-03", "party": "王第三"},
    )
    migration = importlib.import_module(
        "gongkai.applications.migrations.0006_audit_without_personal_data"
    )
    migration.forwards(apps, _Editor(connection))
    old = AuditEvent.objects.get(pk=old.pk)
    assert old.target_repr == application.code
    assert old.data == {"on": "2026-03-03", "consultation": consultation.pk}
    assert old.comment == NOTE and old.action == "application.start_consultation"
    # the trigger is back: the database refuses an UPDATE from any client
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET comment = 'x' WHERE id = %s", [old.pk])
