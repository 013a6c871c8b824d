"""The daily reminder: who must act on which application, by email.

Officers get the applications they handle (or, without an assignee, every officer of the
agency): overdue, due within 3 working days, online applications to confirm, and
corrections or payments whose period has lapsed. Reviewers get the extensions waiting
for them; supervisors the overdue counts of their subtree. One mail per person per day,
however often cron runs it (`ReminderSent`), so several hosts may run it. The mail is a
`gongkai.notify` message: kept, sent by the job, retried while the server is down.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.holidays import calendar as holidays
from gongkai.notify import api as notify

from . import clock
from .models import Application, ExtensionRequest, ReminderSent
from .states import Status

SECTIONS = (
    ("overdue", "已逾期"),
    ("soon", "3个工作日内到期"),
    ("unconfirmed", "网上申请待确认收到"),
    ("correction", "补正期限已过，待处理"),
    ("payment", "缴费期限已过，待处理"),
    ("extension", "延期申请待审批"),
    ("supervised", "所辖机关逾期未答复"),
)
SHOWN = 30


@dataclass
class Digest:
    user: object
    lines: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.lines.values())

    def text(self, today: date) -> str:
        name = getattr(self.user, "display_name", str(self.user))
        out = [f"{name}，您好：", "", f"截至{today}，以下政府信息公开申请需要您处理：", ""]
        for key, label in SECTIONS:
            lines = self.lines.get(key)
            if not lines:
                continue
            out.append(f"【{label}】{len(lines)}件")
            out.extend(f"  {line}" for line in lines[:SHOWN])
            if len(lines) > SHOWN:
                out.append(f"  ……另有{len(lines) - SHOWN}件，请登录工作台查看")
            out.append("")
        out.append(f"工作台：{settings.SITE_URL}/staff/applications/")
        out.append("（本邮件由政府信息公开平台每日自动发送）")
        return "\n".join(out)


def _officers_by_agency() -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for m in Membership.objects.filter(role=Role.OFFICER).select_related("user"):
        found[m.agency_id].append(m.user)
    return found


def collect(today: date) -> dict[int, Digest]:
    calendar = holidays.current()
    cutoff = clock.soon_cutoff(today, calendar)
    officers = _officers_by_agency()
    digests: dict[int, Digest] = {}

    def add(user, key: str, line: str) -> None:
        digests.setdefault(user.pk, Digest(user)).lines[key].append(line)

    def link(a: Application) -> str:
        return f"{settings.SITE_URL}/staff/applications/{a.code}/"

    wanted = Q(due_on__lte=cutoff) | Q(status=Status.UNCONFIRMED)
    wanted |= Q(status=Status.AWAITING_CORRECTION, correction_due__lt=today)
    wanted |= Q(status=Status.AWAITING_FEE, payment_due__lt=today)
    for a in (
        Application.objects.open()
        .filter(wanted)
        .select_related("agency", "assignee")
        .order_by("due_on", "received_on", "id")
    ):
        who = (
            [a.assignee]
            if a.assignee and a.assignee in officers[a.agency_id]
            else officers[a.agency_id]
        )
        head = f"{a.code} {a.agency.short_name or a.agency.name} 收到{a.received_on}"
        if a.status == Status.UNCONFIRMED:
            key, line = "unconfirmed", f"{head}（网上提交，请确认收到） {link(a)}"
        elif a.status == Status.AWAITING_CORRECTION:
            key, line = "correction", f"{head} 补正期限{a.correction_due} {link(a)}"
        elif a.status == Status.AWAITING_FEE:
            key, line = "payment", f"{head} 缴费期限{a.payment_due} {link(a)}"
        else:
            left = clock.days_left(a.due_on, today, calendar)
            if left < 0:
                key, line = "overdue", f"{head} 答复期限{a.due_on}（逾期{-left}个工作日） {link(a)}"
            else:
                key, line = "soon", f"{head} 答复期限{a.due_on}（剩{left}个工作日） {link(a)}"
        for user in who:
            add(user, key, line)

    reviewers: dict[int, list] = defaultdict(list)
    for m in Membership.objects.filter(role=Role.REVIEWER).select_related("user"):
        reviewers[m.agency_id].append(m.user)
    for x in ExtensionRequest.objects.filter(
        decision=ExtensionRequest.Decision.PENDING, application__closed_on__isnull=True
    ).select_related("application__agency"):
        a = x.application
        for user in reviewers[a.agency_id]:
            add(
                user,
                "extension",
                f"{a.code} {a.agency.name} 申请延长{x.days}个工作日：{x.reason} {link(a)}",
            )

    overdue = dict(
        Application.objects.open()
        .filter(due_on__lt=today)
        .values("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    if overdue:
        paths = dict(Agency.objects.filter(pk__in=overdue).values_list("pk", "path"))
        names = dict(Agency.objects.filter(pk__in=overdue).values_list("pk", "name"))
        for m in Membership.objects.filter(role=Role.SUPERVISOR).select_related("user", "agency"):
            for agency_id, n in sorted(overdue.items(), key=lambda kv: paths[kv[0]]):
                if paths[agency_id].startswith(m.agency.path):
                    add(m.user, "supervised", f"{names[agency_id]}：逾期未答复{n}件")
    return digests


def send(today: date, *, dry_run: bool = False, force: bool = False, out=None) -> tuple[int, int]:
    """Mail every digest not yet sent today; returns (sent, skipped)."""
    sent = skipped = 0
    for digest in collect(today).values():
        user = digest.user
        if not user.email or not user.is_active:
            skipped += 1
            continue
        if dry_run:
            if out:
                out.write(f"--- {user.username} <{user.email}>\n{digest.text(today)}\n")
            sent += 1
            continue
        try:
            with transaction.atomic():
                if force:
                    ReminderSent.objects.filter(user=user, day=today).delete()
                ReminderSent.objects.create(user=user, day=today, items=digest.count)
                notify.tell_user(
                    user,
                    f"政府信息公开申请待办提醒（{today}）：{digest.count}项",
                    digest.text(today),
                    kind="reminder",
                )
        except IntegrityError:
            skipped += 1  # already sent today, by this run or another host's
            continue
        sent += 1
    return sent, skipped
