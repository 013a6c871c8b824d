"""The agency's disclosure catalog (政府信息公开目录) and guide (政府信息公开指南)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from . import article20


def new_category_code() -> str:
    return secrets.token_hex(4)


class CatalogCategoryQuerySet(models.QuerySet):
    def visible_to(self, user) -> CatalogCategoryQuerySet:
        from gongkai.agencies.models import Agency

        return self.filter(agency__in=Agency.objects.visible_to(user))

    def active(self) -> CatalogCategoryQuerySet:
        return self.filter(is_active=True)


class CatalogCategory(models.Model):
    """A node of an agency's catalog, mapped to one 第二十条 category.

    It is also a column (栏目) of the agency's disclosure column: a news-type column must
    be updated within two weeks, another within its `update_days` when set; the documents
    of the 制度 kind form the part 政府信息公开制度 (国办公开办函〔2019〕61号).
    """

    class Kind(models.TextChoices):
        GENERAL = "", "一般栏目"
        NEWS = "news", "动态、要闻类栏目"
        RULES = "rules", "政府信息公开制度"

    NEWS_UPDATE_DAYS = 14

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="catalog_categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级类目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(max_length=16, default=new_category_code, editable=False)
    name = models.CharField("类目名称", max_length=100)
    article20 = models.PositiveSmallIntegerField(
        "对应第二十条类别", choices=article20.Article20.choices
    )
    description = models.TextField("说明", blank=True)
    kind = models.CharField(
        "栏目类型",
        max_length=10,
        choices=Kind.choices,
        default=Kind.GENERAL,
        blank=True,
        help_text="动态、要闻类栏目须两周内更新；“政府信息公开制度”类目的文件列入公开制度栏目",
    )
    update_days = models.PositiveSmallIntegerField(
        "更新周期（天）",
        null=True,
        blank=True,
        help_text="超过该天数未更新即为栏目不更新；动态、要闻类栏目不填为14天，其他栏目不填则不检查",
    )
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    objects = CatalogCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "目录类目"
        verbose_name_plural = "目录类目"
        ordering = ["agency", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="category_code_unique"),
            models.UniqueConstraint(
                fields=["agency", "parent", "name"], name="category_name_unique"
            ),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name} / {self.name}"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:category", args=[self.agency.slug, self.code])

    @property
    def article20_label(self) -> str:
        return article20.short_label(self.article20)

    @property
    def required_update_days(self) -> int | None:
        """Days within which the column must be updated, or None when no period applies."""
        if self.update_days:
            return self.update_days
        return self.NEWS_UPDATE_DAYS if self.kind == self.Kind.NEWS else None

    def get_article20_numeral(self) -> str:
        return article20.NUMERALS[self.article20]


class GuideVersionQuerySet(models.QuerySet):
    def current_for(self, agency) -> GuideVersion | None:
        return self.filter(agency=agency).order_by("-number").first()


class GuideVersion(models.Model):
    """One version of the agency's guide; the newest is the current guide."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="guides")
    number = models.PositiveIntegerField("版本")
    overview = models.TextField("概述")
    proactive = models.TextField("主动公开", help_text="公开的范围、形式、时限")
    applications = models.TextField("依申请公开", help_text="申请方式、受理渠道、办理程序和时限")
    office = models.TextField("受理机构", help_text="名称、办公地址、邮政编码")
    hours = models.CharField("办公时间", max_length=200)
    contacts = models.TextField("联系方式", help_text="电话、传真、电子邮箱")
    fees = models.TextField("收费", blank=True)
    remedies = models.TextField("监督和救济", help_text="投诉、举报、行政复议、行政诉讼")
    note = models.CharField("修订说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    objects = GuideVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "公开指南版本"
        verbose_name_plural = "公开指南版本"
        ordering = ["agency", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="guide_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} 政府信息公开指南（第{self.number}版）"

    SECTIONS = (
        "overview",
        "proactive",
        "applications",
        "office",
        "hours",
        "contacts",
        "fees",
        "remedies",
    )

    def anchored_sections(self) -> list[tuple[str, str, str]]:
        """(anchor, title, text): the portal links to a section, e.g. `#applications`."""
        return [
            (name, self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SECTIONS
            if getattr(self, name)
        ]

    def sections(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SECTIONS
            if getattr(self, name)
        ]
