from django.core.management.base import BaseCommand

from gongkai.api import dump, throttle


class Command(BaseCommand):
    help = "Write the open data API's bulk dump of public items (run nightly by cron)."

    def handle(self, *args, **options):
        count = dump.write()
        purged = throttle.purge()
        self.stdout.write(
            f"Wrote {count} items to {dump.path()}; forgot {purged} rate-limit windows."
        )
