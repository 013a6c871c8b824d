"""Published information items (主动公开信息) and their workflow.

The workflow is data: `Item.WORKFLOW` maps each move to the states it leaves from,
the state it reaches and the roles allowed to make it; the actions make the moves
through `gongkai.workflow`, the only code that changes `status`; database constraints make sure nothing reaches the portal
without an approved confidentiality review, whatever code or request tries.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.workflow import Transition, Workflow, WorkflowModel, random_code

from . import deadlines, interpretation, topics
from .catalog import CatalogCategory, GuideVersion
from .entries import SearchEntry
from .signoff import Signature, SignoffStep

__all__ = [
    "AgencyWord",
    "Attachment",
    "CatalogCategory",
    "Finding",
    "GuideVersion",
    "Item",
    "Review",
    "SearchEntry",
    "Screening",
    "Signature",
    "SignoffStep",
    "TextSource",
    "Transition",
]


def new_code() -> str:
    # kept by this name: migrations refer to it
    return random_code()


class ItemQuerySet(models.QuerySet):
    def public(self) -> ItemQuerySet:
        """What the portal may show: published items, including repealed ones."""
        public = self.filter(status__in=Item.PUBLIC_STATES)
        # Usually no agency is inactive: then no condition at all, so counts can be
        # answered from the (status, published_on) index alone.
        inactive = list(Agency.objects.filter(is_active=False).values_list("pk", flat=True))
        return public.exclude(agency_id__in=inactive) if inactive else public

    def visible_to(self, user) -> ItemQuerySet:
        """Items of the agencies the user works for or supervises (any state)."""
        return self.filter(agency__in=Agency.objects.visible_to(user))


class Item(WorkflowModel, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "待发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"
        REPEALED = "repealed", "已废止"

    class DocKind(models.TextChoices):
        RULE = "rule", "规章"
        NORMATIVE = "normative", "行政规范性文件"
        POLICY = "policy", "其他政策文件"
        INTERPRETATION = "interpretation", "政策解读"
        CONCERN = "concern", "回应关切"
        OTHER = "other", "其他"

    class InterpretationForm(models.TextChoices):
        TEXT = "text", "文字解读"
        GRAPHIC = "graphic", "图解"
        MEDIA = "media", "音视频"
        QA = "qa", "问答"
        BRIEFING = "briefing", "新闻发布会"
        EXPERT = "expert", "专家解读"

    class Validity(models.TextChoices):
        IN_FORCE = "in_force", "有效"
        REPEALED = "repealed", "已废止"
        EXPIRED = "expired", "已失效"

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name="发布机构", on_delete=models.PROTECT, related_name="items"
    )
    category = models.ForeignKey(
        CatalogCategory,
        verbose_name="分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    title = models.CharField("标题", max_length=300)
    document_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("发文日期", null=True, blank=True)
    made_on = models.DateField(
        "形成或变更日期",
        default=timezone.localdate,
        help_text="信息形成或者变更的日期，自该日起20个工作日内公开（条例第二十六条）",
    )
    doc_kind = models.CharField(
        "文件类型", max_length=20, choices=DocKind.choices, default=DocKind.OTHER
    )
    topic = models.CharField(
        "主题分类", max_length=2, choices=topics.Topic.choices, blank=True, db_index=True
    )
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, default=Validity.IN_FORCE
    )
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    # 政策解读 (国办发〔2016〕80号): a 解读 item points at the document it interprets.
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    interpretation_form = models.CharField(
        "解读形式", max_length=20, choices=InterpretationForm.choices, blank=True
    )
    interpreter = models.CharField("解读人", max_length=100, blank=True)
    no_interpretation_reason = models.TextField(
        "不需解读的理由", blank=True, help_text="政策文件不附解读的，须写明理由。"
    )
    # 回应关切 (国办发〔2016〕61号): the concern and when it arose; answered when published.
    concern = models.TextField("关切事项", blank=True)
    concern_arose_at = models.DateTimeField("关切发生时间", null=True, blank=True)
    # Validity links (国办发〔2017〕47号): what a document amends, what replaced it.
    amends = models.ForeignKey(
        "self",
        verbose_name="修订自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="替代文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    expired_on = models.DateField("失效日期", null=True, blank=True)
    body = models.TextField("正文", blank=True)
    body_text = models.TextField(blank=True, editable=False)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    index_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    index_number = models.CharField("索引号", max_length=60, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField("撤回原因", blank=True)

    objects = ItemQuerySet.as_manager()

    PUBLIC_STATES = (Status.PUBLISHED, Status.REPEALED)
    REVIEWED_STATES = (Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN, Status.REPEALED)
    EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
    WORKFLOW = Workflow(
        "item",
        {
            "submit": Transition(
                (Status.DRAFT, Status.RETURNED), Status.SUBMITTED, (Role.EDITOR,), "提交审核"
            ),
            "return": Transition(
                (Status.SUBMITTED,),
                Status.RETURNED,
                (Role.REVIEWER,),
                "退回修改",
                needs_comment=True,
            ),
            "approve": Transition(
                (Status.SUBMITTED,), Status.APPROVED, (Role.REVIEWER,), "审核通过"
            ),
            "publish": Transition((Status.APPROVED,), Status.PUBLISHED, (Role.PUBLISHER,), "发布"),
            "withdraw": Transition(
                (Status.PUBLISHED, Status.REPEALED),
                Status.WITHDRAWN,
                (Role.PUBLISHER,),
                "撤回",
                needs_comment=True,
            ),
            "repeal": Transition((Status.PUBLISHED,), Status.REPEALED, (Role.PUBLISHER,), "废止"),
            "revise": Transition(
                (Status.APPROVED, Status.WITHDRAWN), Status.DRAFT, (Role.EDITOR,), "重新编辑"
            ),
        },
    )

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "published_on"]),
            models.Index(fields=["status", "published_on"]),
            # The portal lists newest first across all public states.
            models.Index(fields=["-published_on", "-id"], name="item_newest"),
            models.Index(fields=["category", "status", "published_on"]),
            # The annual report counts an agency's rules and normative documents (table 二).
            models.Index(fields=["agency", "doc_kind", "status"], name="item_documents"),
            # A search for a 索引号 or a 文号 goes straight to the document.
            models.Index(fields=["index_number"], name="item_index_number"),
            models.Index(
                fields=["document_number"],
                condition=~Q(document_number=""),
                name="item_document_number",
            ),
            # Search by 成文日期 range.
            models.Index(fields=["issued_on"], name="item_issued_on"),
        ]
        constraints = [
            # Nothing past review without a reviewer and a time of approval.
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "published", "withdrawn", "repealed"])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="item_reviewed_before_approval",
            ),
            # Nothing public without an index number and a publication time.
            models.CheckConstraint(
                condition=~Q(status__in=["published", "withdrawn", "repealed"])
                | (Q(published_at__isnull=False, published_on__isnull=False) & ~Q(index_number="")),
                name="item_published_has_index",
            ),
            models.UniqueConstraint(
                fields=["agency", "index_number"],
                condition=~Q(index_number=""),
                name="item_index_number_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"],
                condition=Q(index_serial__isnull=False),
                name="item_index_serial_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:item", args=[self.code])

    def get_staff_url(self) -> str:
        return reverse("publishing:item", args=[self.code])

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATES

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATES

    def roles_of(self, user) -> set[str]:
        return roles_in(user, self.agency)

    def publication_due(self) -> date:
        """The last day to publish under 第二十六条 (20 working days after made_on)."""
        return deadlines.publication_due(self.made_on)

    def publication_late(self) -> bool | None:
        """True if published (or still unpublished) after the due date; None if on time."""
        due = self.publication_due()
        if self.published_on:
            return self.published_on > due
        return timezone.localdate() > due

    @property
    def concern_due(self):
        """When a 回应关切 must be answered by (None for other items)."""
        if self.doc_kind != self.DocKind.CONCERN or not self.concern_arose_at:
            return None
        return interpretation.concern_due(self.concern_arose_at)

    @property
    def concern_late(self) -> bool | None:
        return interpretation.concern_late(self)

    @property
    def article20(self) -> int | None:
        return self.category.article20 if self.category_id else None

    SUMMARY_CHARS = 80

    @property
    def summary(self) -> str:
        """内容概述 for the catalog (条例第十二条): the body's first sentence of some length,
        cut at the limit; the title when the body is empty."""
        text = " ".join(self.body_text.split())
        if not text:
            return self.title
        head = text[: self.SUMMARY_CHARS]
        ends = [i for i, ch in enumerate(head) if ch in "。！？；" and i >= 19]
        if ends:
            return head[: ends[0] + 1]
        return head if len(text) <= self.SUMMARY_CHARS else head + "……"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random; the original name is kept in `name`.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.item.agency_id}/{instance.code}.{suffix}"


class TextSource(models.TextChoices):
    LAYER = "layer", "文件文本"
    OCR = "ocr", "文字识别（OCR）"
    NONE = "none", "无法读取"


class Attachment(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # The attachment's text for screening and search (OCR'd where scanned), set by the
    # screening job.
    text = models.TextField("文本", blank=True, editable=False)
    text_source = models.CharField(
        "文本来源", max_length=10, choices=TextSource.choices, blank=True, editable=False
    )
    # What OCR read of a scanned attachment, as [text, location, uncertain] rows, so a
    # new screening (a changed word list, say) need not read the scan again.
    segments = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:attachment", args=[self.item.code, self.code])

    @property
    def size_label(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"


class Review(models.Model):
    """The reviewer's decision on one submission, with the confidentiality checklist."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "通过"
        RETURN = "return", "退回"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    checklist = models.JSONField("保密审查清单", default=dict)
    comment = models.TextField("审核意见", blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_decision_display()}"


