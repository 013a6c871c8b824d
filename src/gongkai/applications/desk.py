"""The officer's desk: what is due, overdue, paused or waiting, over indexed columns.

Queues are conditions on the open applications of the desk's agencies; each runs on the
partial indexes of `Application.Meta` (open applications by agency and due date, or by
agency, state and day of receipt), so a desk stays fast with 100,000 open applications.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from gongkai.workdays import EventKind, WorkingCalendar

from . import clock
from .models import Application, ApplicationEvent, ExtensionRequest
from .similar import similar_marks
from .states import Status


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    order: tuple[str, ...]
    hint: str


QUEUES = (
    Queue("overdue", "已逾期", ("due_on", "id"), "答复期限已过仍未办结"),
    Queue("soon", "3个工作日内到期", ("due_on", "id"), "今天起3个工作日内到期"),
    Queue("paused", "暂停计时", ("received_on", "id"), "征求意见中，不计入答复期限"),
    Queue("waiting", "等待申请人", ("received_on", "id"), "待补正、待缴费"),
    Queue("unconfirmed", "待确认收到", ("received_on", "id"), "网上申请，确认之日为收到申请之日"),
    Queue("extension", "待审批延期", ("due_on", "id"), "承办人申请延长答复期限，待审核人批准"),
    Queue("open", "全部在办", ("received_on", "id"), "全部未办结的申请"),
    Queue("closed", "已办结", ("-closed_on", "-id"), "已答复、撤回或视为放弃"),
)
BY_KEY = {q.key: q for q in QUEUES}


def queue_filter(key: str, today: date, calendar: WorkingCalendar) -> Q:
    """The condition of an open queue, on the open applications (`open_base`)."""
    if key == "overdue":
        return Q(due_on__lt=today)
    if key == "soon":
        return Q(due_on__gte=today, due_on__lte=clock.soon_cutoff(today, calendar))
    if key == "paused":
        return Q(status=Status.CONSULTING)
    if key == "waiting":
        return Q(status__in=(Status.AWAITING_CORRECTION, Status.AWAITING_FEE))
    if key == "unconfirmed":
        return Q(status=Status.UNCONFIRMED)
    if key == "extension":
        pending = ExtensionRequest.objects.filter(decision=ExtensionRequest.Decision.PENDING)
        return Q(pk__in=pending.values("application_id"))
    if key == "open":
        return Q()
    raise KeyError(key)


def open_base(agency_ids) -> QuerySet:
    """Open applications of these agencies: every queue but "closed" filters this."""
    return Application.objects.filter(open_agency_id__in=list(agency_ids))


def closed_base(agency_ids) -> QuerySet:
    return Application.objects.filter(agency_id__in=list(agency_ids), closed_on__isnull=False)


def listing(key: str, open_qs: QuerySet, closed_qs: QuerySet, today, calendar) -> QuerySet:
    queue = BY_KEY[key]
    qs = closed_qs if key == "closed" else open_qs.filter(queue_filter(key, today, calendar))
    return qs.order_by(*queue.order)


def counts(base: QuerySet, today: date, calendar: WorkingCalendar) -> dict[str, int]:
    """Every open queue's count: one scan of the covering index, and the extensions."""
    figures = base.aggregate(
        **{
            key: Count("open_agency", filter=queue_filter(key, today, calendar))
            for key in ("overdue", "soon", "paused", "waiting", "unconfirmed")
        },
        open=Count("open_agency"),
    )
    figures["extension"] = base.filter(queue_filter("extension", today, calendar)).count()
    return figures


def rows(page_objects, today: date, calendar: WorkingCalendar, full_names: set[int]):
    """Each application with its days left, the name as this user may see it, and the
    day the applicant answered a 补正 online (one query for the page)."""
    out = []
    page_objects = list(page_objects)
    replied = dict(
        ApplicationEvent.objects.filter(
            application_id__in=[a.pk for a in page_objects if a.closed_on is None],
            kind=EventKind.CORRECTION_RECEIVED,
            created_by__isnull=True,
        ).values_list("application_id", "on")
    )
    similar = similar_marks(page_objects)
    for application in page_objects:
        left = None
        if application.due_on and application.closed_on is None:
            left = clock.days_left(application.due_on, today, calendar)
        out.append(
            {
                "a": application,
                "left": left,
                "overdue": left is not None and left < 0,
                "replied_on": replied.get(application.pk),
                "similar": application.pk in similar,
                "name": application.applicant_name
                if application.agency_id in full_names
                else application.masked_name,
            }
        )
    return out


def search(base: QuerySet, text: str, name_agencies: set[int]) -> QuerySet:
    """By tracking code anywhere, by applicant name only where the user sees names
    (`name_agencies`): a search must not reveal what the masks hide."""
    text = text.strip()
    if not text:
        return base
    by_name = Q(applicant_name__contains=text, agency_id__in=list(name_agencies))
    return base.filter(Q(code=text.upper()) | by_name)
