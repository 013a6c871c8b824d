"""What the supervising office enters and freezes: manual scores with their evidence
(佐证材料), and a closed year's sheets, frozen like report versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.workflow import ActionError, random_code


def evidence_path(instance: ManualScore, filename: str) -> str:
    return f"scoring/{instance.year}/{instance.agency_id}/{random_code()}-{filename[-80:]}"


class ManualScore(models.Model):
    """The score of a manual indicator, entered by the supervising office with evidence."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("考核年度")
    indicator = models.CharField("指标", max_length=60)
    score = models.DecimalField("得分", max_digits=7, decimal_places=2)
    note = models.TextField("评分说明", blank=True)
    evidence = models.FileField("佐证材料", upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField("佐证材料文件名", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "indicator"], name="manual_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year} {self.indicator} {self.score}"


class FrozenError(ActionError):
    """Raised on an attempt to change a closed year's scores."""


class ClosedYear(models.Model):
    """A year the supervising office has closed: its indicator file and every agency's
    sheet as they stood, which nothing changes afterwards."""

    office = models.ForeignKey(
        Agency, verbose_name="考核机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("考核年度")
    set_key = models.CharField("指标体系", max_length=60)
    set_year = models.PositiveSmallIntegerField("指标文件年份")
    set_text = models.TextField("指标文件")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "已结束的考核年度"
        verbose_name_plural = "已结束的考核年度"
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="closed_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office.name}{self.year}年度考核"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenError("已结束的考核年度不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("已结束的考核年度不能删除。")


class FrozenSheetQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("已结束年度的考核结果不能修改。")

    def delete(self):
        raise FrozenError("已结束年度的考核结果不能删除。")


class FrozenSheet(models.Model):
    closed = models.ForeignKey(ClosedYear, on_delete=models.PROTECT, related_name="sheets")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("得分", max_digits=7, decimal_places=2)
    sheet = models.JSONField("考核表")

    objects = FrozenSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "考核表（已结束）"
        verbose_name_plural = "考核表（已结束）"
        constraints = [
            models.UniqueConstraint(fields=["closed", "agency"], name="frozen_sheet_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.closed.year}年度考核表"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenError("已结束年度的考核结果不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("已结束年度的考核结果不能删除。")
