"""Refuse UPDATE of audit rows in the database itself, whatever client connects.

DELETE is refused by the model and its QuerySet; it stays possible at the SQL level so
test databases can be flushed and a retention policy can be applied by an operator.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$"
        )
        schema_editor.execute(
            "CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent"
            " FOR EACH ROW EXECUTE FUNCTION audit_refuse_update()"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent"
            " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
        )


def drop(apps, schema_editor):
    schema_editor.execute(
        "DROP TRIGGER audit_auditevent_no_update"
        + (" ON audit_auditevent" if schema_editor.connection.vendor == "postgresql" else "")
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION audit_refuse_update()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
