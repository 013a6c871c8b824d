"""A redaction for a 部分公开 answer (第三十七条): a PDF (or a Word document, laid out as
a PDF by the job) to deliver, what to withhold in
it (searched terms, screening rules, regions of pages, each with its legal basis), and
the verified output with the hashes of both files. Made by a background job."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.redaction.convert import CONVERTIBLE, suffix_of
from gongkai.workflow import random_code


def _path(instance: Redaction, filename: str, kind: str) -> str:
    """Named by the redaction's code; a Word document keeps its kind until the job has
    laid it out as a PDF."""
    suffix = suffix_of(filename)
    suffix = suffix if suffix in CONVERTIBLE else "pdf"
    return f"redactions/{instance.application.agency_id}/{instance.code}-{kind}.{suffix}"


def source_path(instance: Redaction, filename: str) -> str:
    return _path(instance, filename, "source")


def output_path(instance: Redaction, filename: str) -> str:
    return _path(instance, filename, "redacted")


def new_code() -> str:
    return random_code()


class Redaction(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "处理中"
        VERIFIED = "verified", "已遮盖并通过验证"
        FAILED = "failed", "未通过"

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="redactions"
    )
    source = models.FileField(upload_to=source_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    # What to withhold: [{"text", "basis"}], [{"rule", "basis"}],
    # [{"page", "box": [x0, y0, x1, y1], "basis", "note"}] (points from the top left).
    terms = models.JSONField(default=list, blank=True)
    rules = models.JSONField(default=list, blank=True)
    regions = models.JSONField(default=list, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    output = models.FileField(upload_to=output_path, max_length=200, blank=True)
    input_sha256 = models.CharField(max_length=64, blank=True)
    output_sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    # [{"page", "box", "basis", "reason"}] of the output, and [{"basis", "boxes"}].
    marks = models.JSONField(default=list, blank=True)
    bases = models.JSONField(default=list, blank=True)
    checks = models.JSONField(default=list, blank=True)
    error = models.TextField("未通过原因", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "遮盖处理"
        verbose_name_plural = "遮盖处理"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_state_display()}）"

    @property
    def output_name(self) -> str:
        suffix = suffix_of(self.name)
        stem = self.name[: -len(suffix) - 1] if suffix in ("pdf", *CONVERTIBLE) else self.name
        return f"{stem}（公开版）.pdf"

    @property
    def box_count(self) -> int:
        return sum(int(b["boxes"]) for b in self.bases)
