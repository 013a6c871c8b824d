"""Agencies as a tree, and who works for which agency in which role.

A supervising office (政务公开办) sees its whole subtree. The tree is stored as a
materialized path ("000001/000007/"), so a subtree is one indexed prefix query on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse


class AgencyQuerySet(models.QuerySet):
    def subtree_of(self, agency: Agency) -> AgencyQuerySet:
        """The agency and everything below it."""
        return self.filter(path__startswith=agency.path)

    def visible_to(self, user) -> AgencyQuerySet:
        """Agencies where the user holds a role, and the subtrees they supervise."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(memberships__user=user) | _subtrees_supervised(user)).distinct()

    def supervised_by(self, user) -> AgencyQuerySet:
        """The agencies in the subtrees the user supervises (the supervised agency itself
        included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(_subtrees_supervised(user))

    def public(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


def _subtrees_supervised(user) -> Q:
    prefixes = Membership.objects.filter(user=user, role=Role.SUPERVISOR).values_list(
        "agency__path", flat=True
    )
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(path__startswith=prefix)
    return condition


class Agency(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        TOWNSHIP = "township", "乡镇（街道）"
        OTHER = "other", "其他机关"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    org_code = models.CharField(
        "组织机构代码",
        max_length=30,
        help_text="用于生成索引号，如 11410303MB0000001X 或 00523456-7",
    )
    slug = models.SlugField("网址标识", max_length=60, unique=True)
    functions = models.TextField("主要职能", blank=True)
    head = models.CharField("负责人", max_length=50, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["org_code"], name="agency_org_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._refresh_path()

    def get_absolute_url(self) -> str:
        return reverse("portal:agency", args=[self.slug])

    def _refresh_path(self) -> None:
        parent_path = ""
        if self.parent_id:
            parent_path = Agency.objects.values_list("path", flat=True).get(pk=self.parent_id)
        new_path = f"{parent_path}{self.pk:06d}/"
        old_path = self.path
        if new_path == old_path:
            return
        if old_path and parent_path.startswith(old_path):
            raise ValueError("上级机关不能是本机关或其下级机关。")
        if old_path:
            # Re-parented: move the whole subtree.
            for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                Agency.objects.filter(pk=child.pk).update(
                    path=new_path + child.path[len(old_path) :]
                )
        Agency.objects.filter(pk=self.pk).update(path=new_path)
        self.path = new_path

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def ancestors(self) -> AgencyQuerySet:
        prefixes = []
        parts = [p for p in self.path.split("/") if p]
        for i in range(1, len(parts)):
            prefixes.append("/".join(parts[:i]) + "/")
        return Agency.objects.filter(path__in=prefixes).order_by("path")


class Role(models.TextChoices):
    EDITOR = "editor", "编辑"
    REVIEWER = "reviewer", "审核"
    PUBLISHER = "publisher", "发布"
    ADMIN = "admin", "机关管理员"
    OFFICER = "officer", "依申请公开办理"
    SUPERVISOR = "supervisor", "监督（政务公开办）"


class Membership(models.Model):
    """One role of one user in one agency; a person may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        ordering = ["agency__path", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
