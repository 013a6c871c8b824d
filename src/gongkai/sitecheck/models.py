"""The last inspection of each agency's column, as `gongkai manage sitecheck` found it."""

from __future__ import annotations

from django.db import models


class SiteCheck(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="site_checks"
    )
    checked_at = models.DateTimeField("检查时间")
    findings = models.JSONField("发现的问题", default=list)
    failing = models.PositiveIntegerField("单项否决问题", default=0)

    class Meta:
        verbose_name = "网站检查结果"
        verbose_name_plural = "网站检查结果"
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["agency", "-checked_at"], name="sitecheck_latest")]

    def __str__(self) -> str:
        return f"{self.agency} {self.checked_at:%Y-%m-%d %H:%M}"
