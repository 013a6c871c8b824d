from django.core.management.base import BaseCommand

from gongkai.notify import outbox


class Command(BaseCommand):
    help = "Send the notifications that are due (new ones, and retries). Run by cron every minute."

    def handle(self, *args, **options):
        counts = outbox.send_due()
        self.stdout.write(
            "sent {}, retry later {}, failed {}".format(
                counts.get("sent", 0), counts.get("pending", 0), counts.get("failed", 0)
            )
        )
