"""`gongkai manage publish_scheduled`: run by cron every few minutes (docs/operations.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.publishing import signoff_actions


class Command(BaseCommand):
    help = "Publish the approved items whose scheduled time has come."

    def handle(self, *args, **options):
        done, failed = signoff_actions.publish_due(timezone.now())
        self.stdout.write(f"published {len(done)}, not published {len(failed)}")
        for item, reason in failed:
            self.stdout.write(f"  {item.code}: {reason}")
