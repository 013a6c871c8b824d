"""`gongkai manage sweep_validity`: run daily by cron (see docs/documents.md)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.documents import validity


class Command(BaseCommand):
    help = "Warn owners of rules and normative documents before they lapse; mark lapsed ones 失效."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="the day to sweep as")

    def handle(self, *args, today=None, **options):
        done = validity.sweep(today or timezone.localdate())
        self.stdout.write(f"warned {len(done.warned)}, lapsed {len(done.lapsed)}")
