"""The append-only audit log every app writes to.

One row per state change: who, when, what, on which object, from which state to which,
with the comment. Rows are never updated or deleted: the model refuses it, and a
database trigger (see the migration) refuses UPDATE whatever client tries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import labels


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete an audit row."""


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=label_of(obj), target_id=str(obj.pk))

    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=60)
    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.CharField("对象", max_length=40)
    target_repr = models.CharField("对象名称", max_length=300, blank=True)
    from_state = models.CharField("原状态", max_length=30, blank=True)
    to_state = models.CharField("新状态", max_length=30, blank=True)
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    # the address of the request that made the change (the client's, behind the trusted
    # proxy); empty for commands and background jobs
    client_ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    @property
    def action_label(self) -> str:
        return labels.action(self.action)

    @property
    def from_state_label(self) -> str:
        return labels.state(self.from_state)

    @property
    def to_state_label(self) -> str:
        return labels.state(self.to_state)


def label_of(obj: models.Model) -> str:
    return obj._meta.label_lower
