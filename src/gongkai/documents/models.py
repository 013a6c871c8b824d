"""The document register (公文登记) and the library of rules and normative documents.

Every document an agency makes is registered, published or not, with its disclosure
attribute decided at drafting (`rules.py`). A 主动公开 entry opens a publishing draft
(`item`); the 规章 and 行政规范性文件 among them carry the library's fields (统一登记号,
施行日期, 有效期至, 主题分类, 关键词, 内容概述, 题注) and their validity lives on the item
(`publishing.Item.validity`), which is what table 二 of the annual report counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.publishing.models import Item
from gongkai.workflow import Transition, Workflow, WorkflowModel, random_code

from . import rules


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> DocumentQuerySet:
        return self.filter(agency__in=Agency.objects.visible_to(user))

    def library(self) -> DocumentQuerySet:
        """The 规章 and 行政规范性文件 published on the portal (any validity)."""
        return self.filter(
            kind__in=sorted(rules.LIBRARY_KINDS), item__status__in=list(Item.PUBLIC_STATES)
        )

    def in_force(self) -> DocumentQuerySet:
        return self.library().filter(
            item__status=Item.Status.PUBLISHED, item__validity=Item.Validity.IN_FORCE
        )


class Document(models.Model):
    code = models.CharField(max_length=16, unique=True, default=random_code, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name="制发机关", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("文种", max_length=20, choices=rules.KINDS)
    number = models.CharField("文号", max_length=100, blank=True)
    made_on = models.DateField("成文日期")
    issuers = models.CharField(
        "发文机关", max_length=300, help_text="联合发文的，各机关之间用顿号（、）分隔。"
    )
    title = models.CharField("标题", max_length=300)
    attribute = models.CharField("公开属性", max_length=20, choices=rules.ATTRIBUTES, blank=True)
    reason = models.TextField("不公开或依申请公开的理由", blank=True)
    basis = models.CharField("法律依据", max_length=300, blank=True)
    forwarded = models.ForeignKey(
        "self",
        verbose_name="所转发的文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwards",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("政务公开机构确认时间", null=True, blank=True)
    item = models.OneToOneField(
        Item,
        verbose_name="公开信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_entry",
    )
    # The library (规章 and 行政规范性文件), 条例第十二条 and 国办公开办函〔2021〕33号.
    registration_number = models.CharField("统一登记号", max_length=60, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    topic = models.CharField("主题分类", max_length=60, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    caption = models.TextField(
        "题注",
        blank=True,
        help_text="规章的公布、修订、施行情况，如：2024年3月1日区政府令第5号公布",
    )
    expiry_warned_on = models.DateField("到期提醒日期", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "公文登记"
        verbose_name_plural = "公文登记"
        ordering = ["-made_on", "-pk"]
        indexes = [models.Index(fields=["agency", "attribute", "made_on"])]
        constraints = [
            # 规章 and 行政规范性文件 are always 主动公开, whatever code runs.
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(rules.LIBRARY_KINDS)) | Q(attribute=rules.PUBLIC),
                name="document_library_kinds_public",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_staff_url(self) -> str:
        return reverse("documents:document", args=[self.code])

    def roles_of(self, user) -> set[str]:
        return roles_in(user, self.agency)

    @property
    def is_policy(self) -> bool:
        return self.kind in rules.POLICY_KINDS

    @property
    def is_library(self) -> bool:
        return self.kind in rules.LIBRARY_KINDS

    @property
    def needs_confirmation(self) -> bool:
        """A policy document registered 不予公开 waits for the disclosure office."""
        return self.is_policy and self.attribute == rules.WITHHELD and not self.confirmed_at

    @property
    def issuer_list(self) -> list[str]:
        return [p.strip() for p in self.issuers.replace(",", "、").split("、") if p.strip()]


class CleanupBatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> CleanupBatchQuerySet:
        """Batches over an agency the user works for or supervises."""
        visible = Agency.objects.visible_to(user)
        paths = list(visible.values_list("path", flat=True))
        condition = Q(pk__in=[])
        for path in paths:
            # the batch's scope (its agency's subtree) holds one of the user's agencies
            condition |= Q(agency__path__in=[path[:i] for i in range(1, len(path) + 1)])
        return self.filter(condition)


class CleanupBatch(WorkflowModel, models.Model):
    """A periodic review (清理) opened by the disclosure office over an agency's subtree:
    each agency marks every document in force 继续有效 / 修改 / 废止; when all are marked
    the office finishes the batch and its result list is published."""

    class Status(models.TextChoices):
        OPEN = "open", "清理中"
        FINISHED = "finished", "已完成"

    code = models.CharField(max_length=16, unique=True, default=random_code, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name="清理范围", on_delete=models.PROTECT, related_name="cleanups"
    )
    title = models.CharField("名称", max_length=200)
    due_on = models.DateField("完成期限")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CleanupBatchQuerySet.as_manager()

    WORKFLOW = Workflow(
        "cleanup",
        {
            "finish": Transition(
                (Status.OPEN,), Status.FINISHED, (Role.SUPERVISOR,), "完成清理并公布"
            )
        },
    )

    class Meta:
        verbose_name = "文件清理"
        verbose_name_plural = "文件清理"
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:cleanup", args=[self.code])

    def get_staff_url(self) -> str:
        return reverse("documents:cleanup", args=[self.code])

    def roles_of(self, user) -> set[str]:
        return roles_in(user, self.agency)


class CleanupEntry(models.Model):
    class Decision(models.TextChoices):
        CONTINUE = "continue", "继续有效"
        AMEND = "amend", "修改"
        REPEAL = "repeal", "废止"

    batch = models.ForeignKey(CleanupBatch, on_delete=models.CASCADE, related_name="entries")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="cleanups")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("清理结论", max_length=20, choices=Decision.choices, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "清理结论"
        verbose_name_plural = "清理结论"
        ordering = ["agency__path", "document__made_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "document"], name="cleanup_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch} · {self.document}"
