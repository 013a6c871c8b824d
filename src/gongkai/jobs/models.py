"""Slow work done in the background (OCR, screening, redaction, big exports, bulk checks),
one row per job: who started it, for which agency, how far it got, what came of it.

The work runs as a task of Django's tasks API (`django-tasks` with the database backend,
so every app process and worker shares one queue in the database); this row is what the
pages show and what makes a job run to completion exactly once, even when a worker is
killed in the middle (see `runner.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from gongkai.workflow import random_code


def new_code() -> str:
    return random_code()


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    kind = models.CharField("任务类型", max_length=60)
    label = models.CharField("任务", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField("进度", default=0)  # per cent
    message = models.CharField("进展", max_length=300, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("失败原因", blank=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveSmallIntegerField("最多尝试次数", default=3)
    # The run that holds the job, and until when: a run that stops renewing it (a killed
    # worker) loses the job to the next one.
    run_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "lease_until"], name="job_state_lease")]

    def __str__(self) -> str:
        return f"{self.label}（{self.get_state_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job", args=[self.code])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def result_url(self) -> str:
        return str(self.result.get("url", "")) if isinstance(self.result, dict) else ""
