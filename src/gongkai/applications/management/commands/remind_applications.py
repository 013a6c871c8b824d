"""Email the staff what they must do about applications today. Run daily from cron:

30 7 * * 1-5  gongkai manage remind_applications
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.applications import lookup, reminders


class Command(BaseCommand):
    help = "Email officers, reviewers and supervisors the applications that need them today."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for (YYYY-MM-DD), default today")
        parser.add_argument("--dry-run", action="store_true", help="print the mails, send none")
        parser.add_argument(
            "--force", action="store_true", help="send again to people already reminded today"
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date: expected YYYY-MM-DD, found {options['date']!r}"
                ) from None
        sent, skipped = reminders.send(
            today, dry_run=options["dry_run"], force=options["force"], out=self.stdout
        )
        purged = 0 if options["dry_run"] else lookup.purge()
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(
            f"{today}: {verb} {sent} reminder(s), skipped {skipped} "
            f"(no email or already reminded); removed {purged} old status-page attempts"
        )