class AgencyWord(models.Model):
    """A word of the agency's own list (敏感词表: project code names, internal terms):
    screening flags it in every item of the agency."""

    class Severity(models.TextChoices):
        ERROR = "error", "禁止发布"
        WARNING = "warning", "需确认"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="screening_words")
    word = models.CharField("词语", max_length=50)
    severity = models.CharField(
        "处理方式", max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词表"
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "word"], name="agency_word_unique")
        ]

    def __str__(self) -> str:
        return self.word


class Screening(models.Model):
    """The automatic screening of an item (its body and attachments) for personal data,
    secrecy marks and the agency's words: the latest run, done by a background job."""

    class State(models.TextChoices):
        PENDING = "pending", "检查中"
        DONE = "done", "已完成"

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="screening")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    # Counts the requests: a job stores its findings only if no newer request came since
    # it started (the body or an attachment changed meanwhile).
    round = models.PositiveIntegerField(default=0)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "自动保密检查"
        verbose_name_plural = "自动保密检查"

    def __str__(self) -> str:
        return f"{self.item} · {self.get_state_display()}"

    @property
    def failure(self) -> str:
        """Why the job of a pending screening failed, or ""."""
        if self.state == self.State.PENDING and self.job and self.job.state == "failed":
            return self.job.error
        return ""


class FindingQuerySet(models.QuerySet):
    def open(self) -> FindingQuerySet:
        """In the way: errors, and warnings nobody acknowledged."""
        return self.filter(Q(severity="error") | Q(acknowledged_at__isnull=True))


class Finding(models.Model):
    """One thing screening found, with its place. The matched text itself is never
    stored (it is the personal data): masking finds it again in the file."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="findings")
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    rule = models.CharField("规则", max_length=40)
    severity = models.CharField("级别", max_length=10)
    message = models.CharField("问题", max_length=500)
    place = models.CharField("位置", max_length=300)
    location = models.JSONField(default=dict)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    maskable = models.BooleanField(default=False)
    # sha256 of the rule, the place and the matched text: an acknowledgement carries over
    # to the same finding when the item is screened again.
    fingerprint = models.CharField(max_length=64)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField("确认理由", max_length=300, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        ordering = ["attachment_id", "pk"]

    def __str__(self) -> str:
        return f"{self.place}：{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def source(self) -> str:
        return self.attachment.name if self.attachment_id else "正文"

    @property
    def open(self) -> bool:
        """Still in the way of approval: an error, or a warning not acknowledged."""
        return self.is_error or self.acknowledged_at is None
