"""A closed state exactly when closed: added once 0002 has given existing rows their state
(its own migration, so its own transaction on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_handling_fields")]

    operations = [
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("status__in", ("answered", "withdrawn", "abandoned")),
                        ("closed_on__isnull", False),
                    ),
                    models.Q(
                        (
                            "status__in",
                            (
                                "unconfirmed",
                                "processing",
                                "awaiting_correction",
                                "consulting",
                                "awaiting_fee",
                            ),
                        ),
                        ("closed_on__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="application_status_matches_closed",
            ),
        ),
    ]
