"""Start a probe job and wait for a worker to finish it: is `gongkai worker` running?"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.jobs import runner
from gongkai.jobs.models import Job


class Command(BaseCommand):
    help = "Check that a worker runs background jobs (starts a short job and waits for it)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args, timeout, **options):
        job = runner.start("jobs.probe", label="后台任务自检", params={"steps": 3})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.5)
        if job.state != Job.State.DONE:
            raise CommandError(
                f"后台任务在{timeout:.0f}秒内未完成（状态：{job.get_state_display()}）："
                "请确认 `gongkai worker` 正在运行。"
            )
        self.stdout.write(f"worker ok: job {job.code} done on attempt {job.attempts}")
