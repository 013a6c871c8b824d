"""Applications for disclosure.

The fields marked CONTRACT are what the annual report counts (table 三): the agency,
the day of receipt, the applicant type, and for a closed application its outcome and
the day it was closed. The reports app relies on their names and meaning:

- `received_on`: the day of receipt under 第三十一条; the application counts as
  本年新收 in that year. (A corrected application keeps its original day of receipt
  here; the clock's restart is recorded in its events.) An online application is
  received on the day the office confirms it (双方确认之日); until then it is
  `unconfirmed` and `received_on` holds the day it was submitted.
- `closed_on` / `outcome`: set together when the application is answered, withdrawn
  or abandoned; it counts in table 三's row `outcome` in the year of `closed_on`, and
  as carried over (结转) at every year end before that.

Everything else is the handling: the state (`states.py`), the applicant's identity and
contact details (personal data: shown in full only to the agency's officers), and the
statutory clock, whose result is stored here (`due_on`, `due_provisional`, ...) in the
transaction of every event, so that the desk filters and sorts on an indexed column.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai import identity
from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.workflow import WorkflowModel

from ..classification import ApplicantType, Outcome
from ..states import APPLICANT, CLOSED_STATES, NOT_RECEIVED, OPEN_STATES, WORKFLOW, Status


@dataclass(frozen=True)
class OnlineApplicant:
    """The applicant acting on the tracking page (after the code and the second factor)
    on their own application; audited as 申请人（网上）, with no user."""

    code: str
    is_authenticated = False
    pk = None


OPEN = Q(open_agency__isnull=False)
# Tracking codes avoid letters that read alike (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Channel(models.TextChoices):
    """How the application arrived; each has its own day of receipt (第三十一条)."""

    ONLINE = "online", "网上申请"
    COUNTER = "counter", "当面提交"
    ORAL = "oral", "口头提出（代为填写）"
    REGISTERED_MAIL = "registered_mail", "邮寄（需签收：挂号信、EMS、快递）"
    ORDINARY_MAIL = "ordinary_mail", "平常信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    PASSPORT = "passport", "护照"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER = "other", "其他有效身份证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


class FormWanted(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文件"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    COLLECT = "collect", "当面领取"
    ONLINE = "online", "在本平台查询下载"


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Applications of the agencies the user works for or supervises."""
        return self.filter(agency__in=Agency.objects.visible_to(user))

    def handled_by(self, user) -> ApplicationQuerySet:
        """Applications of the agencies where the user is an officer (办理人员)."""
        if not user.is_authenticated:
            return self.none()
        agencies = Membership.objects.filter(user=user, role=Role.OFFICER).values("agency_id")
        return self.filter(agency_id__in=agencies)

    def open(self) -> ApplicationQuerySet:
        return self.filter(closed_on__isnull=True)

    def received(self) -> ApplicationQuerySet:
        """Applications received in law (第三十一条): an online application counts only
        once the office has confirmed it; until then it is not in the annual report."""
        return self.exclude(status__in=NOT_RECEIVED)


