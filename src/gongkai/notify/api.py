"""What other apps call to tell someone something.

    from gongkai.notify import api as notify
    notify.tell_applicant(application, "answer", detail="…")
    notify.tell_staff(agency, (Role.OFFICER,), subject, body, about=application)

Both write the messages in the caller's transaction (so they exist exactly when the
action does) and start the job that sends them when it commits.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Membership

from .models import Message

# What the applicant is told at each step: (subject, what happened).
APPLICANT_KINDS = {
    "confirmed": ("申请已确认收到", "已于{received_on}确认收到，本机关将在答复期限内答复。"),
    "correction": ("请补正申请", "需要补正。请登录查询页面查看补正告知书，并在线提交补正材料。"),
    "extension": ("延长答复期限", "的答复期限已依法延长（第三十三条）。"),
    "consultation": (
        "征求第三方意见",
        "需要征求第三方或其他机关的意见，征求意见所需时间不计算在答复期限内（第三十二条）。",
    ),
    "fee": ("缴纳信息处理费", "需要缴纳信息处理费。请登录查询页面查看收费通知书。"),
    "answer": ("申请已答复", "已作出答复。请登录查询页面查看并下载答复告知书和所提供的信息。"),
    "corrected": ("答复已更正", "的答复已更正，原答复作废。请登录查询页面查看更正后的告知书。"),
}
MOBILE = re.compile(r"^1\d{10}$")


def applicant_channel(application) -> tuple[str, str] | None:
    """The channel the applicant chose and its address: email where they chose to
    receive by email (or online, with an email given), otherwise SMS to a mobile phone,
    otherwise the email they gave; None when they gave neither."""
    email, phone = application.email.strip(), application.phone.strip()
    if email and application.delivery in ("email", "online"):
        return Message.Channel.EMAIL, email
    if MOBILE.match(phone):
        return Message.Channel.SMS, phone
    if email:
        return Message.Channel.EMAIL, email
    return None


def _about(obj) -> dict:
    now = timezone.now()
    fields = {"created_at": now, "next_try_at": now}
    if obj is None:
        return fields
    return {
        **fields,
        "about_type": ContentType.objects.get_for_model(type(obj)),
        "about_id": obj.pk,
    }


def _start(messages: list[Message]) -> None:
    if not messages:
        return
    from gongkai.jobs import runner

    pks = [m.pk for m in messages]
    agency = messages[0].agency
    transaction.on_commit(
        lambda: runner.start(
            "notify.send",
            label=f"发送通知（{len(pks)}条）",
            params={"messages": pks},
            agency=agency,
        )
    )


def status_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("apply:status")


def tell_applicant(application, kind: str, *, detail: str = "", **values) -> Message | None:
    """Tell the applicant of `application` what happened (`kind` of APPLICANT_KINDS)."""
    channel = applicant_channel(application)
    if channel is None:
        return None
    subject, what = APPLICANT_KINDS[kind]
    what = what.format(**values)
    lines = [
        f"{application.applicant_name}：",
        f"您向{application.agency.name}提交的政府信息公开申请（查询码 {application.code}）{what}",
    ]
    if detail:
        lines.append(detail)
    lines += [
        f"查询办理进度：{status_url()}（查询码 {application.code}，手机号码后四位）",
        f"{application.agency.name}（本消息由系统自动发送，请勿回复）",
    ]
    message = Message.objects.create(
        audience=Message.Audience.APPLICANT,
        kind=kind,
        channel=channel[0],
        recipient=channel[1],
        agency=application.agency,
        subject=f"{subject}（{application.code}）",
        body="\n".join(lines),
        **_about(application),
    )
    _start([message])
    return message


def tell_staff(agency, roles, subject: str, body: str, *, about=None, kind: str = "staff"):
    """Tell every member of `agency` holding one of `roles` (by email, where they gave
    one); returns the messages."""
    people = (
        Membership.objects.filter(agency=agency, role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    messages, seen = [], set()
    for membership in people:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        messages.append(_staff_message(membership.user, subject, body, agency, about, kind))
    _start(messages)
    return messages


def tell_user(user, subject: str, body: str, *, agency=None, about=None, kind: str = "staff"):
    """Tell one member of staff by email (the daily reminder); None without an address."""
    if not user.email or not user.is_active:
        return None
    message = _staff_message(user, subject, body, agency, about, kind)
    _start([message])
    return message


def _staff_message(user, subject, body, agency, about, kind) -> Message:
    return Message.objects.create(
        audience=Message.Audience.STAFF,
        kind=kind,
        channel=Message.Channel.EMAIL,
        recipient=user.email,
        user=user,
        agency=agency,
        subject=subject[:200],
        body=body,
        **_about(about),
    )
