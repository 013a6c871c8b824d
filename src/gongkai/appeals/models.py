"""Reconsideration and litigation cases about an agency's disclosure work.

A case is 行政复议 (administrative reconsideration) or 行政诉讼 (litigation), the latter
either sued directly (未经复议直接起诉) or after reconsideration (复议后起诉): the three
groups of table 四. It is linked to the application concerned where there is one.

Which cases count in a report year (table 四), see `CaseQuerySet.counted_in`:
a case counts in year Y when it was filed in Y, or filed before Y and still pending at
the start of Y (no result, or a result dated in Y or later). Its column is its result
as of 31 December of Y: the result if decided by then, otherwise 尚未审结. So a case
filed in 2023 and decided in 2024 counts in 2023 as 尚未审结 and in 2024 under its
result, and each year's total = cases filed in the year + last year's 尚未审结.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai import annualreport as ar
from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.workflow import Transition, Workflow, WorkflowModel, random_code


def new_code() -> str:
    # kept by this name: migrations refer to it
    return random_code()


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Cases of the agencies the user works for or supervises."""
        return self.filter(agency__in=Agency.objects.visible_to(user))

    def counted_in(self, year: int) -> CaseQuerySet:
        """The cases table 四 of `year` counts: filed in the year, or pending at its start."""
        start = date(year, 1, 1)
        return self.filter(filed_on__lte=date(year, 12, 31)).filter(
            Q(decided_on__isnull=True) | Q(decided_on__gte=start)
        )


class Case(WorkflowModel, models.Model):
    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER = "litigation_after", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        PENDING = "pending", "尚未审结"
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name="被申请（被诉）机关", on_delete=models.PROTECT, related_name="cases"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="涉及的政府信息公开申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    case_number = models.CharField("案号", max_length=100, blank=True)
    authority = models.CharField(
        "复议机关或受理法院",
        max_length=100,
        blank=True,
        help_text="如 西工区人民政府、西工区人民法院",
    )
    filed_on = models.DateField("申请复议或起诉日期")
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField("结果日期", null=True, blank=True)
    summary = models.TextField(
        "案情摘要",
        blank=True,
        help_text="写明争议事项即可，不要写申请人姓名、证件号码、住址等个人信息。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    # The result is the case's state: staff record the decision another body made, and
    # correct a result recorded by mistake. Every change of result is one of these moves,
    # audited as a change of the case (case.update) with the old and new result.
    R = Result
    WRITERS = (Role.EDITOR, Role.ADMIN)
    WORKFLOW = Workflow(
        "case",
        {
            "record_upheld": Transition(
                (R.PENDING, R.CORRECTED, R.OTHER),
                R.UPHELD,
                WRITERS,
                "记录结果：维持",
                audit_as="update",
            ),
            "record_corrected": Transition(
                (R.PENDING, R.UPHELD, R.OTHER),
                R.CORRECTED,
                WRITERS,
                "记录结果：纠正",
                audit_as="update",
            ),
            "record_other": Transition(
                (R.PENDING, R.UPHELD, R.CORRECTED),
                R.OTHER,
                WRITERS,
                "记录结果：其他",
                audit_as="update",
            ),
            "record_pending": Transition(
                (R.UPHELD, R.CORRECTED, R.OTHER),
                R.PENDING,
                WRITERS,
                "改为尚未审结",
                audit_as="update",
            ),
        },
        field="result",
    )  # fmt: skip  (a table: one move a line)

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["-filed_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "filed_on"], name="case_agency_filed"),
        ]
        constraints = [
            # a result has a date, and pending has none
            models.CheckConstraint(
                condition=(Q(result="pending") & Q(decided_on__isnull=True))
                | (~Q(result="pending") & Q(decided_on__isnull=False)),
                name="case_result_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("filed_on")),
                name="case_decided_after_filed",
            ),
        ]

    def __str__(self) -> str:
        number = f" {self.case_number}" if self.case_number else ""
        return f"{self.get_kind_display()}{number}（{self.filed_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("appeals:case", args=[self.code])

    def roles_of(self, user) -> set[str]:
        return roles_in(user, self.agency)

    def result_at(self, day: date) -> str:
        """The result as known on `day`: pending until the result's date."""
        if self.decided_on is None or self.decided_on > day:
            return self.Result.PENDING
        return self.result

    def t4_cell(self, year: int) -> str | None:
        """The table 四 cell this case counts in for `year`, or None if it does not count:
        its group and column are those whose roles in the year's layout are its kind and
        its result as of 31 December."""
        if self.filed_on.year > year:
            return None
        if self.decided_on is not None and self.decided_on.year < year:
            return None
        fmt = ar.format_for_year(year)
        result = self.result_at(date(year, 12, 31))
        group = next(g.key for g in fmt.t4_groups if g.role == self.kind)
        column = next(c.key for c in fmt.t4_columns if c.role == result)
        return f"t4/{group}/{column}"
