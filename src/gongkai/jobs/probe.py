"""A job that checks the background queue: it counts through `steps`, reporting its
progress and sleeping `pause` seconds a step, and returns how far it got.

`gongkai manage probe_worker` starts one and waits for a worker to run it (for operators
setting up a site); the tests use it to kill a worker in the middle of a job.
"""

from __future__ import annotations

import time

from .models import Job


def probe(job: Job, progress) -> dict:
    steps = max(1, min(int(job.params.get("steps", 3)), 1000))
    pause = max(0.0, min(float(job.params.get("pause", 0.0)), 10.0))
    for step in range(1, steps + 1):
        time.sleep(pause)
        progress(step * 100 // steps, f"第{step}步，共{steps}步")
    return {"steps": steps, "attempt": job.attempts}
