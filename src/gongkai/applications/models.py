"""Applications for disclosure.

The fields marked CONTRACT are what the annual report counts (table 三): the agency,
the day of receipt, the applicant type, and for a closed application its outcome and
the day it was closed. The reports app relies on their names and meaning:

- `received_on`: the day of receipt under 第三十一条; the application counts as
  本年新收 in that year. (A corrected application keeps its original day of receipt
  here; the clock's restart is recorded in its events.)
- `closed_on` / `outcome`: set together when the application is answered, withdrawn
  or abandoned; it counts in table 三's row `outcome` in the year of `closed_on`, and
  as carried over (结转) at every year end before that.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.agencies.models import Agency

from .classification import ApplicantType, Outcome

# Tracking codes avoid letters that read alike (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Applications of the agencies the user works for or supervises."""
        return self.filter(agency__in=Agency.objects.visible_to(user))

    def open(self) -> ApplicationQuerySet:
        return self.filter(closed_on__isnull=True)


class Application(models.Model):
    code = models.CharField(
        "查询码", max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    agency = models.ForeignKey(  # CONTRACT
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    applicant_type = models.CharField(  # CONTRACT
        "申请人类型", max_length=30, choices=ApplicantType.choices
    )
    applicant_name = models.CharField("申请人", max_length=200)
    received_on = models.DateField("收到申请日期", db_index=True)  # CONTRACT
    outcome = models.CharField(  # CONTRACT
        "办理结果", max_length=10, choices=Outcome.choices, blank=True
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)  # CONTRACT
    description = models.TextField("所需信息描述")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="application_agency_received"),
            models.Index(fields=["agency", "closed_on"], name="application_agency_closed"),
        ]
        constraints = [
            # closed means an outcome, and an outcome means closed
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(outcome=""))
                | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="application_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="application_closed_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.applicant_name}"
