"""After the answer: the information delivered (第四十条), the service (送达) of every
letter, and corrections of an answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.workflow import random_code


def new_code() -> str:
    return random_code()


def delivered_file_path(instance: DeliveredFile, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"delivered/{instance.application.agency_id}/{instance.code}.{suffix}"


class DeliveredFile(models.Model):
    """A file of the information given to the applicant with the answer."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="delivered"
    )
    file = models.FileField(upload_to=delivered_file_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小")
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "提供的信息"
        verbose_name_plural = "提供的信息"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """How and when a letter (and the information with it) reached the applicant: the
    applicant's periods for reconsideration and litigation run from this day."""

    class Method(models.TextChoices):
        ONLINE = "online", "在线（本平台）"
        EMAIL = "email", "电子邮件"
        POST = "post", "邮寄"
        IN_PERSON = "in_person", "当面领取"

    letter = models.OneToOneField(
        "applications.Letter", on_delete=models.CASCADE, related_name="service"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="services"
    )
    on = models.DateField("送达日期")
    method = models.CharField("送达方式", max_length=12, choices=Method.choices)
    tracking_number = models.CharField("邮件单号", max_length=60, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "送达"
        verbose_name_plural = "送达"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.on}"


class AnswerCorrection(models.Model):
    """A wrong outcome or letter corrected after the answer, by a reviewer, with a reason:
    the old letter stays, marked superseded by the new one."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="corrections"
    )
    old_outcome = models.CharField("原办理结果", max_length=10)
    new_outcome = models.CharField("更正后的办理结果", max_length=10)
    reason = models.TextField("更正理由")
    old_letter = models.ForeignKey(
        "applications.Letter", null=True, on_delete=models.PROTECT, related_name="+"
    )
    new_letter = models.ForeignKey(
        "applications.Letter", null=True, on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField("更正日期")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "答复更正"
        verbose_name_plural = "答复更正"
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_outcome} → {self.new_outcome}（{self.on}）"


class OnlineSubmission(models.Model):
    """One new online application from an address: after a few within the hour, the form
    asks a question first (`challenge.py`). Rows, so that every process counts them."""

    at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "网上提交记录"
        verbose_name_plural = "网上提交记录"
        indexes = [models.Index(fields=["ip", "at"], name="submission_ip_at")]

    def __str__(self) -> str:
        return f"{self.ip} {self.at}"
