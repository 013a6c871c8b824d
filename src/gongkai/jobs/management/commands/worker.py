"""`gongkai worker` (`manage.py worker`): run the background jobs.

django-tasks-db's worker takes the tasks from the database; beside it, a thread puts
back in the queue every few seconds the jobs whose worker died (their lease ran out).
Run as many workers, on as many machines, as the load needs: they share the database.
"""

from __future__ import annotations

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from gongkai.jobs import runner


class Command(BaseCommand):
    help = "Run the background jobs (OCR, screening, redaction, exports, bulk checks)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--max-tasks", type=int, default=None, help="stop after N tasks")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then stop")
        parser.add_argument(
            "--reap-every", type=float, default=10.0, help="seconds between looks for dead jobs"
        )

    def handle(self, *args, interval, max_tasks, batch, reap_every, **options):
        stop = threading.Event()

        def reap():
            while not stop.wait(reap_every):
                try:
                    runner.requeue_stale()
                finally:
                    close_old_connections()

        runner.requeue_stale()
        thread = threading.Thread(target=reap, name="gongkai-jobs-reaper", daemon=True)
        thread.start()
        try:
            worker_args = ["--interval", str(interval), "--queue-name", "*", "--no-reload"]
            if batch:
                worker_args.append("--batch")
            if max_tasks is not None:
                worker_args += ["--max-tasks", str(max_tasks)]
            call_command("db_worker", *worker_args)
        finally:
            stop.set()
