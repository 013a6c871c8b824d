"""Holiday schedules loaded by an administrator, for years the built-in calendar lacks.

The `chinesecalendar` package knows 2004-2026. A later year's State Council notice is
entered here (or a built-in year corrected); `calendar.current()` builds the working-day
calendar from the package plus these rows. The text is the schedule format of
`docs/workdays.md`, kept as entered so that it can be read back and audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.workdays import YearSchedule, parse_schedules


class HolidaySchedule(models.Model):
    year = models.PositiveIntegerField("年份", unique=True)
    text = models.TextField("安排（文本格式）")
    source = models.CharField("来源", max_length=200, blank=True)
    updated_at = models.DateTimeField("载入时间", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="载入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def to_schedule(self) -> YearSchedule:
        """The stored text as a schedule; raises WorkdaysError if it no longer parses."""
        (schedule,) = parse_schedules(self.text, source=f"数据库中的{self.year}年安排")
        return schedule

    @property
    def holiday_count(self) -> int:
        return len(self.to_schedule().holidays)

    @property
    def workday_count(self) -> int:
        return len(self.to_schedule().workdays)
