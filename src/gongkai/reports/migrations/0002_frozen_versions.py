"""Refuse, in the database itself, any UPDATE of a submitted version's frozen columns.

Only the publication fields (published_on, published_at, published_by) may be set later.
DELETE is refused by the model and its QuerySet; it stays possible at the SQL level so
test databases can be flushed.
"""

from django.db import migrations

FROZEN = (
    "report_id", "number", "code", "snapshot", "tables", "findings", "errors", "warnings",
    "acknowledgements", "compared_with", "reason", "source_name", "submitted_at", "submitted_by_id",
)  # fmt: skip
TABLE = "reports_reportversion"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        changed = " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in FROZEN)
        schema_editor.execute(
            "CREATE FUNCTION reports_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN IF {changed} THEN"
            " RAISE EXCEPTION 'a submitted annual report version is frozen'; END IF;"
            " RETURN NEW; END; $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER reports_version_frozen BEFORE UPDATE ON {TABLE}"
            " FOR EACH ROW EXECUTE FUNCTION reports_version_frozen()"
        )
    elif vendor == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
        schema_editor.execute(
            f"CREATE TRIGGER reports_version_frozen BEFORE UPDATE ON {TABLE}"
            f" WHEN {changed}"
            " BEGIN SELECT RAISE(ABORT, 'a submitted annual report version is frozen'); END"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        "DROP TRIGGER reports_version_frozen" + (f" ON {TABLE}" if vendor == "postgresql" else "")
    )
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION reports_version_frozen()")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
