"""The desk's indexes, over open applications only (after 0004 filled open_agency, in
its own transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("applications", "0004_open_agency")]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("open_agency__isnull", False)),
                fields=["open_agency", "due_on"],
                name="desk_due",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("open_agency__isnull", False)),
                fields=["open_agency", "received_on"],
                name="desk_received",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("open_agency__isnull", False)),
                fields=["open_agency", "status", "due_on", "assignee"],
                name="desk_queues",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("open_agency__isnull", False)),
                fields=["due_on", "id"],
                name="desk_due_all",
            ),
        ),
    ]
