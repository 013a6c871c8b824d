"""Sign-off levels as data: each agency's review chain (for example 科室负责人 -> 保密审查员
-> 分管领导), each step a role with its checklist; an item records every signature with
its time, and is approved only when every step of the chain has signed the current
submission, in order. An agency without a chain keeps the single review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignoffStep(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="signoff_steps"
    )
    order = models.PositiveSmallIntegerField("顺序")
    title = models.CharField(
        "签批环节", max_length=60, help_text="如：科室负责人、保密审查员、分管领导"
    )
    role = models.CharField(
        "签批角色",
        max_length=20,
        choices=[("reviewer", "审核"), ("publisher", "发布"), ("admin", "机关管理员")],
    )
    checklist = models.JSONField("核对事项", default=list, blank=True)

    class Meta:
        verbose_name = "签批环节"
        verbose_name_plural = "签批环节"
        ordering = ["agency", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "order"], name="signoff_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Signature(models.Model):
    """One step signed for one submission of an item (the step's title and checklist are
    copied, so a chain changed later does not rewrite what was signed)."""

    item = models.ForeignKey("publishing.Item", on_delete=models.CASCADE, related_name="signatures")
    step = models.ForeignKey(SignoffStep, null=True, on_delete=models.SET_NULL, related_name="+")
    step_title = models.CharField("签批环节", max_length=60)
    order = models.PositiveSmallIntegerField()
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checklist = models.JSONField(default=dict)
    comment = models.TextField("签批意见", blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "签批记录"
        verbose_name_plural = "签批记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.step_title} · {self.signer}"


def chain(agency) -> list[SignoffStep]:
    return list(SignoffStep.objects.filter(agency=agency).order_by("order", "pk"))


def current_signatures(item) -> list[Signature]:
    """The signatures of the item's current submission."""
    if item.submitted_at is None:
        return []
    return list(
        item.signatures.filter(at__gte=item.submitted_at).select_related("signer").order_by("at")
    )


def next_step(item) -> SignoffStep | None:
    signed = {s.step_id for s in current_signatures(item)}
    return next((s for s in chain(item.agency) if s.pk not in signed), None)