class Application(WorkflowModel, models.Model):
    Status = Status
    Channel = Channel
    IdType = IdType

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

    status = models.CharField(
        "办理状态", max_length=30, choices=Status.choices, default=Status.PROCESSING
    )
    channel = models.CharField(
        "申请方式", max_length=20, choices=Channel.choices, default=Channel.COUNTER
    )
    submitted_at = models.DateTimeField("网上提交时间", null=True, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The applicant (personal data: see `shows_personal_data_to`).
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    # What is asked for, and how (第二十九条).
    info_title = models.CharField("信息名称", max_length=300, blank=True)
    info_number = models.CharField("文号", max_length=100, blank=True)
    form_wanted = models.CharField(
        "获取信息的形式", max_length=20, choices=FormWanted.choices, blank=True
    )
    delivery = models.CharField("获取方式", max_length=20, choices=Delivery.choices, blank=True)
    # The client address an online application came from (the throttles count by it).
    submitted_from = models.GenericIPAddressField("提交地址", null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The statutory clock's result, stored with every event (see clock.py).
    due_on = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    clock_state = models.CharField("计时状态", max_length=30, blank=True)
    clock_remaining = models.IntegerField("暂停时剩余工作日", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    paused_days = models.PositiveIntegerField("暂停工作日", default=0)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    payment_due = models.DateField("缴费期限", null=True, blank=True)
    # The answer.
    reply = models.TextField("答复说明", blank=True)
    referred_to = models.CharField("负责公开的机关", max_length=200, blank=True)
    # 纳入主动公开 (第四十四条): the publishing draft opened from this application.
    publicised_item = models.ForeignKey(
        "publishing.Item",
        verbose_name="纳入主动公开的信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 三.一 for information published already (第三十六条（一）): the portal's item cited.
    published_item = models.ForeignKey(
        "publishing.Item",
        verbose_name="已主动公开的信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # The agency while the application is open, None once closed (kept by save()). The
    # desk's indexes lead with it and hold open applications only, so no index on the
    # whole table competes with them in the query planner (SQLite's, without histograms,
    # would otherwise take "closed_on IS NULL" for a selective equality).
    open_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    WORKFLOW = WORKFLOW

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="application_agency_received"),
            models.Index(fields=["agency", "closed_on"], name="application_agency_closed"),
            # The same applicant's applications (similar requests, 重复申请).
            models.Index(fields=["agency", "id_number"], name="application_agency_person"),
            # The desk (open applications only): by due date, by day of receipt, and one
            # covering index that counts every queue in a single scan (bench_applications).
            models.Index(fields=["open_agency", "due_on"], condition=OPEN, name="desk_due"),
            models.Index(
                fields=["open_agency", "received_on"], condition=OPEN, name="desk_received"
            ),
            models.Index(
                fields=["open_agency", "status", "due_on", "assignee"],
                condition=OPEN,
                name="desk_queues",
            ),
            # A supervisor's desk spans many agencies: walk due dates in order across them.
            models.Index(fields=["due_on", "id"], condition=OPEN, name="desk_due_all"),
            models.Index(
                fields=["agency", "id_number", "received_on"], name="application_applicant"
            ),
        ]
        constraints = [
            # closed means an outcome, and an outcome means closed (a discarded submission,
            # never received, is closed without one)
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(outcome=""))
                | (Q(closed_on__isnull=False) & ~Q(outcome=""))
                | (Q(status=Status.DISCARDED) & Q(closed_on__isnull=False) & Q(outcome="")),
                name="application_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="application_closed_after_received",
            ),
            # a closed state exactly when closed
            models.CheckConstraint(
                condition=(Q(status__in=CLOSED_STATES) & Q(closed_on__isnull=False))
                | (Q(status__in=OPEN_STATES) & Q(closed_on__isnull=True)),
                name="application_status_matches_closed",
            ),
        ]

    def __str__(self) -> str:
        # The code only: this text lands in the audit log, the admin and error pages,
        # where the applicant's name must never appear (the name is shown through the
        # application's own pages, to those who may see it).
        return self.code

    def save(self, *args, **kwargs):
        self.open_agency_id = self.agency_id if self.closed_on is None else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "open_agency"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON

    def roles_of(self, user) -> set[str]:
        if isinstance(user, OnlineApplicant):
            return {APPLICANT} if user.code == self.code else set()
        return roles_in(user, self.agency)

    def answered_late(self) -> bool | None:
        """For a closed application: whether it was closed after its due date."""
        if self.closed_on is None or self.due_on is None:
            return None
        return self.closed_on > self.due_on

    def personal(self, full: bool) -> dict[str, str]:
        """The applicant's personal data, in full or masked."""
        natural = not self.is_organisation
        if full:
            return {
                "name": self.applicant_name,
                "legal_representative": self.legal_representative,
                "contact_name": self.contact_name,
                "id_number": self.id_number,
                "phone": self.phone,
                "email": self.email,
                "address": self.address,
                "postcode": self.postcode,
            }
        return {
            "name": identity.mask_name(self.applicant_name) if natural else self.applicant_name,
            # an organisation's representative and contact are people: masked as names
            "legal_representative": identity.mask_name(self.legal_representative),
            "contact_name": identity.mask_name(self.contact_name),
            "id_number": identity.mask_id(self.id_number)
            if self.id_type != IdType.CREDIT_CODE
            else self.id_number,
            "phone": identity.mask_phone(self.phone),
            "email": identity.mask_email(self.email),
            "address": identity.mask_address(self.address),
            "postcode": "",
        }

    @property
    def masked_name(self) -> str:
        return self.personal(full=False)["name"]


def shows_personal_data_to(user, application: Application) -> bool:
    """Only the agency's officers, who handle its applications, see personal data in full."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, agency_id=application.agency_id, role=Role.OFFICER
    ).exists()
