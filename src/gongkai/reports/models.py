"""An agency's annual report for a year, its frozen versions, and table 二's entered figures.

The report is computed from the records while it is being written (`compute.py`); when
it is submitted, the engine's JSON snapshot is stored as a `ReportVersion` that nothing
changes afterwards (the model refuses it, and a database trigger refuses UPDATE of the
frozen columns). A correction is a new version with a reason. Moves are data
(`AnnualReport.WORKFLOW`), made through `gongkai.workflow` as for items.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from gongkai import annualreport as ar
from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.workflow import ActionError, Transition, Workflow, WorkflowModel, random_code

from . import deadlines


def new_code() -> str:
    # kept by this name: migrations refer to it
    return random_code()


class AnnualReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> AnnualReportQuerySet:
        return self.filter(agency__in=Agency.objects.visible_to(user))


class AnnualReport(WorkflowModel, models.Model):
    class Status(models.TextChoices):
        # Distinct codes from the items' states: audit labels are shared by code.
        DRAFTING = "drafting", "编制中"
        REPORTED = "reported", "已报送"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"
        CORRECTING = "correcting", "更正中"

    class Origin(models.TextChoices):
        BUILT = "built", "根据本系统记录生成"
        IMPORTED = "imported", "导入已发布的报告"

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    origin = models.CharField("来源", max_length=10, choices=Origin.choices, default=Origin.BUILT)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.DRAFTING
    )
    # Section key (序, 一 … 六) -> text, while the report is being written.
    narrative = models.JSONField("正文", default=dict, blank=True)
    correction_reason = models.TextField("更正原因", blank=True)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AnnualReportQuerySet.as_manager()

    S = Status
    EDITABLE_STATES = (S.DRAFTING, S.RETURNED, S.CORRECTING)
    WORKFLOW = Workflow(
        "report",
        {
            "submit": Transition(EDITABLE_STATES, S.REPORTED, (Role.EDITOR,), "报送"),
            "return": Transition(
                (S.REPORTED, S.PUBLISHED), S.RETURNED, (Role.SUPERVISOR,), "退回修改", True
            ),
            "publish": Transition((S.REPORTED,), S.PUBLISHED, (Role.PUBLISHER,), "发布到门户"),
            "correct": Transition((S.PUBLISHED,), S.CORRECTING, (Role.EDITOR,), "更正", True),
            # A report published elsewhere (or a historical one), uploaded as a submitted
            # version: it goes through the same return and publish steps and roles as
            # any report; again (with a reason) to replace or correct it.
            "import": Transition(
                (S.DRAFTING, S.REPORTED, S.RETURNED, S.PUBLISHED),
                S.REPORTED,
                (Role.EDITOR,),
                "导入年度报告",
                offered=False,
            ),
        },
    )

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique"),
        ]
        indexes = [models.Index(fields=["year", "agency"], name="annual_report_year")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.agency.slug, self.year])

    @property
    def format(self) -> ar.Format:
        return ar.format_for_year(self.year)

    @property
    def is_editable(self) -> bool:
        return self.origin == self.Origin.BUILT and self.status in self.EDITABLE_STATES

    def due_date(self) -> date:
        return deadlines.due_date(self.agency, self.year)

    def roles_of(self, user) -> set[str]:
        return roles_in(user, self.agency)

    def excludes_move(self, name: str) -> bool:
        """A report written here is never imported; an imported one is not submitted or
        corrected here."""
        if name == "import":
            return self.origin != self.Origin.IMPORTED
        return name in ("submit", "correct") and self.origin != self.Origin.BUILT

    def latest_version(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()

    def current_version(self) -> ReportVersion | None:
        """What the public reads: the newest published version."""
        return self.versions.filter(published_on__isnull=False).order_by("-number").first()


class FrozenError(ActionError):
    """Raised on an attempt to change a submitted version."""


class ReportVersionQuerySet(models.QuerySet):
    def published(self) -> ReportVersionQuerySet:
        return self.filter(published_on__isnull=False)

    def update(self, **kwargs):
        if set(kwargs) - ReportVersion.PUBLICATION_FIELDS:
            raise FrozenError("已报送的年度报告版本不能修改。")
        return super().update(**kwargs)

    def delete(self):
        raise FrozenError("已报送的年度报告版本不能删除。")


class ReportVersion(models.Model):
    """One submitted (or imported) version, frozen: the engine's JSON snapshot and findings."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    snapshot = models.JSONField("报告（JSON）")
    tables = models.JSONField("表格")
    findings = models.JSONField("检查结果", default=list)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    acknowledgements = models.JSONField("警告说明", default=list, blank=True)
    compared_with = models.CharField("跨年度校验所用上年报告", max_length=200, blank=True)
    reason = models.TextField("更正原因或说明", blank=True)
    source_name = models.CharField("导入的文件", max_length=200, blank=True)
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The publication date an imported file states (it may be long past): shown as the
    # file's, never as the day this system put the version online (`published_on`).
    stated_published_on = models.DateField("文件所载发布日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReportVersionQuerySet.as_manager()

    PUBLICATION_FIELDS = frozenset({"published_on", "published_at", "published_by"})

    class Meta:
        verbose_name = "年度报告版本"
        verbose_name_plural = "年度报告版本"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or set(fields) - self.PUBLICATION_FIELDS:
                raise FrozenError("已报送的年度报告版本不能修改，更正请报送新版本。")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("annual:version", args=[self.code])

    def delete(self, *args, **kwargs):
        raise FrozenError("已报送的年度报告版本不能删除。")

    def engine_report(self) -> ar.Report:
        """The frozen report as the engine's model, with its publication date."""
        from gongkai.annualreport.serialize import from_data

        report = from_data(self.snapshot, source=f"version:{self.code}")
        if self.stated_published_on:  # the document keeps the date it states
            report = report.replace(published=self.stated_published_on)
        elif self.published_on:
            report = report.replace(published=self.published_on)
        return report

    def finding_list(self) -> list[dict]:
        return list(self.findings)

    @property
    def on_time(self) -> bool:
        return timezone.localtime(self.submitted_at).date() <= self.report.due_date()


class Table2Figure(models.Model):
    """One figure of table 二 that the records do not hold, entered with its source."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    cell_id = models.CharField("单元格", max_length=120)
    value = models.DecimalField("数值", max_digits=18, decimal_places=4)
    source = models.CharField("数据来源", max_length=200)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "表二填报数据"
        verbose_name_plural = "表二填报数据"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "cell_id"], name="table2_figure_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.cell_id} = {self.value}"


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> NoticeQuerySet:
        return self.filter(agency__in=Agency.objects.visible_to(user))

    def open(self) -> NoticeQuerySet:
        return self.filter(resolved_at__isnull=True)


class Notice(models.Model):
    """Work the supervising office sends back to an agency: a returned report with its
    comments, a scoring deduction, a request to clean up (清理) records. It shows in the
    agency's 待办 until resolved; the office sees when it was opened and resolved."""

    class Kind(models.TextChoices):
        RETURN = "return", "年度报告退回修改"
        DEDUCTION = "deduction", "考核扣分"
        CLEANUP = "cleanup", "清理整改"

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    title = models.CharField("事项", max_length=200)
    comment = models.TextField("意见")
    report = models.ForeignKey(
        AnnualReport, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    link = models.CharField("相关页面", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发出时间", default=timezone.now)
    opened_at = models.DateTimeField("查看时间", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "resolved_at"], name="notice_open")]

    def __str__(self) -> str:
        return f"{self.agency.name}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:notice", args=[self.code])
