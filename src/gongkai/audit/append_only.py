"""The database trigger that refuses UPDATE of audit rows (see migration 0002).

A data migration that must correct existing rows (removing personal data stored before
the rule existed) lifts the trigger, corrects them and puts it back, all in the
migration's one transaction, so no other client ever sees the log unprotected:

    def forwards(apps, schema_editor):
        append_only.lift(schema_editor)
        ...  # the corrections, documented in the migration
        append_only.restore(schema_editor)
"""

from __future__ import annotations


def restore(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION audit_refuse_update() RETURNS trigger"
            " LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$"
        )
        schema_editor.execute(
            "CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent"
            " FOR EACH ROW EXECUTE FUNCTION audit_refuse_update()"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent"
            " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
        )


def lift(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS audit_auditevent_no_update ON audit_auditevent"
        )
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
