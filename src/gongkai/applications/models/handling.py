"""What happens to an application, kept as rows: clock events, consultations, the
extension, fee notices, the applicant's files, the letters; and the rows behind the
public status page's rate limit and the daily reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.workdays import EventKind
from gongkai.workflow import random_code

from ..fees import METHOD_LABELS, FeeMethod


def new_code() -> str:
    # kept by this name: migrations refer to it
    return random_code()


EVENT_LABELS = {
    EventKind.CORRECTION_REQUESTED: "告知补正",
    EventKind.CORRECTION_RECEIVED: "收到补正",
    EventKind.CONSULTATION_STARTED: "开始征求意见",
    EventKind.CONSULTATION_ENDED: "征求意见结束",
    EventKind.EXTENDED: "延长答复期限",
    EventKind.FEE_NOTIFIED: "发出收费通知",
    EventKind.FEE_PAID: "缴纳费用",
}


class ApplicationEvent(models.Model):
    """One event of the statutory clock, in the order they happened."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(
        "环节", max_length=30, choices=[(k.value, v) for k, v in EVENT_LABELS.items()]
    )
    on = models.DateField("日期")
    days = models.PositiveSmallIntegerField("工作日", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "计时环节"
        verbose_name_plural = "计时环节"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Consultation(models.Model):
    """征求意见: a third party (第三十二条) or another agency (第三十四条)."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他行政机关"

    class Result(models.TextChoices):
        AGREED = "agreed", "同意公开"
        OBJECTED = "objected", "不同意公开"
        NO_REPLY = "no_reply", "逾期未提出意见"

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="consultations"
    )
    party_kind = models.CharField("被征求意见方", max_length=20, choices=Party.choices)
    party_name = models.CharField("名称或姓名", max_length=200)
    party_address = models.CharField("地址", max_length=200, blank=True)
    started_on = models.DateField("发出征求意见日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    result = models.CharField("意见", max_length=20, choices=Result.choices, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.party_name}（{self.started_on}）"


class ExtensionRequest(models.Model):
    """The officer asks, a reviewer decides (第三十三条: approved by the office's head)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField("延长工作日")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(
        "审批", max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("批准日期", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(decision="approved"),
                name="extension_once",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(decision="pending"),
                name="extension_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=20), name="extension_days_range"
            ),
        ]

    def __str__(self) -> str:
        return f"延长{self.days}个工作日（{self.get_decision_display()}）"


class FeeNotice(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "待缴费"
        PAID = "paid", "已缴费"
        UNPAID = "unpaid", "逾期未缴费"

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="fee_notices"
    )
    method = models.CharField(
        "计费方式", max_length=20, choices=[(m.value, METHOD_LABELS[m]) for m in FeeMethod]
    )
    ordinal = models.PositiveIntegerField("本月申请件次", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    amount = models.PositiveIntegerField("金额（元）")
    explanation = models.TextField("计算过程")
    notified_on = models.DateField("通知日期")
    payment_due = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        ordering = ["notified_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(state="pending"), name="fee_one_pending"
            ),
            # one method per notice: 按件 counts applications, 按量 counts pages
            models.CheckConstraint(
                condition=(Q(method="per_application") & Q(pages__isnull=True))
                | (Q(method="per_volume") & Q(ordinal__isnull=True)),
                name="fee_one_method",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount}元（{self.get_state_display()}）"


def applicant_file_path(instance: ApplicantFile, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{instance.application.agency_id}/{instance.code}.{suffix}"


class ApplicantFile(models.Model):
    """A file the applicant gave: the application's scan, proof of identity, a correction."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(upload_to=applicant_file_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小")
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


def letter_path(instance: Letter, filename: str) -> str:
    return f"letters/{instance.agency_id}/{instance.year}/{instance.code}.docx"


class Letter(models.Model):
    """A letter (告知书) as sent: the generated Word file stays with the application."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="letters"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=30)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文号", max_length=60)
    year = models.PositiveIntegerField()
    serial = models.PositiveIntegerField()
    addressee = models.CharField("收件人", max_length=200)
    to_applicant = models.BooleanField(default=True)
    file = models.FileField(upload_to=letter_path, max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    dated = models.DateField("落款日期")
    # A letter replaced by a correction of the answer stays, marked superseded.
    superseded_at = models.DateTimeField("作废时间", null=True, blank=True)
    superseded_reason = models.CharField("作废原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "告知书"
        verbose_name_plural = "告知书"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "serial"], name="letter_serial_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def filename(self) -> str:
        return f"{self.number}{self.title}.docx".replace("/", "-")


class LetterTemplate(models.Model):
    """An agency's own wording of one kind of letter (the default lives in letter_texts.py)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=30)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "告知书模板"
        verbose_name_plural = "告知书模板"
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="letter_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.title}"


def letterhead_path(instance: Letterhead, filename: str) -> str:
    return f"letterheads/{instance.agency_id}/{new_code()}.docx"


class Letterhead(models.Model):
    """An agency's Word layout for its letters (fonts, header, seal), with placeholders."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=letterhead_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "告知书版式"
        verbose_name_plural = "告知书版式"

    def __str__(self) -> str:
        return self.name


class StatusLookup(models.Model):
    """One attempt on the public status page. Rows, so that every process counts them."""

    at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    code = models.CharField(max_length=32)
    succeeded = models.BooleanField(default=False)

    class Meta:
        verbose_name = "申请查询记录"
        verbose_name_plural = "申请查询记录"
        indexes = [
            models.Index(fields=["ip", "at"], name="lookup_ip_at"),
            models.Index(fields=["code", "at"], name="lookup_code_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.code}"


class ReminderSent(models.Model):
    """The daily reminder a user was sent: cron may run twice, the mail goes once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
