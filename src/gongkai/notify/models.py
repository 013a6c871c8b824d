"""Messages to applicants and staff: one row each, kept until delivered or given up.

A message is written in the transaction of the action that causes it, so it exists
exactly when the action happened; it is sent afterwards (`outbox.py`), retried when the
mail server or the SMS gateway is down, and its result stays on the row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from gongkai import identity


class MessageQuerySet(models.QuerySet):
    def about(self, obj) -> MessageQuerySet:
        return self.filter(about_type=ContentType.objects.get_for_model(type(obj)), about_id=obj.pk)

    def due(self, now=None) -> MessageQuerySet:
        """Waiting to be sent now, or claimed by a sender that died (its claim ran out)."""
        now = now or timezone.now()
        return self.filter(
            models.Q(status=Message.Status.PENDING, next_try_at__lte=now)
            | models.Q(status=Message.Status.SENDING, claimed_until__lt=now)
        )


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        SMS = "sms", "短信"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    class Audience(models.TextChoices):
        APPLICANT = "applicant", "申请人"
        STAFF = "staff", "工作人员"

    audience = models.CharField("对象", max_length=10, choices=Audience.choices)
    kind = models.CharField("类别", max_length=40)
    channel = models.CharField("方式", max_length=10, choices=Channel.choices)
    recipient = models.CharField("收件地址", max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    last_error = models.CharField("最近一次失败原因", max_length=500, blank=True)
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    next_try_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "next_try_at"], name="notify_due"),
            models.Index(fields=["about_type", "about_id"], name="notify_about"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}（{self.get_status_display()}）"

    @property
    def masked_recipient(self) -> str:
        """The address as pages show it (the applicant's contact details are personal)."""
        if self.channel == self.Channel.EMAIL:
            return identity.mask_email(self.recipient)
        return identity.mask_phone(self.recipient)

    @property
    def message_id(self) -> str:
        """The same Message-ID on every try, so a mail delivered twice shows once."""
        return f"<gongkai-message-{self.pk}@{settings.NOTIFY_MESSAGE_ID_DOMAIN}>"
