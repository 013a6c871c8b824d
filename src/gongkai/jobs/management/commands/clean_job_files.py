"""`gongkai manage clean_job_files`: remove the files jobs made (exports, results of bulk
checks) once they are older than `JOB_FILE_DAYS` (default 7), and the temporary files
and inputs a killed worker left (after a day). Run it daily from cron
(docs/operations.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.audit.log import record
from gongkai.jobs import files
from gongkai.jobs.models import Job


class Command(BaseCommand):
    help = "Remove old files of background jobs (exports, bulk check results)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=float,
            default=None,
            help="remove outputs older than this many days (default: JOB_FILE_DAYS)",
        )

    def handle(self, *args, days, **options):
        days = days if days is not None else float(getattr(settings, "JOB_FILE_DAYS", 7))
        removed: dict[str, list[str]] = {}
        old = files.old_files(days)
        for path in old:
            files.remove(path)
            if path.is_relative_to(files.inputs_root()) or path.name.startswith("."):
                continue
            removed.setdefault(path.name.split("-", 1)[0], []).append(path.name)
        with transaction.atomic():
            for job in Job.objects.filter(code__in=list(removed)):
                record(
                    "job.files_cleaned",
                    target=job,
                    agency=job.agency,
                    acting_user=None,
                    data={"files": removed[job.code], "days": days},
                )
        self.stdout.write(f"removed {len(old)} old job files (older than {days:g} days)")
