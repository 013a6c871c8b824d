from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.publishing import search


class Command(BaseCommand):
    help = "Rebuild the full-text index of public items (after a dictionary change, say)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(f"Indexed {count} public items.")
