"""The agency of open applications in a column of its own (see Application.open_agency)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_open_agency(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Application.objects.filter(closed_on__isnull=True).update(open_agency=models.F("agency"))


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_alter_membership_role"),
        ("applications", "0003_status_constraint"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="application",
            name="application_open_due",
        ),
        migrations.RemoveIndex(
            model_name="application",
            name="application_open_status",
        ),
        migrations.AddField(
            model_name="application",
            name="open_agency",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
            ),
        ),
        migrations.RunPython(fill_open_agency, migrations.RunPython.noop),
    ]
