"""Requests to the open data API counted per address and minute, in the database so
every process behind the load balancer shares the count (as the tracking page does)."""

from __future__ import annotations

from django.db import models


class ApiUsage(models.Model):
    ip = models.CharField(max_length=64)
    window = models.BigIntegerField()  # the window's start, in seconds since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "接口调用计数"
        verbose_name_plural = "接口调用计数"
        constraints = [models.UniqueConstraint(fields=["ip", "window"], name="api_usage_window")]

    def __str__(self) -> str:
        return f"{self.ip} @ {self.window}: {self.count}"
